"""Evaluation: gold records (``gold/FORMAT.md``) and expected page texts in, scores and error lists out.

May import clean/ and extract/ (it runs them) and models; never store/, serve/ or the network.
"""

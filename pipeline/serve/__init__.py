"""The web UI: a stored SQLite database in; the dashboard, read-only Datasette pages, facets and canned queries out.

Reads only through store/ and Datasette's read-only connection; the one write is a logged-in reviewer's
review, through store/review.py. Never imports clean/ or extract/.
"""

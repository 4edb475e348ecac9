"""The store: ``Article`` + ``ExtractionResult`` in (idempotent saves, migrations), records out (queries, exports).

Imports models, normalize and SQLAlchemy (SQLite, PostgreSQL); never spaCy, the stages' code, serve/ or scrapers/.
"""

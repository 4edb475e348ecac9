"""The web UI: a stored SQLite database in, read-only Datasette pages, facets and canned queries out.

Reads only through store/ and Datasette's read-only connection; never writes, never imports clean/ or extract/.
"""

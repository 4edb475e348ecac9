"""vnie scrapers: discover article URLs, fetch them politely, keep every response in WARC files."""

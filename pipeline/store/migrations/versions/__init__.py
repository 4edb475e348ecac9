"""One module per schema revision; each is frozen once released."""

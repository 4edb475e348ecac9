"""The web UI of ``vnie serve``: Datasette metadata (metadata.yaml), templates and the vnie plugin."""

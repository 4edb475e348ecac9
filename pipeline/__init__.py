"""vnie pipeline: pages -> articles -> rating records, stored with provenance."""

__version__ = "0.1.0"
# Bumped whenever extraction output may change: stored records carry it.
EXTRACTOR_VERSION = "2026.11.27"

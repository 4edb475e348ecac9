"""vnie pipeline: pages -> articles -> rating records, stored with provenance.

One package per stage, in the order the data flows: ``clean`` (HTML -> Article), ``extract`` (Article ->
ExtractionResult), ``store``, ``serve``; ``evaluate`` scores clean and extract. ``run``, ``process`` and
``reprocess`` are the orchestration shells, ``cli`` and ``commands`` the CLI; ``models`` and
``normalize`` are shared by every stage.
"""

__version__ = "0.1.0"
# Bumped whenever extraction output may change: stored records carry it.
EXTRACTOR_VERSION = "2026.12.02.2"

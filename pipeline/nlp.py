"""Placeholder until the spaCy pipeline lands (same commit series)."""

from __future__ import annotations

from pipeline.models import ExtractionResult


def analyze(
    text: str, *, url: str | None = None, published: str | None = None, site: str | None = None
) -> ExtractionResult:
    return ExtractionResult(text=text)

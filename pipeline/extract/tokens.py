"""The tokens of a Doc as plain tuples, read once: Python-level access to spaCy tokens is the slow part."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class TokenTable:
    text: str
    texts: tuple[str, ...]
    norms: tuple[str, ...]
    starts: tuple[int, ...]  # character offsets

    def __len__(self) -> int:
        return len(self.texts)

    def end_char(self, index: int) -> int:
        """Character offset just after token ``index``."""
        return self.starts[index] + len(self.texts[index])

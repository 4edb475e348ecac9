"""The tokens of a Doc as plain tuples, read once: Python-level access to spaCy tokens is the slow part."""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from itertools import chain


@dataclass(frozen=True, slots=True)
class TokenTable:
    text: str
    texts: tuple[str, ...]
    norms: tuple[str, ...]
    starts: tuple[int, ...]  # character offsets
    # norm -> the indices of its tokens, ascending; built on first use (read it, never change it)
    positions: dict[str, list[int]] | None = field(default=None, compare=False, repr=False)

    def __len__(self) -> int:
        return len(self.texts)

    def end_char(self, index: int) -> int:
        """Character offset just after token ``index``."""
        return self.starts[index] + len(self.texts[index])

    def where(self, norms: Collection[str]) -> list[int]:
        """Indices of the tokens whose norm is one of ``norms``, ascending: a look-up per distinct
        word of the text instead of a test per token."""
        positions = self._positions()
        found = [positions[norm] for norm in positions if norm in norms]
        return sorted(chain.from_iterable(found))

    def where_norm(self, test: Callable[[str], bool]) -> list[int]:
        """Indices of the tokens whose norm passes ``test``, ascending (``test`` runs once per distinct norm)."""
        positions = self._positions()
        found = [indices for norm, indices in positions.items() if test(norm)]
        return sorted(chain.from_iterable(found))

    def _positions(self) -> dict[str, list[int]]:
        positions = self.positions
        if positions is None:
            positions = {}
            for index, norm in enumerate(self.norms):
                if norm in positions:
                    positions[norm].append(index)
                else:
                    positions[norm] = [index]
            object.__setattr__(self, "positions", positions)  # a cache of the frozen fields
        return positions

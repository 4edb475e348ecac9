"""Shared fixtures. Tests never touch the network and never load models from a hub."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not (SHARED / "gold" / "dev.jsonl").exists():
        pytest.skip(f"../shared is absent ({SHARED}): gold-data tests skipped")
    return SHARED

from __future__ import annotations

from pathlib import Path

import pytest

from scrapers.settings import DEFAULT_SETTINGS, load_settings, settings_from_mapping


def test_polite_defaults() -> None:
    assert DEFAULT_SETTINGS.delay_seconds == 1.0
    assert DEFAULT_SETTINGS.max_attempts == 5
    assert (
        DEFAULT_SETTINGS.user_agent.startswith("vnie/") and DEFAULT_SETTINGS.contact_url in DEFAULT_SETTINGS.user_agent
    )


def test_overrides_are_typed() -> None:
    settings = settings_from_mapping({"delay_seconds": 2, "retries": 0, "contact_url": "mailto:a@b.vn"})
    assert (settings.delay_seconds, settings.retries) == (2.0, 0)
    assert "mailto:a@b.vn" in settings.user_agent


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"delay": 1}, "unknown setting 'delay'"),
        ({"retries": 1.5}, "must be of type int"),
        ({"delay_seconds": "1"}, "must be of type float"),
        ({"read_timeout": -1.0}, "cannot be negative"),
        ({"parallel_sites": 0}, "at least 1"),
        ({"max_attempts": 0}, "max_attempts must be at least 1"),
    ],
)
def test_bad_values_are_refused(values: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        settings_from_mapping(values)


def test_archives_may_grow_past_2_gb() -> None:
    """pages.warc_offset is a BIGINT since schema 0003: no 32-bit cap on the archive file size."""
    assert settings_from_mapping({"archive_max_bytes": 5_000_000_000}).archive_max_bytes == 5_000_000_000


def test_settings_come_from_the_sites_file(tmp_path: Path) -> None:
    path = tmp_path / "sites.toml"
    path.write_text(
        '[settings]\nmax_pages_per_site = 50\nmax_attempts = 3\n\n[[site]]\nname = "a"\ndomain = "a.vn"\n',
        encoding="utf-8",
    )
    assert (load_settings(path).max_pages_per_site, load_settings(path).max_attempts) == (50, 3)
    assert load_settings(None) == DEFAULT_SETTINGS

"""``vnie run`` against a hostile newspaper on 127.0.0.1 (``tests/mockserver/hostile.py``): every attack at
once, checked against the database, the WARC archive and the servers' own logs. Nothing reaches the
internal server, no honest article changes, the night ends in seconds and says what it met."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from pipeline.store.database import articles, connect, pages, rating_records
from scrapers.archive import iter_responses, warc_files
from tests.mockserver import FakeNewspaper, PaperSpec
from tests.mockserver.hostile import ATTACKS, SECRET, HostilePaper, HostileSpec, InternalServer
from tests.test_run import Night

HOSTILE_SETTINGS = {"max_fetch_seconds": 1.0, "max_crawl_delay": 0.01, "max_new_urls_per_site": 150}
FLOOD_CAP = HOSTILE_SETTINGS["max_new_urls_per_site"]


@pytest.fixture
def servers() -> Iterator[tuple[InternalServer, FakeNewspaper, HostilePaper]]:
    with InternalServer("127.0.0.1") as internal:
        victim = FakeNewspaper(PaperSpec("baob", host="127.0.0.2", articles=6, feed="atom", sitemaps=True)).start()
        hostile = HostilePaper(
            PaperSpec("baoa", host="127.0.0.1", articles=6, feed="rss", sitemaps=True),
            HostileSpec(internal, victim_url=victim.article_url(3), victim_html=victim.article_html(3)),
        ).start()
        yield internal, victim, hostile
        hostile.stop()
        victim.stop()


def honest_rows(night: Night, site: str) -> list[dict[str, Any]]:
    """Every stored article of ``site`` with its records, as comparable values."""
    with connect(night.db).connect() as conn:
        found = []
        for article in conn.execute(select(articles).where(articles.c.site == site).order_by(articles.c.url)):
            records = conn.execute(
                select(rating_records.c.subject, rating_records.c.rating, rating_records.c.count)
                .where(rating_records.c.article_id == article.id)
                .order_by(rating_records.c.id)
            ).all()
            found.append({"url": article.url, "title": article.title, "body": article.body, "records": records})
        return found


def failure_of(night: Night, url: str) -> str | None:
    return night.scalar(select(pages.c.failure_reason).where(pages.c.url == url))


def test_a_hostile_site_cannot_reach_inside_take_over_stall_or_flood(
    tmp_path: Path, servers: tuple[InternalServer, FakeNewspaper, HostilePaper], capsys: pytest.CaptureFixture[str]
) -> None:
    internal, victim, hostile = servers
    night = Night(tmp_path, [hostile, victim], capsys)
    night.write_sites(**HOSTILE_SETTINGS)
    status, _ = night.run(sites="baob")
    assert status == 0
    before = honest_rows(night, "baob")
    assert len(before) == 6 and all(row["records"] for row in before)

    started = time.monotonic()
    status, report = night.run(sites="baoa,baob")
    elapsed = time.monotonic() - started
    assert status == 0, night.err
    assert elapsed < 30, f"the hostile night took {elapsed:.0f} s"

    # nothing reached the internal server: not a redirect, a feed link, a Sitemap: line or a child sitemap
    assert internal.hits == []
    archived = [record for path in warc_files(night.archive) for record in iter_responses(path)]
    assert not [r.url for r in archived if f":{internal.port}" in r.url]
    assert not any(SECRET.encode() in r.raw_body for r in archived)
    assert night.scalar(select(func.count()).select_from(articles).where(articles.c.title.contains(SECRET))) == 0

    # no honest article changed; the takeover and the syndicated copy are articles of the hostile site
    assert honest_rows(night, "baob") == before
    for attack in ("canonical_takeover", "syndicated"):
        url = hostile.attack_url(attack)
        assert night.scalar(select(articles.c.site).where(articles.c.url == url)) == "baoa", attack
    assert night.scalar(select(func.count()).select_from(articles).where(articles.c.url == victim.article_url(3))) == 1

    # each attack is a named failure, and none stalled the night
    assert failure_of(night, hostile.attack_url("userinfo_redirect")) == "redirect_offsite"
    assert failure_of(night, hostile.attack_url("port_redirect")) == "redirect_offsite"
    assert failure_of(night, hostile.attack_url("trickle_body")) == "timeout"
    assert failure_of(night, hostile.attack_url("trickle_headers")) == "timeout"
    assert failure_of(night, hostile.attack_url("deflate_bomb")) == "too_large"
    assert failure_of(night, hostile.attack_url("gzip_bomb")) == "too_large"

    # the DTD sitemap's entity-spelled URLs are kept; the 10 MB robots.txt is read (its Crawl-delay is)
    site = report["sites"]["baoa"]
    stored = set(night.article_urls())
    assert {hostile.article_url(n) for n in range(6)} <= stored
    alerts = " ".join(site["alerts"])
    assert "Crawl-delay of 100000 s" in alerts and "frontier flood" in alerts, alerts
    assert site["discovered"] == FLOOD_CAP
    flood_sitemaps = [hit.path for hit in hostile.hits if hit.path.startswith("/lu/") and hit.path.endswith(".xml")]
    assert 1 <= len(flood_sitemaps) <= 3  # discovery stopped reading the index once the cap was met
    assert set(ATTACKS.values()) <= {hit.path for hit in hostile.hits}  # every attack was really tried

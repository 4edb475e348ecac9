from __future__ import annotations

import pytest

from scrapers.sites import profile_from_dict
from scrapers.urls import SiteScope, canonicalize, host_key


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("HTTPS://BaoThanhHoa.VN:443/a/b.htm#binh-luan", "https://baothanhhoa.vn/a/b.htm"),
        ("http://example.vn:80", "http://example.vn/"),
        ("http://example.vn:8080/x", "http://example.vn:8080/x"),
        ("https://example.vn/a?utm_source=fb&utm_medium=x&fbclid=1&zarsrc=30&id=5", "https://example.vn/a?id=5"),
        ("https://example.vn/a?b=2&a=1", "https://example.vn/a?a=1&b=2"),
        (
            "https://example.vn/tin tức/đảng-bộ.html",
            "https://example.vn/tin%20t%E1%BB%A9c/%C4%91%E1%BA%A3ng-b%E1%BB%99.html",
        ),
        ("https://example.vn/a%2fb", "https://example.vn/a%2Fb"),
        ("https://user:pw@example.vn/a", None),  # userinfo: refused, never dropped
    ],
)
def test_canonical_form(given: str, expected: str) -> None:
    assert canonicalize(given) == expected


def test_two_spellings_are_one_url() -> None:
    assert canonicalize("HTTP://Example.vn/A?y=2&x=1#top") == canonicalize(
        "http://example.vn:80/A?x=1&y=2&utm_campaign=z"
    )


@pytest.mark.parametrize(
    "given", ["mailto:ban-bien-tap@example.vn", "javascript:void(0)", "ftp://example.vn/a", "http://"]
)
def test_not_web_urls_are_refused(given: str) -> None:
    assert canonicalize(given) is None


def test_relative_links_resolve_against_the_page() -> None:
    assert canonicalize("../b.html?page=2", "http://127.0.0.1:9/x/y/a.html") == "http://127.0.0.1:9/x/b.html?page=2"


def test_site_scope_owns_base_server_domains_and_aliases() -> None:
    scope = SiteScope(
        profile_from_dict(
            {"name": "t", "domain": "baothanhhoa.vn", "aliases": ["thanhhoa.vn"], "base_url": "https://baothanhhoa.vn"}
        )
    )
    assert scope.owns("https://www.baothanhhoa.vn/a")
    assert scope.owns("https://thanhhoa.vn/a")
    assert not scope.owns("https://baonghean.vn/a")
    assert not scope.owns("mailto:x@baothanhhoa.vn")
    assert scope.canonical("http://baothanhhoa.vn/a.htm") == "https://baothanhhoa.vn/a.htm"


def test_local_base_url_is_its_own_server() -> None:
    scope = SiteScope(profile_from_dict({"name": "t", "domain": "127.0.0.2", "base_url": "http://127.0.0.2:8001"}))
    assert scope.owns("http://127.0.0.2:8001/a")
    assert not scope.owns("http://127.0.0.3:8001/a")
    assert host_key("http://127.0.0.2:8001/a?b") == "http://127.0.0.2:8001"

"""A small database of hand-written articles, built with the real store code.

The texts are written for these tests (they imitate how provincial papers report ratings, in our
own words); records are given by hand, so nothing here depends on extraction accuracy.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import insert
from sqlalchemy.engine import Engine

from pipeline.models import Article, ExtractionResult, RatingRecord
from pipeline.normalize import normalize_text
from pipeline.store.database import connect, pages, run_sites, runs, save, sites

RUN_ID = "20260101T000000Z-fixture1"
VERSION = "2026.11.27"


@dataclass(frozen=True)
class Sample:
    article: Article
    records: tuple[tuple[str, dict[str, Any]], ...]  # (evidence as written in the text, record fields)
    organizations: tuple[str, ...] = ()

    def result(self) -> ExtractionResult:
        text = normalize_text(self.article.text)
        records = []
        for evidence, fields in self.records:
            start = text.index(evidence)
            records.append(RatingRecord(evidence=evidence, start=start, end=start + len(evidence), **fields))
        return ExtractionResult(records=tuple(records), organizations=self.organizations, text=text)


def _record(subject: str, rating: str, count: int | None, percent: float | None, **more: Any) -> dict[str, Any]:
    return {"subject": subject, "rating": rating, "count": count, "percent": percent, **more}


TCCSD, DV = "tổ chức cơ sở đảng", "đảng viên"
XS, TOT = "hoàn thành xuất sắc nhiệm vụ", "hoàn thành tốt nhiệm vụ"
HT, KHT = "hoàn thành nhiệm vụ", "không hoàn thành nhiệm vụ"

DONG_SON = {"scope": "Đảng bộ huyện Đông Sơn", "province": "Thanh Hóa", "district": "Đông Sơn", "year": 2019}
QUANG_XUONG = {"scope": "Đảng bộ huyện Quảng Xương", "province": "Thanh Hóa", "district": "Quảng Xương", "year": 2020}
THANH_HA = {"scope": "Đảng bộ huyện Thanh Hà", "province": "Hải Dương", "district": "Thanh Hà", "year": 2020}
NAM_DAN = {"scope": "Đảng bộ huyện Nam Đàn", "province": "Nghệ An", "district": "Nam Đàn", "year": 2021}
HAI_DUONG = {"scope": "Đảng bộ tỉnh Hải Dương", "province": "Hải Dương", "district": None, "year": 2021}

SAMPLES: tuple[Sample, ...] = (
    Sample(
        Article(
            url="https://baothanhhoa.vn/dong-son-tong-ket-xep-loai-2019.htm",
            site="baothanhhoa",
            published="2020-01-10",
            title="Huyện Đông Sơn tổng kết đánh giá, xếp loại tổ chức đảng năm 2019",
            sapo="Toàn Đảng bộ huyện có 34 tổ chức cơ sở đảng với 5.020 đảng viên tham gia đánh giá.",
            body=(
                "Sáng nay, Ban Thường vụ Huyện ủy Đông Sơn họp tổng kết công tác đánh giá năm 2019.\n\n"
                "Kết quả, 9 TCCSĐ đạt hoàn thành xuất sắc nhiệm vụ, chiếm 26,5%; 22 TCCSĐ hoàn thành tốt "
                "nhiệm vụ; 3 TCCSĐ hoàn thành nhiệm vụ.\n\n"
                "Về đảng viên, 610 đồng chí được xếp loại hoàn thành xuất sắc nhiệm vụ, chiếm 12,2%; "
                "không có đảng viên nào không hoàn thành nhiệm vụ."
            ),
        ),
        (
            (
                "9 TCCSĐ đạt hoàn thành xuất sắc nhiệm vụ, chiếm 26,5%",
                _record(TCCSD, XS, 9, 26.5, total=34, **DONG_SON),
            ),
            ("22 TCCSĐ hoàn thành tốt nhiệm vụ", _record(TCCSD, TOT, 22, None, total=34, **DONG_SON)),
            ("3 TCCSĐ hoàn thành nhiệm vụ", _record(TCCSD, HT, 3, None, total=34, **DONG_SON)),
            (
                "610 đồng chí được xếp loại hoàn thành xuất sắc nhiệm vụ, chiếm 12,2%",
                _record(DV, XS, 610, 12.2, total=5020, **DONG_SON),
            ),
            ("không có đảng viên nào không hoàn thành nhiệm vụ", _record(DV, KHT, 0, None, total=5020, **DONG_SON)),
        ),
        organizations=("Đảng bộ huyện Đông Sơn", "Ban Thường vụ Huyện ủy Đông Sơn"),
    ),
    Sample(
        Article(
            url="https://baothanhhoa.vn/quang-xuong-xep-loai-dang-vien-2020.htm",
            site="baothanhhoa",
            published="2021-01-15",
            title="Quảng Xương: chất lượng đảng viên năm 2020 được nâng lên",
            body=(
                "Năm 2020, Đảng bộ huyện Quảng Xương có 41 tổ chức cơ sở đảng. Qua đánh giá, 11 tổ chức "
                "cơ sở đảng hoàn thành xuất sắc nhiệm vụ, chiếm 26,8%.\n\n"
                "Toàn huyện có 6.300 đảng viên; trên 88% đảng viên hoàn thành tốt nhiệm vụ trở lên."
            ),
        ),
        (
            (
                "11 tổ chức cơ sở đảng hoàn thành xuất sắc nhiệm vụ, chiếm 26,8%",
                _record(TCCSD, XS, 11, 26.8, total=41, **QUANG_XUONG),
            ),
            (
                "trên 88% đảng viên hoàn thành tốt nhiệm vụ trở lên",
                _record(DV, "hoàn thành tốt nhiệm vụ trở lên", None, 88.0, approx="over", total=6300, **QUANG_XUONG),
            ),
        ),
        organizations=("Đảng bộ huyện Quảng Xương",),
    ),
    Sample(
        Article(
            url="https://baohaiduong.vn/thanh-ha-danh-gia-to-chuc-dang-2020.htm",
            site="baohaiduong",
            published="2020-12-28",
            title="Thanh Hà hoàn thành đánh giá tổ chức đảng năm 2020",
            body=(
                "Huyện ủy Thanh Hà cho biết năm 2020 có 35 tổ chức cơ sở đảng được đánh giá. "
                "Có 40 tổ chức cơ sở đảng hoàn thành tốt nhiệm vụ, 5 tổ chức hoàn thành xuất sắc nhiệm vụ."
            ),
        ),
        (
            ("35 tổ chức cơ sở đảng được đánh giá", _record(TCCSD, "được đánh giá", 35, None, total=35, **THANH_HA)),
            (
                "40 tổ chức cơ sở đảng hoàn thành tốt nhiệm vụ",
                _record(TCCSD, TOT, 40, None, total=35, flags=("count_exceeds_total",), confidence=0.6, **THANH_HA),
            ),
            ("5 tổ chức hoàn thành xuất sắc nhiệm vụ", _record(TCCSD, XS, 5, None, total=35, **THANH_HA)),
        ),
        organizations=("Huyện ủy Thanh Hà",),
    ),
    Sample(
        Article(
            url="https://baonghean.vn/nam-dan-xep-loai-chat-luong-2021.htm",
            site="baonghean",
            published="2022-01-20",
            title="Nam Đàn xếp loại chất lượng tổ chức đảng và đảng viên năm 2021",
            body=(
                "Đảng bộ huyện Nam Đàn có 50 tổ chức cơ sở đảng. Năm 2021, 15 tổ chức cơ sở đảng hoàn thành "
                "xuất sắc nhiệm vụ, chiếm 45%. Có 4.100 đảng viên, trong đó 500 đảng viên hoàn thành xuất sắc "
                "nhiệm vụ, đạt 12,2%.\n\nHằng năm, trên 90% tổ chức cơ sở đảng của huyện được xếp loại hoàn thành "
                "tốt nhiệm vụ trở lên."
            ),
        ),
        (
            (
                "15 tổ chức cơ sở đảng hoàn thành xuất sắc nhiệm vụ, chiếm 45%",
                _record(TCCSD, XS, 15, 45.0, total=50, flags=("percent_disagrees_with_count",), **NAM_DAN),
            ),
            (
                "500 đảng viên hoàn thành xuất sắc nhiệm vụ, đạt 12,2%",
                _record(DV, XS, 500, 12.2, total=4100, **NAM_DAN),
            ),
            (
                "trên 90% tổ chức cơ sở đảng của huyện được xếp loại hoàn thành tốt nhiệm vụ trở lên",
                _record(
                    TCCSD, "hoàn thành tốt nhiệm vụ trở lên", None, 90.0, approx="over", **NAM_DAN | {"year": None}
                ),
            ),
        ),
        organizations=("Đảng bộ huyện Nam Đàn",),
    ),
    Sample(
        Article(
            url="https://baohaiduong.vn/hai-duong-tong-ket-danh-gia-dang-vien-2021.htm",
            site="baohaiduong",
            published="2021-12-30",
            title="Hải Dương: hơn 9 nghìn đảng viên hoàn thành xuất sắc nhiệm vụ",
            body=(
                "Theo Ban Tổ chức Tỉnh ủy Hải Dương, năm 2021 toàn Đảng bộ tỉnh có 9.240 đảng viên "
                "hoàn thành xuất sắc nhiệm vụ, chiếm 11,5%; 310 đảng viên không hoàn thành nhiệm vụ."
            ),
        ),
        (
            (
                "9.240 đảng viên hoàn thành xuất sắc nhiệm vụ, chiếm 11,5%",
                _record(DV, XS, 9240, 11.5, **HAI_DUONG),
            ),
            ("310 đảng viên không hoàn thành nhiệm vụ", _record(DV, KHT, 310, None, **HAI_DUONG)),
        ),
        organizations=("Ban Tổ chức Tỉnh ủy Hải Dương", "Đảng bộ tỉnh Hải Dương"),
    ),
)

SITES = (
    {"name": "baothanhhoa", "domain": "baothanhhoa.vn", "newspaper": "Báo Thanh Hóa", "province": "Thanh Hóa"},
    {"name": "baohaiduong", "domain": "baohaiduong.vn", "newspaper": "Báo Hải Dương", "province": "Hải Dương"},
    {"name": "baonghean", "domain": "baonghean.vn", "newspaper": "Báo Nghệ An", "province": "Nghệ An"},
)


def build(url: str) -> Engine:
    """Fill the database at ``url`` (fresh) with the samples, one fixture run and its pages."""
    engine = connect(url)
    with engine.begin() as conn:
        conn.execute(insert(sites), [{"base_url": f"https://{site['domain']}", **site} for site in SITES])
        conn.execute(
            insert(runs).values(
                id=RUN_ID,
                started="2026-01-01T00:00:00+00:00",
                ended="2026-01-01T00:20:00+00:00",
                status="ok",
                extractor_version=VERSION,
            )
        )
        for site in SITES:
            site_samples = [s for s in SAMPLES if s.article.site == site["name"]]
            conn.execute(
                insert(run_sites).values(
                    run_id=RUN_ID,
                    site=site["name"],
                    discovered=len(site_samples) + 1,
                    fetched=len(site_samples),
                    not_modified=0,
                    skipped_robots=0,
                    failed={},
                    articles=len(site_samples),
                    records=sum(len(s.records) for s in site_samples),
                    alerts=[],
                )
            )
    for number, sample in enumerate(SAMPLES, start=1):
        with engine.begin() as conn:
            page_id = conn.execute(
                insert(pages)
                .values(
                    url=sample.article.url,
                    site=sample.article.site,
                    status=200,
                    fetched_at=f"2026-01-01T00:{number:02d}:00+00:00",
                    content_type="text/html; charset=utf-8",
                    kind="article",
                    warc_file="fixture.warc.gz",
                    warc_offset=1000 * number,
                )
                .returning(pages.c.id)
            ).scalar_one()
        save(engine, sample.article, sample.result(), RUN_ID, page_id=page_id, extractor_version=VERSION)
    return engine


RECORD_COUNT = sum(len(sample.records) for sample in SAMPLES)

"""Scoring the cleaner on a folder of pages with expected text, like ``../shared/pages``.

A folder holds ``<layout>/<id>.html`` and ``<layout>/<id>.expected.txt`` (title, sapo, paragraphs,
author as a reader sees them) and, optionally, an ``index.jsonl`` that lists every page (``layout``,
``path``, ``expected``, its URL and, when known, its gold ``records``/``organizations`` in the format of
``gold/FORMAT.md``), which is how the flat ``../shared/pages-real`` is read. For each layout:

* cleaning: token F1 of the cleaned text against the expected text (bag of lower-cased words, so
  paragraph breaks and order do not count, every word and number does);
* leaks: chrome and template strings ("{name}", "Trả lời", "Tin liên quan" ...) that the output holds
  more often than the expected text (an article may say "bình luận" itself);
* the second opinion: on how many pages the generic path doubted its body and asked trafilatura, and
  on how many it took trafilatura's body;
* records end to end: extraction on the cleaned page against the gold records, beside extraction on
  the same article given as text, which isolates what cleaning costs the extractor. The text is the
  gold text of the same id when a ``gold/`` folder sits beside the pages folder (``../shared/gold``
  next to ``../shared/pages``), else the expected text.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from pipeline.evaluate.records import GoldArticle, Score, score_article, sum_scores
from pipeline.models import Article

LEAK_STRINGS: tuple[str, ...] = (
    "{name}", "{body}", "{time}", "{{", "Trả lời", "bình luận", "Chia sẻ", "Tin liên quan", "Đọc nhiều",
    "Tắt [X]", "Thời tiết", "Ý kiến của bạn", "Xem thêm", "Tin cùng chuyên mục", "Quảng cáo",
)  # fmt: skip
_WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class PageCase:
    """One page of the folder and what it should give."""

    id: str
    layout: str
    html: Path
    expected: Path
    url: str | None = None
    published: str | None = None
    records: tuple[dict[str, Any], ...] | None = None  # None: no gold records for this page
    organizations: tuple[str, ...] = ()
    gold_text: str | None = None  # the article as text in the gold files, when they are at hand
    gold_published: str | None = None


@dataclass(frozen=True, slots=True)
class PageResult:
    case: PageCase
    f1: float
    precision: float
    recall: float
    leaks: tuple[str, ...] = ()
    error: str | None = None
    published: str | None = None
    records_html: Score | None = field(default=None, compare=False)
    records_text: Score | None = field(default=None, compare=False)
    asked: bool = False  # the generic path doubted its body and asked for a second opinion
    taken: bool = False  # ... and took trafilatura's body


@dataclass(frozen=True, slots=True)
class LayoutSummary:
    layout: str
    pages: int
    f1_mean: float
    f1_min: float
    leaks: int
    errors: int
    records_html: Score | None = field(default=None, compare=False)
    records_text: Score | None = field(default=None, compare=False)
    asked: int = 0
    taken: int = 0

    def line(self) -> str:
        text = (
            f"{self.layout}: {self.pages} pages; cleaning token F1 mean {self.f1_mean:.4f} (min {self.f1_min:.4f}); "
            f"{self.leaks} leaks; {self.errors} errors; second opinion asked {self.asked}, taken {self.taken}"
        )
        if self.records_html is not None and self.records_text is not None:
            text += (
                f"; records end to end F1 {self.records_html.f1:.3f} "
                f"({self.records_html.matched}/{self.records_html.gold}) vs text F1 {self.records_text.f1:.3f}"
                f" (difference {self.records_html.f1 - self.records_text.f1:+.3f})"
            )
        return text

    def summary(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "layout": self.layout,
            "pages": self.pages,
            "f1_mean": round(self.f1_mean, 4),
            "f1_min": round(self.f1_min, 4),
            "leaks": self.leaks,
            "errors": self.errors,
            "second_opinion_asked": self.asked,
            "second_opinion_taken": self.taken,
        }
        if self.records_html is not None and self.records_text is not None:
            data["records_html_f1"] = round(self.records_html.f1, 4)
            data["records_text_f1"] = round(self.records_text.f1, 4)
        return data


def load_cases(folder: str | Path) -> list[PageCase]:
    """Pages of a folder: from its ``index.jsonl`` when present, else every ``*/*.html`` with an
    ``.expected.txt`` beside it (the subfolder names the layout)."""
    folder = Path(folder)
    if not folder.is_dir():
        raise ValueError(f"{folder}: not a folder")
    index = folder / "index.jsonl"
    cases: list[PageCase] = []
    if index.exists():
        for number, line in enumerate(index.read_text(encoding="utf-8").splitlines(), start=1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
                records = item.get("records")
                cases.append(
                    PageCase(
                        id=str(item["id"]),
                        layout=str(item.get("layout") or Path(item["path"]).parent.name or "pages"),
                        html=folder / item["path"],
                        expected=folder / item["expected"],
                        url=item.get("url"),
                        published=item.get("published"),
                        records=tuple(records) if isinstance(records, list) else None,
                        organizations=tuple(item.get("organizations") or ()),
                    )
                )
            except (json.JSONDecodeError, KeyError, TypeError) as error:
                raise ValueError(f"{index}:{number}: not a page line ({error})") from error
        texts = _gold_texts(folder.parent / "gold")
        return [
            replace(case, gold_text=texts[case.id].text, gold_published=texts[case.id].published)
            if case.id in texts
            else case
            for case in cases
        ]
    for html in sorted(folder.glob("*/*.htm*")):
        expected = html.with_name(html.name.rsplit(".", 1)[0] + ".expected.txt")
        if expected.exists():
            cases.append(PageCase(html.stem, html.parent.name, html, expected))
    if not cases:
        raise ValueError(f"{folder}: no index.jsonl and no <layout>/<id>.html with an .expected.txt")
    return cases


def _gold_texts(folder: Path) -> dict[str, GoldArticle]:
    from pipeline.evaluate.records import load_gold

    texts: dict[str, GoldArticle] = {}
    for path in sorted(folder.glob("*.jsonl")) if folder.is_dir() else ():
        try:
            texts.update((item.id, item) for item in load_gold(path) if item.text)
        except (OSError, ValueError):
            continue
    return texts


def reader_text(article: Article) -> str:
    """What the expected files hold: title, sapo, body and the author when the body does not sign."""
    text = article.text
    if article.author and article.author not in article.body:
        text += "\n\n" + article.author
    return text


def words(text: str) -> list[str]:
    return _WORD.findall(unicodedata.normalize("NFC", text).casefold())


def token_scores(predicted: str, expected: str) -> tuple[float, float, float]:
    """Precision, recall and F1 of the predicted words against the expected words (as multisets)."""
    guess, truth = Counter(words(predicted)), Counter(words(expected))
    overlap = sum((guess & truth).values())
    if not overlap:
        return 0.0, 0.0, 0.0
    precision, recall = overlap / sum(guess.values()), overlap / sum(truth.values())
    return precision, recall, 2 * precision * recall / (precision + recall)


def leaks(predicted: str, expected: str, strings: Sequence[str] = LEAK_STRINGS) -> tuple[str, ...]:
    """Chrome strings found more often in the output than in the expected text (case-insensitive)."""
    low_predicted, low_expected = predicted.casefold(), expected.casefold()
    return tuple(s for s in strings if low_predicted.count(s.casefold()) > low_expected.count(s.casefold()))


def score_case(case: PageCase, with_records: bool = True) -> PageResult:
    """One page scored; any failure of the cleaner on it (a bug included) is that page's error."""
    try:
        return _score_case(case, with_records)
    except Exception as error:  # one page's crash must not end the evaluation of the others
        return PageResult(case, 0.0, 0.0, 0.0, (), f"{type(error).__name__}: {error}")


def _score_case(case: PageCase, with_records: bool) -> PageResult:
    from pipeline.clean.cleaner import clean_and_explain
    from pipeline.models import InputError
    from scrapers.sites import builtin_profiles

    expected = case.expected.read_text(encoding="utf-8")
    try:
        cleaned = clean_and_explain(
            case.html.read_bytes(), url=case.url, source=str(case.html), profiles=builtin_profiles()
        )
        article = cleaned.article
    except (InputError, OSError) as error:
        failed_html = _records(case, None, expected) if with_records else None
        failed_text = _records(case, None, expected, text=True) if with_records else None
        return PageResult(case, 0.0, 0.0, 0.0, (), str(error), None, failed_html, failed_text)
    predicted = reader_text(article)
    precision, recall, f1 = token_scores(predicted, expected)
    records_html = records_text = None
    if with_records and case.records is not None:
        records_html, records_text = _records(case, article, expected), _records(case, None, expected, text=True)
    return PageResult(
        case,
        f1,
        precision,
        recall,
        leaks(predicted, expected),
        None,
        article.published,
        records_html,
        records_text,
        asked=cleaned.opinion.asked,
        taken=cleaned.opinion.taken,
    )


def _records(case: PageCase, article: Article | None, expected: str, text: bool = False) -> Score | None:
    if case.records is None:
        return None
    from pipeline.extract import extract, extract_text
    from pipeline.models import ExtractionResult
    from scrapers.sites import profile_for

    gold = GoldArticle(case.id, expected, case.url, case.published, case.records, case.organizations)
    if text:
        source = case.gold_text or expected
        result = extract_text(
            source, url=case.url, published=case.gold_published or case.published, site=profile_for(case.url)
        )
    elif article is not None:
        result = extract(article, profile_for(article.url))
    else:
        result = ExtractionResult()
    return score_article(gold, result)


def summarize(results: Iterable[PageResult]) -> list[LayoutSummary]:
    by_layout: dict[str, list[PageResult]] = {}
    for result in results:
        by_layout.setdefault(result.case.layout, []).append(result)
    summaries = []
    for layout, items in by_layout.items():
        scores = [item.f1 for item in items]
        html_scores = [item.records_html for item in items if item.records_html is not None]
        text_scores = [item.records_text for item in items if item.records_text is not None]
        summaries.append(
            LayoutSummary(
                layout=layout,
                pages=len(items),
                f1_mean=sum(scores) / len(scores),
                f1_min=min(scores),
                leaks=sum(len(item.leaks) for item in items),
                errors=sum(1 for item in items if item.error),
                records_html=sum_scores(html_scores) if html_scores else None,
                records_text=sum_scores(text_scores) if text_scores else None,
                asked=sum(item.asked for item in items),
                taken=sum(item.taken for item in items),
            )
        )
    return summaries


def overall(summaries: Sequence[LayoutSummary]) -> LayoutSummary:
    """All layouts together; ``f1_mean`` is the mean of the layouts' means (each site counts once)."""
    if not summaries:
        return LayoutSummary("all", 0, 0.0, 0.0, 0, 0)
    return LayoutSummary(
        layout="all",
        pages=sum(summary.pages for summary in summaries),
        f1_mean=sum(summary.f1_mean for summary in summaries) / len(summaries),
        f1_min=min(summary.f1_min for summary in summaries),
        leaks=sum(summary.leaks for summary in summaries),
        errors=sum(summary.errors for summary in summaries),
        asked=sum(summary.asked for summary in summaries),
        taken=sum(summary.taken for summary in summaries),
    )

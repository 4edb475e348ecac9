"""Fuzzing with a fixed budget (hypothesis, derandomized: the same inputs on every run): the cleaner, the
number reader, extraction and the CLI batch never crash and take under 2 s an input, for texts up to
200,000 characters. Inputs mix Vietnamese rating phrases with what broke vnie before: digits of other
scripts, huge numbers, control characters, deep nesting, long texts, odd canonical URLs and dates.

A crash is any exception but the stage's own "this input holds nothing" error (``InputError``); a slow
input is one that takes more than ``SECONDS_PER_INPUT`` of CPU time (it is stopped there by an alarm). CPU
time, not the clock: the limit holds for vnie's own work whatever else the machine runs, so the test is not
at the mercy of a loaded machine."""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import time
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from pipeline.models import Article, InputError

SECONDS_PER_INPUT = 2.0
BUDGET = settings(
    derandomize=True,  # a fixed set of inputs: CI sees the same ones every time
    database=None,
    deadline=None,  # timed by hand below, so a slow input is reported with its size
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# ---- what inputs are made of ------------------------------------------------------------------------
PHRASES = (
    "Năm 2023, Đảng bộ huyện Sơn Lâm có ", " tổ chức cơ sở đảng hoàn thành xuất sắc nhiệm vụ, chiếm ", "%; ",
    " đảng viên hoàn thành tốt nhiệm vụ", " TCCSĐ", " chi bộ đạt trong sạch vững mạnh", "trong đó", " trên ",
    "khoảng ", " không hoàn thành nhiệm vụ", ". ", "\n\n", "ba mươi tư", "một nửa", "năm ²⁰²³ ", "١٢٣", "௧௨",
    "𝟙𝟚", "①②", "1e309", "9" * 40, "5.560", "23,5", "1.234,56", "0,0000001", "\x00", "\x0b", "\x1f", "\ufeff",
    "\u200b", "\u00a0", "\ud7ff", "\U0010ffff", "31/12/2019", "132-QĐ/TW",
)  # fmt: skip
digits = st.sampled_from("0123456789²³¹⁰⁴⁵⁶⁷⁸⁹٠١٢٣٤٥٦٧٨٩०१२३४५६७८९௦௧௨௩𝟘𝟙𝟚𝟛①②③")
numbers = st.one_of(
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.text(digits, min_size=1, max_size=40),
    st.builds(lambda a, b: f"{a},{b}", st.integers(0, 10**25), st.integers(0, 10**6)),
    st.builds(lambda a, b: f"{a}.{b}", st.integers(0, 10**25), st.integers(0, 999)),
    st.sampled_from(["1e309", "inf", "NaN", "1" + "0" * 400, "1.000.000.000.000.000.000.000", "-0", "٣٤"]),
)
texts = st.lists(st.one_of(st.sampled_from(PHRASES), numbers, st.text(max_size=30)), max_size=60).map("".join)


# The shapes that broke vnie before (issue 12), always among the inputs besides the generated ones.
KNOWN_TEXTS = (
    "Năm ²⁰²³, Đảng bộ huyện Sơn Lâm có 34 tổ chức cơ sở đảng, trong đó 8 tổ chức hoàn thành xuất sắc nhiệm vụ.",
    "Năm 2023, Đảng bộ huyện Sơn Lâm có 8 tổ chức cơ sở đảng hoàn thành xuất sắc nhiệm vụ, chiếm 1" + "0" * 400 + "%.",
    "Năm 2023, Đảng bộ huyện Sơn Lâm có 1"
    + "0" * 400
    + " đảng viên, trong đó 8 đảng viên hoàn thành xuất sắc nhiệm vụ.",
    "Năm 2023, Đảng bộ huyện Sơn Lâm có 99999999999999999999999 đảng viên hoàn thành tốt nhiệm vụ, chiếm 50%.",
    "Năm 2023, có 9.999.999.999.999.999.999.999 đảng viên hoàn thành tốt nhiệm vụ, chiếm 5%.",
    "Năm ٢٠٢٣، Đảng bộ huyện Sơn Lâm có ٣٤ tổ chức cơ sở đảng, ٨ tổ chức hoàn thành xuất sắc nhiệm vụ.",
    "Năm 2023,\x00 Đảng bộ\x0b xã Hòa Mỹ có\x1f 8 chi bộ\ufeff đạt trong sạch vững mạnh.",
)
_BODY = "<article><h1>Tiêu đề</h1><p>" + "Nội dung bài viết về công tác xây dựng Đảng ở cơ sở. " * 12 + "</p></article>"
KNOWN_PAGES = (
    f"<html><head><title>T\x00\x01\x0b\x0c</title></head><body>{_BODY}\x00\x1f</body></html>",
    f'<html><head><link rel="canonical" href="http://[::1"><title>T</title></head><body>{_BODY}</body></html>',
    f'<html><head><meta property="article:published_time" content="2023-01-02T08:00:00+24:00"></head>'
    f"<body>{_BODY}</body></html>",
    '<html><head><script type="application/ld+json">' + '{"a":' * 100_000 + "1" + "}" * 100_000
    + f"</script></head><body>{_BODY}</body></html>",
    "<html><head><title>" + "Tiêu đề " * 130_000 + f"</title></head><body>{_BODY}</body></html>",
    "<html><body>" + "<div>" * 200_000 + _BODY + "</div>" * 200_000 + "</body></html>",
)  # fmt: skip


def long_text(size: int) -> str:
    """A rating article of ``size`` characters: paragraphs of figures, as a long report would be."""
    paragraph = (
        "Năm 2023, Đảng bộ xã Hòa Mỹ có 34 tổ chức cơ sở đảng, trong đó 8 tổ chức hoàn thành xuất sắc nhiệm vụ, "
        "chiếm 23,5%; 1.234 đảng viên hoàn thành tốt nhiệm vụ.\n\n"
    )
    return (paragraph * (size // len(paragraph) + 1))[:size]


@st.composite
def pages(draw: st.DrawFn) -> str:
    """An HTML page: a head with odd metadata (canonical, dates, JSON-LD, title) and a body of nesting and text."""
    title = draw(st.one_of(texts, st.just("Tiêu đề " * 130_000)))  # a 1 MB title now and then
    canonical = draw(
        st.sampled_from(["http://[::1", "https://baomau.vn/a-1.html", "javascript:x", "//[", "http://a b"])
    )
    published = draw(st.sampled_from(["2023-01-02T08:00:00+24:00", "2023-13-45", "2023-01-02T08:00:00-99:99", "x"]))
    depth = draw(st.sampled_from([0, 10, 2_000, 100_000]))
    jsonld = '{"@graph":' * depth + '{"headline":"a"}' + "}" * depth
    nesting = draw(st.sampled_from([0, 100, 5_000]))
    body = "".join(f"<p>{draw(texts)}</p>" for _ in range(draw(st.integers(1, 6))))
    return (
        f'<html><head><title>{title}</title><link rel="canonical" href="{canonical}">'
        f'<meta property="article:published_time" content="{published}">'
        f'<script type="application/ld+json">{jsonld}</script></head><body>'
        + "<div>" * nesting + f"<article><h1>{title[:200]}</h1>{body}</article>" + "</div>" * nesting
        + "</body></html>"
    )  # fmt: skip


class OutOfRange(Exception):
    """A record whose count or percent no store could take."""


class TooSlow(Exception):
    """An input took longer than its time limit."""


def extract_checked(article: Article) -> int:
    """Extraction with its records checked; returns how many there are."""
    from pipeline.extract import extract

    result = extract(article)
    for record in result.records:
        if record.count is not None and not 0 <= record.count < 2**63:
            raise OutOfRange(f"count {record.count}")
        if record.percent is not None and not 0 <= record.percent <= 100:
            raise OutOfRange(f"percent {record.percent}")
    return len(result.records)


# ---- the harness: time limits and figures -----------------------------------
WORST: dict[str, float] = {}  # slowest input seen per target, for the closing note
TRIED: dict[str, int] = {}


@contextmanager
def alarm(seconds: float) -> Iterator[None]:
    """Interrupt a runaway input after ``seconds`` of CPU time (best effort: a signal waits for the
    interpreter; ``timed`` checks after)."""

    def ring(_signal: int, _frame: object) -> None:
        raise TooSlow(f"more than {seconds:g} s of CPU time")

    previous = signal.signal(signal.SIGPROF, ring)
    signal.setitimer(signal.ITIMER_PROF, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, previous)


def timed(function: Any, *args: Any, limit: float = SECONDS_PER_INPUT, **kwargs: Any) -> Any:
    """``function(*args)`` within ``limit`` seconds of CPU time; ``InputError`` and any crash or slowness raise."""
    name = function.__name__
    TRIED[name] = TRIED.get(name, 0) + 1
    started = time.process_time()
    try:
        with alarm(limit):
            result = function(*args, **kwargs)
        elapsed = time.process_time() - started
        if elapsed > limit:
            raise TooSlow(f"{elapsed:.1f} s of CPU time, more than {limit:g} s")
        return result
    finally:
        WORST[name] = max(WORST.get(name, 0.0), time.process_time() - started)


@pytest.fixture(scope="module", autouse=True)
def figures() -> Iterator[None]:
    """With VNIE_FUZZ_FIGURES=FILE, the inputs tried and the slowest time per target are written there."""
    yield
    target = os.environ.get("VNIE_FUZZ_FIGURES")
    if target:
        Path(target).write_text(json.dumps({"inputs": TRIED, "worst_seconds": WORST}, indent=2), encoding="utf-8")


@pytest.fixture(scope="module")
def models() -> None:
    """spaCy and underthesea loaded before any input is timed."""
    from pipeline.extract import extract

    extract(Article(body=long_text(1000)))


# ---- targets ----------------------------------------------------------------------------------------
@settings(BUDGET, max_examples=1500)
@given(numbers)
def test_the_number_reader(text: str) -> None:
    from pipeline.extract.numbers import parse_number

    for percent in (False, True):
        value = timed(parse_number, text, percent=percent)
        assert value is None or isinstance(value, float)


@settings(BUDGET, max_examples=150)
@given(pages())
@example(KNOWN_PAGES[0])
@example(KNOWN_PAGES[1])
@example(KNOWN_PAGES[2])
@example(KNOWN_PAGES[3])
@example(KNOWN_PAGES[4])
@example(KNOWN_PAGES[5])
def test_the_cleaner(html: str) -> None:
    from pipeline.clean import clean_html

    with contextlib.suppress(InputError):
        article = timed(clean_html, html.encode("utf-8", "surrogatepass"), url="https://baomau.vn/bai-1.html")
        assert article is None or isinstance(article, Article)


@settings(BUDGET, max_examples=120)
@given(texts)
@example(KNOWN_TEXTS[0])
@example(KNOWN_TEXTS[1])
@example(KNOWN_TEXTS[2])
@example(KNOWN_TEXTS[3])
@example(KNOWN_TEXTS[4])
@example(KNOWN_TEXTS[5])
@example(KNOWN_TEXTS[6])
def test_extraction(models: None, text: str) -> None:
    timed(extract_checked, Article(body=text, url="https://baothanhhoa.vn/a-1.html"))


def _extract_in_child(size: int, conn: Any) -> None:
    started = time.process_time()
    try:
        records = extract_checked(Article(body=long_text(size), url="https://baothanhhoa.vn/a-1.html"))
        conn.send(("ok", time.process_time() - started, records, "", ""))
    except Exception as error:
        conn.send(("error", time.process_time() - started, 0, type(error).__name__, traceback.format_exc()))


HUNG_AFTER = 30 * SECONDS_PER_INPUT  # wall clock: a child still silent by then is stuck, whatever the load


@pytest.mark.parametrize("size", [100_000, 200_000])
def test_extraction_of_long_texts(models: None, size: int) -> None:
    """In a forked child (a long text can hold the interpreter past any alarm), timed by its own CPU clock
    and killed only when it hangs."""
    import multiprocessing

    parent, child = multiprocessing.get_context("fork").Pipe()
    worker = multiprocessing.get_context("fork").Process(target=_extract_in_child, args=(size, child), daemon=True)
    TRIED["extract_checked"] = TRIED.get("extract_checked", 0) + 1
    worker.start()
    answered = parent.poll(HUNG_AFTER)
    worker.kill() if not answered else None
    worker.join()
    assert answered, f"{size} characters: no answer after {HUNG_AFTER:g} s"
    outcome, elapsed, records, kind, where = parent.recv()
    WORST["extract_checked"] = max(WORST.get("extract_checked", 0.0), elapsed)
    assert outcome == "ok", f"{kind} on {size} characters:\n{where}"
    assert elapsed < SECONDS_PER_INPUT, f"{size} characters: {elapsed:.1f} s of CPU time"
    assert records > 0


@settings(BUDGET, max_examples=15)
@given(st.lists(st.one_of(texts, pages()), min_size=2, max_size=4))
def test_the_cli_batch_goes_on_after_a_bad_input(
    models: None, tmp_path_factory: pytest.TempPathFactory, inputs: list[str]
) -> None:
    import io

    from pipeline.cli import main

    folder = tmp_path_factory.mktemp("batch")
    good = folder / "good.txt"
    good.write_text(long_text(600), encoding="utf-8")
    paths = []
    for number, content in enumerate(inputs):
        path = folder / (f"{number}.html" if content.startswith("<html") else f"{number}.txt")
        path.write_bytes(content.encode("utf-8", "surrogatepass"))
        paths.append(str(path))
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = timed(main, ["extract", *paths, str(good)], limit=SECONDS_PER_INPUT * (len(paths) + 1))
    assert status in (0, 1) and "Traceback" not in err.getvalue()
    sources = [json.loads(line)["source"] for line in out.getvalue().splitlines()]
    assert sources[-1].endswith("good.txt")  # the good input after the others was done
    assert len(err.getvalue().splitlines()) == len(paths) + 1 - len(sources)  # one line per bad input


def test_the_budget_is_fixed() -> None:
    """The figures the closing note quotes come from these budgets."""
    source = Path(__file__).read_text(encoding="utf-8")
    budgets = [int(n) for n in re.findall(r"@settings\(BUDGET, max_examples=(\d+)\)", source)]
    assert budgets == [1500, 150, 120, 15]

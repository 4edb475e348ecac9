"""The dashboard, the UI's front page: what the records say, per province, district and year, at a glance.

Every panel reads the ``facts`` and ``records`` views (rejected records left out) under one filter, a
province (as the articles name it, or since 2025) and a district:

* the rating mix over the years, one small chart per scope and subject (stacked shares);
* one rating's share over the years, a line per scope (the rating is chosen in the filter bar);
* the latest year's figures, each with a link to its evidence and whether sources disagree;
* coverage: records per site per month of publication;
* what needs a look: flagged records and figures whose sources disagree.

Charts are Plotly figures built here and drawn by plotly.js, which vnie serves itself (no CDN).
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

LEVELS = ("hoàn thành xuất sắc nhiệm vụ", "hoàn thành tốt nhiệm vụ", "hoàn thành nhiệm vụ", "không hoàn thành nhiệm vụ")
LEVEL_SHORT = {  # the abbreviations the papers themselves use
    "hoàn thành xuất sắc nhiệm vụ": "HTXSNV", "hoàn thành tốt nhiệm vụ": "HTTNV", "hoàn thành nhiệm vụ": "HTNV",
    "không hoàn thành nhiệm vụ": "KHTNV",
}  # fmt: skip
LEVEL_COLOURS = ("#1a7f4b", "#7cc36b", "#f2c14e", "#d7402b")
SUBJECTS = ("tổ chức cơ sở đảng", "đảng viên")
MAX_SCOPES = 6
FONT = {"family": "system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', sans-serif", "size": 12}

WHERE = (
    "(:province = '' or province = :province or province_2025 = :province) and (:district = '' or district = :district)"
)
FACTS_SQL = f"select * from facts where {WHERE} order by province, scope, subject, rating, year"
COVERAGE_SQL = f"""
select coalesce(site, 'unknown') as site, substr(published, 1, 7) as month, count(*) as records
from records where review <> 'rejected' and published is not null and {WHERE}
group by 1, 2 order by 2, 1
"""
FLAGGED_SQL = f"""
select id, article_id, province, district, year, subject, rating, count, total, percent, flags, evidence, url
from records where flags <> '[]' and review <> 'rejected' and {WHERE} order by confidence, id limit 30
"""
PLACES_SQL = "select distinct province, province_2025, district from records where review <> 'rejected'"
ORPHANS_SQL = "select count(*) from reviews where status = 'orphaned'"


@dataclass(frozen=True, slots=True)
class Filter:
    province: str = ""
    district: str = ""
    rating: str = LEVELS[0]

    def params(self) -> dict[str, str]:
        return {"province": self.province, "district": self.district}


@dataclass(slots=True)
class Panels:
    """What the template shows; figures are Plotly JSON."""

    filter: Filter
    provinces: list[str] = field(default_factory=list)
    provinces_2025: list[str] = field(default_factory=list)
    districts: list[str] = field(default_factory=list)
    figures: dict[str, str] = field(default_factory=dict)
    latest_year: int | None = None
    latest: list[dict[str, Any]] = field(default_factory=list)  # one row per scope: its facts by (subject, level)
    conflicts: list[dict[str, Any]] = field(default_factory=list)
    flagged: list[dict[str, Any]] = field(default_factory=list)
    totals: dict[str, int] = field(default_factory=dict)
    orphaned_reviews: int = 0


async def panels(db: Any, wanted: Filter) -> Panels:
    """Everything the dashboard shows under ``wanted`` (``db`` is Datasette's read-only database)."""
    places = [dict(row) for row in await db.execute(PLACES_SQL)]
    names = sorted({p["province"] for p in places if p["province"]})
    names_2025 = sorted({p["province_2025"] for p in places if p["province_2025"]} - set(names))
    province = wanted.province if wanted.province in {*names, *names_2025} else ""
    in_province = [p for p in places if not province or province in (p["province"], p["province_2025"])]
    districts = sorted({p["district"] for p in in_province if p["district"]})
    district = wanted.district if wanted.district in districts else ""
    rating = wanted.rating if wanted.rating in LEVELS else LEVELS[0]
    chosen = Filter(province, district, rating)
    facts = [dict(row) for row in await db.execute(FACTS_SQL, chosen.params())]
    coverage = [dict(row) for row in await db.execute(COVERAGE_SQL, chosen.params())]
    flagged = [dict(row) for row in await db.execute(FLAGGED_SQL, chosen.params())]
    orphans = (await db.execute(ORPHANS_SQL)).first()[0]
    latest_year = max((fact["year"] for fact in facts), default=None)
    result = Panels(chosen, names, names_2025, districts, latest_year=latest_year)
    result.latest = latest_table([fact for fact in facts if fact["year"] == latest_year])
    result.conflicts = [fact for fact in facts if fact["conflict"]]
    result.flagged = flagged
    result.orphaned_reviews = int(orphans)
    result.totals = {
        "facts": len(facts),
        "scopes": len({fact["scope"] for fact in facts}),
        "sources": sum(fact["sources"] for fact in facts),
        "conflicts": len(result.conflicts),
        "flagged": len(flagged),
    }
    scopes = _scopes(facts)
    result.figures = {
        "mix": _mix_figure(facts, scopes),
        "trend": _trend_figure(facts, scopes, rating),
        "coverage": _coverage_figure(coverage),
    }
    return result


def latest_table(facts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One row per scope: the fact of each (subject, level), the number evaluated, and whether any conflicts."""
    rows: dict[str, dict[str, Any]] = {}
    for fact in facts:
        row = rows.setdefault(
            fact["scope"], {"scope": fact["scope"], "province": fact["province"], "cells": {}, "conflict": False,
                            "sources": 0, "evaluated": {}},
        )  # fmt: skip
        if fact["rating"] == "được đánh giá":
            row["evaluated"][fact["subject"]] = fact
        elif fact["rating"] in LEVELS and fact["subject"] in SUBJECTS:
            row["cells"][f"{fact['subject']}|{fact['rating']}"] = fact
        row["conflict"] = row["conflict"] or bool(fact["conflict"])
        row["sources"] = max(row["sources"], fact["sources"])
    return sorted(rows.values(), key=lambda row: (row["province"] or "", row["scope"]))


def _scopes(facts: list[dict[str, Any]]) -> list[str]:
    """The scopes to chart: those with the most years of the four exclusive levels, at most MAX_SCOPES."""
    years: dict[str, set[int]] = defaultdict(set)
    province: dict[str, str] = {}
    for fact in facts:
        if fact["rating"] in LEVELS and fact["subject"] in SUBJECTS and fact["share"] is not None:
            years[fact["scope"]].add(fact["year"])
            province[fact["scope"]] = fact["province"] or ""
    ranked = sorted(years, key=lambda scope: (-len(years[scope]), province[scope], scope))[:MAX_SCOPES]
    return sorted(ranked, key=lambda scope: (province[scope], scope))


def _label(fact_scope: str, facts: list[dict[str, Any]]) -> str:
    province = next((fact["province"] for fact in facts if fact["scope"] == fact_scope and fact["province"]), "")
    short = fact_scope.replace("Đảng bộ ", "")
    return f"{short} ({province})" if province else short


def _year_axis() -> dict[str, Any]:
    return {"tickformat": "d", "dtick": 1, "showgrid": False}


def _mix_figure(facts: list[dict[str, Any]], scopes: list[str]) -> str:
    from plotly.subplots import make_subplots

    if not scopes:
        return ""
    titles = [f"{_label(scope, facts)}: {subject}" for scope in scopes for subject in SUBJECTS]
    figure = make_subplots(
        rows=len(scopes), cols=len(SUBJECTS), shared_yaxes=True, subplot_titles=titles,
        vertical_spacing=min(0.12, 0.5 / len(scopes)), horizontal_spacing=0.06,
    )  # fmt: skip
    share = {(f["scope"], f["subject"], f["rating"], f["year"]): f["share"] for f in facts}
    years = sorted({f["year"] for f in facts if f["scope"] in scopes})
    for row, scope in enumerate(scopes, start=1):
        for col, subject in enumerate(SUBJECTS, start=1):
            for level, colour in zip(LEVELS, LEVEL_COLOURS, strict=True):
                values = [share.get((scope, subject, level, year)) for year in years]
                figure.add_bar(
                    x=years, y=values, name=level, marker_color=colour, legendgroup=level,
                    showlegend=row == 1 and col == 1, row=row, col=col,
                    hovertemplate="%{x}: %{y:.1f}%<extra>" + level + "</extra>",
                )  # fmt: skip
    figure.update_layout(
        barmode="stack", height=190 * len(scopes) + 110, margin={"l": 50, "r": 20, "t": 90, "b": 30},
        legend={"orientation": "h", "x": 0, "y": 1, "yanchor": "top", "yref": "container"},
        font=FONT, plot_bgcolor="#fafafa", bargap=0.25,
    )  # fmt: skip
    figure.update_xaxes(**_year_axis())
    figure.update_yaxes(range=[0, 100], ticksuffix="%", dtick=25)
    figure.update_annotations(font_size=12)
    return str(figure.to_json())


def _trend_figure(facts: list[dict[str, Any]], scopes: list[str], rating: str) -> str:
    from plotly.subplots import make_subplots

    if not scopes:
        return ""
    from plotly.colors import qualitative

    figure = make_subplots(rows=1, cols=len(SUBJECTS), subplot_titles=list(SUBJECTS), horizontal_spacing=0.08)
    colour = {scope: qualitative.Plotly[number % len(qualitative.Plotly)] for number, scope in enumerate(scopes)}
    for col, subject in enumerate(SUBJECTS, start=1):
        for scope in scopes:
            points = sorted(
                (f["year"], f["share"])
                for f in facts
                if (f["scope"], f["subject"], f["rating"]) == (scope, subject, rating) and f["share"] is not None
            )
            if points:
                figure.add_scatter(
                    x=[year for year, _ in points], y=[value for _, value in points], mode="lines+markers",
                    name=_label(scope, facts), legendgroup=scope, showlegend=col == 1, row=1, col=col,
                    line={"color": colour[scope]}, marker={"color": colour[scope]},
                    hovertemplate="%{x}: %{y:.1f}%<extra>" + _label(scope, facts) + "</extra>",
                )  # fmt: skip
    figure.update_layout(
        height=380, margin={"l": 50, "r": 20, "t": 40, "b": 40}, font=FONT, plot_bgcolor="#fafafa",
        legend={"orientation": "v", "x": 1.02, "y": 1, "xanchor": "left"},
    )  # fmt: skip
    figure.update_xaxes(**_year_axis())
    figure.update_yaxes(ticksuffix="%", rangemode="tozero")
    return str(figure.to_json())


def _coverage_figure(coverage: list[dict[str, Any]]) -> str:
    import plotly.graph_objects as go

    if not coverage:
        return ""
    months = sorted({row["month"] for row in coverage})
    by_site: dict[str, dict[str, int]] = defaultdict(dict)
    for row in coverage:
        by_site[row["site"]][row["month"]] = row["records"]
    figure = go.Figure()
    for site in sorted(by_site):
        figure.add_bar(
            x=[f"{month}-01" for month in months], y=[by_site[site].get(month, 0) for month in months], name=site,
            hovertemplate="%{x|%Y-%m}: %{y} records<extra>" + site + "</extra>",
        )  # fmt: skip
    figure.update_layout(
        barmode="stack", height=320, margin={"l": 50, "r": 20, "t": 20, "b": 40}, font=FONT, plot_bgcolor="#fafafa",
        legend={"orientation": "v", "x": 1.02, "y": 1, "xanchor": "left"}, yaxis_title="records", showlegend=True,
        xaxis={"type": "date", "tickformat": "%Y-%m", "dtick": "M6"},
    )  # fmt: skip
    return str(figure.to_json())


def figure_data(figures: dict[str, str]) -> str:
    """The figures as one JSON document for the page's data block (``</`` escaped)."""
    figures_json = json.dumps({name: json.loads(value) for name, value in figures.items() if value}, ensure_ascii=False)
    return figures_json.replace("</", "<\\/")

# ---
# jupyter:
#   jupytext:
#     formats: py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Rating records: an overview
#
# How party organizations and members were rated, by province and year, as the provincial papers
# reported it. The notebook reads the **current** records (reviews applied) from the vnie database
# (read-only) or from a Parquet export, charts the distribution of ratings by province and year and
# the trend over the years, follows one organization over the years through the `facts` view (one
# figure from many sources), and lists the records the validator flagged.
#
# Run it as a notebook: `jupytext --to notebook --execute notebooks/ratings_overview.py` (the test suite
# does the same with nbclient), or open it with the jupytext plugin. Settings, from the environment:
#
# * `VNIE_DB`: the database URL (default `sqlite:///data/vnie.sqlite`, the one `vnie demo` fills), or
# * `VNIE_PARQUET`: a folder written by `vnie export OUT.parquet` (records only: facts need the database);
# * `VNIE_CHARTS`: where the charts are saved as PNG (default `data/reports`).

# %%
import os
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd
from IPython.display import display
from matplotlib.ticker import MaxNLocator

from pipeline.store.database import (
    FACT_COLUMNS,
    RECORD_COLUMNS,
    StoreError,
    connect_readonly,
    iter_facts,
    iter_records,
)

DB = os.environ.get("VNIE_DB", "sqlite:///data/vnie.sqlite")
PARQUET = os.environ.get("VNIE_PARQUET")
CHARTS = Path(os.environ.get("VNIE_CHARTS", "data/reports"))
EXCELLENT = "hoàn thành xuất sắc nhiệm vụ"
LEVELS = ["hoàn thành xuất sắc nhiệm vụ", "hoàn thành tốt nhiệm vụ", "hoàn thành nhiệm vụ", "không hoàn thành nhiệm vụ"]
COLOURS = ["#1a7f4b", "#7cc36b", "#f2c14e", "#d7402b"]
plt.rcParams.update({"figure.dpi": 100, "axes.titlesize": 11, "axes.titlelocation": "left"})


def year_axis(axes: plt.Axes, years: pd.Series) -> None:
    """Whole years on the axis, and no more of them than the data spans (one year is one tick)."""
    low, high = int(years.min()), int(years.max())
    axes.set_xticks(range(low, high + 1))
    axes.xaxis.set_major_locator(MaxNLocator(integer=True, nbins=min(10, high - low + 1)))
    axes.set_xlim(low - 0.5, high + 0.5)


# %%
def load_records() -> pd.DataFrame:
    """The current records, from the Parquet export when one is named, else from the database."""
    if PARQUET:
        frame = pd.read_parquet(PARQUET).drop(columns=["site_part", "year_part"])
    else:
        engine = connect_readonly(DB)
        try:
            frame = pd.DataFrame(list(iter_records(engine)), columns=RECORD_COLUMNS)
        finally:
            engine.dispose()
    frame = frame[frame["review"] != "rejected"]
    return frame.astype({"year": "Int64", "count": "Int64", "total": "Int64", "percent": "Float64"})


records = load_records()
source = PARQUET or DB
print(f"{len(records)} records from {records['url'].nunique()} articles ({source})")
print(f"provinces: {', '.join(sorted(records['province'].dropna().unique()))}")
print(f"provinces since 2025: {', '.join(sorted(records['province_2025'].dropna().unique()))}")

# %% [markdown]
# ## Ratings by province and year
#
# The share of each rating level among the party members (or organizations) rated, per province
# and evaluated year. A share comes from the count and its total when the article gives both, else
# from the percent the article states.


# %%
def shares(frame: pd.DataFrame) -> pd.Series:
    """Percent of the rated for each record: count / total when both are known, else the stated percent."""
    from_counts = 100 * frame["count"] / frame["total"].where(frame["total"] > 0)
    return from_counts.fillna(frame["percent"]).round(1)


def distribution(subject: str) -> pd.DataFrame:
    rated = records[(records["subject"] == subject) & records["rating"].isin(LEVELS) & records["year"].notna()]
    table = rated.assign(share=shares(rated)).pivot_table(
        index=["province", "year"], columns="rating", values="share", aggfunc="mean"
    )
    return table.reindex(columns=[level for level in LEVELS if level in table.columns])


CHARTS.mkdir(parents=True, exist_ok=True)
for subject in ("đảng viên", "tổ chức cơ sở đảng"):
    table = distribution(subject)
    if table.empty:
        print(f"no {subject} ratings with a year")
        continue
    display(table)
    labelled = table.set_axis([f"{province} {year}" for province, year in table.index])
    figure, axes = plt.subplots(figsize=(10, 0.4 * len(table) + 1.6), layout="constrained")
    labelled.plot.barh(stacked=True, ax=axes, color=COLOURS[: len(table.columns)], width=0.75)
    axes.set_title(f"Ratings of {subject}: % of those rated, by province and year")
    axes.set_xlabel("% of those rated")
    axes.set_xlim(0, 100)
    axes.invert_yaxis()  # the first province and year on top
    axes.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize="small", frameon=False)  # beside the bars
    figure.savefig(CHARTS / f"ratings-{subject.replace(' ', '-')}.png")
    plt.show()

# %% [markdown]
# ## Trend over the years
#
# The share rated *hoàn thành xuất sắc nhiệm vụ*, each province a line.

# %%
excellent = records[(records["rating"] == EXCELLENT) & records["year"].notna()]
trend = (
    excellent.assign(share=shares(excellent))
    .groupby(["subject", "province", "year"])["share"]
    .mean()
    .unstack("province")
    .sort_index()
)
display(trend)
# a panel per subject reported in two years or more; one colour per province across the panels
reported = list(dict.fromkeys(trend.index.get_level_values("subject")))
subjects = [subject for subject in reported if len(trend.loc[subject]) > 1] or reported
colour = {province: f"C{number % 10}" for number, province in enumerate(trend.columns)}
figure, panels = plt.subplots(
    1, len(subjects), figsize=(5.5 * len(subjects) + 2, 4), layout="constrained", squeeze=False
)
for axes, subject in zip(panels[0], subjects, strict=True):
    lines = trend.loc[subject].dropna(axis=1, how="all")
    for province in lines.columns:
        points = lines[province].dropna()
        years = points.index.astype(int)
        axes.plot(years, points.to_numpy(dtype=float), marker="o", color=colour[province], label=province)
    axes.set_title(f"{subject}: % {EXCELLENT}")
    axes.set_xlabel("evaluated year")
    axes.set_ylabel("%")
    year_axis(axes, pd.Series(lines.index))
handles = [plt.Line2D([], [], color=colour[p], marker="o", label=p) for p in trend.columns]
figure.legend(handles=handles, loc="outside right upper", frameon=False, title="province")
figure.savefig(CHARTS / "excellent-trend.png")
plt.show()

# %% [markdown]
# ## One organization over the years: the facts view
#
# A *fact* is one figure (scope, year, subject, rating) however many articles and sites state it: a
# syndicated copy counts once, and `conflict` marks sources that disagree. A time series of one
# organization is one query away:
#
# ```sql
# SELECT year, count, share, sources, conflict FROM facts
# WHERE scope = 'Đảng bộ huyện Nam Đàn' AND subject = 'đảng viên' AND rating = 'hoàn thành xuất sắc nhiệm vụ'
# ORDER BY year
# ```


# %%
def load_facts() -> pd.DataFrame:
    try:
        engine = connect_readonly(DB)
    except StoreError as error:
        print(f"no facts: {error}")
        return pd.DataFrame(columns=FACT_COLUMNS)
    try:
        return pd.DataFrame(list(iter_facts(engine)), columns=FACT_COLUMNS)
    finally:
        engine.dispose()


facts = load_facts()
excellent_facts = facts[(facts["rating"] == EXCELLENT) & facts["share"].notna()]
if excellent_facts.empty:
    print("no facts with a share to follow")
else:
    most_years = excellent_facts.groupby("scope")["year"].nunique().sort_values(ascending=False)
    followed = most_years.index[0]
    series = excellent_facts[excellent_facts["scope"] == followed].sort_values(["subject", "year"])
    print(f"time series of {followed}: {len(series)} facts, {int(facts['conflict'].sum())} conflicts overall")
    display(series[["subject", "year", "count", "total", "share", "sources", "conflict", "sites"]])
    figure, axes = plt.subplots(figsize=(8, 3.8), layout="constrained")
    for subject, points in series.groupby("subject"):
        axes.plot(points["year"], points["share"], marker="o", label=subject)
    axes.set_title(f"{followed}: % {EXCELLENT}")
    axes.set_xlabel("evaluated year")
    axes.set_ylabel("%")
    year_axis(axes, series["year"])
    axes.legend(loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False)
    figure.savefig(CHARTS / "organization-trend.png")
    plt.show()

# %% [markdown]
# ## Flagged records
#
# What the validator doubted (counts above totals, percents that disagree with counts, ...):
# check them against the evidence before quoting a figure.

# %%
flagged = records[records["flags"].map(len) > 0]
print(f"{len(flagged)} flagged records")
display(
    flagged[["province", "district", "year", "subject", "rating", "count", "total", "percent", "flags", "evidence"]]
    .assign(flags=flagged["flags"].map(", ".join))
    .reset_index(drop=True)
)

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
# reported it. The notebook reads the **current** records from the vnie database (read-only) or from a
# Parquet export, charts the distribution of ratings by province and year and the trend over the years,
# and lists the records the validator flagged.
#
# Open it with `jupytext --to notebook notebooks/ratings_overview.py` (or the jupytext plugin), then set:
#
# * `VNIE_DB`: the database URL (default `sqlite:///data/vnie.sqlite`), or
# * `VNIE_PARQUET`: a folder written by `vnie export --format parquet OUT`;
# * `VNIE_CHARTS`: where the charts are saved as PNG (default `data/reports`).

# %%
import os
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd
from IPython.display import display
from matplotlib.ticker import MaxNLocator

from pipeline.store.database import RECORD_COLUMNS, connect_readonly, iter_records

DB = os.environ.get("VNIE_DB", "sqlite:///data/vnie.sqlite")
PARQUET = os.environ.get("VNIE_PARQUET")
CHARTS = Path(os.environ.get("VNIE_CHARTS", "data/reports"))
EXCELLENT = "hoàn thành xuất sắc nhiệm vụ"
LEVELS = ["hoàn thành xuất sắc nhiệm vụ", "hoàn thành tốt nhiệm vụ", "hoàn thành nhiệm vụ", "không hoàn thành nhiệm vụ"]


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
    return frame.astype({"year": "Int64", "count": "Int64", "total": "Int64", "percent": "Float64"})


records = load_records()
source = PARQUET or DB
print(f"{len(records)} records from {records['url'].nunique()} articles ({source})")
print(f"provinces: {', '.join(sorted(records['province'].dropna().unique()))}")

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
    axes = labelled.plot.barh(
        stacked=True, figsize=(9, 0.5 * len(table) + 1.5), title=f"Ratings of {subject} (% of those rated)"
    )
    axes.set_xlabel("% of those rated")
    axes.legend(loc="lower right", fontsize="small")
    axes.figure.tight_layout()
    axes.figure.savefig(CHARTS / f"ratings-{subject.replace(' ', '-')}.png", dpi=100)
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
figure, panels = plt.subplots(1, max(1, trend.index.get_level_values("subject").nunique()), figsize=(11, 4))
for axes, (subject, lines) in zip(
    panels if hasattr(panels, "__iter__") else [panels], trend.groupby(level="subject"), strict=False
):
    lines.droplevel("subject").plot(ax=axes, marker="o", title=f"{subject}: % {EXCELLENT}")
    axes.set_xlabel("evaluated year")
    axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    axes.set_ylabel("%")
figure.tight_layout()
figure.savefig(CHARTS / "excellent-trend.png", dpi=100)
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

"""Plots from store aggregates (matplotlib, Agg backend: no display needed)."""
from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.dates as mdates  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402

from .base import StoreError  # noqa: E402

QUAD_NAMES = {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict"}
QUAD_COLORS = {1: "#74a9cf", 2: "#0570b0", 3: "#fd8d3c", 4: "#bd0026"}
_FREQ = {"day": "D", "week": "W-MON", "month": "MS", "year": "YS"}
_DIR_COLORS = ("#1b6ca8", "#d1495b")


def _full_index(df: pd.DataFrame, by: str, since: str | None, until: str | None) -> pd.DatetimeIndex:
    lo = pd.Timestamp(since) if since else df["period"].min()
    hi = pd.Timestamp(until) if until else df["period"].max()
    if by == "week":
        lo = lo - pd.Timedelta(days=lo.weekday())
    elif by == "month":
        lo = lo.replace(day=1)
    elif by == "year":
        lo = lo.replace(month=1, day=1)
    return pd.date_range(lo, hi, freq=_FREQ[by])


def plot_dyad(df: pd.DataFrame, path: str, *, by: str, title: str, since: str | None = None,
              until: str | None = None, directions: list[str] | None = None) -> None:
    """Two panels over time: events per period and their Goldstein sum, one line per direction."""
    if df.empty:
        raise StoreError("no events for this dyad (with these filters): nothing to plot")
    df = df.copy()
    df["period"] = pd.to_datetime(df["period"])
    index = _full_index(df, by, since, until)
    fig, (ax1, ax2) = plt.subplots(2, 1, figsize=(11, 6.5), sharex=True,
                                   gridspec_kw={"height_ratios": [3, 2]})
    directions = directions or list(dict.fromkeys(df["direction"]))    # a direction without events shows 0
    width = {"day": 0.8, "week": 5.5, "month": 24, "year": 300}[by]
    n = len(directions)
    for i, (name, color) in enumerate(zip(directions, _DIR_COLORS)):
        sub = (df[df["direction"] == name].drop(columns="direction").set_index("period")
               .reindex(index, fill_value=0))
        ax1.plot(sub.index, sub["events"], marker="o" if len(index) <= 60 else None, ms=3.5, lw=1.6,
                 color=color, label=f"{name}  ({int(sub['events'].sum())} events)")
        offset = pd.Timedelta(days=(i - (n - 1) / 2) * width / max(n, 1))
        ax2.bar(sub.index + offset, sub["goldstein_sum"], width=width / max(n, 1), color=color, alpha=0.85,
                label=name)
    ax1.set_ylabel(f"events per {by}")
    peak = max(1.0, float(df["events"].max()))
    ax1.set_ylim(0, peak * 1.3)                       # headroom for the legend
    ax1.yaxis.get_major_locator().set_params(integer=True)
    ax1.legend(loc="upper left", frameon=False, ncol=2)
    ax1.grid(axis="y", alpha=0.3)
    ax1.set_title(title, loc="left", fontsize=12)
    ax2.axhline(0, color="#444", lw=0.8)
    ax2.set_ylabel("Goldstein sum")
    ax2.grid(axis="y", alpha=0.3)
    locator = mdates.AutoDateLocator(minticks=4, maxticks=12)
    ax2.xaxis.set_major_locator(locator)
    ax2.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    for ax in (ax1, ax2):
        ax.spines[["top", "right"]].set_visible(False)
    fig.text(0.99, 0.005, "deduplicated events; Goldstein: -10 (conflict) to +10 (cooperation); dragoman",
             ha="right", va="bottom", fontsize=7.5, color="#666")
    fig.tight_layout(rect=(0, 0.025, 1, 1))
    fig.savefig(path, dpi=130)
    plt.close(fig)


def plot_partners(df: pd.DataFrame, path: str, *, country: str, title: str | None = None) -> None:
    """Horizontal bars: a country's partners by number of events (both directions), split by quad class."""
    if df.empty:
        raise StoreError(f"no events between {country} and another country: nothing to plot")
    df = df.iloc[::-1].reset_index(drop=True)         # biggest partner on top
    fig, ax = plt.subplots(figsize=(10, max(3.0, 0.42 * len(df) + 1.6)))
    left = pd.Series(0.0, index=df.index)
    for q in (1, 2, 3, 4):
        vals = df[f"quad{q}"].astype(float)
        ax.barh(df["partner"], vals, left=left, color=QUAD_COLORS[q], label=QUAD_NAMES[q], height=0.7)
        left += vals
    for i, row in df.iterrows():
        ax.text(left[i] + max(left.max() * 0.01, 0.05), i,
                f"{int(row['events'])}  (out {int(row['events_out'])}, in {int(row['events_in'])}; "
                f"mean Goldstein {row['goldstein_mean']:+.1f})", va="center", fontsize=8, color="#333")
    ax.set_xlim(0, left.max() * 1.45 + 1)
    ax.set_xlabel("events with this partner (both directions)")
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.set_title(title or f"{country}: top partners", loc="left", fontsize=12)
    ax.legend(loc="lower right", frameon=False, fontsize=8)
    ax.spines[["top", "right"]].set_visible(False)
    fig.tight_layout()
    fig.savefig(path, dpi=130)
    plt.close(fig)


def plot_quad(df: pd.DataFrame, path: str, *, by: str, title: str, since: str | None = None,
              until: str | None = None) -> None:
    """Stacked bars of events per period by quad class."""
    if df.empty:
        raise StoreError("no events (with these filters): nothing to plot")
    df = df.copy()
    df["period"] = pd.to_datetime(df["period"])
    index = _full_index(df, by, since, until)
    wide = df.pivot_table(index="period", columns="quad_class", values="events", aggfunc="sum").reindex(
        index, fill_value=0).fillna(0)
    width = {"day": 0.8, "week": 5.5, "month": 24, "year": 300}[by]
    fig, ax = plt.subplots(figsize=(11, 4.8))
    bottom = pd.Series(0.0, index=wide.index)
    for q in (1, 2, 3, 4):
        vals = wide[q] if q in wide.columns else pd.Series(0.0, index=wide.index)
        ax.bar(wide.index, vals, bottom=bottom, width=width, color=QUAD_COLORS[q], label=QUAD_NAMES[q])
        bottom += vals
    ax.set_ylabel(f"events per {by}")
    ax.set_ylim(0, max(1.0, float(bottom.max())) * 1.15)     # headroom for the legend
    ax.set_title(title, loc="left", fontsize=12)
    ax.legend(loc="upper left", frameon=False, fontsize=8, ncol=4)
    locator = mdates.AutoDateLocator(minticks=4, maxticks=12)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    ax.spines[["top", "right"]].set_visible(False)
    ax.grid(axis="y", alpha=0.3)
    fig.tight_layout()
    fig.savefig(path, dpi=130)
    plt.close(fig)

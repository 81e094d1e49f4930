"""Deduplication: reports of the same event become one event (the rule is in docs/store.md).

Pure Python over plain row dicts, so every backend clusters the same way. The result depends only
on the *set* of reports in a group, never on the order they arrived in: reports are sorted by
(date, report id) and assigned greedily to the first open event they are compatible with, where
compatible means compatible with every report already in it (complete linkage). Groups are
independent: a group is one dedup key, one date kind and one run of dates with no gap wider than the
window (a "segment"), so an incremental ingest only re-clusters the segments its new reports touch.
"""
from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Iterable

from .base import DedupRule
from .rows import event_id_for
from .schema import columns

_PRECISION_RANK = {"day": 0, "document": 1}


class _Cluster:
    __slots__ = ("members", "first_day", "country", "countries", "sentences")

    def __init__(self, row: dict):
        self.members = [row]
        self.first_day = row["day"]
        self.countries = {row["location_country"]}
        self.sentences = {(row["article_key"], row["sentence_index"]): (row["trigger_start"], row["trigger_end"])}

    def accepts(self, row: dict, rule: DedupRule) -> bool:
        if row["match_kind"] == "day":
            if (row["day"] - self.first_day).days > rule.window_days:
                return False
        country = row["location_country"]
        if rule.location == "compatible":
            known = self.countries - {None}
            if country is not None and known and known != {country}:
                return False
        elif rule.location == "exact":
            if self.countries != {country}:
                return False
        trig = self.sentences.get((row["article_key"], row["sentence_index"]))
        if trig is not None and trig != (row["trigger_start"], row["trigger_end"]):
            return False
        return True

    def add(self, row: dict) -> None:
        self.members.append(row)
        self.countries.add(row["location_country"])
        self.sentences.setdefault((row["article_key"], row["sentence_index"]),
                                  (row["trigger_start"], row["trigger_end"]))


def _order_key(row: dict):
    d = row["day"]
    return (d.toordinal() if isinstance(d, date) else 0, row["report_id"])


def cluster_group(rows: list[dict], rule: DedupRule) -> list[list[dict]]:
    """Cluster the reports of one group (same dedup key, date kind and segment)."""
    rows = sorted(rows, key=_order_key)
    done: list[_Cluster] = []
    open_: list[_Cluster] = []
    for row in rows:
        if row["match_kind"] == "day":
            # events whose first day is already out of the window can take no later report
            still = []
            for c in open_:
                (still if (row["day"] - c.first_day).days <= rule.window_days else done).append(c)
            open_ = still
        for c in open_:
            if c.accepts(row, rule):
                c.add(row)
                break
        else:
            open_.append(_Cluster(row))
    done.extend(open_)
    return [c.members for c in done]


def group_key(row: dict) -> tuple:
    return (row["dedup_key"], row["match_kind"], row["match_value"] or "", row["segment"])


def cluster(rows: Iterable[dict], rule: DedupRule) -> list[list[dict]]:
    groups: dict[tuple, list[dict]] = {}
    for r in rows:
        groups.setdefault(group_key(r), []).append(r)
    out: list[list[dict]] = []
    for key in sorted(groups):
        out.extend(cluster_group(groups[key], rule))
    return out


def _most_common(values, tiebreak=lambda v: v):
    """Most frequent non-null value; ties go to the smallest ``tiebreak(value)``."""
    counts = Counter(v for v in values if v is not None and v != "")
    if not counts:
        return None
    return min(counts, key=lambda v: (-counts[v], tiebreak(v)))


def _max(values):
    vals = [v for v in values if v is not None]
    return max(vals) if vals else None


def event_row(members: list[dict]) -> dict:
    """One deduplicated event from its reports (``members`` in canonical order)."""
    first = members[0]
    kind = first["match_kind"]
    days = [m["day"] for m in members if m["day"] is not None]
    if kind == "day":
        day = _most_common(days, tiebreak=lambda d: d.toordinal())
        precision = "day" if any(m["date_precision"] == "day" for m in members) else "document"
    elif kind in ("month", "year"):
        day, precision = first["day"], kind
    else:
        day, precision = None, None
    cameo = _most_common([m["cameo"] for m in members], tiebreak=lambda c: (-len(c), c))
    with_cameo = next((m for m in members if m["cameo"] == cameo), first)
    loc = _most_common([(m["location_name"], m["location_country"]) for m in members
                        if m["location_name"] or m["location_country"]], tiebreak=lambda t: (t[0] or "", t[1] or ""))
    with_loc = next((m for m in members if (m["location_name"], m["location_country"]) == loc), None)
    url_m = next((m for m in members if m.get("url")), None)
    row = {
        "event_id": event_id_for(first["report_id"]),
        "event_type": first["event_type"],
        "mode": _most_common([m["mode"] for m in members]),
        "context": sorted({c for m in members for c in (m["context"] or ())}),
        "cameo": cameo, "cameo_root": (cameo or "")[:2] or None,
        "goldstein": with_cameo["goldstein"], "quad_class": with_cameo["quad_class"],
        "date": day, "date_precision": precision,
        "date_first": min(days) if days else None, "date_last": max(days) if days else None,
        "location_name": loc[0] if loc else None, "location_country": loc[1] if loc else None,
        "location_lat": with_loc["location_lat"] if with_loc else None,
        "location_lon": with_loc["location_lon"] if with_loc else None,
        "aux_modes": sorted({a for m in members for a in (m["aux_modes"] or ())}),
        "factual": first["factual"],
        "num_mentions": len(members),
        "num_articles": len({m["article_key"] for m in members}),
        "num_sources": len({m.get("source") or "" for m in members}),
        "is_root": any(m["sentence_index"] == 0 for m in members),
        "confidence": _max(m["confidence"] for m in members),
        "size_dead": _max(m["size_dead"] for m in members),
        "size_injured": _max(m["size_injured"] for m in members),
        "size_arrested": _max(m["size_arrested"] for m in members),
        "first_report": first["report_id"], "doc_id": first["doc_id"], "sentence": first["sentence"],
        "trigger_text": first["trigger_text"], "source_url": url_m["url"] if url_m else None,
        "dedup_key": first["dedup_key"],
    }
    for side in ("actor", "recipient"):
        row[f"{side}_country"] = first[f"{side}_country"]
        row[f"{side}_sector"] = first[f"{side}_sector"]
        for f in ("code", "name", "text"):
            row[f"{side}_{f}"] = _most_common([m[f"{side}_{f}"] for m in members])
    return row


def build_events(rows: Iterable[dict], rule: DedupRule) -> tuple[dict[str, list], dict[str, str]]:
    """Columns of the ``events`` table and the report -> event assignment for these rows."""
    cols = {c: [] for c in columns("events")}
    assign: dict[str, str] = {}
    for members in cluster(rows, rule):
        ev = event_row(members)
        for c, values in cols.items():
            values.append(ev[c])
        for m in members:
            assign[m["report_id"]] = ev["event_id"]
    return cols, assign

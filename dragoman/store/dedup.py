"""Deduplication: reports of the same event become one event (the rule is in docs/store.md).

Pure Python over plain row dicts, so every backend clusters the same way. The result depends only
on the *set* of reports in a group (one dedup key, one date kind, one period for month/year dates),
never on the order they arrived in: reports are sorted by (date, report id) and each joins the first
open event it is compatible with, where compatible means compatible with every report already in it
(complete linkage); otherwise it starts a new event.

Incremental updates: in that sweep, a report added at position p changes nothing before p, and the
events still open at p are exactly those whose first day is at most ``window`` days before p's day.
So for a day-dated group it is enough to re-run the sweep over the new reports plus the stored events
whose first day is >= (earliest new day - window): every other event is final (``recluster_plan``).
Re-running it gives exactly what a sweep over the whole group would.
"""
from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Iterable

from .base import DedupRule
from .rows import event_id_for
from .schema import columns



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


class _Sweep:
    """The greedy sweep over reports in canonical order (see the module doc)."""

    def __init__(self, rule: DedupRule):
        self.rule = rule
        self.done: list[_Cluster] = []
        self.open: list[_Cluster] = []

    def add(self, row: dict) -> None:
        if row["match_kind"] == "day":
            # events whose first day is already out of the window can take no later report
            still = []
            for c in self.open:
                (still if (row["day"] - c.first_day).days <= self.rule.window_days else self.done).append(c)
            self.open = still
        for c in self.open:
            if c.accepts(row, self.rule):
                c.add(row)
                return
        self.open.append(_Cluster(row))

    def clusters(self) -> list[_Cluster]:
        return self.done + self.open


def cluster_group(rows: list[dict], rule: DedupRule) -> list[list[dict]]:
    """Cluster the reports of one group (same dedup key, date kind and period)."""
    sweep = _Sweep(rule)
    for row in sorted(rows, key=_order_key):
        sweep.add(row)
    return [c.members for c in sweep.clusters()]


def group_key(row: dict) -> tuple:
    return (row["dedup_key"], row["match_kind"], row["match_value"] or "")


def cluster(rows: Iterable[dict], rule: DedupRule) -> list[list[dict]]:
    groups: dict[tuple, list[dict]] = {}
    for r in rows:
        groups.setdefault(group_key(r), []).append(r)
    out: list[list[dict]] = []
    for key in sorted(groups):
        out.extend(cluster_group(groups[key], rule))
    return out


def _diff(clusters: Iterable[list[dict]], old: dict[str, set[str]]) -> tuple[list[list[str]], set[str]]:
    changed: list[list[str]] = []
    kept: set[str] = set()
    for members in clusters:
        ids = [m["report_id"] for m in members]
        eid = event_id_for(ids[0])
        if old.get(eid) == set(ids):
            kept.add(eid)
        else:
            changed.append(ids)
    return changed, set(old) - kept


def _old_events(rows: Iterable[dict]) -> dict[str, set[str]]:
    old: dict[str, set[str]] = {}
    for r in rows:
        if r["event_id"]:
            old.setdefault(r["event_id"], set()).add(r["report_id"])
    return old


def recluster_plan(rows: Iterable[dict], rule: DedupRule) -> tuple[list[list[str]], set[str]]:
    """Clusters of the given light rows (``report_id``, ``event_id``, ...) that differ from the stored ones.

    ``rows`` must hold every report of every stored event they mention. Returns the changed clusters
    (report ids in canonical order; the first gives the event id) and the stored event ids that no
    longer exist as they were. Unchanged events are left alone.
    """
    rows = list(rows)
    return _diff(cluster(rows, rule), _old_events(rows))


def plan_region(rows: list[dict], rule: DedupRule, last_new: date, end: date
                ) -> tuple[list[list[str]], set[str]] | None:
    """Re-cluster one stretch of a day-dated group around new reports, or None if that is not enough.

    ``rows``: the new reports and every report of the stored events whose first day lies in
    [earliest new day - window, ``end``]. The sweep starts empty at the stretch's start (earlier
    events are final) and stops at the first day boundary e >= ``last_new`` where the events still
    open are exactly the stored ones (same reports so far): from there on nothing changes. Returns
    None when that does not happen by ``end`` (the caller then re-clusters the whole rest).
    """
    w = rule.window_days
    rows = sorted(rows, key=_order_key)
    old_first: dict[str, tuple] = {}
    for r in rows:
        if r["event_id"] and r["event_id"] not in old_first:
            old_first[r["event_id"]] = (r["day"], r["report_id"])
    sweep = _Sweep(rule)

    def synced(e: date) -> list[str] | None:
        """Stored events open after day e, if the sweep's open events equal them; else None."""
        limit = e.toordinal() + 1 - w
        new_open = [c for c in sweep.open if c.first_day.toordinal() >= limit]
        old_open = sorted((first, eid) for eid, first in old_first.items()
                          if limit <= first[0].toordinal() <= e.toordinal())
        if len(new_open) != len(old_open):
            return None
        for c, (_, eid) in zip(new_open, old_open):
            if any(m["event_id"] != eid for m in c.members):
                return None
            if sum(1 for r in members_upto[eid] if r <= e) != len(c.members):
                return None
        return [eid for _, eid in old_open]

    members_upto: dict[str, list[date]] = {}
    for r in rows:
        if r["event_id"]:
            members_upto.setdefault(r["event_id"], []).append(r["day"])
    old_members = _old_events(rows)

    def finish(e: date) -> tuple[list[list[str]], set[str]]:
        limit = e.toordinal() + 1 - w
        closed = [c.members for c in sweep.clusters() if c.first_day.toordinal() < limit]
        old = {eid: old_members[eid] for eid, first in old_first.items() if first[0].toordinal() < limit}
        return _diff(closed, old)

    prev = None
    for row in rows:
        day = row["day"]
        if day > end:
            break
        if prev is not None and day != prev and prev >= last_new:
            if synced(prev) is not None:
                return finish(prev)
        sweep.add(row)
        prev = day
    if synced(end) is not None:
        return finish(end)
    return None


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


def build_events(clusters: Iterable[list[dict]]) -> dict[str, list]:
    """Columns of the ``events`` table for clusters of full report rows (canonical order)."""
    cols = {c: [] for c in columns("events")}
    for members in clusters:
        ev = event_row(members)
        for c, values in cols.items():
            values.append(ev[c])
    return cols

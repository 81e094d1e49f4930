"""Articles to table rows (column lists), and the per-report fields deduplication keys on.

Backend-neutral: any ``Store`` can turn these columns into its own batch format.
"""
from __future__ import annotations

import hashlib
from datetime import date, datetime
from typing import Sequence

from ..record import Actor, Article, Event, Location
from .schema import columns

NON_FACTUAL = ("negation", "future", "hypothetical")


def article_key(doc_id: str, content_hash: str) -> str:
    """The store's article key: the article's id and the hash of its normalised text together."""
    return hashlib.blake2b(f"{content_hash}\x1f{doc_id}".encode("utf-8"), digest_size=8).hexdigest()


def report_id(akey: str, coder_id: str, n: int) -> str:
    return hashlib.blake2b(f"{akey}|{coder_id}|{n}".encode("utf-8"), digest_size=10).hexdigest()


def event_id_for(first_report: str) -> str:
    """A deduplicated event's id: derived from its first report in canonical order."""
    return hashlib.blake2b(f"event|{first_report}".encode("utf-8"), digest_size=8).hexdigest()


def parse_day(value: str | None) -> date | None:
    if not value or len(value) < 10:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def match_fields(ev: Event, article_day: date | None, akey: str) -> tuple[str, str | None, date | None]:
    """``(match_kind, match_value, day)``: how a report's date takes part in deduplication.

    day and document precision -> ("day", None, that day); month -> ("month", "YYYY-MM", 1st);
    year -> ("year", "YYYY", Jan 1st); no usable date -> ("none", article key, None).
    """
    prec = ev.date_precision
    value = ev.date or ""
    if prec is None and value:
        prec = {10: "day", 7: "month", 4: "year"}.get(len(value))
    if prec in ("day", "document"):
        d = parse_day(value) or (article_day if prec == "document" else None)
        if d is not None:
            return "day", None, d
    elif prec == "month" and len(value) >= 7:
        try:
            d = date(int(value[:4]), int(value[5:7]), 1)
            return "month", value[:7], d
        except ValueError:
            pass
    elif prec == "year" and len(value) >= 4 and value[:4].isdigit():
        return "year", value[:4], date(int(value[:4]), 1, 1)
    return "none", akey, None


def dedup_key(ev: Event, factual: bool, rid: str) -> str:
    """Reports can merge only when this key is equal (see docs/store.md)."""
    a, r = ev.actor, ev.recipient
    if not (a.country or a.sector):
        return f"unresolved|{rid}"          # an unknown actor never merges with other reports
    cls = ev.event_type or f"CAMEO{(ev.cameo or '')[:2]}"
    return "|".join((a.country or "", a.sector or "", (r.country or "") if r else "",
                     (r.sector or "") if r else "", cls, "F" if factual else "N"))


def _actor_cols(row: dict, prefix: str, actor: Actor | None) -> None:
    row[f"{prefix}_text"] = actor.text if actor else None
    row[f"{prefix}_country"] = actor.country if actor else None
    row[f"{prefix}_sector"] = actor.sector if actor else None
    row[f"{prefix}_code"] = actor.code if actor else None
    row[f"{prefix}_name"] = actor.name if actor else None


def _loc_cols(row: dict, prefix: str, loc: Location | None) -> None:
    row[f"{prefix}_text"] = loc.text if loc else None
    row[f"{prefix}_name"] = loc.name if loc else None
    row[f"{prefix}_country"] = loc.country if loc else None
    row[f"{prefix}_lat"] = loc.lat if loc else None
    row[f"{prefix}_lon"] = loc.lon if loc else None


class BatchRows:
    """Column lists for one batch, table by table."""

    def __init__(self):
        self.tables: dict[str, dict[str, list]] = {
            t: {c: [] for c in columns(t)} for t in ("articles", "reports", "quotes", "figures", "warnings")}

    def _add(self, table: str, row: dict) -> None:
        cols = self.tables[table]
        for name, values in cols.items():
            values.append(row.get(name))

    def count(self, table: str) -> int:
        return len(self.tables[table]["article_key"])

    def add_article(self, art: Article, *, doc_id: str, content_hash: str, run_id: int | None,
                    now: datetime, store_text: bool = True) -> str:
        akey = article_key(doc_id, content_hash)
        aday = parse_day(art.date)
        self._add("articles", {
            "article_key": akey, "doc_id": doc_id, "content_hash": content_hash, "date": aday,
            "source": art.source, "title": art.title, "url": art.url, "origin": art.origin,
            "coded": bool(art.coded), "n_events": len(art.events), "n_quotes": len(art.quotes),
            "n_figures": len(art.figures), "n_chars": len(art.text or ""),
            "text": (art.text or None) if store_text else None, "run_id": run_id, "ingested_at": now})
        seen: dict[str, int] = {}
        for seq, ev in enumerate(art.events):
            cid = ev.event_id(doc_id)
            n = seen.get(cid, 0)
            seen[cid] = n + 1
            rid = report_id(akey, cid, n)
            self._add("reports", self._report(ev, rid, cid, akey, doc_id, seq, aday))
        for seq, q in enumerate(art.quotes):
            row = {"article_key": akey, "doc_id": doc_id, "seq": seq, "sentence_index": q.sentence_index,
                   "start": q.start, "end": q.end, "text": q.text}
            _actor_cols(row, "speaker", q.speaker)
            self._add("quotes", row)
        for seq, f in enumerate(art.figures):
            row = {"article_key": akey, "doc_id": doc_id, "seq": seq, "number": int(f.number),
                   "what": f.what, "qualifier": f.qualifier, "sentence_index": f.sentence_index,
                   "text": f.text, "date": f.date}
            _actor_cols(row, "claimed_by", f.claimed_by)
            _loc_cols(row, "location", f.location)
            self._add("figures", row)
        for w in art.warnings:
            self._add("warnings", {"article_key": akey, "doc_id": doc_id, "origin": art.origin,
                                   "message": w, "run_id": run_id})
        return akey

    @staticmethod
    def _report(ev: Event, rid: str, cid: str, akey: str, doc_id: str, seq: int, aday: date | None) -> dict:
        aux = sorted(set(ev.aux_modes or ()))
        factual = not any(m in NON_FACTUAL for m in aux)
        kind, value, day = match_fields(ev, aday, akey)
        size = ev.size or {}
        row = {
            "report_id": rid, "event_id": None, "coder_id": cid, "article_key": akey, "doc_id": doc_id,
            "seq": seq, "sentence_index": ev.sentence_index, "sentence": ev.sentence,
            "trigger_text": ev.trigger.text, "trigger_start": ev.trigger.start, "trigger_end": ev.trigger.end,
            "event_type": ev.event_type, "mode": ev.mode, "context": list(ev.context or ()),
            "cameo": ev.cameo, "cameo_root": (ev.cameo or "")[:2] or None,
            "goldstein": float(ev.goldstein) if ev.goldstein is not None else None,
            "quad_class": ev.quad_class,
            "date": ev.date, "date_precision": ev.date_precision, "day": day,
            "aux_modes": aux, "factual": factual, "confidence": float(ev.confidence), "rule": ev.rule,
            "size_dead": size.get("dead"), "size_injured": size.get("injured"),
            "size_arrested": size.get("arrested"),
            "dedup_key": dedup_key(ev, factual, rid), "match_kind": kind, "match_value": value,
        }
        _actor_cols(row, "actor", ev.actor)
        _actor_cols(row, "recipient", ev.recipient)
        _loc_cols(row, "location", ev.location)
        return row


def problem_rows(problems: Sequence[tuple[str, str]], run_id: int | None) -> dict[str, list]:
    uniq = list(dict.fromkeys((o, m) for o, m in problems))
    return {"origin": [o for o, _ in uniq], "message": [m for _, m in uniq],
            "first_run": [run_id] * len(uniq), "last_run": [run_id] * len(uniq), "times_seen": [1] * len(uniq)}

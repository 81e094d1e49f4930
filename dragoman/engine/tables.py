"""Coded articles -> Arrow tables, the row layout of the Parquet parts the Dask engine writes.

``articles_to_tables(articles)`` returns two tables with fixed schemas (so every part of a run has
the same columns and types, even a part with no events):

``events``: one row per event report, the article's identity and metadata first, then the event's
``Event.to_dict()`` flattened (``actor`` -> ``actor_text``, ``actor_country``, ...; ``size`` ->
``size_dead``, ``size_injured``, ``size_arrested``). ``event_id`` is ``Event.event_id(doc_id)``.

``articles``: one row per article, coded or refused, so articles without events are kept. Quotes
and figures are kept as JSON text (their ``to_dict()`` lists) until the store defines their tables.

Dates stay ISO strings as in the JSON contract (``YYYY-MM-DD``, or ``YYYY-MM`` / ``YYYY`` when
the event date is less precise).
"""
from __future__ import annotations

import json
from typing import Iterable

import pyarrow as pa

from ..record import Article

_S, _F, _I, _B = pa.string(), pa.float64(), pa.int32(), pa.bool_()
_LIST = pa.list_(pa.string())
ACTOR_FIELDS = ("text", "country", "sector", "code", "name")
LOCATION_FIELDS = (("text", _S), ("name", _S), ("country", _S), ("lat", _F), ("lon", _F))
SIZE_FIELDS = ("dead", "injured", "arrested")

ARTICLE_ID_FIELDS = [("doc_id", _S), ("content_hash", _S), ("article_date", _S), ("title", _S),
                     ("source", _S), ("url", _S)]

EVENTS_SCHEMA = pa.schema(
    [("doc_id", _S), ("event_id", _S)] + ARTICLE_ID_FIELDS[1:]
    + [("event_type", _S), ("mode", _S), ("context", _LIST), ("cameo", _S), ("goldstein", _F),
       ("quad_class", _I)]
    + [(f"actor_{k}", _S) for k in ACTOR_FIELDS]
    + [(f"recipient_{k}", _S) for k in ACTOR_FIELDS]
    + [("date", _S), ("date_precision", _S)]
    + [(f"location_{k}", t) for k, t in LOCATION_FIELDS]
    + [("sentence", _S), ("sentence_index", _I), ("trigger_text", _S), ("trigger_start", _I),
       ("trigger_end", _I), ("aux_modes", _LIST), ("confidence", _F), ("rule", _S)]
    + [(f"size_{k}", _I) for k in SIZE_FIELDS]
    + [("extra", _S)]           # JSON of any to_dict() key this layout does not know yet, else null
)

ARTICLES_SCHEMA = pa.schema(
    [("doc_id", _S), ("content_hash", _S), ("date", _S), ("title", _S), ("source", _S), ("url", _S),
     ("origin", _S), ("coded", _B), ("n_events", _I), ("n_quotes", _I), ("n_figures", _I),
     ("warnings", _LIST), ("quotes", _S), ("figures", _S), ("text", _S)]
)

SCHEMAS = {"events": EVENTS_SCHEMA, "articles": ARTICLES_SCHEMA}
_KNOWN_EVENT_KEYS = {"event_type", "mode", "context", "cameo", "goldstein", "quad_class", "actor", "recipient",
                     "date", "date_precision", "location", "sentence", "sentence_index", "trigger",
                     "aux_modes", "confidence", "rule", "size"}


def event_row(art: Article, ev) -> dict:
    """One flat row: the article's identity, then the event (``Event.to_dict()`` flattened)."""
    d = ev.to_dict()
    row = {"doc_id": art.doc_id, "event_id": ev.event_id(art.doc_id), "content_hash": art.content_hash,
           "article_date": art.date, "title": art.title, "source": art.source, "url": art.url}
    for k in ("event_type", "mode", "cameo", "goldstein", "quad_class", "date", "date_precision",
              "sentence", "sentence_index", "confidence", "rule"):
        row[k] = d.get(k)
    row["context"] = list(d.get("context") or [])
    row["aux_modes"] = list(d.get("aux_modes") or [])
    for role in ("actor", "recipient"):
        a = d.get(role) or {}
        for k in ACTOR_FIELDS:
            row[f"{role}_{k}"] = a.get(k)
    loc = d.get("location") or {}
    for k, _ in LOCATION_FIELDS:
        row[f"location_{k}"] = loc.get(k)
    trig = d.get("trigger") or {}
    row["trigger_text"], row["trigger_start"], row["trigger_end"] = trig.get("text"), trig.get("start"), trig.get("end")
    size = d.get("size") or {}
    for k in SIZE_FIELDS:
        row[f"size_{k}"] = size.get(k)
    extra = {k: v for k, v in d.items() if k not in _KNOWN_EVENT_KEYS}
    extra.update({f"size.{k}": v for k, v in size.items() if k not in SIZE_FIELDS})
    row["extra"] = json.dumps(extra, ensure_ascii=False, default=str) if extra else None
    return row


def article_row(art: Article) -> dict:
    return {"doc_id": art.doc_id, "content_hash": art.content_hash, "date": art.date, "title": art.title,
            "source": art.source, "url": art.url, "origin": art.origin, "coded": bool(art.coded),
            "n_events": len(art.events), "n_quotes": len(art.quotes), "n_figures": len(art.figures),
            "warnings": list(art.warnings),
            "quotes": json.dumps([q.to_dict() for q in art.quotes], ensure_ascii=False),
            "figures": json.dumps([f.to_dict() for f in art.figures], ensure_ascii=False),
            "text": art.text}


def articles_to_tables(articles: Iterable[Article]) -> dict[str, pa.Table]:
    """``{"events": Table, "articles": Table}`` for ``articles`` (schemas ``EVENTS_SCHEMA``, ``ARTICLES_SCHEMA``)."""
    events: list[dict] = []
    arts: list[dict] = []
    for art in articles:
        arts.append(article_row(art))
        events.extend(event_row(art, ev) for ev in art.events)
    return {"events": pa.Table.from_pylist(events, schema=EVENTS_SCHEMA),
            "articles": pa.Table.from_pylist(arts, schema=ARTICLES_SCHEMA)}


def _actor(row: dict, role: str):
    from ..record import Actor

    if row.get(f"{role}_text") is None and row.get(f"{role}_country") is None and row.get(f"{role}_code") is None:
        return None
    return Actor(text=row.get(f"{role}_text") or "", country=row.get(f"{role}_country"),
                 sector=row.get(f"{role}_sector"), code=row.get(f"{role}_code"), name=row.get(f"{role}_name"))


def _actor_from_dict(d: dict | None):
    from ..record import Actor

    if not d:
        return None
    return Actor(text=d.get("text") or "", country=d.get("country"), sector=d.get("sector"),
                 code=d.get("code"), name=d.get("name"))


def _location_from_dict(d: dict | None):
    from ..record import Location

    if not d:
        return None
    return Location(text=d.get("text") or "", name=d.get("name"), country=d.get("country"),
                    lat=d.get("lat"), lon=d.get("lon"))


def tables_to_articles(events: pa.Table, articles: pa.Table) -> list[Article]:
    """The inverse of ``articles_to_tables``: Parquet parts back to ``Article`` objects (for the store)."""
    from ..record import Event, Figure, Location, Quote, Trigger

    by_doc: dict[tuple, list] = {}
    for row in events.to_pylist():
        loc = None
        if row.get("location_text") is not None or row.get("location_name") is not None:
            loc = Location(text=row.get("location_text") or "", name=row.get("location_name"),
                           country=row.get("location_country"), lat=row.get("location_lat"),
                           lon=row.get("location_lon"))
        size = {k: row[f"size_{k}"] for k in SIZE_FIELDS if row.get(f"size_{k}") is not None} or None
        ev = Event(event_type=row["event_type"], mode=row["mode"], context=list(row.get("context") or []),
                   cameo=row["cameo"], goldstein=row["goldstein"], quad_class=row["quad_class"],
                   actor=_actor(row, "actor"), recipient=_actor(row, "recipient"), sentence=row["sentence"],
                   sentence_index=row["sentence_index"],
                   trigger=Trigger(row["trigger_text"], row["trigger_start"], row["trigger_end"]),
                   rule=row["rule"], date=row["date"], date_precision=row["date_precision"], location=loc,
                   aux_modes=list(row.get("aux_modes") or []), confidence=row["confidence"], size=size)
        by_doc.setdefault((row["doc_id"], row["content_hash"]), []).append(ev)
    out = []
    for row in articles.to_pylist():
        art = Article(doc_id=row["doc_id"], source=row["source"], date=row["date"], title=row["title"],
                      warnings=list(row.get("warnings") or []), url=row["url"], text=row.get("text") or "",
                      content_hash=row["content_hash"], origin=row.get("origin") or "", coded=bool(row["coded"]))
        art.events = by_doc.get((row["doc_id"], row["content_hash"]), [])
        art.quotes = [Quote(_actor_from_dict(q.get("speaker")), q["text"], q["sentence_index"], q["start"], q["end"])
                      for q in json.loads(row.get("quotes") or "[]")]
        art.figures = [Figure(f["number"], f["what"], f.get("qualifier"), _actor_from_dict(f.get("claimed_by")),
                              _location_from_dict(f.get("location")), f["sentence_index"], f["text"], f.get("date"))
                       for f in json.loads(row.get("figures") or "[]")]
        out.append(art)
    return out

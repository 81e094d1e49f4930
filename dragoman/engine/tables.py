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

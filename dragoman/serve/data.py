"""Read-only helpers the explorer needs beyond the store API (SQL over docs/store.md's schema).

Filtering, aggregates and summaries are the store's (``Store.count``, ``query``, ``aggregate``,
``summary``, ``reports_of``); what is here reads what the store API has no call for: a page of events
newest first (with the store's own filter clause), one event, one article and its parts, the
articles list, a country's totals and event types, the last runs, and display names.
"""
from __future__ import annotations

import math
from datetime import date, datetime
from functools import cache

import numpy as np
import pandas as pd

from ..store import Filters, Store

# --- paging ---------------------------------------------------------------------------------------


def events_page(store: Store, f: Filters, page: int, per_page: int) -> tuple[pd.DataFrame, int]:
    """One page of deduplicated events matching ``f``, newest first, and the number of matches.

    ``Store.query`` lists events oldest first and has no offset, so the page is read here; the
    WHERE clause is the store's own (``DuckDBStore._where``, the one ``query`` and ``count`` use),
    so the filters mean exactly what they mean everywhere else (docs/store.md, "Query filters").
    """
    total = store.count("events", filters=f)
    where, params = store._where(f, "events")
    df = store.sql(f"SELECT * FROM events{where} ORDER BY date DESC NULLS LAST, event_id "
                   f"LIMIT {int(per_page)} OFFSET {int((page - 1) * per_page)}", params)
    return df, total


def articles_page(store: Store, q: str | None, page: int, per_page: int) -> tuple[pd.DataFrame, int]:
    """Articles newest first; ``q``: words that must all appear in the title, source or id."""
    parts, params = [], []
    for w in (q or "").lower().split():
        parts.append("contains(lower(concat_ws(' ', title, source, doc_id)), ?)")
        params.append(w)
    where = (" WHERE " + " AND ".join(parts)) if parts else ""
    total = int(store.sql(f"SELECT count(*) AS n FROM articles{where}", params)["n"].iloc[0])
    df = store.sql(f"SELECT article_key, doc_id, date, source, title, url, coded, n_events, n_quotes, "
                   f"n_figures, n_chars FROM articles{where} ORDER BY date DESC NULLS LAST, doc_id "
                   f"LIMIT {int(per_page)} OFFSET {int((page - 1) * per_page)}", params)
    return df, total


# --- one event, one article -----------------------------------------------------------------------


def get_event(store: Store, event_id: str) -> dict | None:
    df = store.sql("SELECT * FROM events WHERE event_id = ?", [event_id])
    return records(df)[0] if len(df) else None


def article_texts(store: Store, keys) -> dict[str, str | None]:
    keys = sorted(set(keys))
    if not keys:
        return {}
    df = store.sql(f"SELECT article_key, text FROM articles WHERE article_key IN ({', '.join('?' for _ in keys)})",
                   keys)
    return {k: clean(t) for k, t in zip(df["article_key"], df["text"])}


def get_article(store: Store, key: str) -> dict | None:
    df = store.sql("SELECT * FROM articles WHERE article_key = ?", [key])
    return records(df)[0] if len(df) else None


def article_parts(store: Store, key: str) -> dict[str, list[dict]]:
    """An article's reports, quotes, figures and warnings, in text order."""
    return {
        "reports": records(store.sql("SELECT * FROM reports WHERE article_key = ? ORDER BY seq", [key])),
        "quotes": records(store.sql("SELECT * FROM quotes WHERE article_key = ? ORDER BY seq", [key])),
        "figures": records(store.sql("SELECT * FROM figures WHERE article_key = ? ORDER BY seq", [key])),
        "warnings": records(store.sql("SELECT message FROM warnings WHERE article_key = ?", [key])),
    }


# --- a country ------------------------------------------------------------------------------------


def country_types(store: Store, country: str, factual_only: bool = True) -> pd.DataFrame:
    """Event types a country takes part in, as actor and as recipient (dated events, as aggregates)."""
    fact = " AND factual" if factual_only else ""
    return store.sql(f"""
        SELECT coalesce(event_type, 'CAMEO ' || cameo_root) AS type, any_value(event_type) AS event_type,
               any_value(cameo_root) AS cameo_root,
               count(*) FILTER (WHERE actor_country = ?) AS as_actor,
               count(*) FILTER (WHERE recipient_country = ?) AS as_recipient,
               count(*) AS events, avg(goldstein) AS goldstein_mean, any_value(quad_class) AS quad_class
        FROM events WHERE (actor_country = ? OR recipient_country = ?) AND date IS NOT NULL{fact}
        GROUP BY 1 ORDER BY events DESC, type""", [country] * 4)


def country_totals(store: Store, country: str, factual_only: bool = True) -> dict:
    fact = " AND factual" if factual_only else ""
    df = store.sql(f"""
        SELECT count(*) AS events, count(*) FILTER (WHERE actor_country = ?) AS as_actor,
               count(*) FILTER (WHERE recipient_country = ?) AS as_recipient,
               min(date) AS first, max(date) AS last, sum(goldstein) AS goldstein_sum
        FROM events WHERE (actor_country = ? OR recipient_country = ?) AND date IS NOT NULL{fact}""",
                   [country] * 4)
    return records(df)[0]


def last_runs(store: Store, n: int = 5) -> list[dict]:
    return records(store.sql(f"SELECT run_id, started_at, finished_at, read, stored, skipped, refused, failed, "
                             f"problems, reports FROM runs ORDER BY run_id DESC LIMIT {int(n)}"))


# --- names ----------------------------------------------------------------------------------------


@cache
def _country_names() -> dict[str, str]:
    from ..datafile import load_package_yaml
    from ..ontology import plover

    names = {code: str(about) for code, about in (plover().get("nonstate") or {}).items()}
    for iso3, c in (load_package_yaml("dragoman.actors", "data", "countries.yaml") or {}).items():
        names[iso3] = (c or {}).get("name") or iso3
    return names


def country_name(code: str | None) -> str | None:
    """``ISR`` -> ``Israel``; ``UNO`` -> ``United Nations``; None when unknown."""
    if not code:
        return None
    return _country_names().get(code.upper())


def cameo_name(code: str | None) -> str | None:
    from ..ontology import cameo

    if not code:
        return None
    try:
        return cameo(code).name
    except KeyError:
        return None


# --- JSON ------------------------------------------------------------------------------------------


def clean(v):
    """A DataFrame cell as plain JSON-able Python: dates as ISO strings, NaN/NaT/NA as None."""
    if v is None or isinstance(v, (str, bool)):
        return v
    if isinstance(v, (int,)) and not isinstance(v, bool):
        return v
    if isinstance(v, float):
        return None if math.isnan(v) or math.isinf(v) else v
    if isinstance(v, (pd.Timestamp, datetime)):
        if pd.isna(v):
            return None
        return v.date().isoformat() if (v.hour, v.minute, v.second, v.microsecond) == (0, 0, 0, 0) else v.isoformat()
    if isinstance(v, date):
        return v.isoformat()
    if isinstance(v, (np.ndarray, list, tuple)):
        return [clean(x) for x in list(v)]
    if isinstance(v, dict):
        return {str(k): clean(x) for k, x in v.items()}
    if isinstance(v, np.generic):
        return clean(v.item())
    try:
        if pd.isna(v):
            return None
    except (TypeError, ValueError):
        pass
    return v


def records(df: pd.DataFrame) -> list[dict]:
    return [{str(k): clean(v) for k, v in row.items()} for row in df.to_dict("records")]

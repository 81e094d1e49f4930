"""Table definitions: one list of columns per table, used for the DDL and the Arrow batches.

docs/store.md explains every column; keep the two in step (a test checks the names).
"""
from __future__ import annotations

import pyarrow as pa

SCHEMA_VERSION = 1

S, I, F, B = pa.string(), pa.int32(), pa.float64(), pa.bool_()
L = pa.list_(pa.string())
D = pa.date32()
T = pa.timestamp("us")
BI = pa.int64()

_SQL = {S: "VARCHAR", I: "INTEGER", F: "DOUBLE", B: "BOOLEAN", L: "VARCHAR[]", D: "DATE", T: "TIMESTAMP",
        BI: "BIGINT"}


def _actor(prefix: str) -> list[tuple[str, pa.DataType]]:
    return [(f"{prefix}_text", S), (f"{prefix}_country", S), (f"{prefix}_sector", S),
            (f"{prefix}_code", S), (f"{prefix}_name", S)]


def _location(prefix: str) -> list[tuple[str, pa.DataType]]:
    return [(f"{prefix}_text", S), (f"{prefix}_name", S), (f"{prefix}_country", S),
            (f"{prefix}_lat", F), (f"{prefix}_lon", F)]


TABLES: dict[str, list[tuple[str, pa.DataType]]] = {
    "articles": [
        ("article_key", S), ("doc_id", S), ("content_hash", S), ("date", D), ("source", S),
        ("title", S), ("url", S), ("origin", S), ("coded", B), ("n_events", I), ("n_quotes", I),
        ("n_figures", I), ("n_chars", I), ("text", S), ("run_id", I), ("ingested_at", T),
    ],
    "reports": [
        ("report_id", S), ("event_id", S), ("coder_id", S), ("article_key", S), ("doc_id", S),
        ("seq", I), ("sentence_index", I), ("sentence", S), ("trigger_text", S),
        ("trigger_start", I), ("trigger_end", I),
        ("event_type", S), ("mode", S), ("context", L), ("cameo", S), ("cameo_root", S),
        ("goldstein", F), ("quad_class", I),
        *_actor("actor"), *_actor("recipient"),
        ("date", S), ("date_precision", S), ("day", D),
        *_location("location"),
        ("aux_modes", L), ("factual", B), ("confidence", F), ("rule", S),
        ("size_dead", I), ("size_injured", I), ("size_arrested", I),
        ("dedup_key", S), ("match_kind", S), ("match_value", S),
    ],
    "events": [
        ("event_id", S), ("event_type", S), ("mode", S), ("context", L), ("cameo", S),
        ("cameo_root", S), ("goldstein", F), ("quad_class", I),
        ("actor_country", S), ("actor_sector", S), ("actor_code", S), ("actor_name", S), ("actor_text", S),
        ("recipient_country", S), ("recipient_sector", S), ("recipient_code", S), ("recipient_name", S),
        ("recipient_text", S),
        ("date", D), ("date_precision", S), ("date_first", D), ("date_last", D),
        ("location_name", S), ("location_country", S), ("location_lat", F), ("location_lon", F),
        ("aux_modes", L), ("factual", B),
        ("num_mentions", I), ("num_articles", I), ("num_sources", I),
        ("is_root", B), ("confidence", F),
        ("size_dead", I), ("size_injured", I), ("size_arrested", I),
        ("first_report", S), ("doc_id", S), ("sentence", S), ("trigger_text", S), ("source_url", S),
        ("dedup_key", S),
    ],
    "quotes": [
        ("article_key", S), ("doc_id", S), ("seq", I), ("sentence_index", I), ("start", I), ("end", I),
        ("text", S), *_actor("speaker"),
    ],
    "figures": [
        ("article_key", S), ("doc_id", S), ("seq", I), ("number", BI), ("what", S), ("qualifier", S),
        *_actor("claimed_by"), *_location("location"), ("sentence_index", I), ("text", S), ("date", S),
    ],
    "warnings": [
        ("article_key", S), ("doc_id", S), ("origin", S), ("message", S), ("run_id", I),
    ],
    "problems": [
        ("origin", S), ("message", S), ("first_run", I), ("last_run", I), ("times_seen", I),
    ],
    "runs": [
        ("run_id", I), ("started_at", T), ("finished_at", T), ("paths", S), ("version", S),
        ("config", S), ("read", I), ("stored", I), ("skipped", I), ("refused", I), ("failed", I),
        ("problems", I), ("reports", I),
    ],
    "meta": [("key", S), ("value", S)],
}

PRIMARY_KEYS = {
    "articles": ("article_key",), "reports": ("report_id",), "events": ("event_id",),
    "quotes": ("article_key", "seq"), "figures": ("article_key", "seq"),
    "problems": ("origin", "message"), "runs": ("run_id",), "meta": ("key",),
}


def arrow_schema(table: str) -> pa.Schema:
    return pa.schema(TABLES[table])


def columns(table: str) -> list[str]:
    return [name for name, _ in TABLES[table]]


def ddl(table: str) -> str:
    cols = [f'"{name}" {_SQL[typ]}' for name, typ in TABLES[table]]
    pk = PRIMARY_KEYS.get(table)
    if pk:
        cols.append(f"PRIMARY KEY ({', '.join(pk)})")
    return f"CREATE TABLE IF NOT EXISTS {table} (\n  " + ",\n  ".join(cols) + "\n)"


def to_arrow(table: str, rows: dict[str, list]) -> pa.Table:
    """Columns (name -> list) to an Arrow table with the table's exact schema."""
    schema = arrow_schema(table)
    n = len(next(iter(rows.values()))) if rows else 0
    arrays = [pa.array(rows.get(name, [None] * n), type=typ) for name, typ in TABLES[table]]
    return pa.Table.from_arrays(arrays, schema=schema)

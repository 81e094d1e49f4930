"""The event store: coded articles, event reports and deduplicated events in a database.

>>> from dragoman.store import open_store
>>> with open_store("dragoman.duckdb", read_only=True) as store:       # doctest: +SKIP
...     df = store.query(actor="ISR", recipient="PSE", type="ASSAULT", since="2024-01-01")
...     weekly = store.aggregate("dyad", actor="ISR", recipient="PSE", by="week")

``ingest(paths, store)`` codes and stores files; docs/store.md documents the tables, the
deduplication rule and the export formats. Storage sits behind ``Store`` (``base.py``) so another
database can be added without touching the coder.
"""
from __future__ import annotations

import os

from .base import DedupRule, Filters, Store, StoreError
from .ingest import IngestResult, Progress, count_inputs, ingest, store_articles

DEFAULT_DB = "dragoman.duckdb"


def open_store(path: str | os.PathLike = DEFAULT_DB, *, read_only: bool = False,
               dedup: DedupRule | None = None, store_text: bool = True) -> Store:
    """Open (or create) the store at ``path``.

    ``dedup`` sets the deduplication rule of a new database; given for an existing database with
    another rule, every event is re-clustered under the new one. ``store_text=False`` keeps article
    texts out of the database (sentences of events are always kept).
    """
    from .duckdb_store import DuckDBStore

    return DuckDBStore(path, read_only=read_only, dedup=dedup, store_text=store_text)


__all__ = ["store_articles", "DEFAULT_DB", "DedupRule", "Filters", "IngestResult", "Progress", "Store", "StoreError",
           "count_inputs", "ingest", "open_store"]

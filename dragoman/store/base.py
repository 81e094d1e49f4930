"""The storage interface the ingest loop, the CLI and the API talk to.

A backend (``DuckDBStore`` today, a server database later) implements ``Store``; nothing outside
``dragoman.store`` knows which one it is. Rows cross the interface as pandas DataFrames or as
``dragoman.record.Article`` objects, never as backend objects.
"""
from __future__ import annotations

import json
from abc import ABC, abstractmethod
from dataclasses import asdict, dataclass, field
from typing import Iterable, Sequence

import pandas as pd

from ..record import Article

PERIODS = ("day", "week", "month", "year")
LOCATION_RULES = ("compatible", "exact", "ignore")
EXPORT_FORMATS = ("parquet", "csv", "plover-jsonl", "gdelt")
EXPORT_TABLES = ("events", "reports", "articles", "quotes", "figures")


class StoreError(Exception):
    """A store problem a user can act on (locked file, missing database, bad filter, ...)."""


@dataclass(frozen=True, slots=True)
class DedupRule:
    """When two reports describe the same event (see docs/store.md, "Deduplication").

    ``window_days``: day-precision (and document-precision) reports match when their dates are at
    most this many days apart, measured over the whole event (every pair of its reports).
    ``location``: ``compatible`` (same location country, or one of them has none), ``exact``
    (same location country, or both none) or ``ignore``.
    """
    window_days: int = 1
    location: str = "compatible"

    def __post_init__(self):
        if self.window_days < 0:
            raise ValueError("window_days must be >= 0")
        if self.location not in LOCATION_RULES:
            raise ValueError(f"location rule must be one of {', '.join(LOCATION_RULES)}")

    def to_json(self) -> str:
        return json.dumps(asdict(self), sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> "DedupRule":
        return cls(**json.loads(text))


@dataclass(slots=True)
class Filters:
    """Event filters shared by ``query``, ``aggregate`` and ``export``.

    ``actor``/``recipient``: codes matched as a prefix of the actor code (``ISR`` matches ``ISR``,
    ``ISRMIL``, ``ISRGOV``) or equal to the actor's country; several values mean any of them.
    ``types``: PLOVER types; ``cameo``: CAMEO code prefixes; ``since``/``until``: inclusive
    event dates (YYYY-MM-DD); ``text``: words that must all appear in a report's sentence.
    ``factual_only`` drops negated, future and hypothetical events.
    """
    actor: Sequence[str] = ()
    recipient: Sequence[str] = ()
    types: Sequence[str] = ()
    cameo: Sequence[str] = ()
    since: str | None = None
    until: str | None = None
    text: str | None = None
    factual_only: bool = False

    @classmethod
    def make(cls, **kw) -> "Filters":
        norm = {}
        for key in ("actor", "recipient", "types", "cameo"):
            v = kw.pop(key, ())
            if isinstance(v, str):
                v = [p for p in v.replace(",", " ").split() if p]
            norm[key] = tuple(x.strip().upper() for x in (v or ()) if x and x.strip())
        if "type" in kw:
            v = kw.pop("type")
            v = [v] if isinstance(v, str) else list(v or ())
            norm["types"] = tuple(norm["types"]) + tuple(x.strip().upper() for x in v if x)
        return cls(**norm, **kw)


@dataclass(slots=True)
class BatchResult:
    articles: int = 0        # articles stored (coded or refused)
    reports: int = 0         # event reports stored
    events_touched: int = 0  # deduplicated events rewritten by this batch


@dataclass(slots=True)
class RunInfo:
    run_id: int
    counts: dict = field(default_factory=dict)


class Store(ABC):
    """What dragoman needs from a database. Every write method is atomic."""

    dedup: DedupRule

    # --- ingest ------------------------------------------------------------------------------
    @abstractmethod
    def known_articles(self, keys: Iterable[tuple[str, str]]) -> set[tuple[str, str]]:
        """The subset of ``(content_hash, doc_id)`` pairs already stored."""

    @abstractmethod
    def begin_run(self, paths: Sequence[str], config: dict) -> int:
        """Record the start of an ingest run; returns its id."""

    @abstractmethod
    def finish_run(self, run_id: int, counts: dict) -> None:
        """Record the end of a run and what it did."""

    @abstractmethod
    def write_batch(self, articles: Sequence[Article], problems: Sequence[tuple[str, str]] = (),
                    run_id: int | None = None) -> BatchResult:
        """Store articles (events, quotes, figures, warnings) and reading problems in one
        transaction, and merge their event reports into the deduplicated events."""

    @abstractmethod
    def recluster_all(self, rule: DedupRule | None = None) -> int:
        """Re-cluster every stored report (under ``rule`` if given, which then becomes the store's)."""

    # --- read --------------------------------------------------------------------------------
    @abstractmethod
    def count(self, level: str = "events", **filters) -> int:
        """How many events (or ``reports``, ``articles``) match the filters."""

    @abstractmethod
    def query(self, *, level: str = "events", limit: int | None = None, **filters) -> pd.DataFrame:
        """Deduplicated events (``level="events"``) or raw reports (``"reports"``) matching filters."""

    @abstractmethod
    def aggregate(self, what: str, **kw) -> pd.DataFrame:
        """``dyads`` (counts and Goldstein by period), ``dyad`` (one pair both ways), ``quad``,
        ``partners`` (a country's top partners)."""

    @abstractmethod
    def summary(self) -> dict:
        """Counts, date range, top types and dyads."""

    @abstractmethod
    def export(self, path: str, fmt: str, *, table: str = "events", **filters) -> int:
        """Write ``parquet``, ``csv``, ``plover-jsonl`` or ``gdelt``; returns the number of rows."""

    @abstractmethod
    def reports_of(self, event_id: str) -> pd.DataFrame:
        """The raw reports merged into one event."""

    @abstractmethod
    def close(self) -> None: ...

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

"""The ingest loop: read -> skip what is stored -> code -> write, one transaction per batch.

Already-stored articles (same id and same normalised-text hash) are skipped *before* coding, batch by
batch, so a second run over the same files is fast and a run killed at any point resumes where the
last committed batch ended. The coding step is any object with ``code_stream(raws) -> Iterator[Article]``
(a ``dragoman.Pipeline`` by default; tests pass fakes).
"""
from __future__ import annotations

import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator, Protocol, Sequence

from ..read import JSONL_SUFFIXES, KNOWN_SUFFIXES, Problem, read_paths
from ..record import Article, RawArticle
from .base import Store


class Coder(Protocol):
    def code_stream(self, raws: Iterable[RawArticle]) -> Iterator[Article]: ...


@dataclass(slots=True)
class IngestResult:
    read: int = 0         # articles read (problems not counted)
    stored: int = 0       # new articles stored (coded or refused)
    skipped: int = 0      # already in the store (or repeated in this run)
    refused: int = 0      # stored as not coded (empty, other language, ...)
    failed: int = 0       # the coder raised on them: not stored, retried next run
    problems: int = 0     # unreadable input items
    reports: int = 0      # event reports stored
    batches: int = 0
    seconds: float = 0.0
    coding_seconds: float = 0.0
    store_seconds: float = 0.0
    messages: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not (self.refused or self.failed or self.problems)

    def counts(self) -> dict:
        return {k: getattr(self, k) for k in ("read", "stored", "skipped", "refused", "failed", "problems",
                                              "reports")}


def count_inputs(paths: Sequence[str | Path]) -> int | None:
    """A cheap article count for the progress bar: lines of JSONL files, one per other file.

    None when a path is stdin or the count is not cheap to know.
    """
    total = 0
    for p in paths:
        if str(p) == "-":
            return None
        path = Path(p)
        if path.is_dir():
            files = [f for f in path.rglob("*") if f.is_file() and f.suffix.lower() in KNOWN_SUFFIXES]
        elif path.is_file():
            files = [path]
        else:
            continue
        for f in files:
            if f.suffix.lower() in JSONL_SUFFIXES:
                total += _count_lines(f)
            else:
                total += 1
    return total


def _count_lines(path: Path) -> int:
    n, last = 0, b"\n"
    try:
        with path.open("rb") as fh:
            while chunk := fh.read(1 << 20):
                n += chunk.count(b"\n")
                last = chunk[-1:]
    except OSError:
        return 0
    return n + (last != b"\n")


class Progress:
    """tqdm on a terminal; plain log lines every ``every`` seconds in a pipe."""

    def __init__(self, total: int | None, *, stream=None, tty: bool | None = None, every: float = 30.0,
                 enabled: bool = True):
        self.stream = stream or sys.stderr
        self.total = total
        self.enabled = enabled
        self.tty = self.stream.isatty() if tty is None else tty
        self.every = every
        self.start = self.last = time.monotonic()
        self.done = 0
        self.bar = None
        if enabled and self.tty:
            from tqdm import tqdm

            self.bar = tqdm(total=total, unit=" articles", file=self.stream, dynamic_ncols=True,
                            smoothing=0.1, desc="ingest")

    def update(self, n: int, res: IngestResult) -> None:
        self.done += n
        if not self.enabled:
            return
        if self.bar is not None:
            self.bar.update(n)
            self.bar.set_postfix(new=res.stored, skipped=res.skipped, reports=res.reports, refresh=False)
            return
        now = time.monotonic()
        if now - self.last >= self.every:
            self.last = now
            self.stream.write(self.line(res) + "\n")
            self.stream.flush()

    def line(self, res: IngestResult) -> str:
        elapsed = max(time.monotonic() - self.start, 1e-9)
        rate = self.done / elapsed
        of = f"/{self.total}" if self.total else ""
        eta = ""
        if self.total and rate > 0 and self.done < self.total:
            eta = f", ETA {_hms((self.total - self.done) / rate)}"
        return (f"ingest: {self.done}{of} articles, {res.stored} new, {res.skipped} already stored, "
                f"{res.reports} reports, {rate:.1f} articles/s, elapsed {_hms(elapsed)}{eta}")

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def _hms(seconds: float) -> str:
    s = int(round(seconds))
    return f"{s // 3600}:{s % 3600 // 60:02d}:{s % 60:02d}"


def _identity(raw: RawArticle) -> tuple[str, str]:
    h = raw.content_hash()
    return h, raw.doc_id or h


def code_batch(coder: Coder, raws: list[RawArticle],
               on_failure: Callable[[RawArticle, BaseException], None],
               tick: Callable[[], None] = lambda: None) -> list[tuple[RawArticle, Article]]:
    """Code ``raws``; when the coder raises, code the rest one by one so one bad article costs only itself."""
    out: list[tuple[RawArticle, Article]] = []
    try:
        for art in coder.code_stream(iter(raws)):
            out.append((raws[len(out)], art))
            tick()
    except Exception:
        rest = raws[len(out):]
        for raw in rest:
            try:
                arts = list(coder.code_stream([raw]))
            except Exception as exc:    # one article broke the coder: report, do not store, retry next run
                on_failure(raw, exc)
            else:
                out.extend((raw, a) for a in arts[:1])
            tick()
    return out


def ingest(paths: Sequence[str | Path], store: Store, pipeline: Coder | None = None, *,
           default_date: str | None = None, batch_size: int = 100, progress: Progress | None = None,
           warn: Callable[[str], None] | None = None, config: dict | None = None,
           raws: Iterable[RawArticle | Problem] | None = None) -> IngestResult:
    """Code and store every article under ``paths``; returns what happened.

    ``raws`` replaces reading ``paths`` (for callers that read themselves). Problems and article
    warnings go to ``warn`` (stderr lines naming file and line in the CLI).
    """
    if pipeline is None:
        from ..pipeline import Pipeline

        pipeline = Pipeline()
    warn = warn or (lambda m: None)
    res = IngestResult()
    t0 = time.monotonic()
    run_id = store.begin_run([str(p) for p in paths], config or {})
    items = raws if raws is not None else read_paths(paths, default_date)
    pending: list[RawArticle] = []
    problems: list[tuple[str, str]] = []

    def failure(raw: RawArticle, exc: BaseException) -> None:
        res.failed += 1
        msg = f"coding failed ({type(exc).__name__}: {str(exc)[:200]}); not stored, will be retried"
        warn(f"{raw.origin or raw.doc_id}: {msg}")
        problems.append((raw.origin or raw.doc_id or "?", msg))

    def flush() -> None:
        nonlocal pending, problems
        batch, pending = pending, []
        res.read += len(batch)
        ids = [_identity(r) for r in batch]
        known = store.known_articles(set(ids)) if ids else set()
        todo: list[RawArticle] = []
        seen: set[tuple[str, str]] = set()
        for raw, key in zip(batch, ids):
            if key in known or key in seen:
                res.skipped += 1
            else:
                seen.add(key)
                todo.append(raw)
        if progress is not None and len(batch) > len(todo):
            progress.update(len(batch) - len(todo), res)
        tick = (lambda: progress.update(1, res)) if progress is not None else (lambda: None)
        t1 = time.monotonic()
        coded = code_batch(pipeline, todo, failure, tick) if todo else []
        t2 = time.monotonic()
        articles = []
        for raw, art in coded:
            h, doc_id = _identity(raw)
            art.doc_id, art.content_hash = doc_id, h      # the store's identity is the raw article's
            art.origin = art.origin or raw.origin
            for w in art.warnings:
                warn(w)
            if not art.coded:
                res.refused += 1
            articles.append(art)
        if articles or problems:
            out = store.write_batch(articles, problems, run_id)
            res.stored += out.articles
            res.reports += out.reports
            res.batches += 1
        res.coding_seconds += t2 - t1
        res.store_seconds += time.monotonic() - t2
        problems = []
        if progress is not None:
            progress.update(0, res)

    try:
        for item in items:
            if isinstance(item, Problem):
                res.problems += 1
                warn(str(item))
                problems.append((item.origin, item.message))
                if progress is not None:
                    progress.update(1, res)
                continue
            pending.append(item)
            if len(pending) >= batch_size:
                flush()
        if pending or problems:
            flush()
    finally:
        res.seconds = time.monotonic() - t0
        if progress is not None:
            progress.close()
        try:
            store.finish_run(run_id, res.counts())
        except Exception:   # an interrupted run still keeps every committed batch
            pass
    return res


def store_articles(articles: Iterable[Article], store: Store, *, batch_size: int = 100,
                   warn: Callable[[str], None] | None = None, config: dict | None = None,
                   sources: Sequence[str] = ()) -> IngestResult:
    """Store articles already coded elsewhere (the Dask engine's Parquet parts), skipping those
    the store has; one transaction per batch, as ``ingest`` does."""
    warn = warn or (lambda m: None)
    res = IngestResult()
    t0 = time.monotonic()
    run_id = store.begin_run([str(s) for s in sources], config or {})
    pending: list[Article] = []

    def flush() -> None:
        nonlocal pending
        batch, pending = pending, []
        ids = [(a.content_hash, a.doc_id) for a in batch]
        known = store.known_articles(set(ids))
        fresh, seen = [], set()
        for art, key in zip(batch, ids):
            if key in known or key in seen:
                res.skipped += 1
                continue
            seen.add(key)
            for w in art.warnings:
                warn(w)
            res.refused += not art.coded
            fresh.append(art)
        t1 = time.monotonic()
        if fresh:
            out = store.write_batch(fresh, [], run_id)
            res.stored += out.articles
            res.reports += out.reports
            res.batches += 1
        res.store_seconds += time.monotonic() - t1

    try:
        for art in articles:
            res.read += 1
            pending.append(art)
            if len(pending) >= batch_size:
                flush()
        if pending:
            flush()
    finally:
        res.seconds = time.monotonic() - t0
        try:
            store.finish_run(run_id, res.counts())
        except Exception:
            pass
    return res

"""The Dask engine: code large corpora on a Dask distributed cluster, writing Parquet parts.

    from dragoman.engine import run_dask
    result = run_dask(["news/2024/"], "out/", scheduler="tcp://10.0.0.5:8786")
    result.parts        # out/events/part-000000.parquet, ..., out/articles/part-000000.parquet, ...
    result.problems     # Problem(origin, message) for unreadable input and articles the coder failed on

How the work is split:

1. *Planning runs on the cluster*, one small task per input path: the worker lists directories and
   indexes JSONL files (it counts lines, keeping the byte offset of every ``partition_articles``-th
   line). The client never opens the input, so it does not need to see the files at all.
2. *Each partition is a task*: a byte range of one JSONL file (with the number of its first line,
   so ids and messages read ``file.jsonl:1234`` exactly as with the local engine) or a group of
   ``.txt``/``.html`` files. The worker reads its own range, codes it with the Pipeline it keeps for
   the life of the process (model loaded once), and writes ``events/part-NNNNNN.parquet`` and
   ``articles/part-NNNNNN.parquet`` (layout: ``dragoman.engine.tables``).
3. *Writes are atomic*: a part is written under a hidden temporary name (``.part-NNNNNN.parquet.<id>.tmp``,
   ignored by Parquet readers and globs) and renamed into place, so a task that is killed or retried
   never leaves a half-written part; a retried task overwrites its part with the same content.

An article the coder raises on costs only itself: the partition is recoded one article at a time
around it and the failure comes back as a Problem (``coding failed (...)``).
"""
from __future__ import annotations

import os
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from itertools import chain, repeat
from pathlib import Path
from typing import Iterator, Sequence

from ..config import Config
from ..read import JSONL_SUFFIXES, KNOWN_SUFFIXES, Problem, read_file, read_jsonl
from ..record import Article, RawArticle

DEFAULT_PARTITION = 500       # articles per task: ~1-2 min of work per core, small enough to retry
TABLES = ("events", "articles")


@dataclass(slots=True)
class Partition:
    index: int
    kind: str                         # "jsonl": a line range of one file; "files": whole-file articles
    path: str = ""                    # jsonl: the file
    start: int = 0                    # jsonl: byte range [start, end)
    end: int = 0
    first_line: int = 1               # jsonl: number of the line at ``start``
    files: list[str] = field(default_factory=list)    # files: one article each

    def name(self) -> str:
        return f"part-{self.index:06d}.parquet"


@dataclass(slots=True)
class PartResult:
    index: int
    paths: dict[str, str]             # table name -> part path
    articles: int = 0
    events: int = 0
    problems: list[Problem] = field(default_factory=list)
    failed: int = 0                   # articles the coder raised on
    timings: dict = field(default_factory=dict)
    skipped: bool = False             # resume=True and the part was already there


@dataclass(slots=True)
class DaskResult:
    parts: list[str]                  # every Parquet part written (or kept, with resume), by partition
    problems: list[Problem]           # reader problems and coding failures, in partition order
    partitions: int = 0
    articles: int = 0
    events: int = 0
    failed: int = 0
    seconds: float = 0.0
    timings: Counter = field(default_factory=Counter)   # seconds per stage summed over workers

    def tables(self, name: str) -> list[str]:
        """The parts of one table (``events`` or ``articles``)."""
        return [p for p in self.parts if Path(p).parent.name == name]


# --- planning (runs on a worker) ------------------------------------------------------------------
def plan_path(path: str, partition_articles: int) -> tuple[list[Partition], list[Problem]]:
    """Partitions of one input path (numbered from 0; ``run_dask`` renumbers them globally)."""
    p = Path(path)
    problems: list[Problem] = []
    if p.is_dir():
        files = sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in KNOWN_SUFFIXES)
        if not files:
            problems.append(Problem(str(p), "directory holds no .txt, .jsonl or .html files"))
    elif p.exists():
        files = [p]
    else:
        return [], [Problem(str(p), "no such file or directory")]
    parts: list[Partition] = []
    loose: list[str] = []

    def flush_loose():
        if loose:
            parts.append(Partition(0, "files", files=list(loose)))
            loose.clear()

    for f in files:
        if f.suffix.lower() in JSONL_SUFFIXES:
            flush_loose()
            try:
                parts.extend(_jsonl_partitions(f, partition_articles))
            except OSError as exc:
                problems.append(Problem(str(f), f"cannot read: {exc.strerror or exc}"))
        else:
            loose.append(str(f))
            if len(loose) >= partition_articles:
                flush_loose()
    flush_loose()
    return parts, problems


def _jsonl_partitions(path: Path, per: int) -> Iterator[Partition]:
    """Byte ranges of ``per`` lines each, found by counting newlines (the file is read once, in chunks)."""
    starts = [(0, 1)]                 # (byte offset, line number) of each partition's first line
    line, pos = 1, 0                  # number of the line being read, offset of the chunk
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 22):
            nl = chunk.count(b"\n")
            next_cut = starts[-1][1] + per          # the line number that opens the next partition
            if line + nl >= next_cut:               # a boundary falls in this chunk: find it
                j = -1
                for _ in range(nl):
                    j = chunk.find(b"\n", j + 1)
                    line += 1
                    if line == next_cut:
                        starts.append((pos + j + 1, line))
                        next_cut += per
            else:
                line += nl
            pos += len(chunk)
    size = pos
    bounds = [s for s in starts if s[0] < size] or [(0, 1)]
    for k, (start, first) in enumerate(bounds):
        end = bounds[k + 1][0] if k + 1 < len(bounds) else size
        if end > start:
            yield Partition(0, "jsonl", path=str(path), start=start, end=end, first_line=first)


# --- coding a partition (runs on a worker) --------------------------------------------------------
_PIPELINES: dict = {}


def _pipeline(config: Config):
    """This worker process's Pipeline for ``config`` (model loaded once per process) and the
    seconds it took to start it (0.0 when it was already there)."""
    pipe = _PIPELINES.get(config)
    if pipe is not None:
        return pipe, 0.0
    from ..pipeline import Pipeline
    from .local import warm_up

    pipe = Pipeline(config)
    start = warm_up(pipe)
    _PIPELINES[config] = pipe
    return pipe, start


def _range_lines(path: str, start: int, end: int) -> Iterator[bytes]:
    with open(path, "rb") as fh:
        fh.seek(start)
        pos = start
        for raw in fh:
            if pos >= end:
                return
            pos += len(raw)
            yield raw


def read_partition(part: Partition, default_date: str | None = None) -> Iterator[RawArticle | Problem]:
    """The articles and problems of one partition, exactly as ``read_paths`` would give them."""
    if part.kind == "files":
        for f in part.files:
            yield from read_file(Path(f), default_date)
        return
    try:
        lines = _range_lines(part.path, part.start, part.end)
        # read_jsonl numbers lines from 1 and skips blank ones: blank lines in front make its line
        # numbers (ids "stem:N", origins "path:N") those of the whole file
        yield from read_jsonl(chain(repeat(b"\n", part.first_line - 1), lines), part.path, default_date)
    except OSError as exc:
        yield Problem(part.path, f"cannot read: {exc.strerror or exc}")


def code_robustly(pipe, raws: list[RawArticle]) -> tuple[list[Article], list[Problem]]:
    """Code ``raws``; if the coder raises, recode them one by one so a bad article costs only itself."""
    try:
        return list(pipe.code_stream(raws)), []
    except Exception:
        pass
    arts, failures = [], []
    for raw in raws:
        try:
            arts.extend(pipe.code_stream([raw]))
        except Exception as exc:
            failures.append(Problem(raw.origin or raw.doc_id or "?",
                                    f"coding failed ({type(exc).__name__}: {str(exc)[:200]})"))
    return arts, failures


def write_atomic(table, path: Path) -> None:
    """Write a Parquet file under a hidden temporary name in the same directory, then rename it."""
    import pyarrow.parquet as pq

    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex[:12]}.tmp")
    try:
        pq.write_table(table, tmp, compression="zstd")
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()


def code_partition(part: Partition, out_dir: str, config: Config, default_date: str | None = None,
                   resume: bool = False) -> PartResult:
    """Read, code and write one partition; returns its part paths, counts and problems."""
    from .local import DEFAULT_BATCH_CHARS, release_memory
    from .tables import articles_to_tables

    out = Path(out_dir)
    paths = {t: str(out / t / part.name()) for t in TABLES}
    if resume and all(Path(p).exists() for p in paths.values()):
        import pyarrow.parquet as pq

        return PartResult(part.index, paths, articles=pq.read_metadata(paths["articles"]).num_rows,
                          events=pq.read_metadata(paths["events"]).num_rows, skipped=True)
    pipe, start = _pipeline(config)
    before = Counter(pipe.timings)
    t0 = time.perf_counter()
    articles: list[Article] = []
    problems: list[Problem] = []
    failed = 0
    batch: list[RawArticle] = []

    chars = 0

    def flush():
        nonlocal failed, chars
        arts, fails = code_robustly(pipe, batch)
        articles.extend(arts)
        problems.extend(fails)
        failed += len(fails)
        batch.clear()
        chars = 0
        release_memory()

    for item in read_partition(part, default_date):
        if isinstance(item, Problem):
            problems.append(item)
            continue
        if batch and chars + len(item.text) > DEFAULT_BATCH_CHARS:
            flush()
        batch.append(item)
        chars += len(item.text)
        if len(batch) >= config.batch_size:
            flush()
    if batch:
        flush()
    tables = articles_to_tables(articles)
    for name in TABLES:
        write_atomic(tables[name], Path(paths[name]))
    timings = Counter(pipe.timings)
    timings.subtract(before)
    timings["worker"] += time.perf_counter() - t0
    if start:
        timings["start"] += start
    return PartResult(part.index, paths, articles=len(articles), events=tables["events"].num_rows,
                      problems=problems, failed=failed, timings=dict(timings))


# --- the client -----------------------------------------------------------------------------------
def run_dask(paths: Sequence[str | os.PathLike], out_dir: str | os.PathLike, config: Config | None = None,
             scheduler: str | None = None, n_workers: int = 2, partition_articles: int = DEFAULT_PARTITION, *,
             default_date: str | None = None, resume: bool = False, retries: int = 2,
             memory_limit: str | None = "auto", progress=None) -> DaskResult:
    """Code ``paths`` (files and directories; not stdin) on a Dask cluster into Parquet parts in ``out_dir``.

    ``scheduler`` is a scheduler address (``tcp://host:8786``); without one a ``LocalCluster`` of
    ``n_workers`` processes with one thread each is started here and stopped at the end. Paths are
    opened by the workers, so on a real cluster they must be readable at the same path on every
    worker (a shared filesystem). ``partition_articles`` is the number of articles per task.
    ``resume=True`` keeps parts already in ``out_dir`` (only valid for the same input and config).
    ``progress`` is called as ``progress(done_partitions, total_partitions, PartResult)``.
    """
    from dask.distributed import Client, LocalCluster, as_completed

    if any(str(p) == "-" for p in paths):
        raise ValueError("the Dask engine reads files and directories, not stdin ('-'); "
                         "use the local engine (dragoman.engine.code_articles) for a stream")
    if partition_articles < 1:
        raise ValueError("partition_articles must be at least 1")
    config = config or Config()
    out = Path(out_dir)
    for t in TABLES:
        (out / t).mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    cluster = None
    if scheduler is None:
        cluster = LocalCluster(n_workers=n_workers, threads_per_worker=1, processes=True,
                               dashboard_address=None, memory_limit=memory_limit)
        client = Client(cluster)
    else:
        client = Client(scheduler)
    try:
        plans = client.gather(client.map(plan_path, [str(p) for p in paths], partition_articles=partition_articles,
                                         pure=False, retries=retries))
        partitions: list[Partition] = []
        plan_problems: list[Problem] = []
        for parts, probs in plans:
            for part in parts:
                part.index = len(partitions)
                partitions.append(part)
            plan_problems.extend(probs)
        run = uuid.uuid4().hex[:8]
        futures = client.map(code_partition, partitions, out_dir=str(out), config=config,
                             default_date=default_date, resume=resume, retries=retries,
                             key=[f"dragoman-partition-{p.index}-{run}" for p in partitions])
        results: dict[int, PartResult] = {}
        for fut in as_completed(futures):
            res = fut.result()
            results[res.index] = res
            fut.release()
            if progress is not None:
                progress(len(results), len(partitions), res)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    for t in TABLES:      # leftovers of attempts killed mid-write (never visible to readers)
        for tmp in (out / t).glob(".part-*.tmp"):
            try:
                tmp.unlink()
            except OSError:
                pass
    ordered = [results[i] for i in range(len(partitions))]
    timings: Counter = Counter()
    for r in ordered:
        timings.update(r.timings)
    return DaskResult(parts=[r.paths[t] for r in ordered for t in TABLES],
                      problems=plan_problems + [p for r in ordered for p in r.problems],
                      partitions=len(partitions), articles=sum(r.articles for r in ordered),
                      events=sum(r.events for r in ordered), failed=sum(r.failed for r in ordered),
                      seconds=time.perf_counter() - t0, timings=timings)

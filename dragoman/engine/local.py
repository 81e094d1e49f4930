"""The local engine: code a stream of articles on every core of one machine.

Each worker process holds one ``Pipeline`` (the spaCy model is loaded once per worker, when the
worker starts) and codes whole batches of raw articles: parse *and* code happen in the worker, so
only the small ``Article`` objects travel back to the caller, never spaCy ``Doc`` objects. Results
come back in input order. At most ``inflight`` batches are queued or running at any time, so
memory stays flat however long the input is (a 100k-line JSONL file is read as it is coded, never
loaded whole).

The numbers behind the defaults (2-core laptop-class VM, Wikinews articles of ~730 words) are in
``docs/scale.md``; ``benchmarks/throughput.py`` reproduces them.
"""
from __future__ import annotations

import math
import multiprocessing as mp
import os
import resource
import time
from collections import Counter, deque
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Iterable, Iterator, Sequence

from ..config import Config
from ..read import Problem
from ..record import Article, RawArticle

#: Raw articles per task sent to a worker (each worker hands them to ``nlp.pipe`` in
#: ``Config.batch_size`` chunks). Measured on Wikinews: 8 -> 16 -> 32 changes throughput by less than
#: the run-to-run noise; smaller batches keep the in-order tail short and memory low.
DEFAULT_BATCH = 16
#: Characters of text per task. spaCy's memory while parsing grows with the tokens in the batch
#: (~4 MB per 1,000 characters with en_core_web_sm: a batch of the 16 longest Wikinews articles
#: peaks at 2.4 GB in one process, the longest article alone, 104k characters, at +440 MB), so a
#: batch is closed at this many characters (an article longer than this is a batch of its own).
DEFAULT_BATCH_CHARS = 16_000
#: Articles a pool codes before it is drained and replaced by fresh workers, so a worker's memory
#: cannot creep over a long run (in the memory scan the largest worker grew from 452 to 606 MB
#: between 1,000 and 5,000 articles; spaCy's string store, which keeps every new word, is the
#: likely cause). A recycle costs a worker start (~2 s) and the tail of one batch: an estimated ~2 %
#: of the time at 2,000 articles. None: never. (ProcessPoolExecutor's own max_tasks_per_child hangs
#: on Python 3.11.7.)
DEFAULT_RECYCLE = 2_000
#: Batches queued or running per worker process. 2 keeps every worker busy while the caller
#: consumes results (one batch running, one waiting); more only buffers memory.
INFLIGHT_PER_PROCESS = 2


def default_processes() -> int:
    """One worker per usable core (``os.sched_getaffinity`` respects cgroup/taskset limits)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:      # not on Linux
        return max(1, os.cpu_count() or 1)


def default_start_method() -> str:
    """``forkserver`` where available: workers start from a clean process that has already imported
    spaCy and dragoman (fast start, and safe when the caller has threads, unlike ``fork``);
    ``spawn`` elsewhere."""
    return "forkserver" if "forkserver" in mp.get_all_start_methods() else "spawn"


def release_memory() -> None:
    """Give freed heap memory back to the OS (glibc keeps it after a large parse otherwise).

    Measured: after parsing a 100k-character article RSS stays at 656 MB; after this call it is
    back to the 325 MB of a warm worker. Takes a few milliseconds; a no-op where there is no glibc.
    """
    global _TRIM
    if _TRIM is None:
        try:
            import ctypes

            _TRIM = ctypes.CDLL("libc.so.6").malloc_trim
        except (OSError, AttributeError):
            _TRIM = False
    if _TRIM:
        _TRIM(0)


_TRIM = None


def rss_mb() -> float:
    """Resident memory of this process now, in MiB (0.0 where /proc is missing)."""
    try:
        with open("/proc/self/statm") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    except (OSError, ValueError, IndexError):
        return 0.0


def peak_rss_mb() -> float:
    """Peak resident memory of this process in MiB (Linux reports ru_maxrss in KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# --- worker side --------------------------------------------------------------------------------
_WORKER = None
_START_SECONDS: float | None = None     # this worker's start-up time, reported with its first batch


def _init_worker(config: Config) -> None:
    """Pool initializer: build this process's Pipeline and load the model now, not on the first batch."""
    global _WORKER, _START_SECONDS
    from ..pipeline import Pipeline

    _WORKER = Pipeline(config)
    _START_SECONDS = warm_up(_WORKER)
    release_memory()


#: A sentence that touches every stage once, so lazily built tables (the gazetteer takes ~4 s to
#: build) are built when the worker starts rather than inside the first batch's stage timings.
_WARM_TEXT = ("On Monday, Russian troops attacked Ukrainian positions near Kharkiv, killing 3 soldiers, "
              "and \"we will respond,\" President Volodymyr Zelensky said in Kyiv.")


def warm_up(pipeline) -> float:
    """Load the model and build every lazy table of ``pipeline``; returns the seconds it took."""
    t0 = time.perf_counter()
    pipeline._load()
    pipeline.code_article(RawArticle(text=_WARM_TEXT, date="2024-01-01", doc_id="warm-up"))
    from ..when.expressions import warm_up as warm_dates

    warm_dates()
    pipeline.timings = Counter()
    return time.perf_counter() - t0


def _code_batch(raws: list[RawArticle]) -> tuple[list[Article], dict, int, float, float]:
    """Code one batch in a worker; returns (articles, stage seconds, worker pid, worker peak RSS MiB,
    worker RSS MiB now that the batch is done)."""
    global _START_SECONDS
    pipe = _WORKER
    pipe.timings = Counter()
    t0 = time.perf_counter()
    arts = list(pipe.code_stream(raws))
    timings = dict(pipe.timings)
    release_memory()
    timings["worker"] = time.perf_counter() - t0
    if _START_SECONDS is not None:
        timings["start"], _START_SECONDS = _START_SECONDS, None
    return arts, timings, os.getpid(), peak_rss_mb(), rss_mb()


# --- caller side --------------------------------------------------------------------------------
class LocalEngine:
    """A pool of coding processes, reusable across calls.

    >>> with LocalEngine(processes=2) as engine:                       # doctest: +SKIP
    ...     for item in engine.code_items(read_paths(["news.jsonl"])):
    ...         ...                     # Article, or the Problem the reader produced, in input order

    ``code_stream(raws)`` has the ``Pipeline.code_stream`` contract (RawArticle in, Article out, an
    exception from the coder is raised to the caller), so the engine can stand in for a Pipeline
    wherever one is accepted (``dragoman.store.ingest``). ``timings`` accumulates the workers'
    ``Pipeline.timings`` (seconds per stage summed over workers, plus sentence and article counts;
    ``worker`` is the time workers spent on batches, ``start`` the time they spent starting up:
    loading the model and building lookup tables). ``processes=1`` codes in this process.
    """

    def __init__(self, config: Config | None = None, processes: int | None = None,
                 batch_size: int | None = None, *, batch_chars: int | None = None,
                 start_method: str | None = None, inflight: int | None = None,
                 recycle_after: int | None = DEFAULT_RECYCLE):
        self.config = config or Config()
        self.processes = max(1, processes if processes is not None else default_processes())
        self.batch_size = max(1, batch_size or DEFAULT_BATCH)
        self.batch_chars = max(1, batch_chars or DEFAULT_BATCH_CHARS)
        self.start_method = start_method or default_start_method()
        self.inflight = max(1, inflight or INFLIGHT_PER_PROCESS * self.processes)
        self.timings: Counter = Counter()
        self.recycle_after = recycle_after
        self.recycled = 0                               # pools replaced after recycle_after articles
        self.worker_peak_rss: dict[int, float] = {}     # pid -> peak RSS (MiB) as last reported
        self.worker_rss: dict[int, float] = {}          # pid -> largest RSS (MiB) between batches
        self._submitted = 0                             # articles sent to the current pool
        self._pool: ProcessPoolExecutor | None = None
        self._pipeline = None

    # -- lifecycle
    def _executor(self) -> ProcessPoolExecutor:
        if self._pool is None:
            ctx = mp.get_context(self.start_method)
            if self.start_method == "forkserver":
                ctx.set_forkserver_preload(["dragoman.engine.local", "dragoman.pipeline", "spacy"])
            self._pool = ProcessPoolExecutor(self.processes, mp_context=ctx,
                                             initializer=_init_worker, initargs=(self.config,))
        return self._pool

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
        self._submitted = 0

    def __enter__(self) -> "LocalEngine":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __del__(self):
        try:
            self.close()
        except Exception:
            pass

    # -- coding
    def code_stream(self, raws: Iterable[RawArticle]) -> Iterator[Article]:
        """RawArticle in, Article out, in order (the ``Pipeline.code_stream`` contract)."""
        for item in self.code_items(raws):
            yield item      # no Problem can come out: none went in

    def code_items(self, items: Iterable[RawArticle | Problem]) -> Iterator[Article | Problem]:
        """Articles and reader problems in, coded articles and the same problems out, in input order."""
        size = self.batch_size
        if isinstance(items, Sequence):
            # a short list (one ingest transaction) is split so that every worker gets work
            size = max(1, min(size, math.ceil(len(items) / self.inflight)))
        if self.processes == 1:
            yield from self._in_process(items, size)
        else:
            yield from self._pooled(items, size)

    def _batches(self, items: Iterable[RawArticle | Problem], size: int):
        """(slots, raws): ``slots`` holds the problems in place and None where a raw article goes."""
        slots: list[Problem | None] = []
        raws: list[RawArticle] = []
        chars = 0
        for item in items:
            if isinstance(item, Problem):
                slots.append(item)
                if len(slots) >= 64 * size:     # a long run of bad lines: pass them on now
                    yield slots, raws
                    slots, raws, chars = [], [], 0
                continue
            n = len(item.text)
            if raws and chars + n > self.batch_chars:
                yield slots, raws
                slots, raws, chars = [], [], 0
            slots.append(None)
            raws.append(item)
            chars += n
            if len(raws) >= size:
                yield slots, raws
                slots, raws, chars = [], [], 0
        if slots:
            yield slots, raws

    @staticmethod
    def _merge(slots: list[Problem | None], arts: list[Article]) -> Iterator[Article | Problem]:
        it = iter(arts)
        for s in slots:
            yield next(it) if s is None else s

    def _in_process(self, items, size: int) -> Iterator[Article | Problem]:
        if self._pipeline is None:
            from ..pipeline import Pipeline

            self._pipeline = Pipeline(self.config)
            self.timings["start"] += warm_up(self._pipeline)
        pipe = self._pipeline
        for slots, raws in self._batches(items, size):
            if not raws:
                yield from slots
                continue
            pipe.timings = Counter()
            t0 = time.perf_counter()
            arts = list(pipe.code_stream(raws))
            release_memory()
            pipe.timings["worker"] = time.perf_counter() - t0
            self.timings.update(pipe.timings)
            self.worker_peak_rss[os.getpid()] = peak_rss_mb()
            self.worker_rss[os.getpid()] = max(self.worker_rss.get(os.getpid(), 0.0), rss_mb())
            yield from self._merge(slots, arts)

    def _pooled(self, items, size: int) -> Iterator[Article | Problem]:
        # pending: [slots, future, raws] in input order. At most ``inflight`` batches are queued or
        # running (an article longer than ``batch_chars`` is a batch of its own; the pipeline
        # parses it in pieces, so its memory is that of an ordinary batch). After
        # ``recycle_after`` articles the pool is drained and replaced, which returns whatever a
        # worker's heap has accumulated.
        pending: deque[list] = deque()
        try:
            for slots, raws in self._batches(items, size):
                if raws and self.recycle_after and self._submitted >= self.recycle_after:
                    while pending:
                        yield from self._pop(pending)
                    self.close()
                    self.recycled += 1
                pending.append([slots, None, raws or None])
                self._pump(pending)
                while len(pending) >= self.inflight or (pending and _ready(pending[0])):
                    yield from self._pop(pending)
            while pending:
                yield from self._pop(pending)
        finally:
            for entry in pending:      # the caller stopped early or a batch failed
                if entry[1] is not None:
                    entry[1].cancel()

    def _pump(self, pending: deque) -> None:
        """Submit every waiting batch, in order."""
        for entry in pending:
            if entry[1] is None and entry[2] is not None:
                entry[1] = self._executor().submit(_code_batch, entry[2])
                self._submitted += len(entry[2])
                entry[2] = None

    def _pop(self, pending: deque) -> Iterator[Article | Problem]:
        self._pump(pending)             # the head is always submittable: nothing runs before it
        slots, fut, _ = pending.popleft()
        yield from self._collect(slots, fut)
        self._pump(pending)

    def _collect(self, slots: list, fut: Future | None) -> Iterator[Article | Problem]:
        if fut is None:
            yield from slots
            return
        try:
            arts, timings, pid, peak, now = fut.result()
        except BrokenProcessPool:
            self._pool = None           # a worker died (killed, out of memory): the next call starts a new pool
            raise
        self.timings.update(timings)
        self.worker_peak_rss[pid] = peak
        self.worker_rss[pid] = max(self.worker_rss.get(pid, 0.0), now)
        yield from self._merge(slots, arts)


def _ready(entry: list) -> bool:
    """A pending batch that can be passed on without waiting (done, or problems only)."""
    fut = entry[1]
    return fut.done() if fut is not None else entry[2] is None


def code_articles(items: Iterable[RawArticle | Problem], config: Config | None = None,
                  processes: int | None = None, batch_size: int | None = None, *,
                  timings: Counter | None = None, batch_chars: int | None = None,
                  start_method: str | None = None) -> Iterator[Article | Problem]:
    """Code ``items`` on ``processes`` worker processes (default: every core), yielding in input order.

    ``items`` is any iterable of ``RawArticle`` (e.g. ``read_paths(...)``); ``Problem`` items are
    passed through unchanged, in place, so callers can report them. ``processes=1`` runs in this
    process. A batch (one worker task) holds at most ``batch_size`` articles and ``batch_chars``
    characters. Pass a ``Counter`` as ``timings`` to receive the workers' seconds per stage.
    """
    engine = LocalEngine(config, processes, batch_size, batch_chars=batch_chars, start_method=start_method)
    try:
        yield from engine.code_items(items)
    finally:
        if timings is not None:
            timings.update(engine.timings)
        engine.close()

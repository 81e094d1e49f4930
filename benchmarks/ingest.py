"""How much does the event store add to coding? Codes N corpus articles without and with the store.

    python benchmarks/ingest.py                     # 120 articles of the shared Wikinews corpus
    python benchmarks/ingest.py -n 300 --batch-size 100
    python benchmarks/ingest.py --store-only 20000  # the store alone (fake coder), to see write cost at scale

Prints a table: articles/s coding only, articles/s coding + storing (through ``dragoman.store.ingest``),
and the store's share of the time. Articles beyond the corpus size are the corpus again with distinct
ids and a distinct last line, so the store cannot skip them as already stored.
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from dragoman.record import RawArticle  # noqa: E402
from dragoman.store import ingest, open_store  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus" / "wikinews_2019_2020.jsonl"


def load(path: Path, n: int) -> list[RawArticle]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    out = []
    for i in range(n):
        r = rows[i % len(rows)]
        k = i // len(rows)
        text = r["text"] if k == 0 else r["text"] + f"\n\n(Copy {k}.)"
        out.append(RawArticle(text=text, doc_id=f"{r['id']}#{k}", date=r.get("date"), title=r.get("title"),
                              url=r.get("url"), source=r.get("source"), origin=f"{path.name}:{i % len(rows) + 1}"))
    return out


def bench_coding(n: int, batch_size: int, corpus: Path, repeat: int) -> None:
    from dragoman.pipeline import Pipeline

    raws = load(corpus, n)
    pipe = Pipeline()
    list(pipe.code_stream(load(corpus, 3)))          # load the model outside the timings

    code_times, store_runs = [], []
    events = 0
    for _ in range(repeat):                           # alternate, keep the best of each (the coder warms up)
        t = time.perf_counter()
        events = sum(len(a.events) for a in pipe.code_stream(raws))
        code_times.append(time.perf_counter() - t)
        with tempfile.TemporaryDirectory() as d:
            store = open_store(Path(d) / "bench.duckdb")
            t = time.perf_counter()
            res = ingest([], store, pipe, raws=raws, batch_size=batch_size)
            total = time.perf_counter() - t
            store.close()
            size = sum(f.stat().st_size for f in Path(d).iterdir())
        assert res.stored == n, res
        store_runs.append((total, res, size))
    coding = min(code_times)
    total, res, size = min(store_runs, key=lambda x: x[0])
    extra = total - coding
    print(f"\n{n} articles of {corpus.name}, {events} event reports, batch size {batch_size}, "
          f"best of {repeat} alternating runs\n")
    print(f"{'run':<14} {'articles':>8} {'seconds':>9} {'articles/s':>11}")
    for name, sec in (("code only", coding), ("code + store", total)):
        print(f"{name:<14} {n:>8} {sec:>9.1f} {n / sec:>11.2f}")
    print(f"\nstore time inside the run (skip checks + write_batch): {res.store_seconds:.2f} s = "
          f"{100 * res.store_seconds / res.coding_seconds:.2f}% of its coding time "
          f"({res.batches} batches, {1000 * res.store_seconds / max(res.batches, 1):.0f} ms a batch)")
    print(f"wall-clock difference with vs without the store: {extra:+.1f} s = {100 * extra / coding:+.1f}% "
          f"(includes run-to-run noise of the coder)")
    print(f"database size: {size / 1e6:.1f} MB")
    print("target: the store adds <= 10% to coding time ->",
          "OK" if res.store_seconds <= 0.10 * res.coding_seconds else "OVER")


def bench_store_only(n: int, batch_size: int) -> None:
    from dragoman.store.testing import FakeCoder, synthetic_corpus

    with tempfile.TemporaryDirectory() as d:
        src = synthetic_corpus(Path(d) / "syn.jsonl", n, seed=1, days=365, events_per_article=6)
        store = open_store(Path(d) / "bench.duckdb")
        marks = []
        write = store.write_batch

        def timed(*a, **kw):
            t = time.perf_counter()
            out = write(*a, **kw)
            marks.append(time.perf_counter() - t)
            return out

        store.write_batch = timed
        t = time.perf_counter()
        res = ingest([src], store, FakeCoder(), batch_size=batch_size)
        total = time.perf_counter() - t
        events = store.count("events")
        store.close()
    q = max(1, len(marks) // 10)
    print(f"\nstore only (fake coder): {n} synthetic articles, {res.reports} reports -> {events} events, "
          f"batch size {batch_size}")
    print(f"total {total:.1f} s = {n / total:.0f} articles/s, {res.reports / total:.0f} reports/s")
    print(f"write_batch: first tenth {1000 * sum(marks[:q]) / q:.0f} ms a batch, "
          f"last tenth {1000 * sum(marks[-q:]) / q:.0f} ms a batch")
    print(f"at ~6 articles/s of real coding a batch of {batch_size} takes ~{batch_size / 6:.0f} s to code: "
          f"the last batches' writes are {100 * (sum(marks[-q:]) / q) / (batch_size / 6):.2f}% of that")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("-n", type=int, default=120, help="articles to code (default 120)")
    ap.add_argument("--batch-size", type=int, default=100)
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument("--repeat", type=int, default=2, help="alternating runs of each mode, best kept (default 2)")
    ap.add_argument("--store-only", type=int, metavar="N", help="benchmark the store alone on N synthetic articles")
    args = ap.parse_args()
    if args.store_only:
        bench_store_only(args.store_only, args.batch_size)
        return
    if not args.corpus.exists():
        sys.exit(f"no corpus at {args.corpus}")
    bench_coding(args.n, args.batch_size, args.corpus, args.repeat)


if __name__ == "__main__":
    main()

"""Engines: the local process pool and the Dask cluster code the same events as the plain Pipeline.

The local-engine tests start a 2-process pool once for the module; the Dask test starts a
LocalCluster with 2 workers (marked slow; it runs in ``make test`` and takes well under a minute).
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from dragoman.engine import LocalEngine, code_articles
from dragoman.read import Problem, read_paths
from dragoman.record import Article

TEXTS = [
    "Israeli forces attacked Hamas militants in Gaza on Monday, killing five people.",
    "Chile recalled its ambassador from Israel on Tuesday in protest over the strikes.",
    "Kenya deployed 400 police officers to Haiti to fight the gangs, officials said.",
    "Protesters rallied outside the parliament in Bangkok, demanding new elections.",
    "Russian troops shelled Kharkiv overnight, Ukrainian officials said on Friday.",
    "The United States imposed sanctions on Iranian oil exports last week.",
    "Egypt and Qatar urged Israel and Hamas to return to ceasefire talks in Cairo.",
    "Police arrested 12 opposition activists in Dhaka on Sunday.",
    "China and Brazil signed a trade agreement in Beijing on Wednesday.",
    "Sudan's army accused the Rapid Support Forces of attacking civilians in El Fasher.",
    "",       # empty: refused, comes back with coded=False
    "Turkish jets struck PKK positions in northern Iraq, the defence ministry said.",
    "The French president met the German chancellor in Berlin to discuss Ukraine.",
    "North Korea fired a ballistic missile into the sea, South Korea's military said.",
    "India and Pakistan agreed to a ceasefire along the Line of Control.",
    "Hezbollah fired rockets at northern Israel, and Israeli warplanes struck southern Lebanon.",
    "The UN Secretary-General condemned the killing of civilians in Myanmar.",
    "Venezuela expelled the Spanish ambassador on Thursday.",
    "Nigerian troops rescued 30 hostages kidnapped by gunmen in Zamfara state.",
    "Japan pledged $500 million in aid to the Philippines after the typhoon.",
]


def _corpus(dirpath: Path) -> list[Path]:
    """A JSONL file (with bad lines and an id-less line) and a directory of .txt articles."""
    lines = []
    for i, text in enumerate(TEXTS[:16]):
        row = {"id": f"a{i:02d}", "date": f"2024-03-{i + 1:02d}", "title": f"t{i}", "source": "Test Wire",
               "text": text}
        if i == 5:
            del row["id"]                      # doc_id from the line number: "news:<line>"
        lines.append(json.dumps(row))
        if i == 3:
            lines.append("{not json")          # a Problem between articles
        if i == 8:
            lines.append("")                   # a blank line
    jsonl = dirpath / "news.jsonl"
    jsonl.write_text("\n".join(lines) + "\n")
    txt = dirpath / "txt"
    txt.mkdir()
    for i, text in enumerate(TEXTS[16:]):
        (txt / f"b{i}.txt").write_text(f"date 2024-04-0{i + 1}\n{text}\n")
    (txt / "binary.txt").write_bytes(b"\x00\x01\x02 not text")
    return [jsonl, txt]


def _events(arts) -> set[tuple]:
    return {(a.doc_id, e.event_id(a.doc_id), e.cameo, e.actor.code, e.recipient.code if e.recipient else None)
            for a in arts for e in a.events}


def _key(item) -> tuple:
    return ("problem", item.origin, item.message) if isinstance(item, Problem) else ("article", item.doc_id)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> list[Path]:
    return _corpus(tmp_path_factory.mktemp("engine"))


@pytest.fixture(scope="module")
def pooled(corpus):
    """The corpus coded by a 2-process pool, small batches so that batches interleave."""
    items = list(read_paths(corpus))
    with LocalEngine(processes=2, batch_size=3) as engine:
        out = list(engine.code_items(iter(items)))
        # the same pool again, through the Pipeline-compatible code_stream
        raws = [x for x in items if not isinstance(x, Problem)]
        again = list(engine.code_stream(raws))
        timings = dict(engine.timings)
    return items, out, again, timings


@pytest.fixture(scope="module")
def in_process(corpus):
    return list(code_articles(read_paths(corpus), processes=1, batch_size=4))


def test_local_engine_keeps_input_order_and_passes_problems_through(pooled):
    items, out, _, _ = pooled
    assert [_key(x) for x in out] == [_key(x) for x in items]
    probs_in = [x for x in items if isinstance(x, Problem)]
    probs_out = [x for x in out if isinstance(x, Problem)]
    assert len(probs_in) == 2 and all(a is b for a, b in zip(probs_in, probs_out))    # unchanged objects
    arts = [x for x in out if isinstance(x, Article)]
    assert len(arts) == 20 and sum(not a.coded for a in arts) == 1      # the empty article is refused
    assert any(a.doc_id.startswith("news:") for a in arts)


def test_local_engine_same_events_with_one_and_two_processes(pooled, in_process):
    _, out, again, _ = pooled
    arts2 = [x for x in out if isinstance(x, Article)]
    arts1 = [x for x in in_process if isinstance(x, Article)]
    assert [a.doc_id for a in arts1] == [a.doc_id for a in arts2]
    ev = _events(arts2)
    assert len(ev) >= 10                       # the corpus does produce events
    assert _events(arts1) == ev
    assert _events(again) == ev                # a second call on the same pool


def test_local_engine_matches_the_plain_pipeline(pipeline, corpus):
    raws = [x for x in read_paths(corpus) if not isinstance(x, Problem)]
    plain = list(pipeline.code_stream(raws))
    with LocalEngine(processes=1) as engine:
        assert _events(engine.code_stream(raws)) == _events(plain)


def test_local_engine_reports_stage_timings(pooled):
    _, _, _, timings = pooled
    assert timings["articles"] == 2 * 19      # coded articles, both passes (the refused one is not counted)
    assert timings["parse"] > 0 and timings["actors+events"] > 0 and timings["start"] > 0


def test_stopping_early_leaves_the_pool_usable(corpus):
    raws = [x for x in read_paths(corpus) if not isinstance(x, Problem)]
    with LocalEngine(processes=2, batch_size=2) as engine:
        first = next(iter(engine.code_stream(raws)))
        assert first.doc_id == raws[0].doc_id
        assert [a.doc_id for a in engine.code_stream(raws[:5])] == [r.doc_id for r in raws[:5]]


def test_recycled_pools_and_oversize_articles_code_the_same(pooled):
    items, out, _, _ = pooled
    # articles over 70 characters run alone and one at a time while shorter ones pass them;
    # the pool is replaced every 5 articles
    with LocalEngine(processes=2, batch_size=2, batch_chars=70, recycle_after=5) as engine:
        again = list(engine.code_items(items))
        assert engine.recycled >= 2
    assert [_key(x) for x in again] == [_key(x) for x in out]
    assert _events(x for x in again if isinstance(x, Article)) == _events(x for x in out if isinstance(x, Article))


def test_articles_to_tables(pooled):
    from dragoman.engine.tables import ARTICLES_SCHEMA, EVENTS_SCHEMA, articles_to_tables

    _, out, _, _ = pooled
    arts = [x for x in out if isinstance(x, Article)]
    t = articles_to_tables(arts)
    assert t["articles"].schema == ARTICLES_SCHEMA and t["events"].schema == EVENTS_SCHEMA
    assert t["articles"].num_rows == len(arts)                  # articles without events are kept
    assert t["events"].num_rows == sum(len(a.events) for a in arts)
    rows = t["events"].to_pylist()
    a = next(a for a in arts if a.events)
    e = a.events[0]
    row = next(r for r in rows if r["event_id"] == e.event_id(a.doc_id))
    d = e.to_dict()
    assert row["doc_id"] == a.doc_id and row["cameo"] == d["cameo"] and row["actor_code"] == d["actor"]["code"]
    assert row["trigger_start"] == d["trigger"]["start"] and row["article_date"] == a.date
    empty = articles_to_tables([])
    assert empty["events"].schema == EVENTS_SCHEMA and empty["events"].num_rows == 0


def test_jsonl_partitions_read_like_the_reader(corpus):
    from dragoman.engine.dask_engine import plan_path, read_partition

    want = [_key(x) for x in read_paths(corpus)]
    for per in (1, 4, 100):
        got = []
        for p in corpus:
            parts, probs = plan_path(str(p), per)
            got += [_key(x) for x in probs] + [_key(x) for part in parts for x in read_partition(part)]
        assert got == want, per


def test_parts_are_written_atomically(tmp_path, monkeypatch):
    import pyarrow as pa
    import pyarrow.parquet as pq

    from dragoman.engine.dask_engine import write_atomic

    target = tmp_path / "events" / "part-000000.parquet"
    real = pq.write_table

    def dies_midway(table, where, **kw):
        Path(where).write_bytes(b"PAR1 half a file")
        raise KeyboardInterrupt("killed")

    monkeypatch.setattr(pq, "write_table", dies_midway)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(pa.table({"x": [1]}), target)
    assert list(target.parent.iterdir()) == []
    monkeypatch.setattr(pq, "write_table", real)
    write_atomic(pa.table({"x": [1, 2]}), target)
    assert [p.name for p in target.parent.iterdir()] == [target.name]
    assert pq.read_table(target).num_rows == 2


@pytest.mark.slow
def test_dask_cluster_codes_the_same_events_as_the_local_engine(corpus, pooled, tmp_path):
    import pyarrow.parquet as pq

    from dragoman.engine import run_dask

    _, out, _, _ = pooled
    local_arts = [x for x in out if isinstance(x, Article)]
    res = run_dask(corpus, tmp_path / "out", n_workers=2, partition_articles=4)
    assert res.partitions >= 5                # 16 JSONL lines in 4-line ranges, plus the .txt files
    assert len(res.tables("events")) == len(res.tables("articles")) == res.partitions
    assert not list((tmp_path / "out").rglob("*.tmp"))
    events = pq.read_table(res.tables("events")).to_pylist()
    dask_events = {(r["doc_id"], r["event_id"], r["cameo"], r["actor_code"], r["recipient_code"]) for r in events}
    assert dask_events == _events(local_arts)
    arts = pq.read_table(res.tables("articles")).to_pylist()
    assert sorted(r["doc_id"] for r in arts) == sorted(a.doc_id for a in local_arts)
    assert res.articles == len(local_arts) and res.events == len(events) and res.failed == 0
    want_problems = {(x.origin, x.message) for x in out if isinstance(x, Problem)}
    assert {(p.origin, p.message) for p in res.problems} == want_problems

"""Crash safety: an ingest killed with SIGKILL resumes to exactly the counts of an uninterrupted run."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from dragoman.store import ingest, open_store
from dragoman.store.testing import FakeCoder, synthetic_corpus

ROOT = Path(__file__).resolve().parents[1]

DRIVER = """
import sys
from dragoman.store import ingest, open_store
from dragoman.store.testing import FakeCoder

corpus, db, batch, delay = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4])
store = open_store(db)
write = store.write_batch

def announce(*a, **kw):
    out = write(*a, **kw)
    print("committed", out.articles, flush=True)
    return out

store.write_batch = announce
ingest([corpus], store, FakeCoder(delay=delay), batch_size=batch)
print("done", flush=True)
"""


def _tables(store) -> dict:
    return {t: int(store.sql(f"SELECT count(*) AS n FROM {t}")["n"][0])
            for t in ("articles", "reports", "events", "warnings")}


def _snapshot(store):
    ev = store.sql("SELECT * EXCLUDE (doc_id, sentence, trigger_text, source_url) FROM events ORDER BY event_id")
    rep = store.sql("SELECT report_id, event_id FROM reports ORDER BY report_id")
    return ev, rep


@pytest.mark.slow
@pytest.mark.parametrize("extra_wait", [0.0, 0.13])
def test_sigkill_then_resume_equals_an_uninterrupted_run(tmp_path, extra_wait):
    corpus = synthetic_corpus(tmp_path / "c.jsonl", 400, seed=21, days=40)
    reference = tmp_path / "ref.duckdb"
    with open_store(reference) as s:
        ingest([corpus], s, FakeCoder(), batch_size=25)
        want_counts, want = _tables(s), _snapshot(s)

    driver = tmp_path / "driver.py"
    driver.write_text(DRIVER)
    db = tmp_path / "killed.duckdb"
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    proc = subprocess.Popen([sys.executable, str(driver), str(corpus), str(db), "25", "0.004"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    committed = 0
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        assert line, f"driver ended early: {proc.stderr.read()}"
        if line.startswith("committed"):
            committed += int(line.split()[1])
            if committed >= 25:          # at least the first batch is in
                break
    time.sleep(extra_wait)               # land somewhere inside a later batch (coding or writing)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL

    with open_store(db) as s:
        stored = _tables(s)["articles"]
        assert 25 <= stored < 400                                   # killed part-way
        assert stored % 25 == 0                                     # whole batches only
        # consistent after the crash: every report has its article and its event
        orphans = s.sql("SELECT count(*) AS n FROM reports r LEFT JOIN articles a USING (article_key) "
                        "WHERE a.article_key IS NULL OR r.event_id IS NULL "
                        "OR r.event_id NOT IN (SELECT event_id FROM events)")["n"][0]
        assert orphans == 0
        runs = s.sql("SELECT finished_at FROM runs")
        assert runs["finished_at"].isna().all()                     # the killed run never finished
        coder = FakeCoder()
        res = ingest([corpus], s, coder, batch_size=25)
        assert res.skipped == stored and res.stored == 400 - stored
        assert coder.calls == 400 - stored                          # nothing coded twice
        assert _tables(s) == want_counts
        got = _snapshot(s)
    pd.testing.assert_frame_equal(want[0], got[0])
    pd.testing.assert_frame_equal(want[1], got[1])

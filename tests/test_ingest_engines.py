"""`dragoman ingest` with the local process pool and with Dask stores the same events."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

SAMPLES = Path(__file__).resolve().parents[1] / "dragoman" / "samples"


def ingest(db: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "dragoman", "ingest", str(SAMPLES), "--db", str(db), "-q", *args],
                          capture_output=True, text=True, timeout=600)


def rows(db: Path) -> dict[str, list]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {
            "articles": con.execute("select doc_id from articles order by doc_id").fetchall(),
            "reports": con.execute("select doc_id, cameo, actor_code, recipient_code, trigger_start "
                                   "from reports order by all").fetchall(),
            "events": con.execute("select count(*) from events").fetchall(),
            "quotes": con.execute("select count(*) from quotes").fetchall(),
        }
    finally:
        con.close()


@pytest.mark.slow
def test_local_pool_and_dask_store_the_same_events(tmp_path):
    one, pool, dask = tmp_path / "one.duckdb", tmp_path / "pool.duckdb", tmp_path / "dask.duckdb"
    for db, args in ((one, ("-p", "1")), (pool, ("-p", "2")), (dask, ("--engine", "dask", "-p", "2"))):
        proc = ingest(db, *args)
        assert proc.returncode == 0, proc.stderr
    base = rows(one)
    assert len(base["articles"]) == 4 and base["reports"]
    assert rows(pool) == base
    assert rows(dask) == base
    assert sorted(p.name for p in (tmp_path / "dask.duckdb.parts" / "events").iterdir())
    # a second Dask run reuses the parts and adds nothing
    again = ingest(dask, "--engine", "dask", "-p", "2")
    assert again.returncode == 0 and "0 new articles" in again.stdout
    assert rows(dask) == base

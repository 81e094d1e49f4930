"""The store commands end to end: ingest (real coder on real text), summary, query, export, plot."""
from __future__ import annotations

import json
import struct
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from dragoman.cli import main
from dragoman.store import ingest, open_store
from dragoman.store.testing import FakeCoder, synthetic_corpus

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "dragoman" / "samples"


def run(*args, ok=True):
    res = CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)
    if ok is True:
        assert res.exit_code == 0, res.output + res.stderr
    elif ok is not None:
        assert res.exit_code == ok, res.output + res.stderr
    return res


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory):
    db = tmp_path_factory.mktemp("cli") / "samples.duckdb"
    res = run("ingest", SAMPLES, "--db", db)
    assert "new articles stored" in res.stdout
    return db


@pytest.fixture(scope="module")
def synth_db(tmp_path_factory):
    d = tmp_path_factory.mktemp("synth")
    src = synthetic_corpus(d / "c.jsonl", 1500, seed=9, days=150)
    db = d / "synth.duckdb"
    with open_store(db) as s:
        ingest([src], s, FakeCoder(), batch_size=500)
    return db


def test_ingest_samples_with_the_real_coder_then_again(sample_db):
    with open_store(sample_db, read_only=True) as s:
        n_articles = len(s.sql("SELECT * FROM articles"))
        n_reports = len(s.sql("SELECT * FROM reports"))
    assert n_articles == 4 and n_reports > 0
    again = run("ingest", SAMPLES, "--db", sample_db)
    assert "0 new articles stored, 4 already stored, 0 new event reports" in again.stdout
    with open_store(sample_db, read_only=True) as s:
        assert len(s.sql("SELECT * FROM reports")) == n_reports


def test_summary_is_readable(sample_db):
    out = run("summary", "--db", sample_db).stdout
    for word in ("Articles", "Reports", "Events", "Top event types", "Quad classes", "Dates"):
        assert word in out
    data = json.loads(run("summary", "--db", sample_db, "--format", "json").stdout)
    assert data["articles"] == 4 and data["dedup_rule"] == {"location": "compatible", "window_days": 1}


def test_ingest_reports_problems_with_file_and_line_and_exits_1(tmp_path):
    src = tmp_path / "mixed.jsonl"
    src.write_text(json.dumps({"id": "ok", "date": "2024-03-04",
                               "text": "Egypt and Qatar urged Israel and Hamas to return to talks in Cairo."})
                   + "\n{broken\n" + json.dumps({"id": "fr", "date": "2024-03-04",
                                                 "text": "Le gouvernement a annoncé de nouvelles mesures "
                                                         "pour soutenir les agriculteurs touchés par la "
                                                         "sécheresse dans le sud du pays."}) + "\n")
    db = tmp_path / "m.duckdb"
    res = run("ingest", src, tmp_path / "absent.txt", "--db", db, ok=1)
    assert f"{src}:2: malformed JSON" in res.stderr
    assert "absent.txt: no such file" in res.stderr
    assert f"{src}:3" in res.stderr and "language" in res.stderr
    assert "2 new articles stored (1 refused" in res.stdout
    with open_store(db, read_only=True) as s:
        assert len(s.sql("SELECT * FROM problems")) == 2
        assert s.sql("SELECT coded FROM articles ORDER BY doc_id")["coded"].tolist() == [False, True]


def test_query_formats_and_filters(synth_db):
    table = run("query", "--db", synth_db, "--actor", "ISR", "--recipient", "PSE", "--type", "assault",
                "--since", "2024-02-01", "--until", "2024-02-29").stdout
    lines = table.splitlines()
    assert lines[0].split()[:4] == ["event", "date", "actor", "recipient"]
    assert len(lines) > 3 and all("ISRMIL" in line for line in lines[2:])
    csv_out = run("query", "--db", synth_db, "--actor", "ISR", "--format", "csv").stdout
    df = pd.read_csv(pd.io.common.StringIO(csv_out))
    assert set(df["actor_country"]) == {"ISR"} and "num_mentions" in df.columns
    with open_store(synth_db, read_only=True) as s:
        assert len(df) == s.count("events", actor="ISR")
    js = [json.loads(x) for x in run("query", "--db", synth_db, "--cameo", "16", "--limit", "5",
                                     "--format", "json").stdout.splitlines()]
    assert len(js) == 5 and all(r["cameo"].startswith("16") for r in js)
    assert isinstance(js[0]["context"], list) and len(js[0]["date"]) == 10
    reps = run("query", "--db", synth_db, "--event", js[0]["event_id"], "--format", "json").stdout.splitlines()
    assert len(reps) == js[0]["num_mentions"]
    by = run("query", "--db", synth_db, "--actor", "USA", "--by", "month", "--format", "csv").stdout
    agg = pd.read_csv(pd.io.common.StringIO(by))
    assert {"period", "actor_country", "recipient_country", "events", "goldstein_sum", "quad4"} <= set(agg.columns)
    assert set(agg["actor_country"]) == {"USA"}
    bad = run("query", "--db", synth_db, "--type", "PARTY", ok=2)
    assert "unknown PLOVER type" in bad.stderr
    missing = run("query", "--db", synth_db.parent / "nope.duckdb", ok=1)
    assert "no database" in missing.stderr


def test_export_command(synth_db, tmp_path):
    for fmt, name in (("parquet", "e.parquet"), ("csv", "e.csv"), ("plover-jsonl", "e.jsonl"), ("gdelt", "e.tsv")):
        out = tmp_path / name
        res = run("export", "--db", synth_db, "--format", fmt, "-o", out, "--actor", "RUS")
        assert "wrote" in res.stderr and out.stat().st_size > 0
    assert set(pd.read_parquet(tmp_path / "e.parquet")["actor_country"]) == {"RUS"}
    run("export", "--db", synth_db, "--format", "parquet", "--table", "reports", "-o", tmp_path / "r.parquet")
    assert "report_id" in pd.read_parquet(tmp_path / "r.parquet").columns


def _png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def test_plots(synth_db, tmp_path):
    dyad = tmp_path / "dyad.png"
    run("plot", "dyad", "--db", synth_db, "--actor", "ISR", "--recipient", "PSE", "--by", "week", "-o", dyad)
    w, h = _png_size(dyad)
    assert w > 800 and h > 500
    partners = tmp_path / "partners.png"
    run("plot", "partners", "--db", synth_db, "--country", "USA", "-o", partners)
    assert _png_size(partners)[0] > 800
    quad = tmp_path / "quad.png"
    run("plot", "quad", "--db", synth_db, "--actor", "RUS", "--by", "month", "-o", quad)
    assert _png_size(quad)[0] > 800
    empty = run("plot", "dyad", "--db", synth_db, "--actor", "FRA", "--recipient", "DEU", "-o",
                tmp_path / "none.png", ok=1)
    assert "nothing to plot" in empty.stderr


def test_readme_demo_commands_through_the_console_script(tmp_path):
    exe = Path(sys.executable).with_name("dragoman")
    if not exe.exists():
        pytest.skip("dragoman console script not installed")
    db = tmp_path / "demo.duckdb"
    r = subprocess.run([exe, "ingest", SAMPLES, "--db", db], capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    assert "ingest: 4/4 articles" in r.stderr            # plain progress line in a pipe
    s = subprocess.run([exe, "summary", "--db", db], capture_output=True, text=True, timeout=120)
    assert s.returncode == 0 and "Events" in s.stdout

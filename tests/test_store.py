"""The event store: idempotent ingest, counts, skipping before coding, queries, aggregates, problems."""
from __future__ import annotations

import io
import json
from pathlib import Path

import pandas as pd
import pytest

from dragoman.read import Problem
from dragoman.record import RawArticle
from dragoman.store import DedupRule, Progress, StoreError, count_inputs, ingest, open_store
from dragoman.store.base import Store
from dragoman.store.schema import TABLES
from dragoman.store.testing import FakeCoder, make_article, make_event, synthetic_corpus

ROOT = Path(__file__).resolve().parents[1]


def counts(store) -> dict:
    return {t: store.sql(f"SELECT count(*) AS n FROM {t}")["n"][0]
            for t in ("articles", "reports", "events", "quotes", "figures", "warnings", "problems")}


def event_snapshot(store) -> pd.DataFrame:
    """Every deduplicated event and every report's assignment, in a canonical order."""
    ev = store.sql("SELECT * EXCLUDE (first_report, doc_id, sentence, trigger_text, source_url) FROM events "
                   "ORDER BY event_id")
    rep = store.sql("SELECT report_id, event_id FROM reports ORDER BY report_id")
    return ev, rep


@pytest.fixture
def corpus(tmp_path) -> Path:
    return synthetic_corpus(tmp_path / "syn.jsonl", 300, seed=11)


def test_store_implements_the_interface(tmp_path):
    with open_store(tmp_path / "x.duckdb") as store:
        assert isinstance(store, Store)
        assert store.dedup == DedupRule()


def test_ingest_twice_gives_identical_counts_and_codes_nothing_the_second_time(tmp_path, corpus):
    store = open_store(tmp_path / "db.duckdb")
    first_coder = FakeCoder()
    r1 = ingest([corpus], store, first_coder, batch_size=40)
    assert r1.stored == 300 and r1.skipped == 0 and r1.ok
    assert first_coder.calls == 300
    c1 = counts(store)
    snap1 = event_snapshot(store)
    assert c1["articles"] == 300 and c1["reports"] == r1.reports > 0
    assert 0 < c1["events"] < c1["reports"]          # the synthetic corpus repeats events across articles

    coder = FakeCoder()
    r2 = ingest([corpus], store, coder, batch_size=40)
    assert coder.calls == 0                          # skipped before coding
    assert r2.stored == 0 and r2.skipped == 300 and r2.reports == 0
    assert counts(store) == c1
    snap2 = event_snapshot(store)
    pd.testing.assert_frame_equal(snap1[0], snap2[0])
    pd.testing.assert_frame_equal(snap1[1], snap2[1])
    runs = store.sql("SELECT * FROM runs ORDER BY run_id")
    assert list(runs["stored"]) == [300, 0] and list(runs["skipped"]) == [0, 300]
    assert runs["finished_at"].notna().all()
    store.close()


def test_repeated_file_in_one_run_is_stored_once(tmp_path, corpus):
    with open_store(tmp_path / "db.duckdb") as store:
        res = ingest([corpus, corpus], store, FakeCoder(), batch_size=1000)
        assert res.stored == 300 and res.skipped == 300


def test_identity_is_id_and_text(tmp_path):
    raws = [RawArticle(text="Same words here.", doc_id="a", origin="x:1"),
            RawArticle(text="same   WORDS here.", doc_id="a", origin="x:2"),    # normalised text is equal
            RawArticle(text="Same words here.", doc_id="b", origin="x:3"),     # a copy under another id
            RawArticle(text="Other words.", doc_id="a", origin="x:4")]         # another text under id a
    with open_store(tmp_path / "db.duckdb") as store:
        res = ingest([], store, FakeCoder(), raws=raws)
        assert (res.stored, res.skipped) == (3, 1)
        arts = store.sql("SELECT doc_id, origin FROM articles ORDER BY origin")
        assert list(arts["origin"]) == ["x:1", "x:3", "x:4"]


def test_refused_articles_are_stored_and_fail_the_run_once(tmp_path):
    raws = [RawArticle(text="@refuse\nnothing", doc_id="r", origin="in.jsonl:1"),
            RawArticle(text="@event ISR/MIL > PSE ASSAULT 190 2024-06-09/day", doc_id="ok", origin="in.jsonl:2",
                       date="2024-06-09")]
    seen = []
    with open_store(tmp_path / "db.duckdb") as store:
        res = ingest([], store, FakeCoder(), raws=raws, warn=seen.append)
        assert res.refused == 1 and not res.ok and res.stored == 2
        assert any("in.jsonl:1" in w and "refused" in w for w in seen)
        art = store.sql("SELECT doc_id, coded, n_events FROM articles ORDER BY doc_id")
        assert art.to_dict("records") == [{"doc_id": "ok", "coded": True, "n_events": 1},
                                          {"doc_id": "r", "coded": False, "n_events": 0}]
        assert store.sql("SELECT origin, message FROM warnings")["origin"].tolist() == ["in.jsonl:1"]
        again = ingest([], store, FakeCoder(), raws=raws)
        assert again.ok and again.skipped == 2


def test_problems_are_reported_stored_once_and_the_batch_goes_on(tmp_path):
    src = tmp_path / "in.jsonl"
    good = {"id": "g1", "date": "2024-06-09", "text": "@event ISR/MIL > PSE ASSAULT 190 2024-06-09/day"}
    src.write_text(json.dumps(good) + "\n{not json\n" + json.dumps({"id": "g2", "text": "plain"}) + "\n")
    missing = tmp_path / "missing.txt"
    seen: list[str] = []
    with open_store(tmp_path / "db.duckdb") as store:
        res = ingest([src, missing], store, FakeCoder(), warn=seen.append)
        assert res.stored == 2 and res.problems == 2 and not res.ok
        assert any(w.startswith(f"{src}:2: malformed JSON") for w in seen)
        assert any(str(missing) in w and "no such file" in w for w in seen)
        res2 = ingest([src, missing], store, FakeCoder())
        assert res2.problems == 2 and res2.stored == 0
        probs = store.sql("SELECT origin, times_seen, first_run, last_run FROM problems ORDER BY origin")
        assert len(probs) == 2
        assert probs["times_seen"].tolist() == [2, 2] and probs["last_run"].tolist() == [2, 2]


def test_a_coder_crash_costs_only_that_article_and_it_is_retried(tmp_path):
    raws = [RawArticle(text=f"@event ISR/MIL > PSE ASSAULT 190 2024-06-09/day\nn{i}", doc_id=f"a{i}",
                       origin=f"f:{i}", date="2024-06-09") for i in range(5)]
    raws[2] = RawArticle(text="@crash", doc_id="bad", origin="f:2")
    seen: list[str] = []
    with open_store(tmp_path / "db.duckdb") as store:
        res = ingest([], store, FakeCoder(), raws=raws, warn=seen.append)
        assert res.stored == 4 and res.failed == 1 and not res.ok
        assert any(w.startswith("f:2: coding failed (RuntimeError") for w in seen)
        assert "f:2" in store.sql("SELECT origin FROM problems")["origin"].tolist()
        coder = FakeCoder()
        res2 = ingest([], store, coder, raws=raws)
        assert coder.calls == 2 and res2.failed == 1      # only the failed article (in the batch, then alone)


def test_write_batch_is_idempotent_itself(tmp_path):
    art = make_article("d1", [make_event()])
    with open_store(tmp_path / "db.duckdb") as store:
        assert store.write_batch([art, art]).articles == 1
        assert store.write_batch([art]).articles == 0
        assert counts(store)["reports"] == 1


def test_quotes_and_figures_are_stored(tmp_path):
    from dragoman.record import Actor, Figure, Location, Quote

    art = make_article("q1", [make_event()])
    art.quotes = [Quote(speaker=Actor("Guterres", "UNO", None, "UNO", "Antonio Guterres"), text="Stop now",
                        sentence_index=2, start=10, end=18)]
    art.figures = [Figure(number=30, what="killed", qualifier="at least", claimed_by=None,
                          location=Location("Gaza", "Gaza", "PSE", 31.5, 34.4), sentence_index=0,
                          text="at least 30 people", date="2024-06-08")]
    with open_store(tmp_path / "db.duckdb") as store:
        store.write_batch([art])
        q = store.sql("SELECT * FROM quotes").iloc[0]
        assert (q["speaker_country"], q["text"], q["start"], q["end"]) == ("UNO", "Stop now", 10, 18)
        f = store.sql("SELECT * FROM figures").iloc[0]
        assert (f["number"], f["what"], f["location_country"], f["qualifier"]) == (30, "killed", "PSE", "at least")


@pytest.fixture
def filled(tmp_path):
    arts = [
        make_article("a1", [make_event("ISR/MIL", "PSE/CVL", "ASSAULT", "190", "2024-06-09", location="Gaza/PSE",
                                       sentence="Israeli forces attacked a school in Gaza."),
                            make_event("EGY/GOV", "ISR/GOV", "CONSULT", "040", "2024-06-09", sentence_index=1,
                                       sentence="Egypt held talks with Israel.", trigger="talks")],
                     date="2024-06-09"),
        make_article("a2", [make_event("ISR", "PSE", "ASSAULT", "193", "2024-06-20",
                                       sentence="Israel shelled Rafah.", trigger="shelled"),
                            make_event("USA/GOV", "IRN/GOV", "SANCTION", "163", "2024-07-02", sentence_index=1,
                                       sentence="Washington imposed sanctions on Tehran.", trigger="imposed")],
                     date="2024-07-02"),
        make_article("a3", [make_event("PSE/REB", "ISR", "ASSAULT", "190", "2024-06-21", aux=["negation"],
                                       sentence="Hamas did not attack Israel.")], date="2024-06-21"),
    ]
    store = open_store(tmp_path / "db.duckdb")
    store.write_batch(arts)
    yield store
    store.close()


def test_query_filters(filled):
    q = filled.query
    assert len(q()) == 5
    assert set(q(actor="ISR")["cameo"]) == {"190", "193"}          # country ISR and code ISRMIL
    assert list(q(actor="ISRMIL")["cameo"]) == ["190"]              # code prefix
    assert list(q(recipient="ISR")["actor_country"]) == ["EGY", "PSE"]
    assert len(q(actor=["USA", "EGY"])) == 2                         # any of several
    assert list(q(type="SANCTION")["actor_code"]) == ["USAGOV"]
    assert list(q(types=["consult"])["actor_country"]) == ["EGY"]
    assert list(q(cameo="19")["cameo"]) == ["190", "193", "190"]
    assert list(q(cameo="193")["doc_id"]) == ["a2"]
    assert list(q(since="2024-06-20", until="2024-06-30")["cameo"]) == ["193", "190"]
    assert list(q(text="SCHOOL gaza")["doc_id"]) == ["a1"]
    assert q(text="school rafah").empty
    assert len(q(factual_only=True)) == 4
    assert len(q(limit=2)) == 2
    rep = q(level="reports", actor="ISR", text="shelled")
    assert list(rep["trigger_text"]) == ["shelled"] and list(rep["title"]) == ["Title a2"]
    assert filled.count("events", actor="ISR") == 2
    with pytest.raises(StoreError):
        q(colour="red")


def test_aggregates(filled):
    d = filled.aggregate("dyad", actor="ISR", recipient="PSE", by="month")
    assert set(d["direction"]) == {"ISR → PSE"}                      # the PSE -> ISR event is negated
    assert d["events"].sum() == 2 and d["goldstein_sum"].sum() == -20
    d_all = filled.aggregate("dyad", actor="ISR", recipient="PSE", by="month", factual_only=False)
    assert set(d_all["direction"]) == {"ISR → PSE", "PSE → ISR"}
    weekly = filled.aggregate("dyad", actor="ISR", recipient="PSE", by="week")
    assert [str(p)[:10] for p in weekly["period"]] == ["2024-06-03", "2024-06-17"]   # Mondays
    dy = filled.aggregate("dyads", by="month")
    assert {(a, r) for a, r in zip(dy["actor_country"], dy["recipient_country"])} == {
        ("ISR", "PSE"), ("EGY", "ISR"), ("USA", "IRN")}
    quad = filled.aggregate("quad", by="month")
    assert dict(zip(zip(quad["period"].astype(str).str[:7], quad["quad_class"]), quad["events"])) == {
        ("2024-06", 1): 1, ("2024-06", 4): 2, ("2024-07", 4): 1}
    p = filled.aggregate("partners", country="ISR")
    assert p.set_index("partner")["events"].to_dict() == {"PSE": 2, "EGY": 1}
    assert p.set_index("partner")["events_in"].to_dict() == {"PSE": 0, "EGY": 1}
    with pytest.raises(StoreError):
        filled.aggregate("dyads", by="fortnight")


def test_summary(filled):
    s = filled.summary()
    assert (s["articles"], s["reports"], s["events"], s["factual_events"]) == (3, 5, 5, 4)
    assert s["top_types"][0] == ("ASSAULT", 3)
    assert str(s["event_dates"][0]) == "2024-06-09" and str(s["event_dates"][1]) == "2024-07-02"


def test_read_only_and_missing_database(tmp_path, filled):
    with pytest.raises(StoreError, match="no database"):
        open_store(tmp_path / "nope.duckdb", read_only=True)


def test_count_inputs_and_progress_lines(tmp_path, corpus):
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "a.txt").write_text("x")
    (tmp_path / "d" / "b.html").write_text("<p>x</p>")
    assert count_inputs([corpus]) == 300
    assert count_inputs([corpus, tmp_path / "d"]) == 302
    assert count_inputs(["-"]) is None
    out = io.StringIO()
    prog = Progress(300, stream=out, tty=False, every=0)
    with open_store(tmp_path / "db.duckdb") as store:
        ingest([corpus], store, FakeCoder(), batch_size=100, progress=prog)
    lines = out.getvalue().splitlines()
    assert lines and all(line.startswith("ingest: ") for line in lines)
    assert "/300 articles" in lines[-1] and "articles/s" in lines[-1] and "ETA" in lines[0]


def test_docs_describe_every_column():
    doc = (ROOT / "docs" / "store.md").read_text(encoding="utf-8")
    missing = [f"{t}.{c}" for t, cols in TABLES.items() for c, _ in cols if f"`{c}`" not in doc]
    assert not missing, missing


def test_problem_origin_names_file_and_line():
    assert str(Problem("a.jsonl:3", "malformed JSON")) == "a.jsonl:3: malformed JSON"

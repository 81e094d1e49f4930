"""Every export format is read back (pandas, DuckDB) with the right columns and values."""
from __future__ import annotations

import csv
import json

import duckdb
import pandas as pd
import pytest

from dragoman.store import StoreError, open_store
from dragoman.store.export import GDELT_COLUMNS, PLOVER_FIELDS, gdelt_id
from dragoman.store.schema import TABLES
from dragoman.store.testing import make_article, make_event


@pytest.fixture
def store(tmp_path):
    a = make_article("a1", [
        make_event("ISR/MIL", "PSE/CVL", "ASSAULT", "190", "2024-06-08", location="Nuseirat/PSE",
                   sentence="Israeli jets struck Nuseirat, killing 30.", trigger="struck", start=14,
                   size={"dead": 30}, mode=None),
        make_event("UNO", "ISR/GOV", "ACCUSE", "112", "2024-06", precision="month", sentence_index=1,
                   sentence="The UN accused Israel.", trigger="accused"),
        make_event("EUR", None, None, "010", "2024-06-08", sentence_index=2, trigger="said",
                   sentence="The EU said it was concerned."),
    ], date="2024-06-08", source="Wire A", url="https://a.example/1", title="Strike on camp")
    b = make_article("b1", [
        make_event("ISR/MIL", "PSE/CVL", "ASSAULT", "190", "2024-06-09", precision="document",
                   location="Gaza/PSE", trigger="bombed", sentence="Israel bombed a camp.", size={"dead": 33}),
        make_event("USA/GOV", "IRN", "SANCTION", "163", "2024-07-01", trigger="imposed", aux=["future"],
                   sentence="Washington will impose sanctions on Iran.", location="Washington/USA"),
    ], date="2024-06-09", source="Wire B", url="https://b.example/2")
    s = open_store(tmp_path / "db.duckdb")
    s.write_batch([a, b])
    yield s
    s.close()


@pytest.mark.parametrize("table", ["events", "reports", "articles", "quotes", "figures"])
def test_parquet_round_trip(store, tmp_path, table):
    out = tmp_path / f"{table}.parquet"
    n = store.export(str(out), "parquet", table=table)
    back = pd.read_parquet(out)
    assert list(back.columns) == [c for c, _ in TABLES[table]]
    assert len(back) == n == store.sql(f"SELECT count(*) AS n FROM {table}")["n"][0]
    via_duckdb = duckdb.sql(f"SELECT count(*) FROM '{out}'").fetchall()[0][0]
    assert via_duckdb == n
    if table == "events":
        mine = store.sql("SELECT * FROM events ORDER BY event_id").reset_index(drop=True)
        pd.testing.assert_frame_equal(back.reset_index(drop=True)[["event_id", "num_mentions", "cameo"]],
                                      mine[["event_id", "num_mentions", "cameo"]], check_dtype=False)
        merged = back[back["num_mentions"] == 2].iloc[0]
        assert list(merged["context"]) == ["military"] and merged["size_dead"] == 33


@pytest.mark.parametrize("table", ["events", "reports", "articles"])
def test_csv_round_trip(store, tmp_path, table):
    out = tmp_path / f"{table}.csv"
    n = store.export(str(out), "csv", table=table)
    back = pd.read_csv(out)
    assert list(back.columns) == [c for c, _ in TABLES[table]] and len(back) == n
    if table == "reports":
        row = back[back["trigger_text"] == "imposed"].iloc[0]
        assert row["aux_modes"] == "future" and row["context"] == "military" and not row["factual"]
        assert row["day"] == "2024-07-01"
    assert duckdb.sql(f"SELECT count(*) FROM read_csv_auto('{out}')").fetchall()[0][0] == n


def test_export_filters(store, tmp_path):
    out = tmp_path / "isr.parquet"
    assert store.export(str(out), "parquet", actor="ISR") == 1
    assert store.export(str(out), "parquet", table="reports", actor="ISR") == 2
    assert store.export(str(out), "parquet", factual_only=True) == 3
    with pytest.raises(StoreError):
        store.export(str(out), "parquet", table="articles", actor="ISR")
    with pytest.raises(StoreError):
        store.export(str(out), "xml")


def test_plover_jsonl(store, tmp_path, shared):
    out = tmp_path / "events.jsonl"
    n = store.export(str(out), "plover-jsonl")
    recs = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(recs) == n == 4
    ref = json.loads((shared / "reference" / "plover.json").read_text(encoding="utf-8"))
    fields = list(ref["event_record_fields"])
    assert list(PLOVER_FIELDS) == fields
    entity_fields = list(ref["entity_object_fields"])
    location_fields = [f.split("(")[0] for f in ref["location_object_fields"]]
    for r in recs:
        assert list(r)[: len(fields)] == fields
        for ent in r["actor"] + r["recipient"]:
            assert list(ent) == entity_fields
        if r["event_loc"] is not None:
            assert list(r["event_loc"]) == location_fields
        assert set(r["text_info"]) == {"sequence", "start", "end", "text_story"}
        assert {"corpus", "citation", "url", "title", "language", "publication", "license", "copyright",
                "coder", "codebook", "version"} == set(r["cite_info"])
    attack = next(r for r in recs if r["event"] == ["ASSAULT"])
    assert attack["date"] == "2024-06-08" and attack["quad_code"] == 4 and attack["event_scale"] == -10.0
    assert attack["actor"][0]["code"] == "ISR" and attack["actor"][0]["sector"] == "MIL"
    assert attack["recipient"][0]["code"] == "PSE" and attack["recipient"][0]["sector"] == "CVL"
    assert sorted(attack["event_text"]) == ["bombed", "struck"]
    assert attack["event_loc"]["country_code"] == "PSE" and attack["size"] == {"dead": 33}
    assert attack["dragoman"]["num_articles"] == 2 and attack["dragoman"]["doc_ids"] == ["a1", "b1"]
    assert attack["text_info"]["text_story"] == "a1" and attack["cite_info"]["url"] == "https://a.example/1"
    accuse = next(r for r in recs if r["event"] == ["ACCUSE"])
    assert (accuse["date"], accuse["enddate"]) == ("2024-06-01", "2024-06-30")
    said = next(r for r in recs if r["event"] == [])
    assert said["dragoman"]["cameo"] == "010" and said["recipient"] == [] and "CAMEO 010" in said["comment"]
    sanction = next(r for r in recs if r["event"] == ["SANCTION"])
    assert sanction["dragoman"]["aux_modes"] == ["future"] and sanction["dragoman"]["factual"] is False


def test_gdelt(store, tmp_path, shared):
    out = tmp_path / "events.tsv"
    n = store.export(str(out), "gdelt")
    with (shared / "reference" / "gdelt" / "events1_columns.csv").open(encoding="utf-8") as fh:
        names = [row["name"] for row in csv.DictReader(fh)]
    assert len(names) == 58 and list(GDELT_COLUMNS) == names
    df = pd.read_csv(out, sep="\t", quoting=csv.QUOTE_NONE, dtype=str, keep_default_na=False)
    assert list(df.columns) == names and len(df) == n == 4
    raw_lines = out.read_text(encoding="utf-8").splitlines()
    assert all(line.count("\t") == 57 for line in raw_lines)
    events = store.sql("SELECT * FROM events").set_index("event_id")
    ids = {gdelt_id(e): e for e in events.index}
    attack = df[df["EventCode"] == "190"].iloc[0]
    e = events.loc[ids[int(attack["GLOBALEVENTID"])]]
    assert e["event_type"] == "ASSAULT"
    assert (attack["SQLDATE"], attack["MonthYear"], attack["Year"]) == ("20240608", "202406", "2024")
    assert attack["FractionDate"] == "2024.4329"       # (5*30+8)/365, as GDELT computes it
    assert (attack["Actor1Code"], attack["Actor1CountryCode"], attack["Actor1Type1Code"]) == ("ISRMIL", "ISR", "MIL")
    assert (attack["Actor2Code"], attack["Actor2CountryCode"], attack["Actor2Type1Code"]) == ("PSECVL", "PSE", "CVL")
    assert (attack["EventBaseCode"], attack["EventRootCode"], attack["QuadClass"]) == ("190", "19", "4")
    assert float(attack["GoldsteinScale"]) == -10.0
    assert (attack["NumMentions"], attack["NumArticles"], attack["NumSources"]) == ("2", "2", "2")
    assert attack["IsRootEvent"] == "1" and attack["AvgTone"] == ""
    assert attack["ActionGeo_Type"] == "4" and attack["ActionGeo_CountryCode"] == "WE"   # FIPS for Palestine
    assert attack["ActionGeo_FullName"] == "Gaza, Palestinian Territory"     # tie: smallest name
    assert attack["SOURCEURL"] == "https://a.example/1" and len(attack["DATEADDED"]) == 8
    assert attack["Actor1Geo_Type"] == "0" and attack["Actor1Geo_FullName"] == ""
    un = df[df["EventCode"] == "112"].iloc[0]
    assert (un["Actor1Code"], un["Actor1CountryCode"], un["Actor1KnownGroupCode"]) == ("UNO", "", "UNO")
    eu = df[df["EventCode"] == "010"].iloc[0]
    assert eu["Actor1KnownGroupCode"] == "EEC" and eu["Actor2Code"] == ""
    us = df[df["EventCode"] == "163"].iloc[0]
    assert us["ActionGeo_Type"] == "3" and us["ActionGeo_CountryCode"] == "US"
    # DuckDB reads it too, with GDELT's integer columns as integers
    rel = duckdb.sql(f"SELECT GLOBALEVENTID, SQLDATE, NumMentions FROM read_csv('{out}', delim='\t', "
                     f"header=true, quote='', all_varchar=false) ORDER BY SQLDATE")
    rows = rel.fetchall()
    assert len(rows) == 4 and all(isinstance(r[0], int) for r in rows)

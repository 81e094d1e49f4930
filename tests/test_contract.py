"""The JSON contract of ``dragoman code``: every key of every event, on real sentences."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from dragoman import Config, code_text
from dragoman.ontology import cameo, event_types, modes_of
from dragoman.record import ACTOR_KEYS, AUX_MODES, DATE_PRECISIONS, EVENT_KEYS, LOCATION_KEYS

ARTICLE = (
    "Israeli forces attacked Hamas militants in the Tel al-Hawa neighbourhood of Gaza City on Monday, "
    "killing at least 12 people, authorities in Gaza said.\n\n"
    "Malaysian Prime Minister Anwar Ibrahim met Iranian President Masoud Pezeshkian in Kuala Lumpur, "
    "and the two leaders agreed to expand trade.\n\n"
    "The United States imposed sanctions on Iranian oil shipments on Tuesday."
)


@pytest.fixture(scope="module")
def article():
    return code_text(ARTICLE, date="2024-10-16", doc_id="contract-1", title="Contract test")


def test_article_keys(article):
    d = article.to_dict()
    assert list(d) == ["doc_id", "source", "date", "title", "events", "quotes", "figures", "warnings"]
    assert d["doc_id"] == "contract-1" and d["date"] == "2024-10-16" and d["title"] == "Contract test"
    json.dumps(d)   # serialisable as it is


def test_every_event_has_exactly_the_contract_keys(article):
    events = [e.to_dict() for e in article.events]
    assert len(events) >= 3
    types = set(event_types())
    for e in events:
        assert tuple(e) == EVENT_KEYS
        assert e["event_type"] in types
        assert e["mode"] is None or e["mode"] in modes_of(e["event_type"])
        assert isinstance(e["context"], list)
        facts = cameo(e["cameo"])
        assert e["goldstein"] == facts.goldstein and e["quad_class"] == facts.quad_class
        assert e["quad_class"] in (1, 2, 3, 4)
        assert tuple(e["actor"]) == ACTOR_KEYS
        assert e["recipient"] is None or tuple(e["recipient"]) == ACTOR_KEYS
        assert e["date_precision"] in DATE_PRECISIONS + (None,)
        assert e["location"] is None or tuple(e["location"]) == LOCATION_KEYS
        assert set(e["aux_modes"]) <= set(AUX_MODES)
        assert 0 < e["confidence"] <= 1
        assert e["rule"]
        trig = e["trigger"]
        assert ARTICLE[trig["start"]:trig["end"]] == trig["text"]
        assert trig["text"] in e["sentence"]
        assert ARTICLE.split("\n\n")[0] in ARTICLE  # sentence text is the article's own text


def test_codes_the_events_a_reader_sees(article):
    got = {(e.event_type, e.actor.country, e.recipient.country if e.recipient else None) for e in article.events}
    assert ("ASSAULT", "ISR", "PSE") in got
    assert ("CONSULT", "MYS", "IRN") in got and ("CONSULT", "IRN", "MYS") in got
    assert any(t == "COERCE" and a == "USA" for t, a, _ in got)   # CAMEO 163 sanctions is COERCE in PLOVER
    attack = next(e for e in article.events if e.event_type == "ASSAULT" and e.actor.country == "ISR")
    assert attack.actor.sector == "MIL" and attack.actor.code == "ISRMIL"
    assert attack.sentence_index == 0 and attack.trigger.text == "attacked"


def test_statements_only_when_asked():
    text = "Iran said on Monday that the talks in Vienna were useful."
    plain = code_text(text, date="2024-01-10")
    assert all(e.event_type for e in plain.events)
    with_statements = code_text(text, date="2024-01-10", config=Config(statements=True))
    said = [e for e in with_statements.events if e.cameo.startswith("01")]
    assert said and said[0].event_type is None and said[0].actor.country == "IRN"


def test_cli_code_writes_one_json_line_per_article(tmp_path):
    src = tmp_path / "two.jsonl"
    src.write_text(json.dumps({"id": "a", "date": "2024-03-04", "text": "Russian troops shelled Kharkiv on Sunday."}) + "\n"
                   + json.dumps({"id": "b", "text": "Turkey's parliament approved the deployment of troops to Libya."}) + "\n")
    out = tmp_path / "out.jsonl"
    proc = subprocess.run([sys.executable, "-m", "dragoman", "code", str(src), "-o", str(out), "--date", "2024-03-05"],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    lines = [json.loads(x) for x in out.read_text().splitlines()]
    assert [x["doc_id"] for x in lines] == ["a", "b"]
    assert lines[0]["date"] == "2024-03-04" and lines[1]["date"] == "2024-03-05"
    assert any(e["event_type"] == "ASSAULT" and e["actor"]["country"] == "RUS" for e in lines[0]["events"])

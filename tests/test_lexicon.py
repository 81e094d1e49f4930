"""The event lexicon reaches every CAMEO code, and a test sentence per code is coded as expected.

* the lexicon data is valid (``Lexicon.validate()``);
* every code of ``ontology/data/cameo.csv`` is reached: by a lexicon entry, or through a frame,
  i.e. some content map of frames.yaml turns the code of some lexicon entry into it
  ("urged X to release" = appeal + 0841 -> 0253);
* every code has at least one sentence in ``tests/data/cameo_sentences.yaml``, whose expected
  PLOVER type agrees with the ontology table (or with a ``type`` override of an entry of that code);
* each sentence, coded with statements on, yields an event with the expected CAMEO code and type;
  the ``not_events`` sentences must not yield an event of the given type.
"""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from dragoman import Config, code_text
from dragoman.events.lexicon import Lexicon
from dragoman.ontology import cameo_table

DATA = Path(__file__).parent / "data" / "cameo_sentences.yaml"
CONFIG = Config(statements=True)


def _sentences() -> dict:
    return yaml.safe_load(DATA.read_text(encoding="utf-8"))


def _reached(lex: Lexicon) -> dict[str, str]:
    """Every code the lexicon reaches, with how: an entry id, or "kind+content code"."""
    how = {}
    for e in lex.entries:
        how.setdefault(e.cameo, e.id)
    entry_codes = sorted({e.cameo for e in lex.entries})
    for kind in lex.content_maps:
        for code in entry_codes:
            got = lex.content_code(kind, code)
            if got:
                how.setdefault(got, f"{kind}+{code}")
    return how


def _param(rec: dict, i: int):
    marks = [pytest.mark.xfail(strict=True, reason=rec["xfail"])] if rec.get("xfail") else []
    return pytest.param(rec, id=f"{rec['cameo']}-{i}", marks=marks)


RECORDS = _sentences()
CODE_PARAMS = [_param(r, i) for i, r in enumerate(RECORDS["codes"])]
NOT_PARAMS = [pytest.param(r, id=f"not-{r['type']}-{i}") for i, r in enumerate(RECORDS.get("not_events") or ())]


def test_lexicon_is_valid():
    assert Lexicon.load().validate() == []


def test_every_cameo_code_is_reached():
    lex = Lexicon.load()
    reached = _reached(lex)
    missing = [code for code in cameo_table() if code not in reached]
    assert missing == [], f"CAMEO codes no lexicon entry or frame reaches: {missing}"


def test_every_cameo_code_has_a_sentence():
    have = {r["cameo"] for r in RECORDS["codes"]}
    missing = [code for code in cameo_table() if code not in have]
    assert missing == [], f"CAMEO codes without a test sentence: {missing}"
    unknown = sorted(have - set(cameo_table()))
    assert unknown == [], f"test sentences for unknown CAMEO codes: {unknown}"


def test_sentence_types_agree_with_the_ontology():
    table = cameo_table()
    overrides: dict[str, set[str]] = {}
    for e in Lexicon.load().entries:
        if e.type:
            overrides.setdefault(e.cameo, set()).add(e.type)
    wrong = []
    for r in RECORDS["codes"]:
        allowed = {table[r["cameo"]].plover_event} | overrides.get(r["cameo"], set())
        if r["type"] not in allowed:
            wrong.append((r["cameo"], r["type"], sorted(t for t in allowed if t)))
    assert wrong == []


@pytest.mark.parametrize("rec", CODE_PARAMS)
def test_sentence_is_coded(rec):
    article = code_text(rec["sentence"], date="2024-06-01", config=CONFIG)
    got = [(e.cameo, e.event_type, e.rule) for e in article.events]
    assert any(e.cameo == rec["cameo"] and e.event_type == rec["type"] for e in article.events), \
        f"expected {rec['cameo']} {rec['type']}, got {got}"


@pytest.mark.parametrize("rec", NOT_PARAMS)
def test_not_an_event(rec):
    article = code_text(rec["sentence"], date="2024-06-01", config=CONFIG)
    bad = [(e.cameo, e.rule) for e in article.events if e.event_type == rec["type"]]
    assert bad == []

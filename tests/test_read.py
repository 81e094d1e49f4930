"""Readers and bad input: every problem names the file (and line), and the batch goes on."""
from __future__ import annotations

import io
import json
import subprocess
import sys

import pytest

from dragoman import Pipeline
from dragoman.read import Problem, read_paths, read_stream

ROOT = __import__("pathlib").Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "dragoman" / "samples"


def split(items):
    arts = [x for x in items if not isinstance(x, Problem)]
    probs = [x for x in items if isinstance(x, Problem)]
    return arts, probs


def test_txt_leading_date_token_is_the_article_date(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text("date 2023-02-01\nTurkish jets struck PKK positions in northern Iraq.\n")
    (art,), probs = split(list(read_paths([f])))
    assert not probs
    assert art.date == "2023-02-01" and art.text.startswith("Turkish jets") and art.doc_id == "a"


def test_default_date_only_where_none_is_given(tmp_path):
    f = tmp_path / "b.txt"
    f.write_text("Protesters rallied in Bangkok.")
    (art,), _ = split(list(read_paths([f], default_date="2024-05-05")))
    assert art.date == "2024-05-05"


def test_jsonl_fields_and_malformed_lines(tmp_path):
    f = tmp_path / "c.jsonl"
    f.write_text("\n".join([
        json.dumps({"id": "x1", "date": "2024-01-02", "title": "T", "url": "http://u", "source": "S",
                    "text": "Kenya deployed police officers to Haiti."}),
        "{not json",
        json.dumps(["a", "list"]),
        json.dumps({"id": "x4"}),
        "",
        json.dumps({"text": "Chile recalled its ambassador from Israel.", "date": "yesterday"}),
    ]) + "\n")
    arts, probs = split(list(read_paths([f])))
    assert [a.doc_id for a in arts] == ["x1", "c:6"]
    assert arts[0].title == "T" and arts[0].source == "S" and arts[0].url == "http://u"
    assert [p.origin for p in probs] == [f"{f}:2", f"{f}:3", f"{f}:4"]
    assert "malformed JSON" in probs[0].message and "text" in probs[2].message
    assert any("not YYYY-MM-DD" in w for w in arts[1].warnings) and arts[1].date is None


def test_html_main_text_and_metadata():
    (art,), probs = split(list(read_paths([SAMPLES / "kuala_lumpur_protest.html"])))
    assert not probs
    assert art.title.startswith("Thousands rally outside US embassy")
    assert art.date == "2024-10-19"
    assert "3,000 protesters" in art.text and "Home" not in art.text.split("\n")[0]


def test_directories_are_read_recursively_in_order(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "z.txt").write_text("Ghana closed its border with Togo.")
    (tmp_path / "a.txt").write_text("Peru expelled the Venezuelan ambassador.")
    (tmp_path / "notes.pdf").write_bytes(b"%PDF-1.4")
    arts, probs = split(list(read_paths([tmp_path])))
    assert [a.doc_id for a in arts] == ["a", "z"] and not probs


def test_stdin_is_sniffed():
    arts, _ = split(list(read_stream(io.BufferedReader(io.BytesIO(
        b'{"id": "s1", "text": "Iraq summoned the Turkish envoy."}\n')), "<stdin>")))
    assert arts[0].doc_id == "s1"
    arts, _ = split(list(read_stream(io.BufferedReader(io.BytesIO(b"Iraq summoned the Turkish envoy.")), "<stdin>")))
    assert arts[0].text.startswith("Iraq")


@pytest.mark.parametrize("name,data,expect", [
    ("binary.txt", b"\x00\x01\x02binary\x00data" * 10, "binary"),
    ("missing.txt", None, "no such file"),
])
def test_unreadable_files_are_problems_naming_the_file(tmp_path, name, data, expect):
    f = tmp_path / name
    if data is not None:
        f.write_bytes(data)
    arts, probs = split(list(read_paths([f])))
    assert not arts and len(probs) == 1
    assert probs[0].origin == str(f) and expect in probs[0].message


def test_wrong_encoding_is_decoded_with_a_warning(tmp_path):
    f = tmp_path / "latin.txt"
    f.write_bytes("Le président français a rencontré le chancelier allemand à Berlin.".encode("cp1252"))
    (art,), probs = split(list(read_paths([f])))
    assert not probs and "président" in art.text
    assert any("not valid UTF-8" in w and str(f) in w for w in art.warnings)


def test_oversized_file_is_refused(tmp_path, monkeypatch):
    import dragoman.read as rd

    monkeypatch.setattr(rd, "MAX_FILE_BYTES", 100)
    f = tmp_path / "big.txt"
    f.write_text("Sudan " * 100)
    arts, probs = split(list(rd.read_paths([f])))
    assert not arts and "over the 100-byte limit" in probs[0].message


def test_empty_and_foreign_articles_are_refused_by_the_pipeline_and_the_rest_is_coded():
    from dragoman.record import RawArticle

    raws = [RawArticle(text="   ", doc_id="empty", origin="in.jsonl:1"),
            RawArticle(text="Le gouvernement français a annoncé lundi de nouvelles sanctions contre la Russie "
                            "et ses alliés, a indiqué le ministère.", doc_id="fr", origin="in.jsonl:2"),
            RawArticle(text="Russian troops shelled Kharkiv on Sunday.", doc_id="ok", origin="in.jsonl:3")]
    arts = list(Pipeline().code_stream(raws))
    assert [a.doc_id for a in arts] == ["empty", "fr", "ok"]
    assert not arts[0].coded and "in.jsonl:1: empty article" in arts[0].warnings[0]
    assert not arts[1].coded and "another language ('fr')" in arts[1].warnings[0]
    assert arts[2].coded and arts[2].events


def test_cli_reports_problems_and_exits_1_but_codes_the_rest(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text("Russian troops shelled Kharkiv on Sunday.")
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "1", "text": "Iran summoned the British ambassador."}\n{broken\n')
    proc = subprocess.run([sys.executable, "-m", "dragoman", "code", str(good), str(bad)],
                          capture_output=True, text=True)
    assert proc.returncode == 1
    assert f"{bad}:2: malformed JSON" in proc.stderr
    ids = [json.loads(x)["doc_id"] for x in proc.stdout.splitlines()]
    assert ids == ["good", "1"]


def test_huge_article_is_cut_with_a_warning():
    from dragoman.config import Config
    from dragoman.record import RawArticle

    text = "Russian troops shelled Kharkiv on Sunday. " * 200
    (art,) = Pipeline(Config(max_chars=500)).code_stream([RawArticle(text=text, doc_id="huge", origin="h.txt")])
    assert art.coded and any("coded the first 500" in w for w in art.warnings)


def test_a_coder_failure_is_reported_for_that_article_and_the_batch_goes_on(monkeypatch):
    from dragoman.record import RawArticle

    pipe = Pipeline()
    pipe._load()
    real = pipe.coder.code

    def flaky(doc, actors, sents=None):
        if "Kharkiv" in doc.text:
            raise ValueError("boom")
        return real(doc, actors)

    monkeypatch.setattr(pipe.coder, "code", flaky)
    raws = [RawArticle(text="Russian troops shelled Kharkiv on Sunday.", doc_id="bad", origin="x.jsonl:1"),
            RawArticle(text="Iran summoned the British ambassador.", doc_id="good", origin="x.jsonl:2")]
    bad, good = pipe.code_stream(raws)
    assert not bad.coded and "x.jsonl:1: coding failed (ValueError: boom)" in bad.warnings
    assert good.coded and good.events

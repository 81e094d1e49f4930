"""`dragoman actors`: one line per actor mention with its resolution and the reason."""
from __future__ import annotations

from click.testing import CliRunner

from dragoman.cli import main


def test_a_passage_longer_than_a_file_name_is_read_as_text():
    text = ("A fire yesterday morning destroyed at least 200 makeshift homes in a slum in Chittagong, "
            "a port city in Bangladesh. Officials said it killed nine people. Iran rejected the plan. "
            "It said the plan was unfair and would not be accepted by any government in the region.")
    assert len(text) > 255
    res = CliRunner().invoke(main, ["actors", text, "--date", "2019-02-18"])
    assert res.exit_code == 0, res.output
    lines = res.output.splitlines()
    assert any("'Bangladesh'" in ln and "BGD" in ln for ln in lines)
    # "it" after a fire is the fire, no actor; "It" after "Iran rejected" is Iran
    its = [ln for ln in lines if "'it'" in ln or "'It'" in ln]
    assert len(its) == 1 and "IRN" in its[0]


def test_a_file_is_read_as_articles(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text("Washington imposed new sanctions on Tehran.", encoding="utf-8")
    res = CliRunner().invoke(main, ["actors", str(f), "--date", "2020-01-01"])
    assert res.exit_code == 0, res.output
    assert "USAGOV" in res.output and "IRNGOV" in res.output

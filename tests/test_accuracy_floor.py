"""Accuracy floors on the development gold (../shared/gold): a change that makes the coder
worse than this fails CI. The floors sit a little under the measured numbers (see
benchmarks/accuracy.py); raise them when the coder improves."""
from __future__ import annotations

import pytest

from dragoman.config import Config
from dragoman.evaluate import evaluate_cameo, evaluate_plover, read_gold

FLOORS = {"plover_f1": 0.87, "actor": 0.95, "recipient": 0.90, "cameo": 0.80}


@pytest.fixture(scope="module")
def plover(shared):
    return evaluate_plover(read_gold(shared / "gold" / "plover_gsr_dev.jsonl"), Config(language_check=False))


def test_plover_type_f1(plover):
    p, r, f, n = plover.prf()
    assert n == 168
    assert f >= FLOORS["plover_f1"], (p, r, f)


def test_actor_and_recipient_countries(plover):
    assert plover.actor_ok / plover.actor_n >= FLOORS["actor"]
    assert plover.recip_ok / plover.recip_n >= FLOORS["recipient"]


def test_cameo_root_accuracy(shared):
    s = evaluate_cameo(read_gold(shared / "gold" / "cameo_manual_examples.jsonl"),
                       Config(statements=True, language_check=False))
    assert s.total == 81
    assert s.accuracy >= FLOORS["cameo"]

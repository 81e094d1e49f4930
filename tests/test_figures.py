"""Figures: counts of killed, injured, arrested, ... with qualifier, claimant, location."""
from __future__ import annotations

import pytest

from dragoman.figures import extract_figures, parse_number
from dragoman.record import Actor
from dragoman.where import Locator

MINISTRY = Actor(text="the health ministry", country="PSE", sector="GOV", name="Ministry of Health")


def _actor_at(tok):
    return MINISTRY if tok.lower_ == "ministry" else None


def _figs(nlp, text, actor_at=_actor_at, **kw):
    doc = nlp(text)
    loc = Locator()
    return extract_figures(doc, actor_at, lambda s, t: loc.event_location(s, t), **kw)


def _short(figs):
    return [(f.number, f.what, f.qualifier) for f in figs]


@pytest.mark.parametrize("text, value", [
    ("12", (12, False)), ("1,200", (1200, False)), ("2.5 million", (2_500_000, False)),
    ("three", (3, False)), ("two hundred", (200, False)), ("twenty-five", (25, False)),
    ("one hundred and twenty", (120, False)), ("a dozen", (12, False)), ("two dozen", (24, False)),
    ("dozens", (24, True)), ("hundreds", (200, True)), ("several", None),
])
def test_parse_number(text, value):
    assert parse_number(text) == value


def test_killed_with_qualifier_claimant_and_location(nlp):
    figs = _figs(nlp, "At least 12 people were killed in Gaza City, authorities in Gaza said.")
    assert _short(figs) == [(12, "killed", "at least")]
    f = figs[0]
    assert f.text == "At least 12 people were killed"
    assert f.claimed_by.text == "authorities in Gaza"
    assert f.location is not None and f.location.country == "PSE"
    assert f.sentence_index == 0


def test_according_to_claimant_through_callback(nlp):
    figs = _figs(nlp, "A dozen soldiers were killed, according to the health ministry.")
    assert _short(figs) == [(12, "killed", None)]
    assert figs[0].claimed_by is MINISTRY


def test_killing_and_wounding(nlp):
    figs = _figs(nlp, "Israeli strikes hit the building, killing 5 and wounding more than 30.")
    assert _short(figs) == [(5, "killed", None), (30, "injured", "more than")]


def test_arrested_protesters_counts_the_arrest(nlp):
    figs = _figs(nlp, "Police arrested more than 300 protesters in Hong Kong on Sunday.")
    assert _short(figs) == [(300, "arrested", "more than")]
    assert figs[0].location.text == "Hong Kong"


def test_adjectives_and_nouns(nlp):
    assert _short(_figs(nlp, "Nearly 2,000 displaced families have reached the camp.")) == [(2000, "displaced", "nearly")]
    assert _short(_figs(nlp, "Upwards of 40 wounded were taken to hospital.")) == [(40, "injured", "more than")]
    assert _short(_figs(nlp, "Three hundred demonstrators marched in Paris.")) == [(300, "protesters", None)]
    assert _short(_figs(nlp, "68 people were missing.")) == [(68, "missing", None)]
    assert _short(_figs(nlp, "Gunmen abducted 20 students from a school.")) == [(20, "hostages", None)]
    assert _short(_figs(nlp, "About 5,000 people fled their homes.")) == [(5000, "displaced", "about")]


def test_vague_numbers_are_lower_bounds(nlp):
    assert _short(_figs(nlp, "Dozens of people were injured.")) == [(24, "injured", "at least")]


def test_tolls_and_lives(nlp):
    assert _short(_figs(nlp, "The death toll rose to 45 on Tuesday.")) == [(45, "killed", None)]
    figs = _figs(nlp, "The blasts claimed 37 lives, while 105 other persons sustained injuries.")
    assert _short(figs) == [(37, "killed", None), (105, "injured", None)]
    assert figs[0].claimed_by is None


def test_confirmed_dead_with_reporting_clause(nlp):
    figs = _figs(nlp, "A total of 39 are confirmed dead, officials told state media.")
    assert _short(figs) == [(39, "killed", None)]
    assert figs[0].claimed_by.text == "officials"


def test_left_dead_and_injured(nlp):
    assert _short(_figs(nlp, "The bombing left 10 dead and 20 injured.")) == [(10, "killed", None), (20, "injured", None)]


def test_numbers_that_are_not_figures(nlp):
    assert _figs(nlp, "The 1973 building was home to over 1,000 people; 48 apartments were damaged.") == []
    assert _figs(nlp, "The president met 12 ministers on Monday.") == []
    assert _figs(nlp, "Prices rose 12 percent in March.") == []


def test_date_callback(nlp):
    figs = _figs(nlp, "Police arrested 20 protesters on Monday.", dates=lambda s, t: "2020-01-06")
    assert figs[0].date == "2020-01-06"


def test_article_date_resolves_the_figure_date(nlp):
    from datetime import date

    figs = _figs(nlp, "Police arrested 20 protesters on Monday.", article_date=date(2020, 1, 2))
    assert figs[0].date == "2019-12-30"
    figs = _figs(nlp, "Police arrested 20 protesters.", article_date=date(2020, 1, 2))
    assert figs[0].date is None

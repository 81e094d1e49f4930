"""Event location: the place attached to the predicate, resolved in the gazetteer."""
from __future__ import annotations

import pytest

from dragoman.where import Locator, gazetteer as gz


def _loc(nlp, text: str, trigger: str, actor_words: tuple[str, ...] = ()):
    doc = nlp(text)
    tok = next(t for t in doc if t.text == trigger)
    actors = frozenset(t.i for t in doc if t.text in actor_words)
    return Locator().event_location(tok.sent, tok, actors)


# ---- gazetteer ----------------------------------------------------------------------------------
def test_gazetteer_cities_and_countries():
    kl = gz.best("Kuala Lumpur")
    assert (kl.name, kl.country, kl.kind) == ("Kuala Lumpur", "MYS", "city")
    assert kl.lat == pytest.approx(3.14, abs=0.1) and kl.lon == pytest.approx(101.69, abs=0.1)
    assert gz.best("U.S.").country == "USA" and gz.best("U.S.").kind == "country"
    assert gz.best("Burma").country == "MMR"
    assert gz.best("Gaza City").country == "PSE"


def test_gazetteer_folds_accents_and_case():
    assert gz.best("Sao Paulo").name == "São Paulo"
    assert gz.best("SÃO PAULO").country == "BRA"
    assert gz.best("Thessaloniki").country == "GRC"


def test_gazetteer_ambiguous_names():
    # the capital before the state, the populous city before its namesakes
    assert (gz.best("Washington").kind, gz.best("Washington").country) == ("city", "USA")
    assert gz.best("Paris").country == "FRA"
    assert gz.best("Georgia").country == "GEO"
    # the text's countries decide
    assert gz.best("Georgia", ("USA",)).kind == "state"
    assert gz.best("Tripoli").country == "LBY"
    assert gz.best("Tripoli", ("LBN",)).country == "LBN"
    assert [p.country for p in gz.lookup("Tripoli")][:2] == ["LBY", "LBN"]


def test_gazetteer_is_built_once():
    assert gz.gazetteer() is gz.gazetteer()
    assert gz.is_demonym("Malaysian") and gz.demonym_country("Mexicans") == "MEX"
    assert gz.best("Qwxzyville") is None


# ---- locator ------------------------------------------------------------------------------------
def test_outside_his_home(nlp):
    loc = _loc(nlp, "Police arrested the opposition leader outside his Kuala Lumpur home on Friday.", "arrested")
    assert (loc.text, loc.name, loc.country) == ("Kuala Lumpur", "Kuala Lumpur", "MYS")
    assert loc.lat == pytest.approx(3.14, abs=0.1)


def test_stadium(nlp):
    loc = _loc(nlp, "Thousands of supporters rallied at a Kuala Lumpur stadium on Sunday.", "rallied")
    assert loc.country == "MYS"


def test_neighbourhood_of_city(nlp):
    loc = _loc(nlp, "Israeli air strikes killed 12 people in the Tel al-Hawa neighbourhood of Gaza City on Monday.",
               "killed")
    assert loc.text.startswith("Tel al-Hawa") and loc.text.endswith("Gaza City")
    assert (loc.name, loc.country) == ("Gaza", "PSE")


def test_predicate_place_beats_other_place(nlp):
    loc = _loc(nlp, "Officials in Kabul said gunmen attacked a checkpoint in Kandahar.", "attacked")
    assert (loc.text, loc.country) == ("Kandahar", "AFG")
    loc = _loc(nlp, "The minister, speaking in London, said that troops killed five rebels in Kandahar.", "killed")
    assert loc.text == "Kandahar"


def test_actor_country_is_not_the_location(nlp):
    assert _loc(nlp, "Malaysia arrested two activists.", "arrested", ("Malaysia",)) is None
    assert _loc(nlp, "Iran attacked the tanker.", "attacked") is None
    loc = _loc(nlp, "Malaysia arrested two activists in Penang.", "arrested", ("Malaysia",))
    assert loc is not None and loc.text == "Penang" and loc.country == "MYS"


def test_demonyms_are_not_locations(nlp):
    assert _loc(nlp, "Malaysian police arrested the suspect.", "arrested") is None
    assert _loc(nlp, "US troops raided the house.", "raided") is None


def test_country_with_compass_word(nlp):
    loc = _loc(nlp, "The attack happened in southern Italy.", "happened")
    assert (loc.text, loc.country) == ("southern Italy", "ITA")


def test_state_picks_the_city(nlp):
    loc = _loc(nlp, "Gunmen attacked a police post in Springfield, Illinois.", "attacked")
    assert loc.text == "Springfield" and loc.country == "USA"
    assert loc.lat == pytest.approx(39.8, abs=0.2)          # Springfield, IL, not Missouri


def test_no_place_no_location(nlp):
    assert _loc(nlp, "The two leaders met yesterday.", "met") is None


def test_reported_place_is_not_the_speech_location(nlp):
    # the place of what was said is not where "said" happened
    assert _loc(nlp, "The army said it shot at demonstrators in Tulkarm.", "said") is None


def test_a_named_person_in_apposition_is_not_a_place():
    from dragoman import Config, code_text

    text = "Gunmen opened fire at Ravi Pal Singh, president of the university students' union."
    events = code_text(text, date="2020-01-01", config=Config(language_check=False)).events
    assert events and all(e.location is None or "Singh" not in e.location.text for e in events)


def test_the_target_of_an_attack_is_its_location_and_the_other_party_of_talks_is_not():
    from dragoman import Config, code_text

    cfg = Config(language_check=False)
    strike = code_text("Israeli warplanes struck targets in southern Lebanon.", date="2024-06-09", config=cfg).events
    assert strike and strike[0].location is not None and strike[0].location.country == "LBN"
    talks = code_text("Egypt accused Israel of stalling.", date="2024-06-09", config=cfg).events
    assert talks and all(e.location is None for e in talks if e.event_type == "ACCUSE")

"""Checks over the knowledge files: they load, they agree with each other and with ISO 3166."""
from __future__ import annotations

from collections import defaultdict
from datetime import date
from importlib import resources
from pathlib import Path

import pytest

from dragoman.actors.knowledge import Knowledge
from dragoman.datafile import load_package_yaml, load_yaml_text
from dragoman.ontology import plover

PACKAGE = Path(resources.files("dragoman"))
NONSTATE = {"IGO", "UNO", "EUR", "NGO", "ISM", "IMG", "MNC"}
REGIONS = {"WST", "MEA", "PGS", "BLK", "LAM", "AFR", "ASA", "EEU", "SAS", "SEA", "NAF", "WAF", "EAF", "CAS",
           "CAU", "SAM", "CRB", "CFR", "CEU", "SCN", "NMR", "MDT", "EIN", "SAF"}


@pytest.fixture(scope="module")
def k() -> Knowledge:
    return Knowledge.load()


def all_yaml_files() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.yaml") if "/tests/" not in str(p))


@pytest.mark.parametrize("path", all_yaml_files(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_every_data_file_loads_without_duplicate_keys(path):
    load_yaml_text(path.read_text(encoding="utf-8"))


def test_duplicate_keys_are_refused():
    with pytest.raises(Exception, match="duplicate key"):
        load_yaml_text("MYS: {name: Malaysia}\nMYS: {name: Malaysia again}\n")


def test_every_iso_country_is_in_the_gazetteer():
    pycountry = pytest.importorskip("pycountry")
    ours = set(load_package_yaml("dragoman.actors", "data", "countries.yaml"))
    missing = sorted(c.alpha_3 for c in pycountry.countries if c.alpha_3 not in ours)
    assert not missing, missing
    assert "KOS" in ours           # PLOVER's code for Kosovo


def test_each_country_alias_names_one_country(k):
    clashes = {a: sorted({e.country for e in es if e.kind in ("country", "demonym", "capital", "seat")})
               for a, es in k.aliases.items()}
    clashes = {a: c for a, c in clashes.items() if len(c) > 1}
    assert not clashes, clashes


def test_no_alias_of_a_person_or_loaded_name_is_a_country_name(k):
    bad = []
    for alias, entries in k.aliases.items():
        kinds = {e.kind for e in entries}
        if "country" in kinds and kinds & {"person", "loaded"}:
            bad.append(alias)
    assert not bad, bad


def test_codes_and_sectors_are_valid(k):
    countries = set(k.countries)
    sectors = set(plover()["sectors"])
    valid = countries | NONSTATE | REGIONS
    for alias, entries in k.aliases.items():
        for e in entries:
            assert e.country is None or e.country in valid, (alias, e)
            assert e.sector is None or e.sector in sectors, (alias, e)
    for p in k.people:
        assert p.country in valid, p.name
        for t in p.terms:
            assert t.sector is None or t.sector in sectors, (p.name, t)
    for word, sector in k.sector_words.items():
        assert sector in sectors, word


def test_terms_are_ordered_and_one_holder_per_office_per_day(k):
    by_office = defaultdict(list)
    for p in k.people:
        for t in p.terms:
            assert t.end is None or t.start < t.end, (p.name, t)
            by_office[(p.country, t.office)].append((t.start, t.end or date.max, p.name))
    overlaps = []
    for key, terms in by_office.items():
        terms.sort()
        for (s1, e1, n1), (s2, e2, n2) in zip(terms, terms[1:]):
            if s2 < e1 and n1 != n2:
                overlaps.append((key, n1, n2))
    assert not overlaps, overlaps[:10]


def test_known_terms(k):
    assert k.holder("MYS", "prime minister", date(2024, 5, 1)).name == "Anwar Ibrahim"
    assert k.holder("IRN", "president", date(2025, 1, 1)).name == "Masoud Pezeshkian"
    assert k.holder("ISR", "prime minister", date(2022, 3, 1)) is None or \
        k.holder("ISR", "prime minister", date(2022, 3, 1)).name != "Benjamin Netanyahu"
    assert k.holder("ISR", "prime minister", date(2024, 3, 1)).name == "Benjamin Netanyahu"


@pytest.mark.parametrize("text,word,country,sector", [
    ("The Islamic Republic rejected the proposal.", "Republic", "IRN", "GOV"),
    ("Western powers imposed sanctions.", "powers", "WST", None),
    ("The international community condemned the coup.", "community", "IGO", None),
    ("Occupation forces raided the camp.", "forces", "ISR", "MIL"),
    ("The Kyiv regime rejected the talks.", "regime", "UKR", "GOV"),
    ("Arab states welcomed the deal.", "states", "IGO", None),
])
def test_loaded_and_collective_names(nlp, text, word, country, sector):
    from dragoman.actors import ActorResolver

    doc = nlp(text)
    acts = ActorResolver(nlp).annotate(doc, date(2024, 1, 1))
    tok = next(t for t in doc if t.text == word)
    a = acts.actor_at(tok)
    assert a is not None and (a.country, a.sector) == (country, sector), a


def test_each_people_form_names_one_people_and_no_country(k):
    from dragoman.actors.knowledge import _yaml

    seen: dict[str, str] = {}
    for p in _yaml("peoples.yaml"):
        assert p["country"] in k.countries, p
        for form in p["forms"]:
            assert form.lower() not in seen, (form, seen.get(form.lower()), p["name"])
            seen[form.lower()] = p["name"]
            sources = {e.source for e in k.lookup(form)}
            assert sources == {f"peoples.yaml:{p['name']}"}, (form, sources)


@pytest.mark.parametrize("text,word,country,sector", [
    ("Rohingya refugees crossed into Bangladesh.", "refugees", "MMR", "REF"),
    ("Chechen rebels attacked a police post.", "rebels", "RUS", "REB"),
    ("Ibo traditional elders have demanded a new interior minister.", "elders", "NGA", "SOC"),
    ("Ethnic Uighurs in Kazakhstan protested.", "Uighurs", "KAZ", "CVL"),
    # Shona live in Zimbabwe and Mozambique: not in the file, no country from the word (the
    # coder then takes the rebels as domestic: MOZ)
    ("The Mozambique government accepted demands from Shona rebels.", "rebels", None, "REB"),
])
def test_a_people_of_one_state_names_that_state(nlp, text, word, country, sector):
    from dragoman.actors import ActorResolver

    doc = nlp(text)
    tok = next(t for t in doc if t.text == word)
    a = ActorResolver(nlp).annotate(doc, None).actor_at(tok)
    assert (a.country, a.sector) == (country, sector), a.reason


@pytest.mark.parametrize("text,word,country", [
    ("Ivory Coast rebels opposed the deployment of a regional peacekeeping force.", "force", "IGO"),
    ("A multinational force was sent to Haiti.", "force", "IGO"),
    ("The regional governor resigned.", "governor", None),
])
def test_a_force_of_several_states_is_an_igo(nlp, text, word, country):
    from dragoman.actors import ActorResolver

    doc = nlp(text)
    tok = next(t for t in doc if t.text == word)
    assert ActorResolver(nlp).annotate(doc, None).actor_at(tok).country == country

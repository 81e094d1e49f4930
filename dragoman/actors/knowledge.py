"""Actor knowledge: the YAML files under ``data/`` loaded into lookup tables.

``Knowledge.load()`` is cached per process. Entries are plain frozen dataclasses; the
resolver (``resolve.py``) matches their aliases in documents with spaCy PhraseMatchers.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from ..datafile import load_package_yaml


_CASE_SENSITIVE = re.compile(r"^[A-Z0-9][A-Z0-9.&-]{0,4}$")


# Offices by weight, for a person who holds two at once or held several: the highest names them
_HEAD_OFFICES = frozenset({"king", "queen", "emir", "sultan", "emperor", "supreme leader", "president",
                           "head of state", "prime minister", "chancellor", "premier", "party general secretary",
                           "pope"})
_SECOND_OFFICES = frozenset({"vice president", "deputy prime minister", "crown prince", "state counsellor",
                             "first prime minister", "second prime minister", "senate president"})
_MINISTER_OFFICES = frozenset({"foreign minister", "defence minister"})


def office_rank(office: str) -> int:
    if office in _HEAD_OFFICES:
        return 3
    if office in _SECOND_OFFICES:
        return 2
    if office in _MINISTER_OFFICES:
        return 1
    return 0


@dataclass(frozen=True, slots=True)
class Term:
    office: str
    sector: str | None
    start: date
    end: date | None

    def covers(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day < self.end)


@dataclass(frozen=True, slots=True)
class Person:
    name: str
    country: str | None
    gender: str | None
    terms: tuple[Term, ...]

    def term_at(self, day: date | None) -> Term | None:
        """The term covering ``day``; of two offices held at once, the higher one, then the one
        taken up last (an army chief who made himself president is the president; a sultan who is
        also foreign minister is the sultan)."""
        if day is None:
            return None
        covering = [t for t in self.terms if t.covers(day)]
        return max(covering, key=lambda t: (office_rank(t.office), t.start)) if covering else None

    def status_at(self, day: date | None) -> tuple[str | None, str]:
        """(sector, how) for a bare mention of this person on ``day``."""
        if not self.terms:
            return None, "person in leaders base"
        if day is None:
            latest = max(self.terms, key=lambda t: t.start)
            return latest.sector, f"{latest.office} (latest term; article has no date)"
        t = self.term_at(day)
        if t:
            return t.sector, f"{t.office} since {t.start.isoformat()}"
        past = [t for t in self.terms if t.end and t.end <= day]
        if past:
            last = max(past, key=lambda t: (office_rank(t.office), t.end))
            return "ELI", f"former {last.office} (until {last.end.isoformat()})"
        return None, "not yet in office on the article date"


@dataclass(frozen=True, slots=True)
class Entry:
    """Something an alias can denote."""
    kind: str                 # country | demonym | capital | seat | org | person | loaded
    country: str | None
    sector: str | None
    name: str
    source: str               # file and key, for explanations: "countries.yaml:MYS"
    code: str | None = None
    plural: bool = False      # demonym in its people form ("Israelis")
    person: Person | None = None


@dataclass(slots=True)
class Knowledge:
    countries: dict[str, dict] = field(default_factory=dict)
    aliases: dict[str, list[Entry]] = field(default_factory=dict)        # key: alias (see norm)
    surfaces: dict[str, list[str]] = field(default_factory=dict)         # key -> aliases as written
    sector_words: dict[str, str] = field(default_factory=dict)          # lower phrase -> sector
    max_sector_words: int = 1
    offices: dict[str, str] = field(default_factory=dict)              # title phrase -> office
    weapon_agents: frozenset[str] = frozenset()                         # "a roadside bomb" killed: UAF
    role_nouns: frozenset[str] = frozenset()
    modifier_sectors: dict[str, str] = field(default_factory=dict)
    people: list[Person] = field(default_factory=list)
    by_surname: dict[str, list[Person]] = field(default_factory=dict)
    offices: dict[tuple[str, str], list[tuple[Term, Person]]] = field(default_factory=dict)
    country_names: dict[str, str] = field(default_factory=dict)         # iso3 -> name
    fold_into: dict[str, str] = field(default_factory=dict)             # dependency -> sovereign

    @staticmethod
    def norm(alias: str) -> str:
        """The key an alias is stored under: exact for short all-capital forms, else lower case."""
        alias = " ".join(alias.split())
        return alias if _CASE_SENSITIVE.match(alias) else alias.lower()

    @staticmethod
    def case_sensitive(alias: str) -> bool:
        return bool(_CASE_SENSITIVE.match(" ".join(alias.split())))

    def lookup(self, text: str) -> list[Entry]:
        text = " ".join(text.split())
        return self.aliases.get(text) or self.aliases.get(text.lower()) or []

    def holder(self, country: str, office: str, day: date | None) -> Person | None:
        """Who held ``office`` in ``country`` on ``day`` (e.g. MYS prime minister 2024-05-01)."""
        if day is None:
            return None
        for term, person in self.offices.get((country, office), ()):
            if term.covers(day):
                return person
        return None

    @classmethod
    @cache
    def load(cls) -> "Knowledge":
        """The knowledge files, built once per process (and kept in the build cache)."""
        from ..buildcache import cached, data_files

        return cached("knowledge", cls._build, data_files(__package__))

    @classmethod
    def _build(cls) -> "Knowledge":
        k = cls()
        k._load_sectors(_yaml("sectors.yaml"))
        k._load_countries(_yaml("countries.yaml"))
        k._load_orgs(_yaml("organisations.yaml"), "organisations.yaml")
        for name in _people_files():
            k._load_people(_yaml(f"people/{name}"), f"people/{name}")
        k._load_loaded(_yaml("loaded.yaml"))
        k._load_peoples(_yaml("peoples.yaml"))
        return k

    # ------------------------------------------------------------------------------------
    def _add(self, alias: str, entry: Entry) -> None:
        if not alias or not str(alias).strip():
            return
        alias = " ".join(str(alias).split())
        if "'" in alias:                # the press writes "People’s" as often as "People's"
            self._add_one(alias.replace("'", "\u2019"), entry)
        self._add_one(alias, entry)

    def _add_one(self, alias: str, entry: Entry) -> None:
        key = self.norm(alias)
        bucket = self.aliases.setdefault(key, [])
        if entry not in bucket:
            bucket.append(entry)
        forms = self.surfaces.setdefault(key, [])
        if alias not in forms:
            forms.append(alias)

    def _load_sectors(self, data: dict) -> None:
        for sector, words in (data.get("sectors") or {}).items():
            for w in words or ():
                w = " ".join(str(w).lower().split())
                self.sector_words[w] = sector
                self.max_sector_words = max(self.max_sector_words, len(w.split()))
        self.offices = {" ".join(str(k).lower().split()): str(v).lower()
                        for k, v in (data.get("offices") or {}).items()}
        self.weapon_agents = frozenset(str(w).lower() for w in data.get("weapon_agents") or ())
        self.role_nouns = frozenset(str(w).lower() for w in data.get("role_nouns") or ())
        for sector, words in (data.get("modifiers") or {}).items():
            for w in words or ():
                self.modifier_sectors[str(w).lower()] = sector

    def _load_countries(self, data: dict) -> None:
        for iso3, c in (data or {}).items():
            c = c or {}
            code = c.get("fold_into") or iso3
            if c.get("fold_into"):
                self.fold_into[iso3] = c["fold_into"]
            name = c.get("name") or iso3
            self.countries[iso3] = c
            self.country_names[iso3] = name
            src = f"countries.yaml:{iso3}"
            for a in [name, *(c.get("aliases") or ())]:
                self._add(a, Entry("country", code, None, self.country_names.get(code, name), src))
            for d in c.get("demonyms") or ():
                plural = str(d).endswith("s") and not str(d).endswith(("ss", "ese"))
                self._add(d, Entry("demonym", code, None, self.country_names.get(code, name), src, plural=plural))
            if c.get("capital"):
                self._add(c["capital"], Entry("capital", code, "GOV", self.country_names.get(code, name), src))
            for s in c.get("seats") or ():
                self._add(s, Entry("seat", code, "GOV", self.country_names.get(code, name), src))
                if not str(s).lower().startswith("the "):
                    self._add("the " + str(s), Entry("seat", code, "GOV", self.country_names.get(code, name), src))

    def _load_orgs(self, data: list, fname: str) -> None:
        for i, o in enumerate(data or ()):
            name = o["name"]
            e = Entry("org", o.get("country"), o.get("sector"), name, f"{fname}:{name}", code=o.get("code"))
            for a in [name, *(o.get("aliases") or ())]:
                self._add(a, e)

    def _load_people(self, data: list, fname: str = "people.yaml") -> None:
        for p in data or ():
            terms = tuple(sorted((Term(str(t.get("office", "")).lower(), t.get("sector"), _day(t["start"]),
                                       _day(t["end"]) if t.get("end") else None)
                                  for t in p.get("terms") or ()), key=lambda t: t.start))
            person = Person(p["name"], p.get("country"), p.get("gender"), terms)
            self.people.append(person)
            e = Entry("person", person.country, None, person.name, f"{fname}:{person.name}", person=person)
            for a in [person.name, *(p.get("aliases") or ())]:
                self._add(a, e)
            self.by_surname.setdefault(person.name.split()[-1].lower(), []).append(person)
            for t in terms:
                if person.country:
                    self.offices.setdefault((person.country, t.office), []).append((t, person))

    def _load_peoples(self, data: list) -> None:
        """Peoples of one state ("Rohingya", "Chechens") read as that state's demonyms."""
        for p in data or ():
            code = self.fold_into.get(p["country"], p["country"])
            src = f"peoples.yaml:{p['name']}"
            for f in p.get("forms") or ():
                plural = str(f).endswith("s") and not str(f).endswith(("ss", "ese"))
                self._add(f, Entry("demonym", code, None, self.country_names.get(code, code), src, plural=plural))

    def _load_loaded(self, data: list) -> None:
        for o in data or ():
            name = o.get("name") or o["aliases"][0]
            e = Entry("loaded", o.get("country"), o.get("sector"), name, f"loaded.yaml:{name}", code=o.get("code"))
            for a in o.get("aliases") or ():
                self._add(a, e)
                if not str(a).lower().startswith("the "):
                    self._add("the " + str(a), e)


def _yaml(name: str):
    return load_package_yaml(__package__, "data", *name.split("/"))


def _people_files() -> list[str]:
    """The leaders base is split by region: data/people/*.yaml, read in name order."""
    from importlib import resources

    folder = resources.files(__package__).joinpath("data", "people")
    return sorted(f.name for f in folder.iterdir() if f.name.endswith(".yaml"))


def _day(value) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))

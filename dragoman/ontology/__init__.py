"""CAMEO and PLOVER ontology facts as dragoman uses them (package data in ``data/``).

``cameo("0214")`` returns the code's name, Goldstein score, quad class and PLOVER type, mode and
contexts. Quad class and Goldstein are GDELT's; CAMEO 02 (appeals) is coded as PLOVER REQUEST,
CAMEO 01 (public statements) has no PLOVER type.

The PLOVER type of each code follows the CAMEO-to-PLOVER translation table, except where PLOVER's
own definitions (and its gold-standard records) read otherwise: easing a curfew or a state of
emergency (0813, 0814) is CONCEDE ("easing restrictions"); destroying property (1712) and using
people as human shields (184) are COERCE (coercion short of harm to people); occupying territory
by force (192) is ASSAULT. Modes outside a type's PLOVER mode list are mapped to the nearest one.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib import resources

from ..datafile import load_package_yaml


@dataclass(frozen=True, slots=True)
class CameoCode:
    code: str
    name: str
    goldstein: float
    quad_class: int
    plover_event: str | None
    plover_mode: str | None
    plover_context: tuple[str, ...]

    @property
    def root(self) -> str:
        return self.code[:2]


def _data(name: str):
    return resources.files(__package__).joinpath("data", name)


@cache
def cameo_table() -> dict[str, CameoCode]:
    with _data("cameo.csv").open(encoding="utf-8") as fh:
        return {r["code"]: CameoCode(r["code"], r["name"], float(r["goldstein"]), int(r["quad_class"]),
                                     r["plover_event"] or None, r["plover_mode"] or None,
                                     tuple(c for c in r["plover_context"].split(";") if c))
                for r in csv.DictReader(fh)}


def cameo(code: str) -> CameoCode:
    """The facts for one CAMEO code; KeyError names the unknown code."""
    try:
        return cameo_table()[code]
    except KeyError:
        raise KeyError(f"unknown CAMEO code {code!r}") from None


@cache
def plover() -> dict:
    return load_package_yaml(__package__, "data", "plover.yaml")


def event_types() -> tuple[str, ...]:
    return tuple(plover()["event_types"])


def modes_of(event_type: str) -> tuple[str, ...]:
    return tuple(plover()["event_types"][event_type]["modes"])


def sector_cameo(sector: str | None) -> str | None:
    """PLOVER sector -> CAMEO agent code used in actor codes (JRN -> MED, ...)."""
    if not sector:
        return None
    entry = plover()["sectors"].get(sector)
    return entry["cameo"] if entry else sector


def actor_code(country: str | None, sector: str | None) -> str | None:
    """A CAMEO-style actor code: country plus agent, e.g. ``USAGOV``; None if neither is known."""
    parts = (country or "") + (sector_cameo(sector) or "")
    return parts or None

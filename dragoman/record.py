"""The one event record type, used from the coder to the database and the API.

Every stage of the pipeline produces or consumes these dataclasses; ``to_dict`` gives the
JSON contract documented in ``docs/schema.md`` (the exact keys downstream tools rely on).
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

EVENT_KEYS = (
    "event_type", "mode", "context", "cameo", "goldstein", "quad_class",
    "actor", "recipient", "date", "date_precision", "location",
    "sentence", "sentence_index", "trigger", "aux_modes", "confidence", "rule", "size",
)
ACTOR_KEYS = ("text", "country", "sector", "code", "name")
LOCATION_KEYS = ("text", "name", "country", "lat", "lon")
AUX_MODES = ("negation", "future", "hypothetical", "historical", "alleged")
DATE_PRECISIONS = ("day", "month", "year", "document")


@dataclass(slots=True)
class Actor:
    """A resolved participant: ``country`` is ISO-3 or a PLOVER non-state code, ``sector`` a PLOVER sector.

    ``reason`` and ``start``/``end`` (character offsets into the article) explain the resolution;
    they are not part of the JSON contract but ``dragoman actors`` prints them.
    """
    text: str
    country: str | None = None
    sector: str | None = None
    code: str | None = None
    name: str | None = None
    reason: str = ""
    start: int = -1
    end: int = -1
    kind: str = ""          # "country", "org", "person", "group", "pronoun", ...

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "country": self.country, "sector": self.sector,
                "code": self.code, "name": self.name}

    @property
    def resolved(self) -> bool:
        return bool(self.country or self.sector)

    def key(self) -> tuple:
        return (self.country, self.sector, self.name)


@dataclass(slots=True)
class Location:
    """Where an event happened. ``start``/``end`` (character offsets of ``text`` in the article)
    are for tracing and evaluation; they are not part of the JSON contract."""
    text: str
    name: str | None = None
    country: str | None = None
    lat: float | None = None
    lon: float | None = None
    start: int = -1
    end: int = -1

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "name": self.name, "country": self.country,
                "lat": self.lat, "lon": self.lon}


@dataclass(slots=True)
class Trigger:
    text: str
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "start": self.start, "end": self.end}


@dataclass(slots=True)
class Event:
    event_type: str | None
    mode: str | None
    context: list[str]
    cameo: str
    goldstein: float
    quad_class: int
    actor: Actor
    recipient: Actor | None
    sentence: str
    sentence_index: int
    trigger: Trigger
    rule: str
    date: str | None = None
    date_precision: str | None = None
    location: Location | None = None
    aux_modes: list[str] = field(default_factory=list)
    confidence: float = 1.0
    size: dict[str, int] | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "event_type": self.event_type, "mode": self.mode, "context": list(self.context),
            "cameo": self.cameo, "goldstein": self.goldstein, "quad_class": self.quad_class,
            "actor": self.actor.to_dict(),
            "recipient": self.recipient.to_dict() if self.recipient else None,
            "date": self.date, "date_precision": self.date_precision,
            "location": self.location.to_dict() if self.location else None,
            "sentence": self.sentence, "sentence_index": self.sentence_index,
            "trigger": self.trigger.to_dict(), "aux_modes": list(self.aux_modes),
            "confidence": round(self.confidence, 3), "rule": self.rule,
            "size": dict(self.size) if self.size else None,
        }

    def event_id(self, doc_id: str) -> str:
        """A stable id: the same report of the same event always gets the same id."""
        key = "|".join((doc_id, str(self.sentence_index), str(self.trigger.start), self.cameo,
                        self.actor.country or "", self.actor.sector or "", self.actor.text,
                        (self.recipient.text if self.recipient else "")))
        return hashlib.blake2b(key.encode("utf-8"), digest_size=10).hexdigest()


@dataclass(slots=True)
class Quote:
    speaker: Actor | None
    text: str
    sentence_index: int
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        return {"speaker": self.speaker.to_dict() if self.speaker else None, "text": self.text,
                "sentence_index": self.sentence_index, "start": self.start, "end": self.end}


@dataclass(slots=True)
class Figure:
    number: int
    what: str
    qualifier: str | None
    claimed_by: Actor | None
    location: Location | None
    sentence_index: int
    text: str
    date: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"number": self.number, "what": self.what, "qualifier": self.qualifier,
                "claimed_by": self.claimed_by.to_dict() if self.claimed_by else None,
                "location": self.location.to_dict() if self.location else None,
                "sentence_index": self.sentence_index, "text": self.text, "date": self.date}


@dataclass(slots=True)
class RawArticle:
    """What a reader yields: text plus whatever metadata the input carried."""
    text: str
    doc_id: str | None = None
    date: str | None = None
    title: str | None = None
    url: str | None = None
    source: str | None = None
    origin: str = ""               # "path:line" for messages
    warnings: list[str] = field(default_factory=list)

    def content_hash(self) -> str:
        normal = " ".join(self.text.split()).casefold()
        return hashlib.blake2b(normal.encode("utf-8"), digest_size=12).hexdigest()


@dataclass(slots=True)
class Article:
    """One coded article, what ``dragoman code`` prints a line of."""
    doc_id: str
    source: str | None
    date: str | None
    title: str | None
    events: list[Event] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    url: str | None = None
    text: str = ""
    content_hash: str = ""
    origin: str = ""
    coded: bool = True            # False when the article was refused (empty, other language, ...)

    def to_dict(self) -> dict[str, Any]:
        return {"doc_id": self.doc_id, "source": self.source, "date": self.date, "title": self.title,
                "events": [e.to_dict() for e in self.events],
                "quotes": [q.to_dict() for q in self.quotes],
                "figures": [f.to_dict() for f in self.figures],
                "warnings": list(self.warnings)}

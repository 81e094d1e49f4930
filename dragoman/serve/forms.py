"""GET parameters of the pages and the API: event filters, paging, periods (validated)."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from urllib.parse import urlencode

from ..store import Filters
from ..store.base import PERIODS


class BadRequest(Exception):
    """A parameter a user can fix (bad date, unknown type, ...): 400 with the message."""


def _values(qp, name: str) -> list[str]:
    """Repeated (``?actor=ISR&actor=USA``) or comma/space-separated values, upper-cased."""
    out: list[str] = []
    for v in qp.getlist(name):
        out += [p.strip().upper() for p in v.replace(",", " ").split() if p.strip()]
    return list(dict.fromkeys(out))


def _codes(qp, name: str) -> list[str]:
    """Actor codes or country codes (``ISR``, ``ISRMIL``, ``UNO``): letters and digits only."""
    values = _values(qp, name)
    bad = [v for v in values if not (v.isascii() and v.isalnum())]
    if bad:
        raise BadRequest(f"{name}: {', '.join(map(repr, bad))} is not an actor code (letters and digits: "
                         f"a country such as ISR or a code prefix such as ISRMIL)")
    return values


def _code(qp, name: str) -> str | None:
    values = _codes(qp, name)
    if len(values) > 1:
        raise BadRequest(f"{name}: give one code, not {' '.join(values)}")
    return values[0] if values else None


def _span(since: str | None, until: str | None) -> tuple[str | None, str | None]:
    if since and until and since > until:
        raise BadRequest(f"since ({since}) is after until ({until}): no date can match")
    return since, until


def _one(qp, name: str) -> str | None:
    v = (qp.get(name) or "").strip()
    return v or None


def _day(qp, name: str) -> str | None:
    v = _one(qp, name)
    if v is None:
        return None
    try:
        return date.fromisoformat(v).isoformat()
    except ValueError:
        raise BadRequest(f"{name}: {v!r} is not a date (YYYY-MM-DD)") from None


def _flag(qp, name: str) -> bool:
    return (qp.get(name) or "").strip().lower() in ("1", "true", "yes", "on")


def _int(qp, name: str, default: int, lo: int, hi: int) -> int:
    v = _one(qp, name)
    if v is None:
        return default
    try:
        n = int(v)
    except ValueError:
        raise BadRequest(f"{name}: {v!r} is not a number") from None
    if not lo <= n <= hi:
        raise BadRequest(f"{name} must be between {lo} and {hi}")
    return n


def _types(values: list[str]) -> list[str]:
    from ..ontology import event_types

    known = set(event_types())
    bad = [t for t in values if t not in known]
    if bad:
        raise BadRequest(f"unknown PLOVER type {', '.join(bad)}; use one of {', '.join(sorted(known))}")
    return values


def period(qp, default: str = "week") -> str:
    by = (_one(qp, "by") or default).lower()
    if by not in PERIODS:
        raise BadRequest(f"by must be one of {', '.join(PERIODS)}")
    return by


@dataclass
class EventForm:
    """The events filters as they appear in the URL (``?actor=ISR&type=ASSAULT&since=2024-01-01``)."""
    actor: list[str] = field(default_factory=list)
    recipient: list[str] = field(default_factory=list)
    type: list[str] = field(default_factory=list)
    cameo: list[str] = field(default_factory=list)
    since: str | None = None
    until: str | None = None
    text: str | None = None
    factual: bool = False
    page: int = 1
    per_page: int = 50

    @classmethod
    def parse(cls, qp) -> "EventForm":
        cameo = _values(qp, "cameo")
        bad = [c for c in cameo if not c.isdigit()]
        if bad:
            raise BadRequest(f"cameo: {', '.join(bad)} is not a CAMEO code prefix (digits, e.g. 19 or 0214)")
        since, until = _span(_day(qp, "since"), _day(qp, "until"))
        form = cls(actor=_codes(qp, "actor"), recipient=_codes(qp, "recipient"), type=_types(_values(qp, "type")),
                   cameo=cameo, since=since, until=until, text=_one(qp, "text"),
                   factual=_flag(qp, "factual"), page=_int(qp, "page", 1, 1, 10**7),
                   per_page=_int(qp, "per_page", 50, 1, 500))
        return form

    def filters(self) -> Filters:
        return Filters.make(actor=self.actor, recipient=self.recipient, types=self.type, cameo=self.cameo,
                            since=self.since, until=self.until, text=self.text, factual_only=self.factual)

    @property
    def active(self) -> bool:
        return bool(self.actor or self.recipient or self.type or self.cameo or self.since or self.until
                    or self.text or self.factual)

    def params(self, **changes) -> list[tuple[str, str]]:
        """The filters (and page) as URL parameters, defaults left out."""
        d = {"actor": " ".join(self.actor), "recipient": " ".join(self.recipient), "type": " ".join(self.type),
             "cameo": " ".join(self.cameo), "since": self.since, "until": self.until, "text": self.text,
             "factual": "1" if self.factual else None, "page": self.page if self.page != 1 else None,
             "per_page": self.per_page if self.per_page != 50 else None}
        d.update(changes)
        return [(k, str(v)) for k, v in d.items() if v not in (None, "", False)]

    def query(self, **changes) -> str:
        return urlencode(self.params(**changes))

    def as_dict(self) -> dict:
        return {"actor": self.actor, "recipient": self.recipient, "type": self.type, "cameo": self.cameo,
                "since": self.since, "until": self.until, "text": self.text, "factual": self.factual}


@dataclass
class DyadForm:
    actor: str
    recipient: str
    by: str = "week"
    since: str | None = None
    until: str | None = None
    type: list[str] = field(default_factory=list)
    one_way: bool = False
    all_modes: bool = False

    @classmethod
    def parse(cls, qp, required: bool = True) -> "DyadForm | None":
        """The dyad in ``qp``; with ``required=False``, None when neither side is given (a picker)."""
        actor, recipient = _code(qp, "actor"), _code(qp, "recipient")
        if not actor or not recipient:
            if required or actor or recipient:
                raise BadRequest("a dyad needs an actor and a recipient (?actor=ISR&recipient=PSE)")
            return None
        since, until = _span(_day(qp, "since"), _day(qp, "until"))
        return cls(actor=actor, recipient=recipient, by=period(qp), since=since,
                   until=until, type=_types(_values(qp, "type")),
                   one_way=_flag(qp, "one_way") or actor == recipient,       # USA -> USA has one direction
                   all_modes=_flag(qp, "all_modes"))

    def aggregate_kwargs(self) -> dict:
        return dict(actor=self.actor, recipient=self.recipient, by=self.by, since=self.since, until=self.until,
                    types=tuple(self.type), both_directions=not self.one_way, factual_only=not self.all_modes)

    @property
    def directions(self) -> list[str]:
        return [f"{self.actor} → {self.recipient}"] + ([] if self.one_way else [f"{self.recipient} → {self.actor}"])

    def query(self, **changes) -> str:
        d = {"actor": self.actor, "recipient": self.recipient, "by": self.by, "since": self.since,
             "until": self.until, "type": " ".join(self.type), "one_way": "1" if self.one_way else None,
             "all_modes": "1" if self.all_modes else None}
        d.update(changes)
        return urlencode([(k, str(v)) for k, v in d.items() if v not in (None, "")])

    def as_dict(self) -> dict:
        return {"actor": self.actor, "recipient": self.recipient, "by": self.by, "since": self.since,
                "until": self.until, "type": self.type, "one_way": self.one_way, "all_modes": self.all_modes}

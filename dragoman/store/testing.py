"""Synthetic articles and a fake coder for testing and benchmarking the store without spaCy.

``FakeCoder`` reads event specifications written into an article's text, one per line::

    @event ISR/MIL > PSE/CVL ASSAULT 190 2024-06-09/day loc=Gaza/PSE trig=attacked aux=alleged

(``-`` for a missing side; ``sector`` after the slash is optional; ``date/precision`` may be
``-`` for no date; ``sent=N`` sets the sentence index, default the line number). A line ``@refuse``
makes the article come back refused, ``@crash`` makes the coder raise. ``synthetic_corpus`` writes a
JSONL corpus of such articles with overlapping reports, for dedup, resume and speed tests.
"""
from __future__ import annotations

import json
import random
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Iterable, Iterator

from ..ontology import actor_code, cameo as cameo_facts
from ..record import Actor, Article, Event, Location, RawArticle, Trigger


def make_actor(spec: str | None) -> Actor | None:
    if not spec or spec == "-":
        return None
    country, _, sector = spec.partition("/")
    country = country or None
    sector = sector or None
    return Actor(text=spec, country=country, sector=sector, code=actor_code(country, sector),
                 name=country)


def make_event(actor: str = "ISR/MIL", recipient: str | None = "PSE", event_type: str | None = "ASSAULT",
               cameo: str = "190", date: str | None = "2024-06-09", precision: str | None = "day",
               location: str | None = None, sentence_index: int = 0, trigger: str = "attacked",
               start: int = 0, aux: Iterable[str] = (), sentence: str | None = None, mode: str | None = None,
               size: dict | None = None, confidence: float = 1.0) -> Event:
    """An ``Event`` from short specs: ``"ISR/MIL"`` is country ISR, sector MIL."""
    try:
        facts = cameo_facts(cameo)
        goldstein, quad = facts.goldstein, facts.quad_class
    except KeyError:
        goldstein, quad = 0.0, 1
    loc = None
    if location:
        name, _, country = location.replace("_", " ").partition("/")
        loc = Location(text=name, name=name or None, country=country or None, lat=1.5, lon=2.5)
    act = make_actor(actor) or Actor(text="someone")
    return Event(event_type=event_type, mode=mode, context=["military"] if quad == 4 else [], cameo=cameo,
                 goldstein=goldstein, quad_class=quad, actor=act, recipient=make_actor(recipient),
                 sentence=sentence or f"{actor} {trigger} {recipient}.", sentence_index=sentence_index,
                 trigger=Trigger(trigger, start, start + len(trigger)), rule="test",
                 date=date, date_precision=precision, location=loc, aux_modes=list(aux),
                 confidence=confidence, size=size)


def make_article(doc_id: str, events: Iterable[Event] = (), *, date: str | None = "2024-06-09",
                 source: str | None = "Test Wire", text: str | None = None, title: str | None = None,
                 url: str | None = None, coded: bool = True) -> Article:
    text = text if text is not None else f"Article {doc_id}."
    raw = RawArticle(text=text, doc_id=doc_id)
    return Article(doc_id=doc_id, source=source, date=date, title=title or f"Title {doc_id}",
                   events=list(events), url=url or f"https://example.org/{doc_id}", text=text,
                   content_hash=raw.content_hash(), origin=f"test:{doc_id}", coded=coded)


def parse_event_line(line: str, start: int, index: int, article_date: str | None) -> Event:
    parts = line.split()
    assert parts[0] == "@event", line
    actor, arrow, recipient, etype, cameo, when = parts[1:7]
    assert arrow == ">", line
    opts = dict(p.split("=", 1) for p in parts[7:])
    d, _, prec = when.partition("/")
    trig = opts.get("trig", "acted")
    at = line.find(" " + trig + " ")
    offset = start + (at + 1 if at >= 0 else 0)
    return make_event(actor=actor, recipient=None if recipient == "-" else recipient,
                      event_type=None if etype == "-" else etype, cameo=cameo,
                      date=None if d == "-" else d, precision=(prec or "day") if d != "-" else None,
                      location=opts.get("loc"), sentence_index=int(opts.get("sent", index)),
                      trigger=trig, start=offset, aux=[a for a in opts.get("aux", "").split(",") if a],
                      sentence=line, mode=opts.get("mode"))


class FakeCoder:
    """A stand-in for ``Pipeline`` with the same ``code_stream`` contract (see the module doc)."""

    def __init__(self, delay: float = 0.0):
        self.delay = delay
        self.calls = 0

    def code_stream(self, raws: Iterable[RawArticle]) -> Iterator[Article]:
        for raw in raws:
            self.calls += 1
            if self.delay:
                time.sleep(self.delay)
            art = Article(doc_id=raw.doc_id or raw.content_hash(), source=raw.source, date=raw.date,
                          title=raw.title, warnings=list(raw.warnings), url=raw.url, text=raw.text,
                          content_hash=raw.content_hash(), origin=raw.origin)
            pos = 0
            for i, line in enumerate(raw.text.split("\n")):
                stripped = line.strip()
                if stripped == "@crash":
                    raise RuntimeError(f"fake coder crashed on {raw.doc_id}")
                if stripped == "@refuse":
                    art.coded = False
                    art.warnings.append(f"{raw.origin or raw.doc_id}: refused by the fake coder")
                elif stripped.startswith("@event"):
                    art.events.append(parse_event_line(stripped, pos + line.find("@"), i, raw.date))
                pos += len(line) + 1
            if not art.coded:
                art.events = []
            yield art


DYADS = [("ISR/MIL", "PSE/CVL", "ASSAULT", "190", "Gaza/PSE"),
         ("PSE/REB", "ISR", "ASSAULT", "193", "Sderot/ISR"),
         ("USA/GOV", "IRN/GOV", "SANCTION", "163", None),
         ("IRN/GOV", "USA/GOV", "ACCUSE", "112", None),
         ("EGY/GOV", "ISR/GOV", "CONSULT", "040", "Cairo/EGY"),
         ("MYS/GOV", "IRN/GOV", "AGREE", "057", "Kuala Lumpur/MYS"),
         ("RUS/MIL", "UKR", "ASSAULT", "195", "Kharkiv/UKR"),
         ("UKR/GOV", "RUS/GOV", "ACCUSE", "112", None),
         ("USA/GOV", "UKR/GOV", "AID", "070", None),
         ("SDN/REB", "SDN/CVL", "ASSAULT", "190", "El Fasher/SDN")]
SOURCES = ["Wire A", "Wire B", "Daily C", "Herald D", None]


def synthetic_corpus(path: str | Path, n: int, *, seed: int = 7, start: date = date(2024, 1, 1),
                     days: int = 120, events_per_article: int = 4, extra_lines: Iterable[str] = ()) -> Path:
    """Write ``n`` synthetic JSONL articles whose reports overlap across articles (for dedup)."""
    rng = random.Random(seed)
    path = Path(path)
    with path.open("w", encoding="utf-8") as out:
        for i in range(n):
            day = start + timedelta(days=rng.randrange(days))
            lines = [f"Synthetic article number {i} about events around {day.isoformat()}."]
            for k in range(rng.randint(0, events_per_article)):
                a, r, t, c, loc = rng.choice(DYADS)
                when = day - timedelta(days=rng.choice([0, 0, 0, 1, 2]))
                prec = rng.choice(["day", "document", "document"])
                if prec == "document":
                    when = day
                line = f"@event {a} > {r} {t} {c} {when.isoformat()}/{prec} trig=struck{k}"
                if loc and rng.random() < 0.7:
                    line += " loc=" + loc.replace(' ', '_')
                if rng.random() < 0.05:
                    line += " aux=negation"
                lines.append(line)
            if rng.random() < 0.03:
                m = start + timedelta(days=rng.randrange(days))
                a, r, t, c, _ = rng.choice(DYADS)
                lines.append(f"@event {a} > {r} {t} {c} {m.strftime('%Y-%m')}/month trig=struck")
            lines.extend(extra_lines)
            obj = {"id": f"syn-{i:06d}", "date": day.isoformat(), "title": f"Synthetic {i}",
                   "url": f"https://example.org/syn/{i}", "source": rng.choice(SOURCES), "text": "\n".join(lines)}
            out.write(json.dumps(obj) + "\n")
    return path

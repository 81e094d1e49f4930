"""Explanations for ``dragoman actors``: every mention in a text, how it resolved and why."""
from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc

from ..record import Actor
from .coref import NP_DEPS
from .resolve import DocActors

_PRONOUN_TAGS = ("PRP", "PRP$", "WP", "WP$")


@dataclass(slots=True)
class MentionReport:
    sentence_index: int
    text: str
    start: int
    end: int
    actor: Actor | None
    why: str

    def to_dict(self) -> dict:
        return {"sentence_index": self.sentence_index, "text": self.text, "start": self.start, "end": self.end,
                "actor": self.actor.to_dict() if self.actor else None, "why": self.why}


def explain(doc: Doc, actors: DocActors) -> list[MentionReport]:
    """Noun phrases that are actors, and gazetteer names that are not (with the reason)."""
    out: list[MentionReport] = []
    covered: set[int] = set()
    reported: set[tuple[int, int]] = set()
    for n, sent in enumerate(doc.sents):
        for t in sent:
            candidate = (t.dep_ in NP_DEPS and t.pos_ in ("PROPN", "NOUN", "PRON", "ADJ")) or \
                (t.tag_ in _PRONOUN_TAGS and t.dep_ != "det") or t.lower_ in ("former", "latter")
            if not candidate:
                continue
            a = actors.actor_at(t)
            if a is None or any(s0 <= a.start and a.end <= e0 for s0, e0 in reported):
                continue            # one line per phrase ("Zia-ul-Haq" has three name tokens)
            reported.add((a.start, a.end))
            out.append(MentionReport(n, a.text, a.start, a.end, a, a.reason))
            covered.update(range(a.start, a.end))
        for span, entries in actors.all_mentions():
            if span.sent.start != sent.start or any(i in covered for i in range(span.start_char, span.end_char)):
                continue
            e = entries[0]
            head = span.root
            if head.dep_ in ("compound", "amod", "nmod") and head.head.i not in range(span.start, span.end):
                why = f"{e.kind} {e.name!r} ({e.source}) modifies {head.head.text!r}, which is not an actor"
            elif head.dep_ == "pobj" and head.head.lower_ in ("in", "at", "near", "outside", "inside", "across",
                                                             "into", "from", "to", "toward", "towards"):
                why = f"place: {e.name!r} ({e.source}) after {head.head.text!r}; not an actor here"
            else:
                why = f"{e.kind} {e.name!r} ({e.source}); not an actor in this sentence"
            out.append(MentionReport(n, span.text, span.start_char, span.end_char, None, why))
    out.sort(key=lambda m: (m.sentence_index, m.start))
    return out

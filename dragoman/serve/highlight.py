"""Marking trigger words and quotes in sentences and article texts (escaped HTML, ``Markup``).

Trigger and quote offsets are character offsets into the article text (docs/schema.md). A report's
sentence is located in its article to turn them into offsets within the sentence; when the text was
not stored (``ingest --no-text``) the trigger words are looked up in the sentence instead.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from markupsafe import Markup, escape


def sentence_offset(text: str | None, sentence: str, start: int | None, end: int | None) -> int | None:
    """Where ``sentence`` starts in ``text``: the occurrence that contains the span ``start:end``."""
    if not text or not sentence or start is None or end is None:
        return None
    at = text.find(sentence)
    while at >= 0:
        if at <= start and end <= at + len(sentence):
            return at
        at = text.find(sentence, at + 1)
    return None


def trigger_in_sentence(sentence: str, trigger: str | None, start: int | None, end: int | None,
                        text: str | None = None) -> tuple[int, int] | None:
    """The trigger's ``(start, end)`` within the sentence, or None if it cannot be placed."""
    if not sentence:
        return None
    at = sentence_offset(text, sentence, start, end)
    if at is not None:
        return start - at, end - at
    if trigger:                                  # no text stored: the words themselves
        i = sentence.find(trigger)
        if i < 0:
            i = sentence.lower().find(trigger.lower())
        if i >= 0:
            return i, i + len(trigger)
    return None


def mark_sentence(sentence: str | None, span: tuple[int, int] | None, title: str | None = None) -> Markup:
    """The sentence, escaped, with ``span`` in ``<mark>``."""
    sentence = sentence or ""
    if not span:
        return escape(sentence)
    a, b = span
    t = Markup(' title="{}"').format(title) if title else Markup("")
    return (escape(sentence[:a]) + Markup("<mark class=\"trigger\"{}>").format(t) + escape(sentence[a:b])
            + Markup("</mark>") + escape(sentence[b:]))


@dataclass
class Span:
    start: int
    end: int
    kind: str                        # "trigger" or "quote"
    href: str | None = None
    title: str | None = None
    ident: str | None = None
    attrs: dict = field(default_factory=dict)


def mark_text(text: str, spans: list[Span]) -> Markup:
    """The article text, escaped, with quotes in ``<span class="quote">`` and triggers in ``<mark>``.

    Spans may overlap (a trigger inside a quote): the text is cut at every span boundary and each
    piece is wrapped in the spans that cover it, quotes outside, triggers inside. Spans outside the
    text are ignored.
    """
    n = len(text)
    spans = [s for s in spans if s.start is not None and s.end is not None and 0 <= s.start < s.end <= n]
    cuts = sorted({0, n, *(s.start for s in spans), *(s.end for s in spans)})
    out = []
    first_seen: set[int] = set()
    for a, b in zip(cuts, cuts[1:]):
        piece = escape(text[a:b])
        cover = [s for s in spans if s.start <= a and b <= s.end]
        for s in sorted(cover, key=lambda s: (s.kind != "trigger", s.start)):
            ident = ""
            if s.ident and id(s) not in first_seen:        # the anchor on the first piece only
                first_seen.add(id(s))
                ident = Markup(' id="{}"').format(s.ident)
            title = Markup(' title="{}"').format(s.title) if s.title else Markup("")
            if s.kind == "trigger":
                inner = Markup('<a href="{}">{}</a>').format(s.href, piece) if s.href else piece
                piece = Markup('<mark class="trigger"{}{}>{}</mark>').format(ident, title, inner)
            else:
                piece = Markup('<span class="quote"{}{}>{}</span>').format(ident, title, piece)
        out.append(piece)
    return Markup("").join(out)

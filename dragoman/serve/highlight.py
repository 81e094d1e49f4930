"""Marking trigger words and quotes in sentences and article texts (escaped HTML, ``Markup``).

Trigger and quote offsets are character offsets into the article text (docs/schema.md). A report's
sentence is located in its article to turn them into offsets within the sentence; when the text was
not stored (``ingest --no-text``) the trigger words are looked up in the sentence instead.
"""
from __future__ import annotations

import re
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
    if at is not None and (not trigger or sentence[start - at:end - at] == trigger):
        return start - at, end - at
    if trigger:                                  # no text stored (or offsets off): the words themselves
        i = sentence.find(trigger)
        if i < 0:
            i = sentence.lower().find(trigger.lower())
        if i >= 0:
            return i, i + len(trigger)
    return None


def mark_sentence(sentence: str | None, span: tuple[int, int] | None, title: str | None = None) -> Markup:
    """The sentence, escaped, with ``span`` in ``<mark>``."""
    sentence = (sentence or "").rstrip()
    if span and span[1] > len(sentence):
        span = None
    if not span:
        return escape(sentence)
    a, b = span
    t = Markup(' title="{}"').format(title) if title else Markup("")
    return (escape(sentence[:a]) + Markup("<mark class=\"trigger\"{}>").format(t) + escape(sentence[a:b])
            + Markup("</mark>") + escape(sentence[b:]))


_BLANK_LINES = re.compile(r"\n(?:[^\S\n]*\n){2,}")


def _tidy(piece: str) -> str:
    """Runs of blank lines shown as one (extracted pages often separate paragraphs by several)."""
    return _BLANK_LINES.sub("\n\n", piece)


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

    Spans may overlap (a trigger inside a quote, several reports of one trigger): the text is cut
    at every span boundary and each piece is wrapped at most once as a quote (outside) and once as
    a trigger (inside), linking to the first trigger that covers it, with the titles of all of them.
    The ``id`` of a span goes on its first piece. Spans outside the text are ignored. Several blank
    lines in a row are shown as one (display only: offsets are those of the stored text).
    """
    n = len(text)
    spans = [s for s in spans if s.start is not None and s.end is not None and 0 <= s.start < s.end <= n]
    cuts = sorted({0, n, *(s.start for s in spans), *(s.end for s in spans)})
    out = []
    anchored: set[int] = set()
    for a, b in zip(cuts, cuts[1:]):
        piece = escape(_tidy(text[a:b]))
        cover = [s for s in spans if s.start <= a and b <= s.end]
        for kind in ("trigger", "quote"):
            group = [s for s in cover if s.kind == kind]
            if not group:
                continue
            idents = [s.ident for s in group if s.ident and id(s) not in anchored]
            anchored.update(id(s) for s in group if s.ident)
            ident = Markup(' id="{}"').format(idents[0]) if idents else Markup("")
            titles = list(dict.fromkeys(s.title for s in group if s.title))
            title = Markup(' title="{}"').format("\n".join(titles)) if titles else Markup("")
            if kind == "trigger":
                href = next((s.href for s in group if s.href), None)
                inner = Markup('<a href="{}">{}</a>').format(href, piece) if href else piece
                piece = Markup('<mark class="trigger"{}{}>{}</mark>').format(ident, title, inner)
            else:
                piece = Markup('<span class="quote"{}{}>{}</span>').format(ident, title, piece)
        out.append(piece)
    return Markup("").join(out)

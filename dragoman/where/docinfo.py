"""Per-document facts computed once and shared by the when/where/figures stages.

``Span.ents`` scans every entity of the document on each call (tens of microseconds), and
several stages ask for the entities of the same sentence; ``sent_ents`` answers from an index
built once per document. Only the most recent document is kept (a strong reference, so identity
comparison is safe), which is what a pipeline coding one document at a time needs.
"""
from __future__ import annotations

from bisect import bisect_left

from spacy.tokens import Doc, Span

_last: tuple[Doc, "DocInfo"] | None = None


class DocInfo:
    __slots__ = ("doc", "ents", "starts", "by_span", "tok_ent", "extra")

    def __init__(self, doc: Doc):
        self.doc = doc
        self.ents: tuple[Span, ...] = tuple(doc.ents)
        self.starts = [e.start for e in self.ents]
        self.by_span: dict[tuple[int, int], list[Span]] = {}
        self.tok_ent: dict[int, Span] = {}
        self.extra: dict[str, dict] = {}
        for e in self.ents:
            for i in range(e.start, e.end):
                self.tok_ent[i] = e

    def sent_ents(self, sent: Span) -> list[Span]:
        """The entities starting inside ``sent`` (any span, usually a sentence)."""
        key = (sent.start, sent.end)
        got = self.by_span.get(key)
        if got is None:
            lo = bisect_left(self.starts, sent.start)
            hi = bisect_left(self.starts, sent.end, lo)
            got = self.by_span[key] = list(self.ents[lo:hi])
        return got

    def ent_at(self, i: int) -> Span | None:
        return self.tok_ent.get(i)

    def cache(self, name: str) -> dict:
        """A per-document cache for a stage (keyed as the stage likes)."""
        d = self.extra.get(name)
        if d is None:
            d = self.extra[name] = {}
        return d


def doc_info(doc: Doc) -> DocInfo:
    global _last
    last = _last
    if last is not None and last[0] is doc:
        return last[1]
    info = DocInfo(doc)
    _last = (doc, info)
    return info


def sent_ents(sent: Span) -> list[Span]:
    """The entities of a sentence, from the per-document index."""
    return doc_info(sent.doc).sent_ents(sent)

"""Per-document facts computed once and shared by the when/where/figures stages.

``Span.ents`` scans every entity of the document on each call (tens of microseconds), and
several stages ask for the entities of the same sentence; ``sent_ents`` answers from an index
built once per document. Only the most recent document is kept (a strong reference, so identity
comparison is safe), which is what a pipeline coding one document at a time needs.
"""
from __future__ import annotations

from bisect import bisect_right

from spacy.tokens import Doc, Span

_last: tuple[Doc, "DocInfo"] | None = None


class DocInfo:
    __slots__ = ("doc", "ents", "by_sent", "tok_ent", "extra")

    def __init__(self, doc: Doc):
        self.doc = doc
        self.ents: tuple[Span, ...] = tuple(doc.ents)
        self.by_sent: dict[int, list[Span]] = {}
        self.tok_ent: dict[int, Span] = {}
        self.extra: dict[str, object] = {}
        if not self.ents:
            return
        for e in self.ents:
            for i in range(e.start, e.end):
                self.tok_ent[i] = e
        # bucket entities by sentence start (an entity belongs to the sentence of its first token)
        starts = [s.start for s in doc.sents]
        for e in self.ents:
            k = bisect_right(starts, e.start) - 1
            self.by_sent.setdefault(starts[k] if k >= 0 else 0, []).append(e)

    def sent_ents(self, sent: Span) -> list[Span]:
        return self.by_sent.get(sent.start, [])

    def ent_at(self, i: int) -> Span | None:
        return self.tok_ent.get(i)


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

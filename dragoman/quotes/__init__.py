"""Quotes stage: direct and indirect quotes with their speaker resolved as an actor.

Direct quotes are the text between quotation marks (“…”, "…", «…», ``…''), a quote that runs
over several sentences included; a paragraph left open and reopened by a quotation mark continues
the quote. A direct quote is kept when someone says it:

* a speech verb outside the quotation marks in the sentence of the opening or closing mark —
  “…,” he said. / “…,” said the minister. / The minister said: “…” / “…,” according to X;
* or, failing that, the speaker of the quote just before it when this one follows within the
  next two sentences (“…,” he said. “…”), which is how a speech goes on.

Indirect quotes are the content clause of a speech verb ("X said (that) …", "X told reporters
…", "…, X said") and the clause carrying "according to X" — unless that content is already
inside a direct quote.

The speaker is the subject of the speech verb (or the object of "according to"), resolved with
``actor_at`` (which follows pronouns back to a named person); when that gives nothing the speaker
is an Actor with only the text of the speaker's noun phrase. Offsets are character offsets of
the quoted text in the article.
"""
from __future__ import annotations

import math
import re
from bisect import bisect_right
from typing import Callable

from spacy.tokens import Doc, Span, Token

from ..record import Actor, Quote

ActorAt = Callable[[Token], "Actor | None"]

SPEECH_VERBS = frozenset("""
say tell add state declare announce claim insist explain note warn write tweet ask reply respond
argue stress emphasise emphasize urge suggest allege confirm deny report acknowledge admit assert
comment continue conclude recall maintain vow pledge promise predict estimate complain charge
caution concede contend observe remark reiterate testify shout scream whisper post
""".split())
OPEN_CLOSE = {"\u201c": "\u201d", "\u00ab": "\u00bb", "``": "''"}
MIN_WORDS = 4                   # shorter quoted text is a scare quote or a title unless attributed


def extract_quotes(doc: Doc, actor_at: ActorAt, text: str | None = None, sents: list | None = None) -> list[Quote]:
    """Quotes in the document; ``actor_at(token)`` resolves a speaker's head token. ``text`` and
    ``sents`` are ``doc.text`` and ``list(doc.sents)`` when the caller has them already."""
    text = doc.text if text is None else text
    if not text:
        return []
    sents = list(doc.sents) if sents is None else sents
    sent_starts = [s.start_char for s in sents]
    pieces = _quoted_pieces(text)
    quotes: list[Quote] = []
    covered: list[tuple[int, int]] = []
    last: tuple[Actor, int] | None = None          # speaker of the last direct quote, its sentence
    for start, end in pieces:
        inner = doc.char_span(start, end, alignment_mode="expand")
        if inner is None or not len(inner):
            continue
        si = _sent_index(sent_starts, start)
        verb, speaker_tok = _attribution(doc, sents, sent_starts, start, end, pieces)
        speaker: Actor | None = None
        if speaker_tok is not None:
            speaker = _speaker(speaker_tok, actor_at)
        elif last is not None and si - last[1] <= 2 and _opens_sentence(text, sents[si], start):
            speaker = last[0]
        words = sum(1 for t in inner if not t.is_punct and not t.is_space)
        sentence_like = text[end - 1] in ".!?" and text[start].isupper()
        if speaker is None or (words < MIN_WORDS and verb is None and not sentence_like):
            continue
        while end > start and text[end - 1] in ",;:":
            end -= 1                              # “We will not give up,” he said.
        qtext = text[start:end]
        quotes.append(Quote(speaker, qtext, si, start, end))
        covered.append((start, end))
        last = (speaker, _sent_index(sent_starts, end))
    quotes.extend(_indirect(doc, text, sents, covered, actor_at))
    quotes.sort(key=lambda q: q.start)
    return quotes


# ---- direct quotes ----------------------------------------------------------------------------
_MARKS = re.compile(r'``|\'\'|[\u201c\u201d\u00ab\u00bb"\n]')


def _quoted_pieces(text: str) -> list[tuple[int, int]]:
    """(start, end) character offsets of quoted text, without the marks, in order.

    Quotes are balanced within a paragraph; a paragraph that ends inside a quote continues it
    when the next paragraph opens with a quotation mark (the news convention for long quotes),
    otherwise the lone mark is ignored."""
    out: list[tuple[int, int]] = []
    open_at: int | None = None
    closer = ""
    for m in _MARKS.finditer(text):
        mark = m.group()
        i = m.start()
        if mark == "\n":
            if open_at is not None:
                j = i
                n = len(text)
                while j < n and text[j].isspace():
                    j += 1
                if j < n and (text[j] in OPEN_CLOSE or text[j] == '"' or text.startswith("``", j)):
                    out.append(_trim(text, open_at, i))
                open_at = None
            continue
        if open_at is None:
            if mark in OPEN_CLOSE:
                open_at, closer = m.end(), OPEN_CLOSE[mark]
            elif mark == '"':
                open_at, closer = m.end(), '"'
        elif mark == closer:
            out.append(_trim(text, open_at, i))
            open_at = None
    return [p for p in out if p[1] > p[0]]


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e


def _sent_index(starts: list[int], char: int) -> int:
    return max(0, bisect_right(starts, char) - 1)


def _opens_sentence(text: str, sent: Span, start: int) -> bool:
    """The quote starts a sentence: nothing but spaces and marks before it in its sentence."""
    return not text[sent.start_char:start].strip(" \n\t\"'\u201c\u201d\u00ab`")


def _inside(pieces: list[tuple[int, int]], char: int) -> bool:
    """``char`` is inside one of ``pieces`` (in order, not overlapping: a binary search)."""
    k = bisect_right(pieces, (char, math.inf)) - 1
    return k >= 0 and pieces[k][0] <= char < pieces[k][1]


def _attribution(doc: Doc, sents: list[Span], starts: list[int], start: int, end: int,
                 pieces: list[tuple[int, int]]) -> tuple[Token | None, Token | None]:
    """The speech verb (or "according") outside the quotes next to this quote, and the speaker."""
    i0 = _sent_index(starts, start)
    i1 = _sent_index(starts, max(start, end - 1))
    cands: list[tuple[int, Token, Token]] = []
    # the closing sentence, the one after it when the parser split "… ," he said.", the opening one
    for k in sorted({i1, min(i1 + 1, len(sents) - 1), i0}):
        s = sents[k]
        if k == i1 + 1 and s.start_char > end + 3:
            continue            # only a sentence that starts right at the closing mark
        for t in s:
            if _inside(pieces, t.idx) or t.is_punct:
                continue
            spk = _speaker_of(t)
            if spk is None:
                continue
            # distance from the quote: after the closing mark, or before the opening one
            if t.idx >= end:
                dist = t.idx - end
            elif t.idx < start:
                dist = start - t.idx
                if k == i0 and any(x.text == ":" or x.is_quote for x in doc[t.i:t.i + 8]):
                    dist = dist // 2          # "He said: “…”"
            else:
                continue
            cands.append((dist, t, spk))
    if not cands:
        return None, None
    cands.sort(key=lambda c: c[0])
    _, verb, spk = cands[0]
    if cands[0][0] > 120:
        return None, None
    return verb, spk


def _speaker_of(t: Token) -> Token | None:
    """The speaker of a speech verb ("said"), or of "according to X"."""
    low = t.lemma_.lower()
    if t.pos_ in ("VERB", "AUX") and low in SPEECH_VERBS:
        for c in t.children:
            if c.dep_ in ("nsubj", "nsubjpass") and c.dep_ != "nsubjpass":
                return c
        return None
    if t.lower_ == "according":
        for c in t.children:
            if c.lower_ == "to":
                return next((p for p in c.children if p.dep_ == "pobj"), None)
    return None


def _speaker(tok: Token, actor_at: ActorAt) -> Actor:
    actor = actor_at(tok)
    if actor is not None:
        return actor
    span = _noun_phrase(tok)
    return Actor(text=span.text, reason="speaker's noun phrase (not resolved)", start=span.start_char,
                 end=span.end_char)


def _noun_phrase(tok: Token) -> Span:
    """The speaker's noun phrase without relative clauses, appositions and trailing punctuation."""
    left = tok.i
    for c in tok.lefts:
        if c.dep_ not in ("punct", "cc", "appos", "relcl", "acl") and c.i < left:
            left = min(left, c.left_edge.i)
    right = tok.i
    for c in tok.rights:
        if c.dep_ in ("compound", "flat", "prep", "poss", "amod", "nmod") and not c.is_punct:
            right = max(right, c.right_edge.i)
        else:
            break
    doc = tok.doc
    while right > tok.i and (doc[right].is_punct or doc[right].is_space):
        right -= 1
    return doc[left:right + 1]


# ---- indirect quotes ----------------------------------------------------------------------------
def _indirect(doc: Doc, text: str, sents: list[Span], covered: list[tuple[int, int]],
              actor_at: ActorAt) -> list[Quote]:
    out: list[Quote] = []
    cands = _candidates(doc)
    if not cands:
        return out
    starts = [s.start for s in sents]
    for i in cands:
        t = doc[i]
        si = max(0, bisect_right(starts, i) - 1)
        if True:
            content: tuple[int, int, str] | None = None
            spk: Token | None = None
            if t.pos_ in ("VERB", "AUX") and t.lemma_.lower() in SPEECH_VERBS:
                spk = _speaker_of(t)
                if spk is None:
                    continue
                comp = next((c for c in t.children if c.dep_ == "ccomp"), None)
                if comp is not None:
                    content = _clause(comp, t, text)
                elif t.dep_ in ("parataxis", "ccomp", "conj") and t.head.pos_ in ("VERB", "AUX"):
                    # "The attack was planned, he said." / "The attack, he said, was planned."
                    content = _clause(t.head, t, text)
            elif t.lower_ == "according" and t.dep_ == "prep":
                spk = _speaker_of(t)
                if spk is None:
                    continue
                # the clause "according to X" qualifies: up to the main verb of its sentence
                # (the parser often hangs it on a participle: "Rescuers, working ..., according
                # to the ministry, recovered ten survivors")
                h = t.head
                while h.dep_ not in ("ROOT", "ccomp", "parataxis") and h.head.i != h.i:
                    h = h.head
                if h.pos_ not in ("VERB", "AUX"):
                    continue
                content = _clause(h, t, text)
            if content is None or spk is None:
                continue
            s, e, qtext = content
            if len(qtext.split()) < 3 or any(a < e and s < b for a, b in covered):
                continue                          # too short, or already a direct quote
            out.append(Quote(_speaker(spk, actor_at), qtext, si, s, e))
            covered.append((s, e))
    return out


_HASHES: dict[int, frozenset[int]] = {}


def _candidates(doc: Doc) -> list[int]:
    """Indices of speech verbs and "according" (a vectorised first pass over the tokens)."""
    import numpy as np
    from spacy.attrs import LEMMA, LOWER

    strings = doc.vocab.strings
    key = id(strings)
    wanted = _HASHES.get(key)
    if wanted is None:
        wanted = _HASHES[key] = frozenset(strings.add(w) for w in SPEECH_VERBS | {"according"})
    arr = doc.to_array([LEMMA, LOWER])
    if not len(arr):
        return []
    w = np.fromiter(wanted, dtype=arr.dtype, count=len(wanted))
    hit = np.isin(arr[:, 0], w) | np.isin(arr[:, 1], w)
    return [int(i) for i in np.flatnonzero(hit)]


def _clause(head: Token, exclude: Token, text: str) -> tuple[int, int, str] | None:
    """The clause headed by ``head`` without the attribution (the speech verb's or "according"'s
    own phrase), a leading "that" and edge punctuation: (start, end, text). When the attribution
    sits inside the clause ("The ceasefire, he said, would hold") the offsets span the clause and
    the text leaves the attribution out."""
    doc = head.doc
    skip: set[int] = set()
    if exclude.i in {x.i for x in head.subtree} and exclude.i != head.i:
        skip = {x.i for x in exclude.subtree}
        # the commas around an inserted attribution go with it
        lo_s, hi_s = min(skip), max(skip)
        for j in (lo_s - 1, hi_s + 1):
            if 0 <= j < len(doc) and doc[j].text in (",", "—", "-", "--"):
                skip.add(j)
    toks = [x for x in head.subtree if x.i not in skip]
    while toks and (toks[0].is_punct or toks[0].is_space or toks[0].is_quote
                    or toks[0].lower_ == "that" and toks[0].dep_ == "mark"):
        toks.pop(0)
    while toks and (toks[-1].is_punct or toks[-1].is_space or toks[-1].is_quote):
        toks.pop()
    if not toks:
        return None
    start, end = toks[0].idx, toks[-1].idx + len(toks[-1].text)
    if not any(toks[0].i < i < toks[-1].i for i in skip):
        return start, end, text[start:end]
    parts, cur = [], None
    for x in toks:
        if cur is not None and x.i == cur[1]:
            cur[1] = x.i + 1
        else:
            if cur is not None:
                parts.append(cur)
            cur = [x.i, x.i + 1]
    parts.append(cur)
    pieces = [text[doc[a].idx:doc[b - 1].idx + len(doc[b - 1].text)] for a, b in parts]
    return start, end, " ".join(pieces)

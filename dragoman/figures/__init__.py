"""Figures stage: reported numbers of killed, injured, arrested, displaced, ... people.

A figure is a number (digits, "1,200", "2.5 million", number words, "a dozen"; "dozens",
"hundreds", "scores", "thousands" as lower bounds) tied by the parse to what it counts:

* a casualty verb of which the counted noun (or the number itself) is the patient or subject:
  "at least 12 people were killed", "killing 5", "police arrested 20 protesters",
  "2,000 people fled", "39 are confirmed dead", "12 remain missing";
* an adjective or noun that says it: "nearly 2,000 displaced", "upwards of 40 wounded",
  "more than 300 protesters", "five hostages", "12 deaths", "the death toll rose to 45",
  "claimed 37 lives", "105 others sustained injuries".

``what`` is one of: killed, injured, arrested, displaced, evacuated, missing, hostages,
protesters, casualties (killed and injured together). ``qualifier`` is normalised: "more than"
(more than, over, upwards of, in excess of), "at least" (also for "dozens", "hundreds", ...),
"nearly" (nearly, almost, close to, just under), "about" (about, around, some, approximately,
roughly, an estimated), "up to" (up to, as many as), "fewer than" (fewer/less than, under).

The claimant is the subject of a reporting verb governing the figure ("authorities in Gaza say
…", "…, officials told state media") or the object of "according to"; ``actor_at`` resolves it,
else it is an Actor with the noun phrase's text. The location comes from ``locate(sentence,
token)``; the date from ``dates(sentence, token)`` when given (the pipeline can pass one bound to
the article date).
"""
from __future__ import annotations

import re
from bisect import bisect_right
from datetime import date
from typing import Callable

from spacy.tokens import Doc, Span, Token

from ..record import Actor, Figure, Location

ActorAt = Callable[[Token], "Actor | None"]
LocateIn = Callable[[Span, Token], "Location | None"]
DatesIn = Callable[[Span, Token], "str | None"]

WORDS = {"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
         "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
         "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
         "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
         "seventy": 70, "eighty": 80, "ninety": 90}
SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000, "billion": 1_000_000_000,
          "k": 1000, "m": 1_000_000, "mln": 1_000_000, "bn": 1_000_000_000}
VAGUE = {"dozens": 24, "scores": 40, "hundreds": 200, "thousands": 2000, "tens of thousands": 20000,
         "hundreds of thousands": 200000, "millions": 2_000_000}
QUALIFIERS = [  # (words before the number, normalised qualifier); longest first
    ("in excess of", "more than"), ("upwards of", "more than"), ("more than", "more than"),
    ("over", "more than"), ("above", "more than"), ("at least", "at least"), ("no fewer than", "at least"),
    ("no less than", "at least"), ("a minimum of", "at least"), ("nearly", "nearly"),
    ("almost", "nearly"), ("close to", "nearly"), ("just under", "nearly"), ("about", "about"),
    ("around", "about"), ("approximately", "about"), ("roughly", "about"), ("some", "about"),
    ("an estimated", "about"), ("estimated", "about"), ("up to", "up to"), ("as many as", "up to"),
    ("at most", "up to"), ("fewer than", "fewer than"), ("less than", "fewer than"),
    ("under", "fewer than"), ("at the very least", "at least"),
]
QUALIFIER_WORDS = [(q.split(), norm) for q, norm in sorted(QUALIFIERS, key=lambda x: -len(x[0]))]

# verbs whose patient (passive subject or object) is counted
PATIENT_VERBS = {"kill": "killed", "murder": "killed", "slay": "killed", "massacre": "killed",
                 "execute": "killed", "behead": "killed", "shoot dead": "killed",
                 "injure": "injured", "wound": "injured", "hurt": "injured", "maim": "injured",
                 "arrest": "arrested", "detain": "arrested", "apprehend": "arrested", "jail": "arrested",
                 "imprison": "arrested", "round": "arrested",
                 "displace": "displaced", "uproot": "displaced", "evacuate": "evacuated",
                 "abduct": "hostages", "kidnap": "hostages", "seize": "hostages", "take": None}
# verbs whose subject is counted
SUBJECT_VERBS = {"die": "killed", "perish": "killed", "drown": "killed", "flee": "displaced",
                 "protest": "protesters", "demonstrate": "protesters", "march": "protesters",
                 "rally": "protesters", "gather": "protesters", "riot": "protesters",
                 "disappear": "missing", "vanish": "missing"}
ADJECTIVES = {"dead": "killed", "killed": "killed", "injured": "injured", "wounded": "injured",
              "hurt": "injured", "missing": "missing", "displaced": "displaced", "homeless": "displaced",
              "arrested": "arrested", "detained": "arrested", "evacuated": "evacuated",
              "abducted": "hostages", "kidnapped": "hostages"}
NOUNS = {"death": "killed", "fatality": "killed", "body": "killed", "dead": "killed", "corpse": "killed",
         "injury": "injured", "wounded": "injured", "injured": "injured", "casualty": "casualties",
         "arrest": "arrested", "detainee": "arrested", "detention": "arrested",
         "protester": "protesters", "protestor": "protesters", "demonstrator": "protesters",
         "marcher": "protesters", "rioter": "protesters",
         "hostage": "hostages", "abductee": "hostages", "captive": "hostages",
         "refugee": "displaced", "displaced": "displaced", "evacuee": "evacuated", "missing": "missing"}
TOLL = frozenset({"toll", "tally"})
REPORT_VERBS = frozenset({"say", "tell", "report", "confirm", "announce", "state", "claim", "estimate",
                          "put", "add", "count", "record", "document", "give", "issue", "cite", "quote",
                          "according"})
NOT_COUNTS = frozenset({"DATE", "TIME", "MONEY", "PERCENT", "ORDINAL", "QUANTITY"})


def extract_figures(doc: Doc, actor_at: ActorAt, locate: LocateIn, *,
                    dates: DatesIn | None = None, article_date: date | None = None,
                    sents: list[Span] | None = None) -> list[Figure]:
    """Casualty and similar figures in the document, one per counted number.

    ``dates(sentence, token)`` gives a figure its date; with ``article_date`` instead, the date
    is the first one the figure's own clause names (resolved by the when stage), else None."""
    if dates is None and article_date is not None:
        from ..when import DateResolver

        resolver = DateResolver()

        def dates(s: Span, t: Token) -> str | None:
            got = resolver.dates_in(s, t, article_date)
            return got[0].date if got else None
    out: list[Figure] = []
    cands = _candidates(doc)
    if not cands:
        return out
    sents = list(doc.sents) if sents is None else sents
    starts = [x.start for x in sents]
    seen: set[int] = set()
    for i in cands:
        tok = doc[i]
        si = bisect_right(starts, i) - 1
        sent = sents[si]
        if True:
            if tok.i in seen or not _numberish(tok):
                continue
            chunk = _number_chunk(tok)
            if chunk is None:
                continue
            seen.update(range(chunk.start, chunk.end))
            value = parse_number(chunk.text)
            if value is None:
                continue
            number, vague = value
            found = _what(chunk)
            if found is None:
                continue
            what, word = found
            qual_start, qualifier = _qualifier(chunk)
            if vague and qualifier is None:
                qualifier = "at least"
            anchor = word if word is not None else chunk.root
            counted = chunk.root.head if chunk.root.dep_ in ("nummod", "quantmod") else chunk.root
            lo = min(qual_start, anchor.i, chunk.start, counted.i)
            hi = max(chunk.end - 1, anchor.i, counted.i)
            if hi - lo > 10:                       # keep the phrase short: number and its noun
                hi = max(chunk.end - 1, chunk.root.head.i if chunk.root.head.i - lo <= 10 else chunk.end - 1)
            text = doc[lo:hi + 1].text
            claimant = _claimant(chunk.root, sent, actor_at)
            verb = _governing_verb(anchor)
            loc = locate(sent, verb) if locate is not None else None
            when = dates(sent, verb) if dates is not None else None
            out.append(Figure(number=number, what=what, qualifier=qualifier, claimed_by=claimant,
                              location=loc, sentence_index=si, text=text, date=when))
    return out


# ---- numbers ----------------------------------------------------------------------------------
_HASHES: dict[int, object] = {}


def _candidates(doc: Doc) -> list[int]:
    """Token indices that may start a number (a vectorised first pass over the document)."""
    import numpy as np
    from spacy.attrs import LIKE_NUM, LOWER

    strings = doc.vocab.strings
    key = id(strings)
    wanted = _HASHES.get(key)
    if wanted is None:
        words = set(WORDS) | set(VAGUE) | {"dozen", "dozens", "scores"}
        wanted = _HASHES[key] = np.array(sorted(strings.add(w) for w in words), dtype="uint64")
    arr = doc.to_array([LIKE_NUM, LOWER])
    if not len(arr):
        return []
    hit = (arr[:, 0] == 1) | np.isin(arr[:, 1], wanted)
    return [int(i) for i in np.flatnonzero(hit)]


def _numberish(t: Token) -> bool:
    if t.ent_type_ in NOT_COUNTS:
        return False
    low = t.lower_
    return t.like_num or low in WORDS or low in VAGUE or low in ("dozen", "dozens", "scores")


def _number_chunk(t: Token) -> Span | None:
    """The whole number around ``t``: "2.5 million", "two hundred", "a dozen", "tens of thousands"."""
    doc = t.doc
    s = e = t.i
    while s > 0 and (_numberish(doc[s - 1]) or doc[s - 1].lower_ in SCALES) and doc[s - 1].ent_type_ not in NOT_COUNTS:
        s -= 1
    while e + 1 < len(doc) and (doc[e + 1].lower_ in SCALES or _numberish(doc[e + 1])
                                or doc[e + 1].lower_ in ("-", "and") and e + 2 < len(doc)
                                and doc[e + 2].lower_ in WORDS and doc[e + 1].lower_ == "-"):
        e += 1
    # "tens of thousands", "hundreds of thousands"
    if e + 2 < len(doc) and doc[e].lower_ in ("tens", "hundreds") and doc[e + 1].lower_ == "of" \
            and doc[e + 2].lower_ in ("thousands", "millions"):
        e += 2
    if s > 0 and doc[s - 1].lower_ == "a" and doc[s].lower_ in ("dozen", "hundred", "thousand", "million"):
        s -= 1
    span = doc[s:e + 1]
    if any(x.lower_ in ("%", "percent", "per") for x in doc[e + 1:e + 2]):
        return None
    return span


def parse_number(text: str) -> tuple[int, bool] | None:
    """(value, vague) for a number phrase ("1,200", "2.5 million", "two hundred", "a dozen",
    "dozens" -> (24, True)); None when it is not a count."""
    s = " ".join(text.lower().replace(",", "").split())
    if s in VAGUE:
        return VAGUE[s], True
    if re.fullmatch(r"\d+", s):
        return int(s), False
    m = re.fullmatch(r"(\d+(?:\.\d+)?)\s*(" + "|".join(SCALES) + r")", s)
    if m:
        return int(round(float(m.group(1)) * SCALES[m.group(2)])), False
    total = current = 0
    seen = False
    for w in re.split(r"[\s-]+", s):
        if w in ("and", "a", "an") and not seen:
            continue
        if w == "and":
            continue
        if w.isdigit():
            current += int(w)
        elif w == "dozen":
            current = (current or 1) * 12
        elif w in WORDS:
            current += WORDS[w]
        elif w in SCALES:
            current = (current or 1) * SCALES[w]
            if SCALES[w] >= 1000:
                total, current = total + current, 0
        else:
            return None
        seen = True
    value = total + current
    return (value, False) if seen and value > 0 else None


def _qualifier(chunk: Span) -> tuple[int, str | None]:
    doc = chunk.doc
    i = chunk.start
    if i > 0 and doc[i - 1].lower_ == "another":
        return i, None
    for words, norm in QUALIFIER_WORDS:
        k = len(words)
        if i - k >= 0 and [t.lower_ for t in doc[i - k:i]] == words:
            return i - k, norm
    return i, None


# ---- what is counted --------------------------------------------------------------------------
def _what(chunk: Span) -> tuple[str, Token | None] | None:
    """(category, the word that says it) for the number phrase, or None."""
    num = chunk.root
    # the counted noun: "12 people", or the number itself standing for it ("killing 5")
    noun = num.head if num.dep_ in ("nummod", "quantmod") or (num.dep_ == "compound" and num.head.pos_ == "NOUN") else num
    if noun.i in range(chunk.start, chunk.end) and noun is not num:
        noun = num
    # "a total of 39 are confirmed dead", "the number of those detained"
    if noun is num and num.dep_ == "pobj" and num.head.lower_ == "of" \
            and num.head.head.lemma_.lower() in ("total", "number", "figure", "tally"):
        noun = num.head.head
    # a verb that says what happened to the counted people
    got = _from_verb(noun)
    if got:
        return got
    # a word that says it: "2,000 displaced", "12 deaths", "300 protesters", "10 people dead"
    low = noun.lemma_.lower()
    if noun is not num and (low in NOUNS or noun.lower_ in NOUNS):
        return NOUNS.get(low) or NOUNS[noun.lower_], noun
    for c in noun.children:
        if c.dep_ in ("amod", "acl", "oprd", "acomp") and c.i > noun.i - 1:
            cat = ADJECTIVES.get(c.lower_)
            if cat:
                return cat, c
    # "upwards of 40 wounded": the adjective right after the number
    nxt = chunk.doc[chunk.end] if chunk.end < len(chunk.doc) else None
    if nxt is not None and nxt.lower_ in ADJECTIVES and nxt.pos_ in ("ADJ", "VERB", "NOUN"):
        if not (nxt.pos_ == "VERB" and any(c.dep_ == "dobj" for c in nxt.children)):
            return ADJECTIVES[nxt.lower_], nxt
    if nxt is not None and nxt.pos_ == "NOUN" and nxt.lemma_.lower() in NOUNS and nxt.i != noun.i:
        return NOUNS[nxt.lemma_.lower()], nxt
    # death tolls: "the death toll rose to 45", "a toll of 45", "the toll stands at 45"
    got = _toll(num)
    if got:
        return got
    return None


def _from_verb(noun: Token) -> tuple[str, Token] | None:
    h = noun.head
    dep = noun.dep_
    x = noun
    # "12 people, including 3 children, were killed": climb conjunctions and appositions
    while dep in ("conj", "appos") and h.i != x.i:
        x, h, dep = h, h.head, h.dep_
    if h.pos_ not in ("VERB", "AUX", "ADJ"):
        # "people killed in the attack", "5 people dead"
        for c in noun.children:
            if c.dep_ in ("acl", "relcl") and c.pos_ == "VERB":
                cat = _verb_cat(c, passive=(c.tag_ == "VBN"))
                if cat:
                    return cat, c
        return None
    lemma = h.lemma_.lower()
    passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in h.children) or dep == "nsubjpass"
    if dep == "nsubjpass" or (dep == "dobj" and not passive):
        cat = _verb_cat(h, passive=True)
        if cat:
            return cat, h
        # "claimed 37 lives", "took 20 hostages"
        if lemma in ("claim", "take", "cost") and noun.lemma_.lower() == "life":
            return "killed", h
        if lemma == "take" and noun.lemma_.lower() == "hostage":
            return "hostages", h
    if dep in ("nsubj", "nsubjpass"):
        cat = SUBJECT_VERBS.get(lemma)
        if cat:
            return cat, h
        # "39 are (confirmed) dead", "12 remain missing", "105 others sustained injuries"
        for c in h.children:
            if c.dep_ in ("acomp", "oprd", "attr", "xcomp") and c.lower_ in ADJECTIVES:
                return ADJECTIVES[c.lower_], c
            if c.dep_ == "dobj" and lemma in ("sustain", "suffer", "receive") and c.lemma_.lower() in ("injury", "wound"):
                return "injured", c
        if h.lower_ in ADJECTIVES and h.pos_ == "ADJ":
            return ADJECTIVES[h.lower_], h
    if dep == "dobj" and lemma in ("leave", "left"):
        # "leaving 10 dead", "left 12 people injured"
        for c in list(h.children) + list(noun.children):
            if c.dep_ in ("oprd", "xcomp", "ccomp", "amod", "acomp") and c.lower_ in ADJECTIVES:
                return ADJECTIVES[c.lower_], c
    return None


def _verb_cat(v: Token, passive: bool) -> str | None:
    lemma = v.lemma_.lower()
    if lemma == "shoot":
        if any(c.lower_ == "dead" for c in v.children):
            return "killed"
        return "injured" if passive else None
    if lemma == "round" and not any(c.lower_ == "up" for c in v.children):
        return None
    if lemma == "seize" or lemma == "take":
        return None
    return PATIENT_VERBS.get(lemma)


def _toll(num: Token) -> tuple[str, Token] | None:
    x = num
    for _ in range(4):
        h = x.head
        if h.i == x.i:
            return None
        if h.lemma_.lower() in TOLL:
            return _toll_kind(h), h
        if h.pos_ in ("VERB", "AUX"):
            subj = next((c for c in h.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if subj is not None and subj.lemma_.lower() in TOLL:
                return _toll_kind(subj), subj
            return None
        x = h
    return None


def _toll_kind(toll: Token) -> str:
    mods = {c.lemma_.lower() for c in toll.children if c.dep_ in ("compound", "amod", "nmod")}
    if mods & {"injury", "casualty"}:
        return "injured" if "injury" in mods else "casualties"
    return "killed"


def _governing_verb(t: Token) -> Token:
    x = t
    for _ in range(6):
        if x.pos_ in ("VERB", "AUX") or x.head.i == x.i:
            return x
        x = x.head
    return t


# ---- who says so ---------------------------------------------------------------------------------
def _claimant(num: Token, sent: Span, actor_at: ActorAt) -> Actor | None:
    # a reporting verb above the figure: "officials said 12 people died"
    x = num
    for _ in range(12):
        h = x.head
        if h.i == x.i:
            break
        if h.pos_ in ("VERB", "AUX") and h.lemma_.lower() in REPORT_VERBS and x.dep_ in ("ccomp", "xcomp", "parataxis"):
            subj = next((c for c in h.children if c.dep_ == "nsubj"), None)
            if subj is not None:
                return _actor(subj, actor_at)
        x = h
    root = x
    # "according to the health ministry" anywhere in the clause; "…, officials said" hanging off it
    for t in sent:
        if t.lower_ == "according":
            to = next((c for c in t.children if c.lower_ == "to"), None)
            p = next((c for c in to.children if c.dep_ == "pobj"), None) if to is not None else None
            if p is not None:
                return _actor(p, actor_at)
    for c in root.children:
        if c.dep_ in ("parataxis", "ccomp", "conj", "advcl") and c.lemma_.lower() in REPORT_VERBS and c.i > num.i:
            subj = next((s for s in c.children if s.dep_ == "nsubj"), None)
            if subj is not None and not any(d.dep_ == "ccomp" for d in c.children):
                return _actor(subj, actor_at)
    return None


def _actor(tok: Token, actor_at: ActorAt) -> Actor:
    a = actor_at(tok) if actor_at is not None else None
    if a is not None:
        return a
    left = min([tok.i] + [c.left_edge.i for c in tok.lefts if c.dep_ not in ("punct", "cc")])
    right = tok.i
    for c in tok.rights:
        if c.dep_ in ("prep", "compound", "flat") :
            right = max(right, c.right_edge.i)
        else:
            break
    span = tok.doc[left:right + 1]
    return Actor(text=span.text, reason="claimant's noun phrase (not resolved)", start=span.start_char,
                 end=span.end_char)

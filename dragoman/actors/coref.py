"""Within-article coreference for actors, by rules a careful coder would apply.

* "he"/"she"/"him"/"her"/"his": the person who is the subject of the clause that governs the
  pronoun ("Anwar said he would ..."), else the first person subject of the previous sentence,
  else the most recent person within two sentences; gender from the leaders base or Mr/Ms.
* "it"/"its": likewise for states and organisations; "they"/"them"/"their" for plural groups,
  organisations and states.
* "who"/"which"/"that" opening a relative clause: the noun the clause hangs on ("X, who ...").
* "the former"/"the latter": the earlier/later of the last two actors named.
* a name seen before ("Anwar", "Mr Ibrahim" after "Anwar Ibrahim") is the same person.
* "the president", "the minister" with no country: the last person named with that title.
"""
from __future__ import annotations

from bisect import bisect_left
from dataclasses import replace
from typing import TYPE_CHECKING

import numpy
from spacy.attrs import DEP, POS
from spacy.symbols import NOUN, PROPN
from spacy.tokens import Token

from ..record import Actor
from .titles import TITLE_WORDS

if TYPE_CHECKING:
    from .resolve import DocActors

NP_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "pobj", "appos", "conj", "ROOT", "attr", "dative",
                     "poss", "agent", "npadvmod", "oprd"})
MALE = frozenset({"he", "him", "his", "himself"})
FEMALE = frozenset({"she", "her", "hers", "herself"})
NEUTER = frozenset({"it", "its", "itself"})
PLURAL = frozenset({"they", "them", "their", "theirs", "themselves"})
RELATIVE = frozenset({"who", "whom", "whose", "which", "that"})
CLAUSE_UP = frozenset({"ccomp", "xcomp", "advcl", "conj", "relcl", "acl", "pcomp", "prep", "pobj", "dobj"})
PERSON_KINDS = frozenset({"person"})
STATE_NOUNS = frozenset({"country", "nation", "kingdom", "republic", "emirate", "sultanate", "monarchy"})
GROUP_NOUNS = frozenset({"group", "movement", "organisation", "organization", "militia", "faction", "outfit",
                         "alliance", "bloc", "coalition", "network", "insurgency", "force"})
PAIR_NOUNS = frozenset({"leader", "president", "minister", "premier", "official", "man", "woman", "country",
                        "nation", "side", "party", "government", "state", "neighbour", "neighbor", "rival",
                        "ally", "army", "force", "delegation"})
PLACE_PREPS = frozenset({"in", "at", "across", "near", "inside", "throughout", "outside"})
#: "the streets of Tehran", "the outskirts of Kabul": an "of" place after one of these is where
PLACE_OF_NOUNS = frozenset({"street", "streets", "capital", "city", "centre", "center", "outskirts",
                            "suburbs", "heart", "square", "province", "region", "north", "south", "east",
                            "west", "town", "village", "border"})
STATE_SECTORS = frozenset({"GOV", "MIL", "COP", "JUD", "LEG", "PTY", "OPP", "SPY"})
FOCUS_KINDS = frozenset({"country", "capital", "city", "seat", "demonym"})
STATE_KINDS = frozenset({"country", "capital", "seat", "org", "loaded", "group"})


class Coref:
    def __init__(self, actors: "DocActors", sents: list | None = None):
        self.a = actors
        self.doc = actors.doc
        self._given_sents = sents
        self._heads: list[Token] | None = None
        self._head_is: list[int] = []
        self._head_sids: list[int] = []
        self._head_propn: list[bool] = []
        self._sid: list[int] | None = None
        self._sents: list = []

    def sid(self, tok: Token) -> int:
        """Sentence number of a token (computed once per document)."""
        if self._sid is None:
            sid = [0] * len(self.doc)
            self._sents = list(self.doc.sents) if self._given_sents is None else self._given_sents
            for n, sent in enumerate(self._sents):
                for i in range(sent.start, sent.end):
                    sid[i] = n
            self._sid = sid
        return self._sid[tok.i]

    def sentence(self, tok: Token):
        """The sentence span of a token, without spaCy's per-call scan of ``Token.sent``."""
        n = self.sid(tok)
        return self._sents[n]

    # candidate noun-phrase heads in document order, computed once
    def heads(self) -> list[Token]:
        if self._heads is None:
            doc = self.doc
            arr = doc.to_array([DEP, POS])     # select on ids: no Token object per word
            deps = [doc.vocab.strings.add(d) for d in NP_DEPS]
            keep = numpy.isin(arr[:, 0], deps) & numpy.isin(arr[:, 1], (PROPN, NOUN))
            out = [t for t in (doc[i] for i in numpy.flatnonzero(keep).tolist())
                   if t.lower_ not in ("former", "latter")]
            self._heads = out
            self._head_is = [t.i for t in out]
            self._head_propn = [t.pos_ == "PROPN" for t in out]
            self._head_sids = [self.sid(t) for t in out]
        return self._heads

    def _window(self, tok: Token, sentences: int) -> range:
        """Positions in ``heads()`` of the heads before ``tok``, in its sentence and the
        ``sentences`` before it (binary search: a long article has thousands of heads)."""
        self.heads()
        hi = bisect_left(self._head_is, tok.i)
        lo = bisect_left(self._head_sids, self.sid(tok) - sentences, 0, hi) if sentences < 10_000 else 0
        return range(lo, hi)

    def _named(self, h: Token) -> Actor | None:
        act = self.a.actor_at(h)
        if act is not None and (act.resolved or act.kind == "person"):
            return act
        return None

    def _before(self, tok: Token, sentences: int) -> list[tuple[Token, Actor]]:
        """Resolved actors named before ``tok`` in its sentence and the ``sentences`` before it."""
        heads = self.heads()
        out = []
        for k in self._window(tok, sentences):
            act = self._named(heads[k])
            if act is not None:
                out.append((heads[k], act))
        return out

    def _before_reversed(self, tok: Token, sentences: int, names_only: bool = False):
        """The same, nearest first, resolved lazily: a search that stops early resolves less.
        ``names_only``: proper-noun heads only, where every named person is found (a search for
        a person need not resolve every common noun of a long article)."""
        heads = self.heads()
        for k in reversed(self._window(tok, sentences)):
            if names_only and not self._head_propn[k]:
                continue
            act = self._named(heads[k])
            if act is not None:
                yield heads[k], act

    # ---- pronouns -------------------------------------------------------------------------
    def pronoun(self, tok: Token) -> Actor | None:
        low = tok.lower_
        if low in RELATIVE:
            verb = tok.head
            if verb.dep_ in ("relcl", "acl") and verb.head.i != verb.i:
                ante = self.a.actor_at(verb.head)
                return _as(ante, tok, f"relative {tok.text!r} -> {ante.text!r}") if ante else None
            return None
        if low in MALE or low in FEMALE:
            want = PERSON_KINDS
            gender = "m" if low in MALE else "f"
        elif low in NEUTER:
            want, gender = STATE_KINDS, None
        elif low in PLURAL:
            want, gender = STATE_KINDS, "plural"
        else:
            return None
        ok = lambda h, act: self._fits(h, act, want, gender)  # noqa: E731
        # 1. the subject of a clause governing the pronoun, before it; an object pronoun does not
        #    refer to the subject of its own verb ("the Kremlin supported them")
        v = tok.head
        if tok.dep_ in ("dobj", "dative", "iobj") or (tok.dep_ == "pobj" and tok.head.dep_ == "prep"):
            own = tok.head if tok.dep_ != "pobj" else tok.head.head
            v = own.head if own.dep_ in CLAUSE_UP and own.head.i != own.i else None
        seen = 0
        while v is not None and seen < 6:
            for c in v.children:
                if c.dep_ in ("nsubj", "nsubjpass") and c.i < tok.i and c.i != tok.i:
                    for s in (c, *_conj(c)):
                        act = self.a.actor_at(s)
                        if act is not None and ok(s, act):
                            return _as(act, tok, f"{tok.text!r} -> subject {act.text!r} of the governing clause")
            if v.dep_ not in CLAUSE_UP or v.head.i == v.i:
                break
            v, seen = v.head, seen + 1
        # 2. earlier in the same sentence (most recent), then the previous sentence's first subject
        cands = [(h, act) for h, act in self._before(tok, 2) if ok(h, act)]
        if not cands:
            return None
        same = [(h, act) for h, act in cands if self.sid(h) == self.sid(tok)]
        if same:
            h, act = same[-1]
            return _as(act, tok, f"{tok.text!r} -> {act.text!r} earlier in the sentence")
        prev_i = max(self.sid(h) for h, _ in cands)
        prev = [(h, act) for h, act in cands if self.sid(h) == prev_i]
        subj = [(h, act) for h, act in prev if h.dep_ in ("nsubj", "nsubjpass")]
        if not subj and low in NEUTER:
            # "A fire destroyed homes in Bangladesh. Officials said it killed nine": "it" is that
            # sentence's subject, a thing that is no actor, not the country named after it
            root = self.sentence(prev[0][0]).root
            thing = next((c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if thing is not None and thing.tag_ == "NN" and thing.i < prev[0][0].i \
                    and self.a.actor_at(thing) is None:
                return None
        h, act = (subj or prev)[0] if subj else prev[-1]
        return _as(act, tok, f"{tok.text!r} -> {act.text!r} in an earlier sentence")

    def _fits(self, h: Token, act: Actor, want: frozenset, gender: str | None) -> bool:
        if act.kind not in want:
            # a title noun heading a person ("the president") counts as a person
            if not (want is PERSON_KINDS and act.kind == "group" and h.tag_ in ("NN", "NNP")
                    and (h.lower_ in TITLE_WORDS or h.lower_ in self.a.k.role_nouns)):
                return False
        if gender == "plural":
            return act.kind in ("org", "country", "capital", "seat", "loaded") or h.tag_ in ("NNS", "NNPS")
        if want is STATE_KINDS and gender is None:
            return act.kind != "group" or h.tag_ in ("NN", "NNP")
        if gender in ("m", "f"):
            g = self._gender(h, act)
            return g is None or g == gender
        return True

    def _gender(self, h: Token, act: Actor) -> str | None:
        for t in h.subtree:
            low = t.lower_
            if low in ("mr", "mr.", "sir", "king", "prince", "lord"):
                return "m"
            if low in ("mrs", "mrs.", "ms", "ms.", "queen", "princess", "dame"):
                return "f"
        if act.name:
            for e in self.a.k.lookup(act.name):
                if e.person is not None and e.person.gender:
                    return e.person.gender
        return None

    # ---- the former / the latter ------------------------------------------------------------
    def former_latter(self, tok: Token) -> Actor | None:
        distinct: list[Actor] = []
        cands = [(h, act) for h, act in self._before(tok, 1)
                 if h.dep_ != "poss" and not (h.dep_ == "pobj" and h.head.lower_ in PLACE_PREPS)]
        people = [(h, act) for h, act in cands if act.kind == "person"]
        if len({act.key() for _, act in people}) >= 2:
            cands = people
        for h, act in cands:
            if not distinct or distinct[-1].key() != act.key():
                distinct = [d for d in distinct if d.key() != act.key()] + [act]
        if len(distinct) < 2:
            return None
        act = distinct[-2] if tok.lower_ == "former" else distinct[-1]
        return _as(act, tok, f"'the {tok.text}' -> {act.text!r}")

    # ---- names and titles seen before -------------------------------------------------------
    def person_named(self, name: str, tok: Token) -> Actor | None:
        parts = name.lower().split()
        if not parts:
            return None
        for h, act in self._before_reversed(tok, 10_000, names_only=True):
            if act.kind != "person" or not act.name:
                continue
            their = act.name.lower().split()
            if parts == their:
                return act
            if len(parts) == 1 and (parts[0] == their[-1] or parts[0] == their[0]):
                return act
            if len(parts) > 1 and parts[-1] == their[-1] and parts[0] == their[0]:
                return act
        return None

    def both(self, tok: Token) -> list[Actor]:
        """"The two leaders", "both countries", "the two sides": the last two parties named."""
        low = tok.lemma_.lower()
        if low not in PAIR_NOUNS:
            return []
        mods = {c.lower_ for c in tok.children if c.dep_ in ("nummod", "det", "predet", "amod")}
        if not ({"two", "both"} & mods):
            return []
        want_person = low in ("leader", "president", "minister", "man", "woman", "premier", "official")
        # "Egypt and Qatar urged both sides ...": the subjects of tok's own clause are not the pair
        own = set()
        if tok.dep_ not in ("nsubj", "nsubjpass"):
            v = tok.head
            for _ in range(3):
                for c in v.children:
                    if c.dep_ in ("nsubj", "nsubjpass"):
                        own.update(x.i for x in c.subtree)
                if v.dep_ not in ("xcomp", "ccomp", "conj", "advcl") or v.head.i == v.i:
                    break
                v = v.head
        seen: list[Actor] = []
        for h, act in self._before_reversed(tok, 2):
            if h.i in own:
                continue
            if h.dep_ == "pobj" and h.head.lower_ in PLACE_PREPS:
                continue
            if want_person and act.kind != "person":
                continue
            if not want_person and act.kind not in ("country", "capital", "seat", "org", "person", "group", "loaded"):
                continue
            if any(a.key() == act.key() for a in seen):
                continue
            seen.append(act)
            if len(seen) == 2:
                break
        if len(seen) < 2:
            return []
        return [_as(a, tok, f"{tok.text!r} -> {a.text!r}, one of the two named before") for a in reversed(seen)]

    def definite(self, tok: Token) -> Actor | None:
        """"The country", "the kingdom" -> the last state named; "the group", "the movement" ->
        the last organisation or armed group named."""
        low = tok.lemma_.lower()
        if not any(c.lower_ in ("the", "this", "that") for c in tok.children):
            return None
        if low in STATE_NOUNS:
            kinds = ("country", "capital", "seat")
        elif low in GROUP_NOUNS:
            kinds = ("org", "group")
        else:
            return None
        for h, act in self._before_reversed(tok, 3):
            if act.kind in kinds and act.country and act.country not in ("UNO", "IGO", "EUR") \
                    and (low in STATE_NOUNS or act.sector in ("REB", "PTY", "OPP", "PRM", "CRM", "UAF")
                         or act.country in ("NGO", "IMG")):
                if h.i in range(tok.left_edge.i, tok.right_edge.i + 1):
                    continue
                return _as(act, tok, f"'the {tok.text}' -> {act.text!r} named earlier")
        return None

    def focus_country(self, tok: Token, sector: str | None = None) -> tuple[str | None, str]:
        """The country a country-less agent ("the army", "police", "protesters") belongs to: a
        place in its own sentence, else (for state agents only) the country the article has been
        about so far."""
        sent = self.sentence(tok)
        for t in sent:
            if t.dep_ == "pobj" and t.i in self.a.mentions and (t.head.lower_ in PLACE_PREPS or (
                    t.head.lower_ == "of" and t.head.head.lower_ in PLACE_OF_NOUNS)):
                span, entries = self.a.mentions[t.i]
                e = entries[0]
                if e.kind in FOCUS_KINDS and e.country and len(e.country) == 3 and e.country not in ("WST",):
                    return e.country, f"country of {span.text!r} where it happened"
        if sector not in STATE_SECTORS:
            return None, ""
        counts: dict[str, int] = {}
        for span, entries in self.a.all_mentions():
            if span.start >= sent.end:
                break
            e = entries[0]
            if e.kind in FOCUS_KINDS and e.country:
                counts[e.country] = counts.get(e.country, 0) + 1
        if not counts:
            return None, ""
        top, n = max(counts.items(), key=lambda kv: kv[1])
        total = sum(counts.values())
        if n >= 2 and n * 2 > total:
            return top, f"the article is about {top} ({n} of {total} place mentions so far)"
        return None, ""

    def sentence_country(self, tok: Token) -> tuple[str | None, str]:
        """The one state named in ``tok``'s sentence (outside ``tok``'s own phrase), if only one is."""
        sent = self.sentence(tok)
        found = {}
        for t in sent:
            if tok.left_edge.i <= t.i <= tok.right_edge.i:
                continue
            m = self.a.mentions.get(t.i)
            if m is None:
                continue
            e = m[1][0]
            if e.kind in ("country", "demonym", "capital", "city", "seat") and e.country and len(e.country) == 3 \
                    and e.country not in ("WST",):
                found.setdefault(e.country, m[0].text)
        if len(found) == 1:
            (code, text), = found.items()
            return code, f"{text!r} is the one country in the sentence"
        return None, ""

    def role_noun(self, tok: Token) -> Actor | None:
        """"The president said ..." with no country: the last person named with that title."""
        if not any(c.lower_ == "the" for c in tok.children):
            return None
        word = tok.lower_
        for h, act in self._before_reversed(tok, 10_000, names_only=True):
            if act.kind == "person" and (act.country or act.sector) and word in act.reason.lower():
                return _as(act, tok, f"{'the ' + tok.text!r} -> {act.text!r} named earlier with that title")
        return None


def _as(act: Actor | None, tok: Token, why: str) -> Actor | None:
    if act is None:
        return None
    text = tok.text
    start = tok.idx
    if tok.lower_ in ("former", "latter") or tok.tag_ in ("NNS", "NNPS"):
        left = tok.left_edge
        start = left.idx
        text = tok.doc[left.i:tok.i + 1].text
    return replace(act, text=text, start=start, end=tok.idx + len(tok.text), reason=f"{why}; {act.reason}")


def _conj(tok: Token) -> list[Token]:
    return [c for c in tok.children if c.dep_ == "conj"]

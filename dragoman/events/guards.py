"""Precision guards: sentences and predicates that must not be coded (data in guards.yaml)."""
from __future__ import annotations

from spacy.tokens import Span, Token

from .lexicon import Lexicon


#: words the parser sometimes tags as adjectives of an object: "rallied outside parliament"
PLACE_WORDS_MISPARSED = frozenset({"outside", "inside", "near", "opposite", "across", "around", "before"})


class Guards:
    def __init__(self, lex: Lexicon):
        g = lex.guards
        self.metaphor_objects = frozenset(str(w).lower() for w in g.get("metaphor_objects") or ())
        self.non_events = frozenset((str(a).lower(), str(b).lower()) for a, b in g.get("non_events") or ())
        self.sports_triggers = frozenset(str(w).lower() for w in g.get("sports_triggers") or ())
        self.sports_words = frozenset(str(w).lower() for w in g.get("sports_words") or ())
        self.disaster_subjects = frozenset(str(w).lower() for w in g.get("disaster_subjects") or ())
        self.caption_starts = tuple(sorted((str(w).lower() for w in g.get("caption_starts") or ()),
                                           key=len, reverse=True))
        self.generic_copulas = frozenset(str(w).lower() for w in g.get("generic_copulas") or ())
        self.information_objects = frozenset(str(w).lower() for w in g.get("information_objects") or ())
        self.judging_codes = tuple(str(c) for c in g.get("judging_codes") or ())
        self.intransitive_only = frozenset(str(w).lower() for w in g.get("intransitive_only") or ())
        self.campaign_events = frozenset(str(w).lower() for w in g.get("campaign_events") or ())
        self.crowd_words = frozenset(str(w).lower() for w in g.get("crowd_words") or ())
        self.election_triggers = frozenset(str(w).lower() for w in g.get("election_triggers") or ())
        self.election_words = frozenset(str(w).lower() for w in g.get("election_words") or ())

    def information_object(self, trig: Token, entry_objects: tuple[str, ...], cameo: str = "") -> bool:
        """"released a statement": the object is information, not a person or a thing acted on
        (but "welcomed the statement": a verb that judges takes information as its object)."""
        if cameo and cameo.startswith(self.judging_codes):
            return False
        if trig.lemma_.lower() in self.intransitive_only and not entry_objects and any(
                c.dep_ == "dobj" and not any(m.lower_ in PLACE_WORDS_MISPARSED for m in c.lefts)
                for c in trig.children):
            return True         # "demonstrated a shocking ignorance" (not "rallied outside parliament")
        passive = any(c.dep_ == "auxpass" for c in trig.children)
        for c in trig.children:
            if c.dep_ == "dobj" or (passive and c.dep_ == "nsubjpass"):
                lemma = c.lemma_.lower()
                return lemma in self.information_objects and lemma not in entry_objects \
                    and c.lower_ not in entry_objects
        return False

    @staticmethod
    def in_name(trig: Token) -> bool:
        """"Capitol Hill Occupied Protests", "the Occupied Palestinian Territories": a capitalised
        word inside a sentence, before another capitalised word, is part of a name."""
        doc = trig.doc
        if not trig.text[:1].isupper() or trig.is_sent_start or trig.i + 1 >= len(doc):
            return False
        nxt = doc[trig.i + 1]
        return nxt.is_alpha and nxt.text[:1].isupper()

    def caption(self, sent: Span) -> bool:
        """"Photo: EPA-EFE", "Reporting by ...": bylines and captions are not news text."""
        toks = [t for t in sent[:6]]
        colon = next((k for k, t in enumerate(toks) if t.text in (":", "|", "/")), None)
        head = " ".join(t.lower_ for t in (toks[:colon] if colon is not None else toks[:4]))
        if colon is not None and head in self.caption_starts:
            return True
        return any(head.startswith(c + " by") or head == c for c in ("reporting", "editing", "writing")) \
            and colon is None and len(sent) < 20 and any(t.lower_ == "by" for t in toks)

    def definitional(self, sent: Span) -> bool:
        """A generic definition ("Démarches are formal diplomatic representations ...")."""
        root = sent.root
        if root.lemma_.lower() not in self.generic_copulas:
            return False
        subj = next((c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is None or subj.pos_ not in ("NOUN", "PROPN"):
            return False
        no_det = not any(c.dep_ in ("det", "poss") for c in subj.children)
        return subj.tag_ in ("NNS", "NNPS") and no_det and root.tag_ in ("VBP", "VBZ")

    def metaphor(self, trig: Token) -> bool:
        for c in trig.children:
            if c.dep_ in ("dobj", "nsubjpass") and c.lemma_.lower() in self.metaphor_objects:
                return True
            if c.dep_ == "prep" and c.lower_ in ("on", "against", "of"):
                for p in c.children:
                    if p.dep_ == "pobj" and p.lemma_.lower() in self.metaphor_objects:
                        return True
        return False

    def non_event(self, trig: Token) -> bool:
        lemma = trig.lemma_.lower()
        for c in trig.children:
            if c.dep_ in ("compound", "amod", "nmod") and (c.lemma_.lower(), lemma) in self.non_events:
                return True
        h = trig.head
        if trig.dep_ in ("compound", "amod", "nmod") and (lemma, h.lemma_.lower()) in self.non_events:
            return True
        return False

    def sports(self, trig: Token, sent: Span, has_political_actor: bool) -> bool:
        """A match or an election won, not a battle ("beat Arsenal", "crushed Labour in the election")."""
        if trig.lemma_.lower() in self.election_triggers and any(
                t.lower_ in self.election_words or t.lemma_.lower() in self.election_words for t in sent):
            return True
        if has_political_actor or trig.lemma_.lower() not in self.sports_triggers:
            return False
        return any(t.lower_ in self.sports_words or t.lemma_.lower() in self.sports_words for t in sent)

    def disaster(self, subj: Token | None) -> bool:
        return subj is not None and subj.lemma_.lower() in self.disaster_subjects

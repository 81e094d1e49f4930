"""Modality of an event predicate: negated, future, hypothetical, alleged.

All decisions read the dependency parse around the trigger (auxiliaries, negation, markers of
conditional clauses, adverbs), never the raw text.
"""
from __future__ import annotations

from spacy.tokens import Token

NEG_WORDS = frozenset({"not", "n't", "never", "no", "neither", "nor", "nt"})
NEGATIVE_IMPLICATIVE = frozenset({"fail", "neglect", "omit", "forget"})
FUTURE_AUX = frozenset({"will", "shall", "'ll", "wo", "ll"})
HYPO_AUX = frozenset({"could", "might", "may", "should", "would", "must", "can", "ought"})
COND_MARKS = frozenset({"if", "unless", "whether", "lest", "provided", "providing"})
# "reportedly" is how the press cites its sources, not an allegation: the event stays asserted
ALLEGED_ADV = frozenset({"allegedly", "purportedly", "supposedly"})
ALLEGED_MOD = frozenset({"alleged", "suspected", "purported", "supposed", "claimed"})
CLAUSE_DEPS = frozenset({"ccomp", "xcomp", "advcl", "relcl", "acl", "conj", "ROOT", "pcomp", "csubj"})


def clause_head(tok: Token) -> Token:
    """The verb heading the clause a token belongs to."""
    t = tok
    for _ in range(8):
        if t.pos_ in ("VERB", "AUX") and t.dep_ in CLAUSE_DEPS:
            return t
        if t.head.i == t.i:
            return t
        t = t.head
    return t


def aux_modes(trig: Token, speech_verbs: frozenset[str] = frozenset()) -> list[str]:
    """Auxiliary modes of the event whose predicate is ``trig``.

    In the complement of a verb of saying (``speech_verbs``) "would" reports a future ("said it
    would withdraw") rather than a condition. A predicate governed by a verb that is not a frame
    ("continue to trade", "began to withdraw") takes that verb's tense and negation.
    """
    modes: list[str] = []
    reported = _reported(trig, speech_verbs)
    verb = trig if trig.pos_ in ("VERB", "AUX") else None
    if verb is None:
        # nouns: "no talks", "alleged attack", "planned strikes"; and the clause they sit in
        for c in trig.children:
            if c.lower_ in NEG_WORDS and c.dep_ in ("det", "neg", "advmod"):
                modes.append("negation")
            if c.lower_ in ALLEGED_MOD and c.dep_ in ("amod", "compound"):
                modes.append("alleged")
            if c.lower_ in ("planned", "proposed", "upcoming", "future", "expected", "possible",
                            "potential", "prospective", "intended", "scheduled"):
                modes.append("future")
        head = clause_head(trig)
        if head.i != trig.i and head.pos_ in ("VERB", "AUX"):
            for m in aux_modes(head, speech_verbs):
                if m not in modes and m != "alleged":
                    modes.append(m)
        return modes
    chain = [verb]
    # "will lay down their weapons and disband": a conjunct shares its head's auxiliaries
    if verb.dep_ == "conj" and verb.head.pos_ in ("VERB", "AUX") and \
            not any(c.dep_ in ("aux", "auxpass", "nsubj") for c in verb.children):
        chain.append(verb.head)
    # "is expected to", "will continue to": tense and negation of the governing verb
    v = verb
    while v.dep_ == "xcomp" and v.head.i != v.i and len(chain) < 3:
        v = v.head
        chain.append(v)
    for v in chain:
        if v is not verb and v.lemma_.lower() in NEGATIVE_IMPLICATIVE and "negation" not in modes:
            modes.append("negation")        # "failed to renew", "neglected to inform"
        if v is not verb and v.lemma_.lower() in SCHEDULED_HEADS and "future" not in modes:
            modes.append("future")          # "was due to stand down", "is set to sign"
        if v is not verb and v.lemma_.lower() in ("likely", "unlikely") and "hypothetical" not in modes:
            modes.append("hypothetical")    # "is likely to veto"
        for c in v.children:
            low = c.lower_
            if c.dep_ == "neg" or (low in ("never", "no") and c.dep_ in ("advmod", "neg", "det")) or (
                    c.dep_ in ("nsubj", "nsubjpass") and any(p.dep_ == "preconj" and p.lower_ == "neither"
                                                             for p in c.children)):
                # ("neither the EU nor the US would endorse": a negated subject)
                if "negation" not in modes:
                    modes.append("negation")
            elif c.dep_ in ("aux", "auxpass") and c.tag_ == "MD":
                if low in FUTURE_AUX:
                    modes.append("future")
                elif low in ("would",) and reported:
                    modes.append("future")
                elif low in HYPO_AUX:
                    modes.append("hypothetical")
            elif c.dep_ == "aux" and low == "going" or (c.lemma_ == "go" and c.tag_ == "VBG"):
                modes.append("future")
            elif c.dep_ == "advmod" and low in ALLEGED_ADV:
                modes.append("alleged")
            elif c.dep_ == "mark" and low in COND_MARKS:
                modes.append("hypothetical")
        if v.dep_ == "xcomp" and v.head.lemma_ in ("go",) and any(a.lower_ in ("is", "are", "was", "were", "'s", "'re") for a in v.head.children):
            modes.append("future")
    # a clause introduced by "if"/"unless" anywhere up the chain of clauses
    t = verb
    for _ in range(4):
        if t.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in COND_MARKS for c in t.children):
            if "hypothetical" not in modes:
                modes.append("hypothetical")
            break
        if t.head.i == t.i:
            break
        t = t.head
    return list(dict.fromkeys(modes))


#: "due to", "set to", "scheduled to": the complement has not happened yet
SCHEDULED_HEADS = frozenset({"due", "set", "scheduled", "slated", "poised", "expected", "about"})


def _reported(tok: Token, speech_verbs: frozenset[str]) -> bool:
    """Is ``tok`` inside the clausal complement of a verb of saying?"""
    t = tok
    for _ in range(6):
        if t.dep_ == "ccomp" and t.head.lemma_.lower() in speech_verbs:
            return True
        if t.head.i == t.i:
            return False
        t = t.head
    return False

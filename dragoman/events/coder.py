"""The event coder: predicates in a parsed sentence -> PLOVER/CAMEO events with their actors.

For each sentence, predicates are visited from the root down, so a frame ("urged", "agreed",
"refused", "threatened", "accused") sees its content before the content could be coded alone:

* verbs are matched against frames first, then against lexicon entries (most specific first:
  object, modifier, preposition and particle constraints);
* event nouns ("air strikes", "talks", "curfew") take their actor from a possessor, a country or
  organisation modifier, a "by" phrase or the light verb governing them ("launched", "held");
* actor = subject (or passive agent, or the controller of an infinitive), recipient = object,
  passive subject or the prepositional object the entry names; conjuncts give several events;
* modality (negation, future, hypothetical, alleged) is read off the parse; future cooperation
  is coded AGREE as PLOVER asks; refusals are REJECT, never the refused event;
* guards drop captions, definitions, metaphors, sports and natural disasters, and events without
  a political actor or recipient.

Each event keeps the entry or frame that fired in ``rule``.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterator

import numpy
from spacy.attrs import HEAD
from spacy.tokens import Doc, Span, Token

from ..actors.resolve import ARMED_SECTORS, FOREIGN_WORDS, after_ethnic
from ..config import Config
from ..ontology import actor_code, cameo_table
from ..record import Actor, Event, Trigger
from .guards import Guards
from .lexicon import Entry, Frame, Lexicon
from .modality import aux_modes

OBJECT_CONTROL = frozenset({"urge", "ask", "order", "force", "allow", "permit", "help", "invite", "tell",
                            "instruct", "direct", "command", "encourage", "press", "compel", "call",
                            "persuade", "convince", "authorize", "authorise", "enable", "request",
                            "implore", "warn", "advise", "require"})
VEHICLE_NOUNS = frozenset({"proposal", "plan", "offer", "request", "call", "demand", "demands", "bid",
                           "initiative", "idea", "suggestion", "appeal", "invitation", "deal", "plea",
                           "decision", "move", "effort", "efforts", "attempt", "threat", "promise",
                           "pledge", "agreement", "accord", "resolution", "motion", "order",
                           "ultimatum", "push", "pressure", "campaign", "commitment", "readiness",
                           "willingness", "intention", "intent", "vow", "refusal", "permission"})
COOPERATIVE_ROOTS = frozenset({"04", "05", "06", "07", "08"})
COMMUNICATIVE_NOUNS = frozenset({"declaration", "statement", "letter", "resolution", "petition", "communique",
                                 "communiqué", "report", "message", "note", "memorandum", "motion", "appeal",
                                 "manifesto", "editorial", "speech", "address", "announcement", "decree"})
BACKGROUND_PREPS = frozenset({"since", "after", "before", "during", "following", "amid", "despite", "until",
                              "throughout", "prior"})
GENERIC_PEOPLE = frozenset({"people", "persons", "person", "others", "many", "some", "everyone", "anyone",
                            "men", "women", "man", "woman", "children", "individuals", "public", "crowd"})
MUTUAL_TYPES = frozenset({"AGREE", "CONSULT", "SUPPORT", "COOPERATE"})
VERBAL_ATTACKS = frozenset({"attack", "assail", "savage"})
#: praise, endorsement, defence, apology, forgiveness by several are not given to each other
ONE_SIDED_SUPPORT = frozenset({"051", "052", "053", "054", "055", "056"})
#: people who attack physically; a politician's "attack" on another is words
ARMED = ARMED_SECTORS | {"COP", "SPY", "INS"}
#: crowds: their destruction of property is a riot (the by_crowd content map)
CROWDS = frozenset({"CVL", "LAB", "EDU", "OPP"})
#: people whose "attack" on something is words ("Hawkins attacked the macho culture")
SPEAKERS = frozenset({"GOV", "LEG", "PTY", "OPP", "ELI", "JUD", "JRN", "EDU", "MED", "REL"})
#: people who cannot make a show of military force (CAMEO 15)
UNARMED = frozenset({"CVL", "REF", "LAB", "EDU", "MED", "BUS", "JRN", "REL", "AGR", "SOC", "HLH"})
#: one force of a state helping another of the same state is not an event between two parties
ONE_FORCE = frozenset({"MIL", "COP", "SPY", "PRM"})
#: "China, Iran and Russia pledged funds": each pledged to a third party, not to the others
ONE_SIDED_PLEDGES = frozenset({"pledge", "promise", "vow", "offer", "volunteer", "guarantee",
                               "express", "voice", "signal", "indicate"})
SYMMETRIC_TYPES = MUTUAL_TYPES | {"ASSAULT", "RETREAT"}     # RETREAT: prisoner swaps, mutual truces
INTENT_ROOTS = frozenset({"03", "04", "05", "06", "07", "08"})
CONFLICT_ROOTS = frozenset({"15", "16", "17", "18", "19", "20"})
QUANTITY_HEADS = frozenset({"dozens", "dozen", "hundreds", "hundred", "thousands", "thousand", "scores",
                            "barrage", "volley", "salvo", "number", "series", "wave", "hail", "couple",
                            "handful", "lot", "lots", "millions", "tons", "tonnes", "shipment", "batch"})
VERBAL_ROOTS = frozenset({"01", "02", "03", "04", "05", "09", "10", "11", "12", "13"})
POLITICAL_SECTORS = frozenset({"GOV", "MIL", "COP", "JUD", "LEG", "PTY", "OPP", "REB", "PRM", "SPY",
                               "UAF", "CVL", "ELI", "JRN", "REF", "LAB", "REL", "BUS", "EDU", "MED",
                               "AGR", "CRM", "SOC", "PRE", "UNK"})
ROLE_NAMES = frozenset({"object", "dative", "xcomp", "ccomp", "pcomp", "acl_object"})
TOPIC_PREPS = frozenset({"over", "about", "against", "for", "on"})
COMPLEMENT_RECIPIENTS = ("dative", "to", "against", "on", "at", "with", "for", "into", "object")
MODE_PENALTY = {"negation": 0.7, "hypothetical": 0.7, "future": 0.85, "alleged": 0.8}


@dataclass(slots=True)
class Candidate:
    cameo: str
    trigger: Token
    actors: list[Actor]
    recipients: list[Actor]
    rule: str
    aux: list[str] = field(default_factory=list)
    confidence: float = 1.0
    symmetric: bool = False
    mode: str | None = None
    context: tuple[str, ...] | None = None
    last: Token | None = None            # last token of the trigger text (particle)
    frame_kind: str | None = None
    ptype: str | None = None             # PLOVER type override from the entry


class EventCoder:
    """Built once per process; ``code(doc, actors)`` yields (event, trigger, sentence, used tokens)."""

    def __init__(self, nlp=None, config: Config | None = None, lexicon: Lexicon | None = None):
        self.config = config or Config()
        self.lex = lexicon or Lexicon.load()
        self.guards = Guards(self.lex)
        self.table = cameo_table()

    # ---- driver -------------------------------------------------------------------------------
    def code(self, doc: Doc, actors, sents: list[Span] | None = None) -> Iterator[tuple[Event, Token, Span, frozenset[int]]]:
        heads = _head_indices(doc)
        for si, sent in enumerate(doc.sents if sents is None else sents):
            if len(sent) < 3 or self.guards.caption(sent):
                continue
            yield from self.code_sentence(sent, si, actors, heads)

    def code_sentence(self, sent: Span, si: int, actors,
                      heads: list[int] | None = None) -> Iterator[tuple[Event, Token, Span, frozenset[int]]]:
        lex = self.lex
        self._actors_doc = actors
        definitional = self.guards.definitional(sent)
        consumed: set[int] = set()
        cands: list[Candidate] = []
        for tok in _tree_order(sent, heads):
            if tok.i in consumed:
                continue
            pos = tok.pos_
            if pos == "VERB" or (pos == "AUX" and tok.dep_ in ("ROOT", "ccomp", "xcomp", "conj")
                                 and tok.lemma_.lower() not in ("be", "have", "do")):
                if _background(tok):
                    # "rebels fighting to topple ...", "blocked roads to press demands": a
                    # participle modifying a noun or a purpose clause is not an event of its own
                    consumed.update(t.i for t in tok.subtree)
                    continue
                cands.extend(self._verb(tok, actors, consumed, sent))
            elif pos in ("NOUN", "PROPN") and not definitional:
                lemma = tok.lemma_.lower()
                if lemma in lex.noun_frames or tok.lower_ in lex.noun_frames:
                    res = self._noun_frame(tok, actors, consumed, sent)
                    if res is not None:
                        cands.extend(res)
                        continue
                if _noun_entries(lex, tok):
                    cands.extend(self._noun(tok, actors, consumed, sent))
            elif pos == "ADJ" and tok.lemma_.lower() in lex.frame_verbs:
                cands.extend(self._verb(tok, actors, consumed, sent))
        if not cands:
            return
        yield from self._finish(cands, sent, si)

    # ---- verbs ----------------------------------------------------------------------------------
    def _verb(self, v: Token, actors, consumed: set[int], sent: Span) -> list[Candidate]:
        if self.guards.in_name(v):
            return []               # "Capitol Hill Occupied Protests": a word of a name
        lemma = v.lemma_.lower()
        frames = self.lex.frame_verbs.get(lemma, ())
        if frames or lemma in self.lex.speech_verbs:
            # a pattern with its object is more specific than a frame or a verb of saying:
            # "offered condolences", "claimed responsibility", "granted a loan", "vetoed a
            # resolution" -- except that an offer or promise of cooperation stays an intent (AGREE)
            specific = [e for e in self.lex.verbs.get(lemma, ()) if e.object]
            e0 = self._best(v, specific, sent) if specific else None
            if e0 is not None and not (e0.cameo[:2] in INTENT_ROOTS and
                                       any(f.kind in ("intent", "future") for f in frames)):
                if not (e0.cameo[:2] in CONFLICT_ROOTS and self.guards.metaphor(v)):
                    cand = self._candidate(v, e0, actors, consumed)
                    if cand is not None and e0.cameo[:2] in VERBAL_ROOTS:
                        consumed.update(t.i for t in _topic_nouns(v))
                    return [cand] if cand else []
        for fr in frames:
            if self._frame_applies(v, fr):
                res = self._frame(v, fr, actors, consumed, sent)
                if res is not None:
                    return res
        if lemma in self.lex.speech_verbs:
            res = self._speech(v, actors, consumed, sent)
            if res is not None:
                return res
        entries = self.lex.verbs.get(lemma)
        if not entries and lemma in self.lex.re_verbs:      # "reimposed", "reopened": the base verb
            entries = self.lex.verbs.get(lemma[3:] if lemma[2] == "-" else lemma[2:])
        if not entries:
            return []
        entry = self._best(v, entries, sent)
        if entry is None:
            return []
        if (entry.cameo[:2] in CONFLICT_ROOTS and self.guards.metaphor(v)) or self.guards.disaster(_subject_token(v)) \
                or self.guards.information_object(v, entry.object, entry.cameo):
            return []
        cand = self._candidate(v, entry, actors, consumed)
        if cand is not None and entry.cameo[:2] in VERBAL_ROOTS:
            travel = lemma in self.lex.motion_verbs
            for t in _topic_nouns(v):
                if not (travel and t.head.lower_ == "for"):     # "arrived for talks": an event of its own
                    consumed.add(t.i)
        return [cand] if cand else []

    def _candidate(self, v: Token, entry: Entry, actors, consumed: set[int],
                   actor_override: list[Actor] | None = None) -> Candidate | None:
        passive = _is_passive(v)
        subj_actors = actor_override if actor_override is not None else self._subject_actors(v, actors)
        if not subj_actors and entry.cameo[:2] in ("18", "19", "20"):
            subj_actors = _weapon_actor(v, actors)
        if not subj_actors and passive and entry.state_act and actor_override is None:
            subj_actors = _state_of_place(v, actors, entry.state_act)
        if not subj_actors and passive and entry.patient_acts and actor_override is None:
            # "the guerrillas have been demobilized", "troops were withdrawn": no agent named,
            # the forces themselves stand down
            patient = next((c for c in v.children if c.dep_ == "nsubjpass"), None)
            if patient is not None:
                subj_actors = actors.actors_at(patient)
                if not subj_actors:     # "one third of the guerrillas"
                    of = [p for c in patient.children if c.dep_ == "prep" and c.lower_ == "of"
                          for p in c.children if p.dep_ == "pobj"]
                    subj_actors = actors.actors_at(of[0]) if of else []
                if subj_actors:
                    consumed.add(patient.i)
        recips, rtoks = self._role_actors(v, entry.recipient, actors, passive, skip_object=bool(entry.object),
                                          judging=entry.cameo.startswith(self.guards.judging_codes))
        if "+clause" in entry.object_not and not recips and _has_clause(v):
            return None     # "helped facilitate a meeting", "helps developers to make software"
        if entry.patient_acts and passive and subj_actors:
            recips = [r for r in recips if not any(_same(a, r) for a in subj_actors)]
        if not recips and (entry.cameo[:2] in COOPERATIVE_ROOTS or entry.cameo[:3] == "154"):
            recips = _beneficiary(v, actors)        # "sent troops to help defend Saudi Arabia"
        obj = _object(v, passive) if entry.object else None
        if obj is not None:
            consumed.add(obj.i)
            if not recips:   # "imposed sanctions on Iran" with the prep on the noun
                recips, _ = self._role_actors(obj, tuple(r for r in entry.recipient if r not in ("object", "dative")),
                                              actors, False)
                if not recips and entry.cameo.startswith(self.guards.judging_codes):
                    # "attacked Trump's decision", "rejected the plan by Russia": whose it is
                    recips = _owner_actors(obj, actors, ("by", "from"))
                if not recips:
                    # "summoned the French ambassador": the object's country is the recipient
                    # (not "sent 1,000 troops": the actor's own, countryless agents)
                    oa = actors.actor_at(obj)
                    if oa is not None and oa.country and not any(a.country == oa.country for a in subj_actors):
                        recips = [oa]
        if not recips and entry.cameo.startswith(self.guards.judging_codes):
            judged = obj if obj is not None else _object(v, passive)
            if judged is not None and _lemma(judged) in self.lex.nouns and actors.actor_at(judged) is None:
                # "condemned the coup in Niger": where the judged event happened
                where = _place_country(judged, subj_actors, actors, False)
                recips = [where] if where is not None else []
        aux = aux_modes(v, self.lex.speech_verbs)
        if obj is not None and "negation" not in aux and any(c.dep_ == "det" and c.lower_ == "no" for c in obj.children):
            aux = [*aux, "negation"]    # "expressed no regret"
        return Candidate(entry.cameo, v, subj_actors, recips, entry.id, aux, entry.confidence,
                         entry.symmetric, entry.mode, entry.context, _particle(v, entry), ptype=entry.type)

    def _best(self, t: Token, entries: list[Entry], sent: Span) -> Entry | None:
        passive = _is_passive(t) if t.pos_ in ("VERB", "AUX") else False
        loose = None            # an entry whose preposition the parser hung on the governing verb
        for e in entries:
            if e.passive_only and not passive:
                continue
            if e.particle and not _has_particle(t, e.particle):
                continue
            if e.prep and not _has_prep(t, e.prep):
                if loose is None and _head_has_prep(t, e.prep) and self._rest_fits(t, e, sent, passive):
                    loose = e
                continue
            if self._rest_fits(t, e, sent, passive):
                return e
        return loose

    def _rest_fits(self, t: Token, e: Entry, sent: Span, passive: bool) -> bool:
        """``e``'s constraints other than particle and preposition hold for ``t``."""
        if e.object:
            obj = _object(t, passive) if e.pos == "verb" else _noun_object(t)
            if obj is None or not (_lemma(obj) in e.object or obj.lower_ in e.object or e.object == ("*",)):
                return False
            if e.object_mod and not _has_mod(obj, e.object_mod):
                return False
        elif e.object_mod and not _has_mod(t, e.object_mod):
            return False
        if e.context_words and not any(_lemma(x) in e.context_words for x in sent):
            return False
        return not (e.object_not and _object_excluded(t, e))

    # ---- frames ---------------------------------------------------------------------------------
    def _frame_applies(self, v: Token, fr: Frame) -> bool:
        if fr.particle and not _has_particle(v, fr.particle):
            return False
        if fr.prep and not _has_prep(v, fr.prep):
            return False
        if fr.object_required and not any(c.dep_ in ("dobj", "nsubjpass") for c in v.children):
            return False
        if fr.object_not and any(_lemma(c) in fr.object_not for c in v.children):
            return False            # "seek office", "pleaded guilty"
        if fr.kind == "appeal" and any(c.dep_ == "ccomp" and _is_question(c) for c in v.children):
            return False            # "asked whether Oakland was part of the US": a question
        if fr.kind == "appeal" and v.lemma_.lower() == "ask" and any(
                c.dep_ == "prep" and c.lower_ == "about" for c in v.children) \
                and not any(c.dep_ in ("xcomp", "ccomp") for c in v.children):
            return False            # "the press asked Trump about it": a question
        if fr.xcomp_required and not any(c.dep_ in ("xcomp", "ccomp") for c in v.children):
            return False
        if fr.ccomp_required and (not any(c.dep_ == "ccomp" for c in v.children)
                                  or any(c.dep_ in ("xcomp", "dobj") for c in v.children)):
            return False
        if fr.addressee_required:
            # "wants Germany to pay": an object, or a complement clause with its own subject
            if not (any(c.dep_ == "dobj" for c in v.children) or any(
                    c.dep_ in ("xcomp", "ccomp") and any(x.dep_ in ("nsubj", "nsubjpass") for x in c.children)
                    for c in v.children)):
                return False
        return True

    def _frame(self, v: Token, fr: Frame, actors, consumed: set[int], sent: Span) -> list[Candidate] | None:
        found = self._content(v, fr, actors, sent)
        kind = fr.kind
        content_code, ctok, crule, content_cand, final = found if found else (None, None, None, None, False)
        if kind in ("cause", "future", "attempt"):
            if content_code is None:
                return None
            code = content_code
            if kind in self.lex.content_maps:
                code = self.lex.content_code(kind, content_code) or content_code
        elif final:
            code = content_code
        else:
            code = None
        passive = _is_passive(v)
        recips, _ = self._role_actors(v, fr.recipient, actors, passive)
        if code is None and content_code:
            if not recips and f"{kind}_open" in self.lex.content_maps:
                code = self.lex.content_code(f"{kind}_open", content_code)
            code = code or self.lex.content_code(kind, content_code)
        code = code or (fr.default if not content_code else code)
        if code is None:
            return None
        subj = self._subject_actors(v, actors)
        if not subj and passive and kind in ("future", "attempt", "cause"):
            # "Russia is expected to withdraw", "the rebels were forced to surrender": with no
            # agent named, the one who is to act
            patient = next((c for c in v.children if c.dep_ == "nsubjpass"), None)
            subj = actors.actors_at(patient) if patient is not None else []
        if kind == "threaten" and ctok is not None and ctok.dep_ == "ccomp" and ctok.pos_ in ("VERB", "AUX"):
            # "the US warned that Russia could invade Ukraine": a warning about someone else's act
            # is no threat by the one who warns ("Iran warned it would close the strait" is)
            other = _subject_token(ctok)
            others = actors.actors_at(other) if other is not None else []
            if others and not any(a.country and a.country == b.country or _same(a, b) for a in subj for b in others):
                return None
        if fr.default_needs_party and not content_code and not recips and len(subj) < 2 and not any(
                c.dep_ in ("dobj", "xcomp", "ccomp", "prep", "dative") for c in v.children):
            return None     # "the governor agreed, saying ...": an opinion shared, no agreement
        if kind not in ("cause", "future", "attempt"):
            # what is refused, demanded, promised or threatened is not an event of its own:
            # "rejected Iraq's proposal for a ceasefire", "rejected a U.S. request to interrogate"
            for c in v.children:
                if c.dep_ in ("xcomp", "ccomp") and c.i != v.i:
                    consumed.update(t.i for t in c.subtree)
                elif c.dep_ == "dobj" and "object" in fr.content:
                    consumed.update(t.i for t in c.subtree if t.pos_ in ("NOUN", "PROPN", "VERB"))
        if ctok is not None:
            for t in ctok.subtree:
                if t.i != v.i and (t.pos_ in ("VERB", "NOUN", "PROPN")) and t.dep_ not in ("ccomp",) \
                        and _clause_of(t, ctok):
                    consumed.add(t.i)
            consumed.add(ctok.i)
        if not recips and kind in ("appeal", "demand", "accept"):
            # "demanded that the US cancel ...": the subject of the demanded clause
            for comp in [c for c in v.children if c.dep_ in ("ccomp", "xcomp")] + ([ctok] if ctok is not None else []):
                addressee = next((c for c in comp.children if c.dep_ in ("nsubj", "nsubjpass")), None)
                if addressee is not None:
                    recips = actors.actors_at(addressee)
                    if recips:
                        break
        if not recips and kind in ("reject", "accept"):
            # "rejected a fresh offer from Afghanistan", "accepted Iran's proposal": who made it
            obj = next((c for c in v.children if c.dep_ == "dobj"), None)
            if obj is not None and (_lemma(obj) in VEHICLE_NOUNS or obj.lower_ in VEHICLE_NOUNS):
                recips = _owner_actors(obj, actors)
        if not recips and content_cand is not None and content_cand.recipients:
            recips = content_cand.recipients
        if not recips and ctok is not None and ctok.pos_ in ("NOUN", "PROPN"):
            recips = _owner_actors(ctok, actors)          # "agreed to US mediation"
            if not recips:                                # "called for sanctions against Nigeria"
                recips, _ = self._role_actors(ctok, ("against", "on", "upon", "to", "with"), actors, False)
        if not recips and kind == "threaten":
            # "threatened ... unless Baghdad accepted", "... if the United States goes ahead"
            for cl in list(v.children) + [t for c in v.children if c.dep_ == "xcomp" for t in c.children]:
                if cl.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in ("unless", "if") for m in cl.children):
                    cond_subj = next((x for x in cl.children if x.dep_ in ("nsubj", "nsubjpass")), None)
                    if cond_subj is not None:
                        recips = actors.actors_at(cond_subj)
                        if recips:
                            break
        if not recips:
            # "threatened to deliver blows to the United States", "offered to hand over to Britain"
            for comp in (c for c in v.children if c.dep_ == "xcomp"):
                recips, _ = self._role_actors(comp, COMPLEMENT_RECIPIENTS, actors, _is_passive(comp), owners=True)
                if not recips and kind == "intent":
                    recips = _beneficiary(comp, actors)
                if recips:
                    break
        if kind == "cause" and content_cand is not None and not content_cand.recipients:
            obj_act, _ = self._role_actors(v, ("object",), actors, passive)
            recips = obj_act or recips
        aux = aux_modes(v, self.lex.speech_verbs)
        conf = fr.confidence
        if kind == "future" and "future" not in aux:
            aux.append("future")
        if kind == "attempt":
            conf *= 0.8
            if v.lemma_.lower() == "fail" and "negation" not in aux:
                aux.append("negation")
        if content_cand is not None and kind in ("cause", "future", "attempt"):
            for m in content_cand.aux:
                if m not in aux and m != "future":
                    aux.append(m)
        rule = f"{fr.id}+{crule}" if crule else fr.id
        mode = content_cand.mode if (content_cand is not None and kind in ("cause", "future", "attempt")) else None
        ctx = content_cand.context if (content_cand is not None and kind in ("cause", "future", "attempt")) else None
        passthrough = content_cand is not None and kind in ("cause", "future", "attempt")
        out = [Candidate(code, v, subj, recips, rule, aux, conf, False, mode, ctx, _particle_frame(v, fr),
                         frame_kind=kind, ptype=content_cand.ptype if passthrough else None)]
        if kind in ("accuse", "deny") and self.config.embedded_events and content_cand is not None:
            emb = content_cand
            if kind == "accuse":
                accused, _ = self._role_actors(v, ("object",), actors, passive)
                if not _has_own_subject(emb.trigger):
                    emb.actors = accused or emb.actors
                emb.aux = list(dict.fromkeys([*emb.aux, "alleged"]))
            else:
                if not _has_own_subject(emb.trigger):
                    emb.actors = subj
                emb.aux = list(dict.fromkeys([*emb.aux, "negation"]))
            emb.confidence *= 0.8
            emb.rule = f"{fr.id}>{emb.rule}"
            out.append(emb)
        return out

    def _content(self, v: Token, fr: Frame, actors, sent: Span, depth: int = 0):
        """(content code, content token, rule, content candidate, final?) for a frame, or None."""
        kind = fr.kind
        final = self.lex.final_words.get(kind, {})
        for role in fr.content:
            for tok in _role_tokens(v, role):
                if tok.pos_ in ("VERB", "AUX"):
                    res = self._classify_verb(tok, actors, sent, depth)
                    if res:
                        return (*res, False)
                    continue
                res = self._classify_noun(tok, actors, sent, final)
                if res:
                    return res
        return None

    def _classify_verb(self, x: Token, actors, sent: Span, depth: int = 0):
        lemma = x.lemma_.lower()
        if depth < 2:
            for fr in self.lex.frame_verbs.get(lemma, ()):
                if fr.kind in ("intent", "future", "attempt", "cause", "accept") and self._frame_applies(x, fr):
                    inner = self._content(x, fr, actors, sent, depth + 1)
                    if inner is not None and not inner[4]:
                        code, ctok, rule, cand, _ = inner
                        if fr.kind == "accept":
                            code = self.lex.content_code("accept", code) or code
                        return code, x, f"{fr.id}+{rule}", cand
        entries = self.lex.verbs.get(lemma)
        if entries:
            e = self._best(x, entries, sent)
            if e is not None and ((e.cameo[:2] in CONFLICT_ROOTS and self.guards.metaphor(x))
                                  or self.guards.information_object(x, e.object, e.cameo)):
                return None     # "seek to destroy our way of life", "plans to release a report"
            if e is not None:
                cand = self._candidate(x, e, actors, set())
                return e.cameo, x, e.id, cand
        # a light verb with an event noun: "agreed to hold talks", "threatened to impose a curfew"
        if lemma in self.lex.light_verbs or lemma not in self.lex.verbs:
            obj = _object(x, _is_passive(x))
            if obj is not None:
                res = self._classify_noun(obj, actors, sent, {})
                if res:
                    code, tok, rule, cand, _ = res
                    if cand is not None and not cand.actors:
                        cand.actors = self._subject_actors(x, actors)
                    if cand is not None and not cand.recipients:
                        cand.recipients, _ = self._role_actors(x, ("dative", "on", "against", "with", "to", "at"),
                                                               actors, False)
                    return code, x, rule, cand
                if depth < 3 and (_lemma(obj) in MEANS_NOUNS or obj.lower_ in MEANS_NOUNS):
                    # "take immediate action to lift embargoes", "took steps to ease sanctions"
                    for c in obj.children:
                        if c.dep_ in ("acl", "relcl", "xcomp") and c.pos_ == "VERB" and c.i > obj.i:
                            res = self._classify_verb(c, actors, sent, depth + 1)
                            if res:
                                return res
        # "vowed to continue to fight": through an aspect verb to its complement
        for c in x.children:
            if c.dep_ == "xcomp" and c.pos_ == "VERB" and depth < 3:
                return self._classify_verb(c, actors, sent, depth + 1)
        return None

    def _classify_noun(self, n: Token, actors, sent: Span, final: dict):
        lemma = _lemma(n)
        fk = _final_key(n, final)
        if fk is not None:
            return final[fk], n, fk, None, True
        entries = _noun_entries(self.lex, n)
        if entries:
            e = self._best(n, entries, sent)
            if e is not None:
                cand = self._noun_candidate(n, e, actors)
                return e.cameo, n, e.id, cand, False
        if lemma in self.lex.content_words:
            return self.lex.content_words[lemma], n, lemma, None, False
        if lemma in VEHICLE_NOUNS or n.lower_ in VEHICLE_NOUNS:
            for c in n.children:
                if c.dep_ == "prep" and c.lower_ in ("for", "of", "to", "on"):
                    for p in c.children:
                        if p.dep_ == "pobj":
                            res = self._classify_noun(p, actors, sent, final)
                            if res:
                                return res
                        elif p.dep_ == "pcomp" and p.pos_ == "VERB":
                            res = self._classify_verb(p, actors, sent)
                            if res:
                                return (*res, False)
                elif c.dep_ in ("acl", "relcl", "xcomp", "ccomp") and c.pos_ in ("VERB", "AUX"):
                    res = self._classify_verb(c, actors, sent)
                    if res:
                        return (*res, False)
        return None

    def _speech(self, v: Token, actors, consumed: set[int], sent: Span) -> list[Candidate] | None:
        """"X said Y must Z" is a demand by X on Y; plain statements only with --statements."""
        comp = next((c for c in v.children if c.dep_ == "ccomp" and c.pos_ in ("VERB", "AUX")), None)
        if comp is not None:
            modals = {a.lower_ for a in comp.children if a.dep_ == "aux"}
            strong = bool(modals & {"must"}) or (comp.lemma_ == "have" and _has_to_xcomp(comp))
            weak = bool(modals & {"should", "ought"}) or (comp.lemma_ == "need" and _has_to_xcomp(comp))
            obligated = (strong or weak) and not (modals & {"would", "will", "could", "might", "may"})
            if obligated:
                kind = "demand" if strong else "appeal"
                target = comp
                if comp.lemma_ in ("have", "need"):
                    target = next((c for c in comp.children if c.dep_ == "xcomp"), comp)
                res = self._classify_verb(target, actors, sent)
                code = self.lex.content_code(kind, res[0] if res else None)
                if res is None and target.lemma_.lower() in self.lex.cognitive_verbs:
                    code = None     # "People must know that ...": an opinion, no demand on anyone
                if code:
                    subj = self._subject_actors(v, actors)
                    rec_tok = _subject_token(comp)
                    recips = actors.actors_at(rec_tok) if rec_tok is not None else []
                    for t in target.subtree:
                        if t.pos_ in ("VERB", "NOUN") and _clause_of(t, target):
                            consumed.add(t.i)
                    consumed.add(comp.i)
                    rule = f"say-{'must' if strong else 'should'}+{res[2]}" if res else f"say-{'must' if strong else 'should'}"
                    return [Candidate(code, v, subj, recips, rule, aux_modes(v, self.lex.speech_verbs), 0.9,
                                      frame_kind=kind)]
        if self.config.statements:
            subj = self._subject_actors(v, actors)
            recips, _ = self._role_actors(v, ("dative", "object", "to"), actors, False)
            recips = [r for r in recips if r.kind != "group" or r.sector]
            return [Candidate("010", v, subj, recips, "statement", aux_modes(v, self.lex.speech_verbs), 0.9)] \
                if subj else None
        return None

    # ---- noun frames ----------------------------------------------------------------------------
    def _noun_frame(self, n: Token, actors, consumed: set[int], sent: Span) -> list[Candidate] | None:
        """"its demand that Israel ease restrictions", "a call for talks", "a threat to cut aid":
        a frame noun with its content; without content it is coded only under a light verb."""
        kind = self.lex.noun_frames.get(n.lemma_.lower()) or self.lex.noun_frames.get(n.lower_)
        final = self.lex.final_words.get(kind, {})
        found = None
        content_tok = None
        for c in n.children:
            if c.dep_ in ("acl", "ccomp", "relcl", "advcl") and c.pos_ in ("VERB", "AUX") and \
                    (c.dep_ != "relcl" or any(x.dep_ == "mark" for x in c.children)):
                res = self._classify_verb(c, actors, sent)
                if res:
                    found, content_tok = res, c
                    break
            if c.dep_ == "prep" and c.lower_ in ("for", "of", "to", "on"):
                for p in c.children:
                    if p.dep_ == "pobj":
                        fk = _final_key(p, final)
                        if fk is not None:
                            found, content_tok = (final[fk], p, fk, None), p
                        else:
                            res = self._classify_noun(p, actors, sent, final)
                            if res:
                                found, content_tok = res[:4], p
                    elif p.dep_ == "pcomp" and p.pos_ == "VERB":
                        res = self._classify_verb(p, actors, sent)
                        if res:
                            found, content_tok = res, p
                if found:
                    break
        if found is None and n.dep_ == "dobj":
            # "reiterated its demand today that Israel ease restrictions": the parser hangs the
            # noun's that-clause on the verb
            for c in n.head.children:
                if c.dep_ == "ccomp" and c.i > n.i and c.pos_ in ("VERB", "AUX") and \
                        any(x.dep_ == "mark" and x.lower_ == "that" and x.i > n.i for x in c.children):
                    res = self._classify_verb(c, actors, sent)
                    if res:
                        found, content_tok = res, c
                    break
        if found is None:
            for c in n.children:
                if c.dep_ == "compound" and c.i < n.i:
                    res = self._classify_noun(c, actors, sent, final)
                    if res:
                        found, content_tok = res[:4], None
                        break
        light = _light_governor(n, self.lex.light_verbs | self.lex.speech_verbs)
        if found is None:
            if light is None:
                consumed.add(n.i)
                return []           # "conceded to demands", "refused a request": not an event here
            return None             # the plain noun entry, with the light verb's subject
        code_in, _, crule, ccand = found
        code = code_in if (crule in final) else self.lex.content_code(kind, code_in)
        if code is None:
            return None
        act = _owner_actors(n, actors, preps=("by", "from"))
        if not act and light is not None:
            act = self._subject_actors(light, actors)
        if not act:
            return []
        recips: list[Actor] = []
        if content_tok is not None and content_tok.pos_ in ("VERB", "AUX"):
            addressee = next((c for c in content_tok.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if addressee is not None:
                recips = actors.actors_at(addressee)
        if not recips and kind in ("demand", "appeal"):
            # "the obligation of the international community to act", "the need for Israel to stop"
            recips, _ = self._role_actors(n, ("of", "for"), actors, False)
        if not recips:
            recips, _ = self._role_actors(n, ("to", "on", "upon", "against"), actors, False)
        if not recips and light is not None:
            recips, _ = self._role_actors(light, ("dative", "to", "on", "against", "with"), actors, False)
        if not recips and ccand is not None and kind not in ("appeal", "demand"):
            recips = ccand.recipients
        if content_tok is not None:
            consumed.update(t.i for t in content_tok.subtree)
        consumed.add(n.i)
        aux = aux_modes(n, self.lex.speech_verbs)
        return [Candidate(code, n, act, recips, f"{n.lemma_.lower()}+{crule}", aux, 0.85, frame_kind=kind)]

    # ---- nouns ----------------------------------------------------------------------------------
    def _noun(self, n: Token, actors, consumed: set[int], sent: Span) -> list[Candidate]:
        if n.dep_ == "pobj" and n.head.lower_ in BACKGROUND_PREPS:
            return []               # "since last month's invasion", "after the attack": background
        if _label(n, self.lex.naming_verbs):
            return []               # "called the process a coup": a label, not an event
        m = actors.mention_at(n)
        if m is not None and m[1][0].kind in ("org", "country", "loaded", "person", "seat"):
            return []
        entries = _noun_entries(self.lex, n)
        e = self._best(n, entries, sent) if entries else None
        if e is None or self.guards.non_event(n) or (e.cameo[:2] in CONFLICT_ROOTS and self.guards.metaphor(n)):
            return []
        if e.needs_light and _light_governor(n, self.lex.light_verbs) is None and not any(
                c.dep_ == "prep" and c.lower_ in ("with", "between", "among") for c in n.children):
            return []               # "Article 5 of the NATO treaty": the document, not its signing
        cand = self._noun_candidate(n, e, actors)
        if cand is None or not cand.actors:
            return []
        if e.cameo[:2] in VERBAL_ROOTS:     # "negotiations on a troop pullback": the topic is no event
            light = _light_governor(n, self.lex.light_verbs)
            for t in _topic_nouns(n) + (_topic_nouns(light) if light is not None else []):
                if t.i != n.i:
                    consumed.add(t.i)
        for c in n.children:
            if c.dep_ == "compound" and (_lemma(c) in self.lex.nouns):
                consumed.add(c.i)
        return [cand]

    def _noun_candidate(self, n: Token, e: Entry, actors) -> Candidate | None:
        act: list[Actor] = []
        used_mod: set[int] = set()
        symmetric = e.symmetric
        # possessor, country/organisation modifiers, "by" agents
        poss_recips: list[Actor] = []
        for c in n.children:
            if c.dep_ == "poss":
                if e.poss_target and _noun_object(n) is None:
                    poss_recips = actors.actors_at(c)     # "Khashoggi's killing", "his arrest"
                    used_mod.add(c.i)
                    break
                act = actors.actors_at(c)
                used_mod.add(c.i)
                if c.lower_ == "their":
                    # "Australia and China held their first talks": "their" is all the subjects
                    light = _light_governor(n, self.lex.light_verbs)
                    both = self._subject_actors(light, actors) if light is not None else []
                    if len(both) > 1:
                        act = both
                if act:
                    break
        if not act:
            for c in n.children:
                if c.dep_ in ("compound", "amod", "nmod") and actors.mention_at(c) is not None:
                    span, entries = actors.mention_at(c)
                    if entries[0].kind in ("city", "capital"):
                        continue    # "a Kabul car bombing", "the Geneva talks": where, not who
                    a = actors.actor_at(c) or _modifier_actor(actors, c)
                    if a is not None:
                        act = [a]
                        used_mod.update(range(span.start, span.end))
                        break
        if not act:
            # "an attack by X", and "an attack on a patrol by X" where the parser hangs "by X" lower
            holders = [n] + [p for c in n.children if c.dep_ == "prep" and c.lower_ in ("on", "against", "of")
                             for p in c.children if p.dep_ == "pobj"]
            from_agent = "from" not in e.recipient     # "the exit ... from the EU": where from
            for h in holders:
                for c in h.children:
                    if c.dep_ == "prep" and (c.lower_ == "by" or (c.lower_ == "from" and h is n and from_agent)):
                        for p in c.children:
                            if p.dep_ == "pobj":
                                act = actors.actors_at(p)
                        if act:
                            break
                if act:
                    break
        recips, _ = self._role_actors(n, e.recipient, actors, False)
        recips = recips or poss_recips
        # "undertook a mediation mission between X and Y": the mediator acts on both parties
        light0 = _light_governor(n, self.lex.light_verbs, self.lex.motion_verbs)
        if not act and light0 is not None and e.cameo in ("045", "039", "028", "108", "126", "135", "165"):
            act = self._subject_actors(light0, actors)
            if act and not recips:
                for c in n.children:
                    if c.dep_ == "prep" and c.lower_ in ("between", "among"):
                        p = next((p for p in c.children if p.dep_ == "pobj"), None)
                        if p is not None:
                            recips = actors.actors_at(p)
        # "talks between X and Y": all parties, both directions
        if not act:
            for c in n.children:
                if c.dep_ == "prep" and c.lower_ in ("between", "among", "amongst"):
                    p = next((p for p in c.children if p.dep_ == "pobj"), None)
                    if p is not None:
                        parties = actors.actors_at(p)
                        if len(parties) >= 2:
                            act, recips, symmetric = parties[:1], parties[1:], True
        # a light verb hands over its subject: "launched air strikes", "held talks with"
        light = light0
        if light is not None and _naming(light, self.lex.naming_verbs):
            light = None                # "calling the investigation a witch hunt"
        if light is not None:
            if not act:
                act = self._subject_actors(light, actors)
            if not recips and _lemma(light) not in self.lex.motion_verbs:   # "returned to Geneva": a place
                recips, _ = self._role_actors(light, ("dative", "against", "on", "upon", "with", "to", "at"),
                                              actors, False)
        if not act and e.of_actor:
            # "the exit of the United Kingdom from the EU", "the withdrawal of Russian troops"
            # (after the light verb: "the US speeded up the withdrawal of its forces" is the US's)
            obj = _noun_object(n)
            act = actors.actors_at(obj) if obj is not None else []
        if act and not recips:
            for c in n.children:
                if c.dep_ in ("compound", "amod", "nmod") and c.i not in used_mod and actors.mention_at(c) \
                        and actors.mention_at(c)[1][0].kind not in ("city", "capital"):
                    a = actors.actor_at(c) or _modifier_actor(actors, c)
                    if a is not None:
                        recips = [a]
                        break
        if not act:
            return None
        aux = aux_modes(n, self.lex.speech_verbs)
        conf = e.confidence * 0.9
        return Candidate(e.cameo, n, act, recips, e.id, aux, conf, symmetric, e.mode, e.context, None,
                         ptype=e.type)

    # ---- arguments ------------------------------------------------------------------------------
    def _subject_actors(self, v: Token, actors) -> list[Actor]:
        tok = _subject_token(v)
        if tok is None:
            return []
        found = actors.actors_at(tok)
        if found:
            return found
        # an event noun as subject: "Israeli air strikes killed ..." -> the strikes' actor
        lemma = _lemma(tok)
        if lemma in self.lex.nouns and self._best(tok, _noun_entries(self.lex, tok), tok.sent) is not None:
            # (an event noun that is one here: not "Thai law forbids ...", which is no martial law)
            for c in tok.children:
                if c.dep_ in ("poss", "compound", "amod", "nmod"):
                    m = actors.mention_at(c)
                    if c.dep_ != "poss" and m is not None and m[1][0].kind in ("city", "capital"):
                        continue    # "a Kabul car bombing killed five": where, not who
                    a = actors.actor_at(c) or _modifier_actor(actors, c)
                    if a is not None:
                        return [a]
                if c.dep_ == "prep" and c.lower_ == "by":
                    for p in c.children:
                        if p.dep_ == "pobj":
                            return actors.actors_at(p)
        return []

    def _role_actors(self, t: Token, roles, actors, passive: bool, skip_object: bool = False,
                     owners: bool = False, judging: bool = False):
        for role in roles:
            toks = _role_tokens(t, role, passive, skip_object)
            if not toks and role not in ROLE_NAMES:
                # "threatened further action against Russia", "suspension of air links with Serbia":
                # the preposition hangs on the object (or on a noun's "of" object); but "praised
                # the attack on Israel" is not praise for Israel (``judging``: the object is an event)
                for holder in _role_tokens(t, "object", passive) + _of_objects(t):
                    if judging and _lemma(holder) in self.lex.nouns:
                        continue
                    toks.extend(_role_tokens(holder, role, False))
            for tok in toks:
                found = actors.actors_at(tok)
                if found:
                    return found, tok
                if tok.pos_ == "NOUN":
                    # "rejected Saddam Hussein's proposal", "complained over Israeli air raids":
                    # the owner of the thing is the recipient; "a camp for Congolese refugees"
                    # is theirs
                    owner = _owner_actors(tok, actors, ("by", "from", "of", "for") if _lemma(tok) in FACILITY_NOUNS
                                          else ("by", "from", "of"))
                    if owner:
                        return owner, tok
        return [], None

    # ---- events ----------------------------------------------------------------------------------
    def _merge_results(self, cands: list[Candidate]) -> list[Candidate]:
        """"Rebels shelled Juba, killing 20 people": the participle says what the shelling did;
        it is the same event, not a second one. Its recipients go to the main event if it has none."""
        by_trigger = {c.trigger.i: c for c in cands}
        out = []
        for c in cands:
            t = c.trigger
            main = by_trigger.get(t.head.i) if t.dep_ == "advcl" and t.tag_ == "VBG" and t.head.i != t.i else None
            if main is not None and main is not c and self._same_type(main, c):
                if not main.recipients and c.recipients:
                    main.recipients = c.recipients
                continue
            out.append(c)
        return out

    def _same_type(self, a: Candidate, b: Candidate) -> bool:
        ta, tb = self.table.get(a.cameo), self.table.get(b.cameo)
        return ta is not None and tb is not None and (a.ptype or ta.plover_event) == (b.ptype or tb.plover_event)

    def _finish(self, cands: list[Candidate], sent: Span, si: int) -> Iterator[tuple[Event, Token, Span, frozenset[int]]]:
        out: dict[tuple, tuple[Event, Token, frozenset[int]]] = {}
        doc = sent.doc
        cands = self._merge_results(cands)
        for c in cands:
            code = c.cameo
            aux = list(c.aux)
            if "negation" in aux and c.trigger.lemma_.lower() in self.lex.lapse_verbs and \
                    self.lex.content_code("lapse", code) not in (None, code):
                # "the EU failed to renew sanctions against Zimbabwe": they lapse, an easing
                code = self.lex.content_code("lapse", code)
                aux = [m for m in aux if m != "negation"]
            elif "negation" in aux and "future" in aux and code[:2] in INTENT_ROOTS and c.frame_kind is None:
                # "Israel will not release the prisoners": a declared refusal, REJECT (1243)
                mapped = self.lex.content_code("reject", code)
                if mapped:
                    code = mapped
                    aux = [m for m in aux if m not in ("negation", "future")]
            elif "future" in aux and c.frame_kind not in ("intent", "threaten") and \
                    (code[:2] in COOPERATIVE_ROOTS or code[:2] in CONFLICT_ROOTS):
                # "will visit" is AGREE; "will impose a curfew", "plans to impose restrictions" THREATEN
                mapped = self.lex.content_code("intent", code)
                if mapped:
                    code = mapped
            info = self.table.get(code)
            if info is None:
                continue
            ptype = c.ptype if (c.ptype and code == c.cameo) else info.plover_event
            if ptype is None and not self.config.statements:
                continue
            actors_ = [a for a in c.actors if a is not None]
            if not actors_:
                continue
            pairs = []
            symmetric = c.symmetric and ptype in SYMMETRIC_TYPES     # a refused meeting is one-sided
            for a in actors_:
                rs = [r for r in c.recipients if not _same(a, r)] or [None]
                for r in rs:
                    pairs.append((a, r))
                    if symmetric and r is not None:
                        pairs.append((r, a))
            if ptype == "CONSULT" and not c.recipients and (len(actors_) < 2 or not symmetric):
                continue            # "the cabinet met", "the choir travelled", "two hosts hosted a
                                    # show": a meeting needs two parties
            if (symmetric or ptype in MUTUAL_TYPES) and len(actors_) > 1 and not c.recipients \
                    and (symmetric or ptype != "CONSULT") \
                    and (symmetric or c.trigger.lemma_.lower() not in ONE_SIDED_PLEDGES) \
                    and (symmetric or code[:3] not in ONE_SIDED_SUPPORT):
                # "Israel and Jordan signed", "the two leaders agreed": each party with the other
                # (but two hosts or two visitors did not host or visit each other)
                pairs = [(a, b) for a in actors_ for b in actors_ if not _same(a, b)]
            if not c.recipients and ptype in ("PROTEST", "REJECT", "ACCUSE", "THREATEN", "SANCTION"):
                # "a hunger strike in protest of the Russian government's refusal", "in defiance of"
                target = _protest_target(c.trigger, self._actors_doc)
                if target:
                    c.recipients = target
                    pairs = [(a, r if r is not None else target[0]) for a, r in pairs]
            if not c.recipients and c.trigger.pos_ in ("VERB", "NOUN", "ADJ") and \
                    (info.quad_class == 4 or code[:2] == "13" or ptype in ("PROTEST", "CONCEDE")):
                # "struck targets in southern Lebanon", "imposed a curfew in Algiers", "a general
                # strike in Nepal": where it happened stands in for the unnamed target
                own_ok = (ptype in ("COERCE", "PROTEST", "CONCEDE") and code[:2] != "16"
                          and code not in ("1711", "191")) \
                    or code[:3] in ("132", "137")       # sanctions are never on one's own state, nor
                                                        # a seized tanker or a closed crossing
                where = _place_country(c.trigger, actors_, self._actors_doc, own_ok)
                if where is not None:
                    pairs = [(a, r if r is not None else where) for a, r in pairs]
                elif own_ok:
                    # protest and repression with no target named are domestic: the actor's state
                    pairs = [(a, r if r is not None else _home_state(a)) for a, r in pairs]
            pairs = [_domestic(a, r, sent, self._actors_doc) for a, r in pairs]
            fixed_pairs = []
            for a, r in pairs:
                if r is not None and a.country and a.key() == r.key() and a.kind != "group":
                    r = None            # "Poland backed down over its reforms": not a recipient
                if (a, r) not in fixed_pairs:
                    fixed_pairs.append((a, r))
            for a, r in fixed_pairs:
                if not _political(a) and a.kind != "person":
                    continue
                if r is not None and info.quad_class in (1, 2) and a.country == r.country \
                        and a.sector and a.sector == r.sector and a.sector in ONE_FORCE:
                    continue            # "Navy ships assisted by aircraft": one force, not two parties
                code_a, info_a, ptype_a = code, info, ptype
                if ptype == "ASSAULT" and _lemma(c.trigger) in VERBAL_ATTACKS and a.sector not in ARMED and (
                        a.kind == "person" and r is not None and r.kind == "person" and r.sector not in ARMED
                        or a.kind in ("person", "group") and r is None and a.sector in SPEAKERS):
                    # "Trump attacked Drudge as an opponent": one politician attacking another is
                    # criticism (an armed person attacking someone is not)
                    code_a = "111"
                    info_a = self.table.get(code_a) or info
                    ptype_a = info_a.plover_event
                crowd = a.sector in CROWDS and a.text.split()[-1].lower() in self.guards.crowd_words
                state = a.sector in STATE_FORCES or (a.sector is None and a.kind in ("country", "capital", "seat"))
                for who, applies in (("by_state", state), ("by_crowd", crowd)):
                    if applies and self.lex.content_code(who, code) not in (None, code):
                        # "police blocked the main roads": the state restricting, not protesting;
                        # "protesters set fire to a police station": a riot
                        code_a = self.lex.content_code(who, code)
                        info_a = self.table.get(code_a) or info
                        ptype_a = info_a.plover_event
                if a.country is None and a.kind == "group" and a.text.split()[-1].lower() in GENERIC_PEOPLE:
                    continue            # "many people", "others": no actor a coder would name
                if a.kind == "person" and not _political(a) and (a.text.islower() or len(a.text) < 3):
                    continue
                if self.guards.sports(c.trigger, sent, _political(a) and a.country is not None):
                    continue
                if code_a[:2] == "15" and a.sector in UNARMED:
                    continue            # "migrants crossed the border": no show of military force
                if ptype == "PROTEST" and a.sector == "GOV" and _lemma(c.trigger) in self.guards.campaign_events:
                    continue            # "Trump's Tulsa rally": a campaign event
                if a.sector == "CVL" and not a.country and a.text.lower() in ("they", "it", "who", "them", "we",
                                                                            "you", "which", "that"):
                    continue            # "they want something they can customise": people in general
                if not a.country and not a.sector and (r is None or (not r.country and not r.sector)):
                    continue            # two unknowns ("de Graaf discusses with Wikinews"): nothing
                                        # an analyst could place; one known side keeps it
                conf = c.confidence * (1.0 if a.country else 0.85)
                for m in aux:
                    conf *= MODE_PENALTY.get(m, 1.0)
                mode = c.mode if (c.mode is not None and code_a == c.cameo) else info_a.plover_mode
                ctx = list(c.context) if c.context is not None and code_a == code else list(info_a.plover_context)
                last = c.last or c.trigger
                start, end = c.trigger.idx, last.idx + len(last.text)
                ev = Event(event_type=ptype_a, mode=mode, context=ctx, cameo=code_a,
                           goldstein=info_a.goldstein, quad_class=info_a.quad_class, actor=a, recipient=r,
                           sentence=sent.text, sentence_index=si,
                           trigger=Trigger(doc[c.trigger.i:last.i + 1].text, start, end), rule=c.rule,
                           aux_modes=aux, confidence=conf)
                key = (ptype_a or code_a[:2], a.key(), r.key() if r else None)
                used = _token_set(sent, a, r, info_a.quad_class)
                prev = out.get(key)
                if prev is None or _better(ev, prev[0]):
                    out[key] = (ev, c.trigger, used)
        # an event without a recipient is dropped when the same actor has that type with one
        for key in list(out):
            typ, akey, rkey = key
            if rkey is None and any(k[0] == typ and k[1] == akey and k[2] is not None for k in out):
                del out[key]
        for ev, trig, used in sorted(out.values(), key=lambda x: x[0].trigger.start):
            yield ev, trig, sent, used


# ---- parse helpers ------------------------------------------------------------------------------
def _tree_order(sent: Span, heads: list[int] | None = None) -> list[Token]:
    """The sentence's tokens breadth-first from the root (a frame before its content).
    ``heads``: absolute head index of every token of the document, when the caller has it."""
    doc = sent.doc
    if heads is None:
        heads = _head_indices(doc)
    start, end = sent.start, sent.end
    children: list[list[int]] = [[] for _ in range(end - start)]
    root = -1
    for i in range(start, end):
        h = heads[i]
        if h == i:
            if root < 0:
                root = i
        elif start <= h < end:
            children[h - start].append(i)
    if root < 0:
        root = sent.root.i
    order, k = [root], 0
    while k < len(order):
        order.extend(children[order[k] - start])
        k += 1
    return [doc[i] for i in order]


def _head_indices(doc: Doc) -> list[int]:
    """Absolute head index per token, from one array (no Token objects)."""
    rel = doc.to_array([HEAD]).astype(numpy.int64)
    return (rel + numpy.arange(len(doc))).tolist()


def _lemma(t: Token) -> str:
    return t.lemma_.lower()


def _has_to_xcomp(v: Token) -> bool:
    return any(c.dep_ == "xcomp" and any(a.lower_ == "to" for a in c.children) for c in v.children)


def _final_key(n: Token, final: dict) -> str | None:
    """The longest key of ``final`` the noun phrase ends with ("war crimes" before "crimes")."""
    if not final:
        return None
    mods = [c for c in n.children if c.dep_ in ("compound", "amod") and c.i < n.i]
    for c in mods:
        for key in (f"{c.lower_} {n.lower_}", f"{c.lower_} {n.lemma_.lower()}"):
            if key in final:
                return key
    for key in (n.lemma_.lower(), n.lower_):
        if key in final:
            return key
    return None


def _noun_keys(n: Token) -> tuple[str, ...]:
    """Lookup keys of a noun: lemma, form, and a hyphenated compound ("cease-fire")."""
    keys = [n.lemma_.lower(), n.lower_]
    doc = n.doc
    if n.i >= 2 and doc[n.i - 1].text == "-" and doc[n.i - 2].head.i == n.i:
        left = doc[n.i - 2].lower_
        keys[:0] = [f"{left}-{n.lower_}", f"{left}-{n.lemma_.lower()}"]
    return tuple(dict.fromkeys(keys))


def _noun_entries(lex: Lexicon, n: Token) -> list[Entry] | None:
    for k in _noun_keys(n):
        found = lex.nouns.get(k)
        if found:
            return found
    return None


def _is_passive(v: Token) -> bool:
    if any(c.dep_ in ("nsubjpass", "auxpass", "csubjpass") for c in v.children):
        return True
    return v.dep_ == "acl" and v.tag_ == "VBN" and not any(c.dep_ == "dobj" for c in v.children)


def _subject_token(v: Token) -> Token | None:
    """The actor's head token: subject, passive agent, or the controller of an infinitive."""
    passive = _is_passive(v)
    for c in v.children:
        if passive and c.dep_ == "agent":
            return next((p for p in c.children if p.dep_ == "pobj"), None)
        if not passive and c.dep_ in ("nsubj", "csubj"):
            return c
    if passive:
        return None
    h = v.head
    if h.i == v.i:
        return None
    if v.pos_ == "ADJ" and v.dep_ in ("acomp", "amod", "attr", "oprd"):
        return _subject_token(h) if h.pos_ in ("VERB", "AUX") else None
    if v.pos_ == "VERB" and v.tag_ == "VBG" and v.dep_ == "attr" and h.pos_ == "AUX":
        return _subject_token(h)        # "Qatar is mediating": the parser made the participle an attribute
    if v.dep_ == "xcomp":
        if h.lemma_.lower() in OBJECT_CONTROL:
            obj = next((c for c in h.children if c.dep_ in ("dobj",)), None)
            if obj is not None:
                return obj
        if _is_passive(h):
            # "Russia is set to sign", "Iran was told to stop": the passive subject does it
            return next((c for c in h.children if c.dep_ == "nsubjpass"), None)
        return _subject_token(h)
    if v.dep_ == "conj" and h.pos_ in ("VERB", "AUX"):
        if _is_passive(h):
            return None
        return _subject_token(h)
    if v.dep_ == "advcl" and v.tag_ in ("VBG", "VB"):
        return _subject_token(h)
    if v.dep_ == "acl" and h.lemma_.lower() in COMMUNICATIVE_NOUNS and h.dep_ in ("dobj", "nsubjpass") \
            and h.head.pos_ in ("VERB", "AUX"):
        return _subject_token(h.head)       # "intellectuals published a declaration demanding ..."
    if v.dep_ == "acl" and (v.tag_ == "VBG" or any(c.dep_ == "dobj" for c in v.children)):
        return h
    if v.dep_ == "relcl":
        for c in v.children:
            if c.dep_ == "nsubj":
                return c
    if v.dep_ == "pcomp" and h.dep_ == "prep" and h.lower_ in ("after", "before", "by", "while", "for"):
        return _subject_token(h.head) if h.head.pos_ in ("VERB", "AUX") else None
    if v.dep_ == "pcomp" and h.lower_ == "of" and h.head.lemma_.lower() in PROCESS_NOUNS \
            and h.head.dep_ in ("dobj", "nsubjpass") and h.head.head.pos_ in ("VERB", "AUX"):
        return _subject_token(h.head.head)  # "began the process of returning ...", "the task of rebuilding"
    return None


def _has_own_subject(v: Token) -> bool:
    return any(c.dep_ in ("nsubj", "nsubjpass", "agent") for c in v.children)


def _object(v: Token, passive: bool) -> Token | None:
    if v.dep_ == "acl" and v.tag_ == "VBN" and passive:
        return v.head
    for c in v.children:
        if (passive and c.dep_ == "nsubjpass") or (not passive and c.dep_ in ("dobj", "attr", "oprd")):
            return _through_quantity(c)
    return None


def _through_quantity(t: Token) -> Token:
    """"dozens of rockets", "a barrage of missiles": the thing, not the quantity."""
    if t.lower_ in QUANTITY_HEADS or t.lemma_.lower() in QUANTITY_HEADS:
        for c in t.children:
            if c.dep_ == "prep" and c.lower_ == "of":
                p = next((x for x in c.children if x.dep_ == "pobj"), None)
                if p is not None:
                    return p
    return t


def _has_clause(v: Token) -> bool:
    """A complement or purpose clause: "helped facilitate", "fights to protect"."""
    return any(c.dep_ in ("xcomp", "ccomp") or (c.dep_ == "advcl" and any(
        x.dep_ == "aux" and x.lower_ == "to" for x in c.children)) for c in v.children)


def _is_question(clause: Token) -> bool:
    """An embedded question: "whether ...", "if ...", "what/who/why/how ..."."""
    first = clause.doc[clause.left_edge.i]
    return any(c.dep_ == "mark" and c.lower_ in ("whether", "if") for c in clause.children) \
        or first.lower_ in ("what", "who", "whom", "why", "how", "when", "where", "which", "whether")


def _object_excluded(t: Token, e: Entry) -> bool:
    """The entry's ``object_not``: "withdrew from the race", "withdrew from using ..."."""
    for c in t.children:
        if c.dep_ in ("dobj", "nsubjpass") and _lemma(c) in e.object_not:
            return True
        if c.dep_ == "prep" and c.lower_ in e.recipient:
            for p in c.children:
                if p.dep_ == "pobj" and _lemma(p) in e.object_not:
                    return True
                if p.dep_ == "pcomp" and "-ing" in e.object_not and p.tag_ == "VBG":
                    return True
    return False


def _noun_object(n: Token) -> Token | None:
    for c in n.children:
        if c.dep_ == "prep" and c.lower_ == "of":
            return next((p for p in c.children if p.dep_ == "pobj"), None)
    return None


def _role_tokens(t: Token, role: str, passive: bool = False, skip_object: bool = False) -> list[Token]:
    out = []
    if role == "object":
        if skip_object:
            return out
        if passive and t.pos_ in ("VERB", "AUX"):
            out = [c for c in t.children if c.dep_ == "nsubjpass"]
            if not out and t.dep_ == "acl" and t.tag_ == "VBN":
                out = [t.head]
        else:
            out = [c for c in t.children if c.dep_ in ("dobj",)]
            if not out:
                # "denounced as an ugly crime Serbia's suppression of ...": the object, moved
                # after its predicate, hangs as an apposition on the "as" phrase
                for c in t.children:
                    if c.dep_ == "prep" and c.lower_ == "as":
                        pobjs = [p for p in c.children if p.dep_ == "pobj"]
                        out = pobjs[1:] or [a for p in pobjs for a in p.children if a.dep_ == "appos"]
        return out
    if role == "dative":
        return [c for c in t.children if c.dep_ in ("dative", "iobj")]
    if role in ("xcomp", "ccomp"):
        return [c for c in t.children if c.dep_ == role]
    if role == "pcomp":
        return [p for c in t.children if c.dep_ == "prep" for p in c.children if p.dep_ == "pcomp"]
    if role == "acl_object":
        # "an attempt to assassinate the governor": the object of the noun's infinitive
        return [o for c in t.children if c.dep_ == "acl" and c.pos_ == "VERB"
                and any(x.dep_ == "aux" and x.lower_ == "to" for x in c.children)
                for o in c.children if o.dep_ == "dobj"]
    # a preposition: its object (noun) or its clausal object (verb: "accused of attacking")
    for c in t.children:
        if c.dep_ in ("prep", "agent", "dative") and c.lower_ == role:
            found = [p for p in c.children if p.dep_ in ("pobj", "pcomp")]
            if not found:
                stray = _stray_object(c)
                found = [stray] if stray is not None else []
            out.extend(found)
    return out


def _stray_object(prep: Token) -> Token | None:
    """"granted asylum to five army officers holed up in ...": the parser made the noun after the
    preposition the subject of the reduced clause that follows it, leaving the preposition with
    no object. The noun phrase right after it, if its head is such a subject, is the object."""
    doc = prep.doc
    j = prep.i + 1
    while j < len(doc) and doc[j].pos_ in ("DET", "NUM", "ADJ", "NOUN", "PROPN") and doc[j].dep_ not in ("nsubj", "nsubjpass"):
        if doc[j].head.i < prep.i + 1 or doc[j].head.i > j + 6:
            return None         # a word of another phrase
        j += 1
    if j < len(doc) and doc[j].pos_ in ("NOUN", "PROPN") and doc[j].dep_ in ("nsubj", "nsubjpass") \
            and doc[j].head.i > j and doc[j].head.pos_ == "VERB" and doc[j].head.dep_ in ("advcl", "acl", "relcl", "conj", "ccomp"):
        return doc[j]
    return None


def _has_particle(t: Token, particles: tuple[str, ...]) -> bool:
    for c in t.children:
        if c.dep_ in ("prt", "advmod", "prep", "advcl", "acomp", "oprd", "xcomp", "ccomp") and c.lower_ in particles \
                and c.i > t.i:
            return True
    return False


def _has_prep(t: Token, preps: tuple[str, ...]) -> bool:
    for c in t.children:
        if c.dep_ in ("prep", "agent", "dative", "prt") and c.lower_ in preps:
            return True
        if c.dep_ == "dobj":
            if any(p.dep_ == "prep" and p.lower_ in preps for p in c.children):
                return True
    return False


def _head_has_prep(t: Token, preps: tuple[str, ...]) -> bool:
    """"opened a hearing Wednesday into ...": the parser hung the noun's preposition on the verb."""
    return t.pos_ == "NOUN" and t.dep_ == "dobj" and any(
        c.dep_ == "prep" and c.lower_ in preps and c.i > t.i for c in t.head.children)


def _has_mod(t: Token, mods: tuple[str, ...]) -> bool:
    return any(c.dep_ in ("amod", "compound", "nmod", "npadvmod") and (_lemma(c) in mods or c.lower_ in mods)
               for c in t.children)


def _particle(v: Token, entry: Entry) -> Token | None:
    if not entry.particle:
        return None
    for c in v.children:
        if c.lower_ in entry.particle and c.i == v.i + 1:
            return c
    return None


def _particle_frame(v: Token, fr: Frame) -> Token | None:
    for c in v.children:
        if c.i == v.i + 1 and (c.lower_ in fr.particle or c.lower_ in fr.prep):
            return c
    return None


def _clause_of(t: Token, head: Token) -> bool:
    """True if ``t`` belongs to the clause headed by ``head`` (not to a nested clause)."""
    x = t
    while x.i != head.i:
        if x.dep_ in ("ccomp", "advcl", "relcl", "csubj", "parataxis") and x.i != t.i:
            return False
        if x.head.i == x.i:
            return False
        x = x.head
    return True


def _beneficiary(v: Token, actors) -> list[Actor]:
    """"send material to help defend Saudi Arabia", "troops to assist Mozambique": the one helped."""
    for c in v.children:
        if c.dep_ not in ("advcl", "xcomp") or c.lemma_.lower() not in HELP_VERBS:
            continue
        for verb in (c, *(x for x in c.children if x.dep_ == "xcomp" and x.pos_ == "VERB")):
            for o in verb.children:
                if o.dep_ in ("dobj", "dative"):
                    found = actors.actors_at(o)
                    if found:
                        return found
    return []


def _weapon_actor(v: Token, actors) -> list[Actor]:
    """"Three soldiers were killed by a roadside bomb", "a car bomb killed 12": whoever used the
    weapon, unidentified (PLOVER's UAF, an unidentified armed group)."""
    tok = _subject_token(v)
    if tok is None or _lemma(tok) not in actors.k.weapon_agents and tok.lower_ not in actors.k.weapon_agents:
        return []
    doc = tok.doc
    span = doc[tok.left_edge.i:tok.i + 1]
    while len(span) > 1 and span[0].pos_ in ("DET", "NUM"):
        span = doc[span.start + 1:span.end]
    where = _place_in(v, actors)
    country, why = (where[0], f"; in {where[1]!r}") if where else (None, "")
    return [Actor(text=span.text, country=country, sector="UAF", code=f"{country or ''}UAF", name=None,
                  reason=f"{span.text!r} stands for whoever used it: unidentified armed actor{why}",
                  start=span.start_char, end=span.end_char, kind="group")]


def _place_in(v: Token, actors) -> tuple[str, str] | None:
    """The country of the place phrase on the predicate ("outside the Iraqi city of Basra")."""
    for prep in v.children:
        if prep.dep_ != "prep" or prep.lower_ not in ("in", "at", "near", "outside", "inside", "across", "around"):
            continue
        for t in prep.subtree:
            m = actors.mention_at(t)
            if m is not None and m[1][0].kind in ("country", "city", "capital", "demonym") \
                    and m[1][0].country and len(m[1][0].country) == 3:
                return m[1][0].country, m[0].text
    return None


def _state_of_place(v: Token, actors, sector: str) -> list[Actor]:
    """"A missionary was arrested in Lebanon": with no agent named, an act only a state performs
    is that of the state where it happened (its police, courts or government: ``sector``)."""
    for prep in v.children:
        if prep.dep_ != "prep" or prep.lower_ not in ("in", "at", "inside"):
            continue
        for p in prep.children:
            m = actors.mention_at(p) if p.dep_ == "pobj" else None
            if m is None or m[1][0].kind not in ("country", "city", "capital") or not m[1][0].country \
                    or len(m[1][0].country) != 3:
                continue
            span, e = m[0], m[1][0]
            return [Actor(text=span.text, country=e.country, sector=sector, code=actor_code(e.country, sector),
                          name=None, reason=f"no agent named: the state where it happened ({span.text!r}), "
                                            f"{sector}", start=span.start_char, end=span.end_char, kind="group")]
    return []


def _modifier_actor(actors, c: Token) -> Actor | None:
    """A demonym or country used as a modifier ("Israeli air strikes"): the country as actor."""
    m = actors.mention_at(c)
    if m is None:
        return None
    span, entries = m
    e = entries[0]
    if e.country is None:
        return None
    return Actor(text=span.text, country=e.country, sector=e.sector if e.kind not in ("demonym",) else None,
                 code=(e.code or e.country) if e.kind != "person" else e.country, name=e.name,
                 reason=f"modifier {span.text!r} ({e.source})", start=span.start_char, end=span.end_char,
                 kind=e.kind)


def _owner_actors(n: Token, actors, preps: tuple[str, ...] = ("by", "from", "of")) -> list[Actor]:
    for c in n.children:
        if c.dep_ == "poss":
            found = actors.actors_at(c)
            if found:
                return found
    for c in n.children:
        if c.dep_ in ("compound", "amod", "nmod") and actors.mention_at(c) is not None and not after_ethnic(c):
            a = actors.actor_at(c) or _modifier_actor(actors, c)
            if a is not None:
                return [a]
        if c.dep_ == "amod" and c.lower_ in ("led", "run", "controlled", "dominated", "owned", "held"):
            # "the US-led war", "the Houthi-controlled port"
            for x in c.children:
                if x.dep_ in ("npadvmod", "compound", "nmod", "amod") and actors.mention_at(x) is not None:
                    a = actors.actor_at(x) or _modifier_actor(actors, x)
                    if a is not None:
                        return [a]
    for c in n.children:
        if c.dep_ == "prep" and c.lower_ in preps:
            for p in c.children:
                if p.dep_ == "pobj":
                    found = actors.actors_at(p)
                    if found:
                        return found
        if c.dep_ == "acl" and c.tag_ == "VBN" and "by" in preps:
            # "a ceasefire proposal put forward by Egypt and Qatar", "the plan drafted by France"
            for a in c.children:
                if a.dep_ == "agent":
                    found = [x for p in a.children if p.dep_ == "pobj" for x in actors.actors_at(p)]
                    if found:
                        return found
    return []


def _of_objects(t: Token) -> list[Token]:
    if t.pos_ not in ("NOUN", "PROPN"):
        return []
    return [p for c in t.children if c.dep_ == "prep" and c.lower_ == "of" for p in c.children if p.dep_ == "pobj"]


def _naming(v: Token, naming_verbs: frozenset[str]) -> bool:
    """"called the process a coup", "described the raid as an invasion": ``v`` names something
    (an object predicate, or an "as" phrase, follows)."""
    if v.lemma_.lower() not in naming_verbs:
        return False
    return any(c.dep_ == "oprd" or (c.dep_ == "prep" and c.lower_ == "as") for c in v.children)


def _label(n: Token, naming_verbs: frozenset[str]) -> bool:
    """``n`` is what something is called: the object predicate of a naming verb, or the object
    of its "as" ("branded the vote a sham", "described the raid as an invasion")."""
    h = n
    while h.dep_ in ("conj", "appos") and h.head.i != h.i:
        h = h.head
    if h.dep_ == "oprd":
        return _naming(h.head, naming_verbs)
    if h.dep_ == "pobj" and h.head.dep_ == "prep" and h.head.lower_ == "as":
        return _naming(h.head.head, naming_verbs)
    return False


def _light_governor(n: Token, light_verbs: frozenset[str], motion_verbs: frozenset[str] = frozenset()) -> Token | None:
    h = n
    while h.dep_ in ("conj", "appos") and h.head.i != h.i:
        h = h.head
    if h.dep_ == "pobj" and h.head.dep_ == "prep" and h.head.lower_ == "for" \
            and h.head.head.lemma_.lower() in motion_verbs:
        return h.head.head      # "arrived in Moscow for talks with Lavrov": the traveller's talks
    if h.dep_ in ("dobj", "nsubjpass", "attr", "oprd") and h.head.lemma_.lower() in light_verbs:
        return h.head
    if h.dep_ == "pobj" and h.head.dep_ == "prep" and h.head.lower_ in ("to", "into", "on") \
            and h.head.head.lemma_.lower() in light_verbs:
        return h.head.head
    return None


def _background(v: Token) -> bool:
    """A participle modifying a noun ("rebels fighting in the north") or a purpose clause
    ("sent troops to restore order"): background, not an event the sentence reports. A message
    that says something ("a declaration demanding change") is not background."""
    if v.dep_ == "acl" and v.head.lemma_.lower() in COMMUNICATIVE_NOUNS:
        return False
    if v.dep_ == "acl":
        if v.tag_ == "VBN" and any(c.dep_ in ("agent", "dobj") for c in v.children):
            return False            # "civilians killed by troops"; a misparsed main verb
        return True
    if v.dep_ == "advcl" and v.tag_ == "VB" and any(c.dep_ == "aux" and c.tag_ == "TO" for c in v.children):
        return True
    return False


def _topic_nouns(v: Token) -> list[Token]:
    """Nouns a verbal event is about: its object and its over/about/against/on phrase."""
    out = [c for c in v.children if c.dep_ == "dobj"]
    for h in [v] + out:     # "claimed responsibility for the attacks": the object's phrase too
        for c in h.children:
            if c.dep_ == "prep" and c.lower_ in ("over", "about", "against", "on", "for", "of"):
                out.extend(p for p in c.children if p.dep_ == "pobj")
    more = []
    for t in out:
        more.extend(_conjuncts_of(t))
    return out + more


def _conjuncts_of(t: Token) -> list[Token]:
    return [c for c in t.children if c.dep_ == "conj"]


STATE_FORCES = frozenset({"COP", "MIL", "GOV", "SPY", "PRM", "JUD"})
HELP_VERBS = frozenset({"help", "assist", "aid", "support", "protect", "defend", "rescue", "rebuild"})
PROCESS_NOUNS = frozenset({"process", "task", "work", "job", "business", "course", "procedure"})
MEANS_NOUNS = frozenset({"action", "actions", "step", "steps", "measure", "measures", "move", "moves",
                         "effort", "efforts"})
FACILITY_NOUNS = frozenset({"camp", "shelter", "school", "hospital", "clinic", "home", "center", "centre",
                            "settlement", "compound", "office", "residence", "hostel", "orphanage"})
PROTEST_NOUNS = frozenset({"protest", "defiance", "opposition", "retaliation", "response", "reprisal", "revenge"})


def _protest_target(trig: Token, actors) -> list[Actor]:
    """The target of "in protest of/at/against X", "in defiance of X", "in retaliation for X"
    attached to the trigger, to the verb governing it, or to the trigger's clause."""
    holders = [trig]
    h = trig
    while h.dep_ in ("dobj", "pobj", "prep", "conj", "xcomp") and h.head.i != h.i and len(holders) < 4:
        h = h.head
        holders.append(h)
    for holder in holders:
        for prep in holder.children:
            if prep.dep_ != "prep" or prep.lower_ not in ("in", "as"):
                continue
            for noun in prep.children:
                if noun.dep_ != "pobj" or noun.lemma_.lower() not in PROTEST_NOUNS:
                    continue
                for p2 in noun.children:
                    if p2.dep_ == "prep" and p2.lower_ in ("of", "at", "against", "over", "to", "for"):
                        for obj in p2.children:
                            if obj.dep_ != "pobj":
                                continue
                            found = actors.actors_at(obj)
                            if not found and obj.pos_ == "NOUN":
                                found = _owner_actors(obj, actors)
                            if found:
                                return found
    return []


def _place_country(trig: Token, actors_: list[Actor], doc_actors, own_ok: bool = False) -> Actor | None:
    """"struck targets in southern Lebanon": the country where the act happened stands in for
    the unnamed target; the actor's own country only for repression and protest (``own_ok``)."""
    heads = [trig] + [c for c in trig.children if c.dep_ in ("dobj", "nsubjpass")]
    if trig.dep_ in ("xcomp", "conj") and trig.head.pos_ in ("VERB", "AUX"):
        heads.append(trig.head)
    for h in heads:
        for prep in h.children:
            if prep.dep_ == "prep" and prep.lower_ in ("in", "into", "across", "inside", "throughout"):
                for p in prep.children:
                    if p.dep_ != "pobj":
                        continue
                    m = doc_actors.mention_at(p)
                    if m is None:
                        continue
                    span, entries = m
                    e = entries[0]
                    if e.kind not in ("country", "city", "capital") or not e.country or len(e.country) != 3:
                        continue
                    if not own_ok and any(a.country == e.country for a in actors_):
                        continue
                    left = p.left_edge.i
                    lo = left + 1 if p.doc[left].lower_ == "the" else left
                    text = p.doc[lo:span.end]
                    name = e.name if e.kind == "country" else None
                    return Actor(text=text.text, country=e.country, sector=None, code=e.country, name=name,
                                 reason=f"where the act happened ({e.source})", start=text.start_char,
                                 end=text.end_char, kind="place")
    return None


def _home_state(a: Actor) -> Actor | None:
    if not a.country or len(a.country) != 3 or a.country in STATE_CODES_EXCLUDED:
        return None
    return Actor(text="", country=a.country, sector=None, code=a.country, name=None,
                 reason=f"no target named: the state of {a.text!r}", start=a.start, end=a.start, kind="country")


STATE_CODES_EXCLUDED = frozenset({"IGO", "UNO", "EUR", "NGO", "ISM", "IMG", "MNC", "WST"})


def _domestic(a: Actor, r: Actor | None, sent: Span, doc_actors) -> tuple[Actor, Actor | None]:
    """"Turkish police dispersed students": with no other country in the sentence, the
    country-less party belongs to the same country as the other one."""
    if r is None or (a.country is None) == (r.country is None):
        return a, r
    known, unknown = (a, r) if a.country else (r, a)
    if unknown.sector is None or known.country in STATE_CODES_EXCLUDED or unknown.kind == "person":
        return a, r
    if set(unknown.text.lower().split()) & FOREIGN_WORDS:
        return a, r         # "the Taliban wants foreign forces to leave": not the Taliban's country
    for t in sent:
        if unknown.start <= t.idx < unknown.end:
            continue
        m = doc_actors.mention_at(t)
        if m is not None and m[1][0].country and m[1][0].country != known.country \
                and m[1][0].kind in ("country", "capital", "city", "seat"):
            return a, r
    from dataclasses import replace as _replace

    fixed = _replace(unknown, country=known.country, code=f"{known.country}{(unknown.code or '')}",
                     reason=f"{unknown.reason}; same country as {known.text!r} (no other country in the sentence)")
    return (a, fixed) if unknown is r else (fixed, r)


def _same(a: Actor, b: Actor) -> bool:
    # one phrase can name two actors ("U.S. and Russian negotiators"): the same span is the same
    # actor only with the same key
    return a.key() == b.key() and (a.start == b.start and a.end == b.end or a.text == b.text)


def _political(a: Actor) -> bool:
    return bool(a.country) or (a.sector in POLITICAL_SECTORS)


def _better(ev: Event, old: Event) -> bool:
    if (ev.recipient is None) != (old.recipient is None):
        return ev.recipient is not None
    if ev.cameo[-1:] == "0" and old.cameo[-1:] != "0" or len(ev.cameo) < len(old.cameo):
        return False
    if len(ev.cameo) > len(old.cameo) or (old.cameo[-1:] == "0" and ev.cameo[-1:] != "0"):
        return True
    return ev.confidence > old.confidence


def _token_set(sent: Span, a: Actor, r: Actor | None, quad: int = 0) -> frozenset[int]:
    """Tokens that are not the event's location: the actor's, and the recipient's unless the
    event is material conflict. An attack's target is where it happened ("shelled Juba", "struck
    targets in southern Lebanon", "stormed the base at Khattab"); the other party of talks, aid or
    an accusation is not ("Iran accused Israel" did not happen in Israel)."""
    spans = [(a.start, a.end)]
    if r is not None and r.kind != "place" and quad != 4:
        spans.append((r.start, r.end))
    return frozenset(t.i for t in sent if any(s <= t.idx < e for s, e in spans))

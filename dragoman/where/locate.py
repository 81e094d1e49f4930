"""Event location: the place phrase attached to the event's predicate, resolved in the gazetteer.

Candidates are the sentence's place mentions: GPE/LOC/FAC entities, and other proper names in a
place slot (the object of a locative preposition, a name before "province"/"village", "the town
of X") when the gazetteer knows them or the slot says they are places. Each candidate is climbed
up the parse to the verb it belongs to; candidates attached to the trigger itself (directly, or
through a noun argument or another place phrase) beat those attached to a clause linked to the
trigger's clause, which beat the rest of the sentence (used only when no better one exists and
the place is not tied to an unrelated clause). Within a rank: stative prepositions (in, at,
near, outside, ...) before directional ones (to, from, into) before bare arguments, the more
specific (shorter path) before its containers, a city before a country.

Not locations: the actor's and recipient's tokens, demonyms ("Malaysian"), a place that only
modifies a non-place noun ("US troops", "Iran's nuclear programme"), a place as the subject of a
verb ("Russia said"), and places after prepositions of agency or opposition (by, with, against).
"""
from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span, Token

from ..record import Location
from . import gazetteer as gz
from .docinfo import doc_info

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
OTHER_LABELS = frozenset({"ORG", "PERSON", "NORP", "", "PRODUCT", "WORK_OF_ART", "EVENT"})
STATIVE = frozenset({"in", "at", "near", "outside", "inside", "across", "around", "throughout",
                     "within", "along", "off", "between", "among", "on", "over", "through", "beside",
                     "nearby", "amid", "beyond", "behind", "under", "opposite", "alongside", "past",
                     "towards", "toward", "upon"})
DIRECTIONAL = frozenset({"to", "into", "onto", "from"})
BLOCKING = frozenset({"by", "with", "against", "for", "about", "than", "like", "as", "without",
                      "despite", "including", "unlike", "via", "per", "versus", "vs"})
CLAUSE_DEPS = frozenset({"ccomp", "xcomp", "advcl", "conj", "relcl", "acl", "pcomp", "csubj",
                         "csubjpass", "parataxis", "ROOT"})
MODIFIER_DEPS = frozenset({"compound", "amod", "nmod", "poss", "npadvmod", "nummod"})
SPEECH = frozenset({"say", "tell", "report", "announce", "claim", "state", "confirm", "add", "note",
                    "accuse", "allege", "warn", "insist", "deny", "write", "tweet", "quote"})
# nouns whose "of" phrase or compound modifier is the place containing them ("the city of Marka",
# "Yala province", "the streets of Bishkek", "north of Baghdad")
CONTAINER_NOUNS = frozenset("""
province provinces district districts region regions state governorate county prefecture department
municipality city cities town towns village villages area areas neighbourhood neighborhood quarter
suburb suburbs outskirts countryside capital island islands valley territory territories streets
centre center heart downtown part parts side edge north south east west northeast northwest
southeast southwest interior waters coast coastline shores vicinity environs fringes outskirt
outskirts sector locality township metropolis enclave enclave settlement countryside hinterland
heartland perimeter flank flanks middle periphery
""".split())
# facilities: a compound modifier is where they are ("outside his Kuala Lumpur home"), an "of"
# phrase is their owner ("an office of the World Food Programme")
FACILITY_NOUNS = frozenset("""
home homes house houses residence residences stadium airport airports hospital hospitals embassy
consulate mosque mosques church churches temple synagogue shrine cathedral school schools university
campus market markets marketplace bazaar square street road roads highway motorway border borders
frontier prison prisons jail camp camps base bases port harbour harbor station hotel hotels office
offices headquarters compound building buildings bridge checkpoint checkpoints parliament palace
courthouse plant factory mine field fields farm beach mountains mountain hills desert forest park
zone zones strip sea gulf bay river lake delta peninsula settlements kibbutz outpost outposts
positions position stronghold strongholds frontline hideout club restaurant cafe bar shop store mall
venue venues gate gates crossing crossings roundabout junction bunker bunkers
""".split())
PLACE_NOUNS = CONTAINER_NOUNS | FACILITY_NOUNS
DIRECTION_WORDS = frozenset({"northern", "southern", "eastern", "western", "central", "north", "south",
                             "east", "west", "northeastern", "northwestern", "southeastern",
                             "southwestern", "northeast", "northwest", "southeast", "southwest",
                             "downtown", "rural", "greater", "upper", "lower", "coastal", "remote",
                             "north-western", "north-eastern", "south-western", "south-eastern",
                             "north-west", "north-east", "south-west", "south-east", "mid", "far",
                             "the", "restive", "volatile", "troubled", "neighbouring", "neighboring"})
ORG_WORDS = frozenset("""
ministry council university party army forces force court company bank news agency committee police
government parliament assembly congress senate commission office department union association
organisation organization group brigade brigades front movement institute foundation service
services corporation corp inc ltd airlines airways times post journal tv radio network channel
""".split())
# the most specific place wins: a local name the gazetteer does not know (a neighbourhood, a
# village, a facility) before a city, before a region or state, before a country
KIND_ORDER = {"city": 1, "region": 2, "state": 2, "country": 3}


@dataclass(slots=True)
class Located:
    """A chosen place: the span in the text, the gazetteer place it resolved to (if any)."""
    span: Span
    place: gz.Place | None
    rank: tuple

    def location(self) -> Location:
        p = self.place
        if p is None:
            return Location(text=self.span.text)
        return Location(text=self.span.text, name=p.name, country=p.country, lat=p.lat, lon=p.lon)


class Locator:
    def event_location(self, sent: Span, trigger: Token, actor_tokens: frozenset[int] = frozenset()) -> Location | None:
        """The location attached to the event's predicate; None when the sentence gives none.

        ``actor_tokens`` are token indices already used by the actor and recipient (a country
        named as an actor is not the event's location).
        """
        found = self.event_place(sent, trigger, actor_tokens)
        return found.location() if found is not None else None

    def event_place(self, sent: Span, trigger: Token, actor_tokens: frozenset[int] = frozenset()) -> Located | None:
        """Like ``event_location`` but returns the text span and the gazetteer place."""
        info = doc_info(sent.doc)
        mentions = _mentions(sent, info)
        if not mentions:
            return None
        g = gz.gazetteer()
        best: tuple | None = None
        best_m = None
        for m in mentions:
            if any(i in actor_tokens for i in range(m.span.start, m.span.end)):
                continue
            r = _rank(m, trigger, actor_tokens)
            if r is None:
                continue
            if best is None or r < best:
                best, best_m = r, m
        if best_m is None or best[0] > 2:
            return None
        ctx = _context(sent, info, g)
        span, place = _resolve(best_m, ctx, mentions, g)
        return Located(span, place, best)


# ---- mentions --------------------------------------------------------------------------------
@dataclass(slots=True)
class Mention:
    span: Span
    place: gz.Place | None       # the top gazetteer candidate without context (None if unknown)
    key: str                     # the folded lookup key that hit (or the folded text)


def _mentions(sent: Span, info) -> list[Mention]:
    """Place mentions of a sentence, computed once per sentence."""
    cache = info.extra.setdefault("where.mentions", {})
    got = cache.get(sent.start)
    if got is not None:
        return got
    g = gz.gazetteer()
    out: list[Mention] = []
    covered: set[int] = set()
    for e in info.sent_ents(sent):
        label = e.label_
        covered.update(range(e.start, e.end))
        if label in PLACE_LABELS:
            m = _place_mention(e, g, strict=False)
        elif label in OTHER_LABELS:
            m = _place_mention(e, g, strict=True) if _in_place_slot(e) else None
        else:
            continue
        if m is not None:
            out.append(m)
    # proper names the NER missed, in a place slot ("at Surainaka village", "in Ciboure")
    for t in sent:
        if t.i in covered or t.pos_ != "PROPN" or t.dep_ in ("compound", "flat") and t.head.pos_ == "PROPN":
            continue
        span = _name_span(t)
        if any(i in covered for i in range(span.start, span.end)):
            continue
        if _in_place_slot(span):
            m = _place_mention(span, g, strict=True)
            if m is not None:
                out.append(m)
                covered.update(range(span.start, span.end))
    cache[sent.start] = out
    return out


def _name_span(t: Token) -> Span:
    """A proper name around its head token: the compound/flat proper nouns and hyphens before it."""
    start = t.i
    doc = t.doc
    lefts = [c for c in t.lefts if c.dep_ in ("compound", "flat", "punct") and (c.pos_ == "PROPN" or c.text == "-")]
    if lefts:
        start = min(c.i for c in lefts)
        # keep it contiguous
        while start < t.i and not all(doc[j].pos_ in ("PROPN",) or doc[j].text == "-" for j in range(start, t.i)):
            start += 1
    return doc[start:t.i + 1]


def _in_place_slot(span: Span) -> bool:
    """A non-place entity is a place only where the grammar puts places."""
    root = span.root
    h = root.head
    dep = root.dep_
    if dep in ("compound", "nmod") and h.lower_ in PLACE_NOUNS and h.pos_ == "NOUN":
        return True            # "Yala province", "Surainaka village"
    if dep in ("pobj",) and h.dep_ == "prep":
        p = h.lower_
        if p == "of" and h.head.lower_ in CONTAINER_NOUNS:
            return True        # "the village of Deefow"
        if p in ("in", "at", "near", "outside", "inside", "across", "throughout", "around", "to",
                 "into", "from", "towards", "toward"):
            return True
    if dep in ("appos", "conj"):
        return _in_place_slot(h.doc[h.i:h.i + 1]) if h.i != root.i else False
    if dep in ("dobj", "nsubjpass") and root.pos_ == "PROPN" and not root.ent_type_ \
            and h.pos_ == "VERB":
        return _known_place(span)      # "hit Aleppo", "captured Palmyra"
    return False


def _known_place(span: Span) -> bool:
    g = gz.gazetteer()
    return any(prim for _, prim in g.index.get(gz.fold(span.text), ()))


def _place_mention(span: Span, g: gz.Gazetteer, strict: bool) -> Mention | None:
    text = span.text
    key = gz.fold(text)
    if not key or key in g.demonyms:
        return None
    if span[-1].lower_ in ("'s", "’s"):
        span = span[:-1]
        if not len(span):
            return None
    place, hit = _lookup_key(key, g)
    if strict:
        if place is None:
            # only a proper name in a strong place slot, and not an organisation's name
            if any(t.lower_ in ORG_WORDS for t in span) or span.root.ent_type_ in ("PERSON", "NORP"):
                if not _strong_place_slot(span) and not (
                        span.root.ent_type_ == "PERSON" and _stative_slot(span)):
                    return None
            if not span.root.pos_ == "PROPN":
                return None
        elif span.root.ent_type_ == "PERSON" and not _strong_place_slot(span) and place.kind == "city" \
                and place.population < 1_000_000:
            return None        # "Jordan" the footballer, "Paris" Hilton
    else:
        if span.label_ == "FAC" and place is None and not any(t.pos_ == "PROPN" for t in span):
            return None
    return Mention(span, place, hit or key)


def _stative_slot(span: Span) -> bool:
    """The object of in/at/near/... (people are rarely there: "at Tal Maksour" is a place)."""
    root = span.root
    if root.dep_ == "conj":
        root = root.head
    return root.dep_ == "pobj" and root.head.lower_ in ("in", "at", "near", "outside", "inside", "across",
                                                        "throughout")


def _strong_place_slot(span: Span) -> bool:
    root = span.root
    h = root.head
    if root.dep_ in ("compound", "nmod") and h.lower_ in PLACE_NOUNS:
        return True
    if root.dep_ == "pobj" and h.lower_ == "of" and h.head.lower_ in CONTAINER_NOUNS:
        return True
    return False


def _lookup_key(key: str, g: gz.Gazetteer) -> tuple[gz.Place | None, str | None]:
    """The gazetteer place for a folded mention, trying without direction and generic words."""
    hit = gz._ranked(g, key, ())
    if hit:
        return hit[0], key
    words = key.split()
    while words and words[0] in DIRECTION_WORDS:
        words = words[1:]
    while len(words) > 1 and words[-1] in g.generic:
        words = words[:-1]
    while len(words) > 1 and words[0] in g.generic:
        words = words[1:]
    k2 = " ".join(words)
    if k2 and k2 != key:
        hit = gz._ranked(g, k2, ())
        if hit:
            return hit[0], k2
    return None, None


# ---- ranking ----------------------------------------------------------------------------------
def _rank(m: Mention, trigger: Token, actor_tokens: frozenset[int]) -> tuple | None:
    """Lower is better: (tier, preposition class, path length, kind, distance) or None."""
    root = m.span.root
    x = root
    steps = 0
    prep_class = 2                 # 0 stative, 1 directional, 2 a bare argument
    own = True                     # still inside the place's own phrase ("the village of X")
    trig_i = trigger.i
    while True:
        if x.i == trig_i:
            tier = 0
            break
        dep = x.dep_
        h = x.head
        if h.i == x.i:             # reached the root without meeting the trigger
            tier = _clause_tier(x, trigger)
            break
        if own and h.i in actor_tokens and dep in MODIFIER_DEPS:
            return None            # "Kuala Lumpur police": part of the actor
        if dep == "pobj" or dep == "pcomp":
            p = h.lower_
            if own:
                if p in BLOCKING or h.dep_ == "agent":
                    return None    # "by Israel", "war against Iraq"
                if p == "of":
                    hh = h.head
                    if not _place_like(hh) and hh.i != trig_i:
                        return None    # "the president of Iraq", "an office of the UN"
                else:
                    prep_class = 0 if p in STATIVE else 1 if p in DIRECTIONAL else 2
                    own = False
            x = h
            steps += 1
            continue
        if dep == "prep":
            x = h
            steps += 1
            continue
        if own:
            if dep in ("nsubj", "csubj", "expl"):
                return None        # "Russia said ...": a subject is an actor, not a place
            if dep in MODIFIER_DEPS and h.pos_ in ("NOUN", "PROPN"):
                if not _place_like(h) and h.lower_ not in FACILITY_NOUNS and h.i != trig_i:
                    # a place modifying a non-place noun ("US troops"): only in a place slot
                    if not (h.dep_ == "pobj" and (h.head.lower_ in STATIVE or h.head.lower_ in DIRECTIONAL)):
                        return None
            elif dep not in ("appos", "conj", "compound", "flat", "nmod", "amod", "npadvmod", "advmod"):
                own = False        # a bare argument: "captured the village of X", "hit Aleppo"
        if x.pos_ in ("VERB", "AUX") and x.i != root.i and dep in CLAUSE_DEPS:
            tier = _clause_tier(x, trigger)
            break
        x = h
        steps += 1
        if steps > 25:
            return None
    kind = KIND_ORDER.get(m.place.kind, 2) if m.place is not None else 0
    return (tier, prep_class, kind, steps, abs(root.i - trig_i))


def _place_like(t: Token) -> bool:
    return t.lower_ in CONTAINER_NOUNS or t.ent_type_ in PLACE_LABELS


def _clause_tier(v: Token, trigger: Token) -> int:
    """How the clause headed by ``v`` relates to the trigger's clause (lower is closer)."""
    rel = clause_relation(v, trigger)
    return RELATION_TIER.get(rel[0], 3)


def clause_relation(v: Token, trigger: Token) -> tuple[str, str]:
    """(relation, link dep): "up" when ``v`` governs the trigger, "down" when it hangs below it,
    "sibling" when both hang from the same verb, "other" otherwise."""
    t = trigger
    hops = 0
    link = ""
    while hops < 8:
        if t.i == v.i:
            if v.lemma_.lower() in SPEECH:
                return "report", link
            return "up", link
        if t.head.i == t.i:
            break
        link = t.dep_
        t = t.head
        hops += 1
    u = v
    hops = 0
    link = u.dep_
    while u.head.i != u.i and hops < 8:
        link = u.dep_
        u = u.head
        hops += 1
        if u.i == trigger.i:
            return "down", v.dep_
    if v.head.i == trigger.head.i:
        return "sibling", v.dep_
    return "other", v.dep_


RELATION_TIER = {"up": 1, "down": 1, "sibling": 1, "report": 2, "other": 3}


# ---- resolution ---------------------------------------------------------------------------------
def _context(sent: Span, info, g: gz.Gazetteer) -> tuple[str, ...]:
    """Countries the text is about: those named in the sentence, else the document's most named."""
    cache = info.extra.setdefault("where.ctx", {})
    got = cache.get(sent.start)
    if got is not None:
        return got
    doc_ctx = info.extra.get("where.docctx")
    if doc_ctx is None:
        counts: dict[str, int] = {}
        for e in info.ents:
            c = _country_of_mention(e, g)
            if c:
                counts[c] = counts.get(c, 0) + 1
        doc_ctx = tuple(sorted(counts, key=lambda c: -counts[c])[:3])
        info.extra["where.docctx"] = doc_ctx
    here = []
    for e in info.sent_ents(sent):
        c = _country_of_mention(e, g)
        if c and c not in here:
            here.append(c)
    ctx = tuple(here) if here else doc_ctx
    cache[sent.start] = ctx
    return ctx


def _country_of_mention(e: Span, g: gz.Gazetteer) -> str | None:
    if e.label_ not in ("GPE", "NORP", "LOC"):
        return None
    key = gz.fold(e.text)
    d = g.demonyms.get(key)
    if d:
        return d
    for p, _ in g.index.get(key, ()):
        if p.kind == "country":
            return p.country
    return None


def _resolve(m: Mention, ctx: tuple[str, ...], mentions: list[Mention], g: gz.Gazetteer):
    """The gazetteer place for the chosen mention (with context); an unknown place borrows its
    container's ("the Tel al-Hawa neighbourhood of Gaza City" -> Gaza City)."""
    if m.place is not None:
        ranked = gz._ranked(g, m.key, ctx)
        return m.span, (ranked[0] if ranked else m.place)
    # a known place containing this one: "X neighbourhood of Y", "X, Y", "X in Y"
    best = None
    for other in mentions:
        if other is m or other.place is None:
            continue
        if _contains(other.span.root, m.span.root):
            if best is None or other.span.start < best.span.start:
                best = other
    if best is None:
        return m.span, None
    ranked = gz._ranked(g, best.key, ctx)
    doc = m.span.doc
    start, end = min(m.span.start, best.span.start), max(m.span.end, best.span.end)
    span = doc[start:end] if end - start <= 12 else m.span
    return span, (ranked[0] if ranked else best.place)


def _contains(container: Token, inner: Token) -> bool:
    """True if ``container`` hangs below ``inner``'s phrase as its of/in/appos/comma container."""
    x = container
    hops = 0
    while x.head.i != x.i and hops < 5:
        if x.dep_ not in ("pobj", "prep", "appos", "npadvmod", "conj", "compound", "nmod"):
            return False
        x = x.head
        hops += 1
        if x.i == inner.i or (inner.dep_ in ("compound", "nmod") and x.i == inner.head.i):
            return True
    return False

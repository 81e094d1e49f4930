"""Event location: the place phrase attached to the event's predicate, resolved in the gazetteer.

Candidates are the sentence's place mentions: GPE/LOC/FAC entities; other proper names (ORG,
PERSON, unlabelled) in a place slot ("in X", "the town of X", "X province") or headed by a place
noun ("Yarmouk Refugee Camp"); rarer labels only when the gazetteer knows the name. Each candidate
is climbed up the parse to the verb it belongs to and ranked (lower is better):

1. tier: 0 attached to the trigger (directly, through a noun argument, or through another place
   phrase); 1 in a clause linked to the trigger's (at most two clause links, coordination free,
   never across "although/if"); 2 a reporting verb governing the trigger; others are dropped.
   Away from the trigger (tier > 0) only stative places count, and neither a whole country nor
   an unknown name two clauses away ("bases in Turkey" is background).
2. preposition class: stative (in, at, near, outside, ...) or a place-like object ("patrolled the
   streets of X", "targeting the X camp") before directional (to, from, into) before a bare object.
3. specificity: an unknown local name (a neighbourhood, a village, a facility) before a city,
   before a region or state (or a country with a compass word: "southern Italy"), before a
   country; an unknown name only its slot calls a place comes after cities.
4. path length, then distance to the trigger.

Not locations: the actor's and recipient's tokens, demonyms ("Malaysian"), a place modifying a
non-place noun ("US troops", "a US airstrike"), a place as subject ("Russia said"), places after
by/with/against/for, places in "since/until" phrases, origins of people ("observers from Jordan"),
"of" phrases of people and institutions ("the president of Iraq"), places inside what a speech
verb reports when the trigger is the speech verb.

The winner resolves in the gazetteer with the countries the sentence (else the article) names as
context; an unknown place borrows the coordinates of a known place containing it ("the Tel
al-Hawa neighbourhood of Gaza City" -> Gaza), and a state next to a city picks among namesakes
("Springfield, Illinois").
"""
from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from ..record import Location
from . import gazetteer as gz
from .docinfo import doc_info

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
OTHER_LABELS = frozenset({"ORG", "PERSON", "NORP", ""})
# labels the NER gives place names by mistake now and then: accepted only when the gazetteer knows them
RARE_LABELS = frozenset({"PRODUCT", "EVENT", "WORK_OF_ART", "LAW", "LANGUAGE"})
STATIVE = frozenset({"in", "at", "near", "outside", "inside", "across", "around", "throughout",
                     "within", "along", "off", "between", "among", "on", "over", "through", "beside",
                     "nearby", "amid", "beyond", "behind", "under", "opposite", "alongside", "past",
                     "towards", "toward", "upon"})
DIRECTIONAL = frozenset({"to", "into", "onto", "from", "out"})
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
heartland perimeter flank flanks middle periphery hamlet hamlets approaches corner commune communes
bottom top shores banks
block tehsil taluk ward canton oblast raion parish borough precinct lga regency emirate woreda kebele
agency municipality
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
venue venues gate gates crossing crossings roundabout junction bunker bunkers theater theatre
theaters theatres gallery museum cinema hall arena library apartment apartments flat villa hostel
motel airbase airfield barracks tunnel tunnels dam pier dock terminal monastery seminary pharmacy
clinic
""".split())
PLACE_NOUNS = CONTAINER_NOUNS | FACILITY_NOUNS
# an apposition with one of these makes a name a person's, whatever the NER label
PERSON_ROLES = frozenset("""
president minister leader chairman chairwoman chairperson spokesman spokeswoman spokesperson commander
chief head secretary director governor mayor founder son daughter wife husband father mother brother
sister student activist journalist lawyer candidate senator lawmaker deputy ambassador envoy general
""".split())
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
services corporation corp inc ltd airlines airways air times post journal tv radio network channel
""".split())
COMPOUND_PREP_HEADS = frozenset({"outside", "inside", "north", "south", "east", "west", "northeast",
                                 "northwest", "southeast", "southwest", "out", "ahead"})
AGENT_NOUNS = frozenset("""
president minister leader king queen prince emir sultan ruler governor mayor official officials
government governments regime people citizen citizens resident residents ambassador envoy
delegation delegate delegates representative representatives spokesman spokeswoman army armies
force forces troops soldier soldiers police military navy militia militias rebel rebels fighter
fighters group groups party parties parliament council ministry authority authorities
administration embassy consulate observer observers refugee refugees migrant migrants student
students visitor visitors team teams player players member members head chief commander
commanders general independence sovereignty future history economy constitution election
elections invasion occupation
""".split())
COMPASS = frozenset({"northern", "southern", "eastern", "western", "central", "northeastern",
                     "northwestern", "southeastern", "southwestern", "north-central", "south-central",
                     "north-eastern", "north-western", "south-eastern", "south-western", "southwest",
                     "southeast", "northwest", "northeast", "east-central", "west-central", "far"})
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
            return Location(text=self.span.text, start=self.span.start_char, end=self.span.end_char)
        return Location(text=self.span.text, name=p.name, country=p.country, lat=p.lat, lon=p.lon,
                        start=self.span.start_char, end=self.span.end_char)


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
        ranked: list[tuple[tuple, Mention]] = []
        for m in mentions:
            if any(i in actor_tokens for i in range(m.span.start, m.span.end)):
                continue
            r = _rank(m, trigger, actor_tokens)
            if r is not None and r[0] <= 2:
                ranked.append((r, m))
        if not ranked:
            return None
        ranked.sort(key=lambda x: x[0])
        best, best_m = ranked[0]
        # a place the winner stands in apposition to is the more specific one: "in Okha village,
        # Ovia South West local government area" (whatever the gazetteer thinks of "Okha")
        changed = True
        seen = {id(best_m)}
        while changed:
            changed = False
            own = set(best_m.path)
            for r, m in ranked:
                if id(m) in seen or r[:2] != best[:2]:
                    continue
                anchor = m.span.root
                if anchor.dep_ in ("compound", "nmod"):
                    anchor = anchor.head
                if anchor.i in own:
                    best, best_m, changed = r, m, True
                    seen.add(id(m))
                    break
        ctx = _context(sent, info, g)
        span, place = _resolve(best_m, ctx, mentions, g)
        return Located(span, place, best)


# ---- mentions --------------------------------------------------------------------------------
@dataclass(slots=True)
class Mention:
    span: Span
    place: gz.Place | None       # the top gazetteer candidate without context (None if unknown)
    key: str                     # the folded lookup key that hit (or the folded text)
    weak: bool = False           # an unknown name that only its slot calls a place
    path: list = field(default_factory=list)   # nouns it stands in apposition to


NOT_PLACES = frozenset({"am", "pm", "a m", "p m", "gmt", "utc", "est", "edt", "pst", "cet"})


def _mentions(sent: Span, info) -> list[Mention]:
    """Place mentions of a sentence, computed once per sentence."""
    cache = info.cache("where.mentions")
    key = (sent.start, sent.end)
    got = cache.get(key)
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
            m = _place_mention(e, g, strict=True) if _in_place_slot(e) or _place_named(e) else None
        elif label in RARE_LABELS:
            m = _place_mention(e, g, strict=True) if _in_place_slot(e) else None
            if m is not None and m.place is None:
                m = None
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
        if _in_place_slot(span) or _place_named(span):
            m = _place_mention(span, g, strict=True)
            if m is not None:
                out.append(m)
                covered.update(range(span.start, span.end))
    cache[key] = out
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


def _place_named(span: Span) -> bool:
    """A proper name headed by a place noun: "Yarmouk Refugee Camp", "Kindi Hospital"."""
    last = span[-1]
    first = span[1] if span[0].lower_ == "the" and len(span) > 2 else span[0]
    return len(span) > 1 and last.lower_ in PLACE_NOUNS and last.text[:1].isupper() and first.text[:1].isupper()


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
        if p in PLACE_SLOT_PREPS:
            return True
        if p in ("on", "onto", "upon", "across", "over") and _known_place(span, 50_000):
            return True        # "the siege on Manbij", "the attack on eastern Ghouta"
    if dep in ("appos", "conj"):
        return _in_place_slot(h.doc[h.i:h.i + 1]) if h.i != root.i else False
    if dep == "dobj" and root.pos_ == "PROPN" and root.ent_type_ in ("", "PERSON") and h.pos_ == "VERB" \
            and len(span) == 1:
        return _known_place(span, 100_000)      # "hit Aleppo", "stormed Kandahar", "shelled Kharkiv"
    return False


PLACE_SLOT_PREPS = frozenset({"in", "at", "near", "outside", "inside", "across", "throughout", "around",
                              "to", "into", "from", "towards", "toward"})


def _known_place(span: Span, min_population: int = 0) -> bool:
    g = gz.gazetteer()
    return any(prim and (p.kind != "city" or p.population >= min_population)
               for p, prim in g.index.get(gz.fold(span.text), ()))


def _place_mention(span: Span, g: gz.Gazetteer, strict: bool) -> Mention | None:
    if span[-1].lower_ in ("'s", "’s", "'"):
        span = span[:-1]
        if not len(span):
            return None
    text = span.text
    if "#" in text or "http" in text or "pic." in text or not any(c.isupper() for c in text):
        return None
    if len(span) > 1 and any(c.dep_ == "appos" and c.lemma_.lower() in PERSON_ROLES for c in span.root.children):
        return None            # "Udey Singh Wirring, president of the students' union" is a person
    key = gz.fold(text)
    if not key or key in g.demonyms or key in NOT_PLACES:
        return None
    place, hit = _lookup_key(key, g)
    if place is None and len(text) <= 6 and text.isupper() and text.isalpha():
        return None            # an unknown acronym ("EEZ", "SDF") is an organisation or a term
    weak = False
    if strict and _place_named(span):
        # a name headed by a place noun is a place whatever the NER says: "Yarmouk Refugee Camp",
        # "Kindi Hospital", "Bani Za'id Quarter", "Ranipur Town"
        return Mention(span, place, hit or key, False)
    if strict:
        ent = span.root.ent_type_
        if place is None:
            if span.root.pos_ != "PROPN":
                return None
            strong = _strong_place_slot(span)
            # an organisation's or a person's name is a place only in a strong place slot
            if any(t.lower_ in ORG_WORDS for t in span) or ent in ("PERSON", "NORP"):
                if not strong and not (ent == "PERSON" and _stative_slot(span)):
                    return None
            weak = not strong
        elif ent == "PERSON" and not _strong_place_slot(span) and place.kind == "city" \
                and place.population < 1_000_000:
            return None        # "Jordan" the footballer, "Paris" Hilton
    else:
        if span.label_ == "FAC" and place is None and not any(t.pos_ == "PROPN" for t in span):
            return None
    return Mention(span, place, hit or key, weak)


def _stative_slot(span: Span) -> bool:
    """The object of in/near/... (people are rarely there: "in Tal Maksour" is a place)."""
    root = span.root
    if root.dep_ == "conj":
        root = root.head
    return root.dep_ == "pobj" and root.head.lower_ in ("in", "near", "outside", "inside", "across",
                                                        "throughout")


def _strong_place_slot(span: Span) -> bool:
    root = span.root
    if root.dep_ in ("conj", "appos") and root.head.i != root.i:
        root = root.head
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
    """Lower is better: (tier, preposition class, specificity, path length, distance), or None
    when the mention is not a candidate location for this trigger."""
    root = m.span.root
    if root.dep_ in ("conj", "appos") and root.head.i in actor_tokens:
        return None                # "called on Italy and Egypt": coordinated with the recipient
    x = root
    steps = 0
    prep_class = 2                 # 0 stative, 1 directional, 2 a bare argument
    own = True                     # still inside the place's own phrase ("the village of X")
    selfish = True                 # x is the place itself or a place coordinated with it
    trig_i = trigger.i
    path = m.path                  # nouns this place is an apposition to ("Okha village, Ovia area")
    path.clear()
    while True:
        if own and x.dep_ == "appos":
            path.append(x.head.i)
        if x.i == trig_i:
            tier, links = 0, 0
            break
        dep = x.dep_
        h = x.head
        if h.i == x.i:             # reached the root without meeting the trigger
            tier, links = _clause_tier(x, trigger)
            break
        if own and h.i in actor_tokens and dep in MODIFIER_DEPS:
            return None            # "Kuala Lumpur police": part of the actor
        if dep == "pobj" or dep == "pcomp":
            p = h.lower_
            if own:
                if p in BLOCKING or h.dep_ == "agent":
                    return None    # "by Israel", "war against Iraq"
                hh = h.head
                if p == "of" and hh.lower_ in COMPOUND_PREP_HEADS:
                    p, h = hh.lower_, hh           # "outside of Gaza City", "north of Baghdad"
                    hh = h.head
                if p == "of":
                    if hh.i != trig_i and not _place_like(hh) and not (
                            m.span.label_ in PLACE_LABELS and _of_place(hh)):
                        return None    # "the president of Iraq", "an office of the UN"
                else:
                    if p in ("between", "among", "amongst") and m.place is not None and m.place.kind == "country":
                        return None    # "deals brokered between Israel and the UAE": parties
                    if p in STATIVE:
                        prep_class = 0
                    elif p in DIRECTIONAL:
                        if hh.i != trig_i and _agentive(hh):
                            return None    # "observers from Jordan", "ambassador to Baghdad"
                        prep_class = 1
                    own = False
            x = h
            steps += 1
            continue
        if dep == "prep":
            if x.lower_ in ("since", "until", "till", "unlike", "like"):
                return None        # "since the 2001 attacks in the United States": another event
            x = h
            steps += 1
            continue
        if own:
            if dep in ("nsubj", "csubj", "expl"):
                if selfish:
                    return None    # "Russia (and Turkey) said ...": a subject is an actor, not a place
                if any(c.dep_ in ("dobj", "ccomp", "xcomp") for c in h.children):
                    return None    # "the Sudan plant ... is suing the government": an agent
            if dep not in ("conj", "appos", "flat"):
                selfish = False
            if dep in MODIFIER_DEPS and h.pos_ in ("NOUN", "PROPN"):
                # a place modifying a noun: "his Kuala Lumpur home", not "US troops", "a US airstrike"
                if h.i != trig_i and not h.lower_ in CONTAINER_NOUNS and not (
                        h.lower_ in FACILITY_NOUNS and (
                            m.span.label_ in PLACE_LABELS or m.place is not None
                            or dep == "compound" and root.ent_type_ not in ("ORG", "PERSON", "NORP"))):
                    return None
            elif dep not in ("appos", "conj", "compound", "flat", "nmod", "amod", "npadvmod", "advmod"):
                own = False        # a bare argument: "captured the village of X", "hit Aleppo"
                if x.lower_ in CONTAINER_NOUNS or x.lower_ in FACILITY_NOUNS or (
                        h.i == trig_i and dep in ("dobj", "nsubjpass")
                        and (m.place is not None or _place_named(m.span))):
                    prep_class = 0     # "patrolled the streets of Bishkek", "targeting the X camp"
                elif h.i == trig_i and dep in ("dobj", "nsubjpass") and m.span.label_ in PLACE_LABELS \
                        and not any(t.lower_ in ORG_WORDS for t in m.span):
                    prep_class = 1     # "captured Qabasin": a place the NER saw but nobody knows
        if x.pos_ in ("VERB", "AUX") and x.i != root.i and dep in CLAUSE_DEPS:
            tier, links = _clause_tier(x, trigger)
            break
        x = h
        steps += 1
        if steps > 25:
            return None
    if prep_class > 0 and m.place is None and (m.weak or prep_class == 2 and not _place_named(m.span)):
        return None                # an unknown name as an object or after from/to: "captured Bishara"
    spec = _specificity(m)
    if tier > 0 and (prep_class > 0 or spec == 1.5 or spec == 3 and links > COUNTRY_LINKS
                     or spec == 0 and links > 1):
        # away from the trigger only "in/at/near <a known city, region or local place>" counts:
        # a country in another clause is background ("bases in Turkey", "the conflict in Bosnia")
        return None
    return (tier, prep_class, spec, steps, abs(root.i - trig_i))


def _specificity(m: Mention) -> float:
    """The most specific place wins: a local name the gazetteer does not know (a neighbourhood,
    a village, a facility) before a city, before a region or state, before a country; an unknown
    name that only its slot calls a place comes after cities."""
    if m.place is None:
        return 1.5 if m.weak else 0.0
    kind = KIND_ORDER.get(m.place.kind, 2)
    if kind == 3 and _directed(m.span):
        return 2                   # "southern Italy" is a region, not the whole country
    return kind


def _directed(span: Span) -> bool:
    """A place with a compass modifier: "southern Italy", "north-central Sri Lanka"."""
    if span[0].lower_ in DIRECTION_WORDS and span[0].lower_ != "the":
        return True
    start = span.start
    doc = span.doc
    j = start - 1
    while j >= 0 and doc[j].text in ("-",):
        j -= 1
    return j >= 0 and doc[j].lower_ in COMPASS and doc[j].head.i in range(span.start, span.end)


def _place_like(t: Token) -> bool:
    return t.lower_ in CONTAINER_NOUNS or t.ent_type_ in PLACE_LABELS


def _of_place(t: Token) -> bool:
    """"X of <place>" locates X unless X is a person, a group or an institution ("the president of
    Iraq", "the people of Gaza", "the government of Iraq")."""
    return t.pos_ == "NOUN" and t.lemma_.lower() not in AGENT_NOUNS and not t.ent_type_


def _agentive(t: Token) -> bool:
    """A noun whose from/to phrase is an origin or an affiliation, not where something happened."""
    return (t.pos_ in ("PROPN", "NUM", "PRON") or t.ent_type_ in ("NORP", "PERSON", "ORG")
            or t.dep_ in ("nsubj", "nsubjpass", "appos") or t.lemma_.lower() in AGENT_NOUNS)


def _clause_tier(v: Token, trigger: Token) -> tuple[int, int]:
    """How the clause headed by ``v`` relates to the trigger's clause: 1 linked (at most two clause
    links apart: "killed ... when gunmen opened fire at a bar"), 2 a reporting verb governing the
    trigger, 3 unrelated or inside reported speech."""
    rel, links = clause_relation(v, trigger)
    return RELATION_TIER[rel], links


COUNTRY_LINKS = 0         # a country counts only in the trigger's own clause (see _rank)
CONTRAST_MARKS = frozenset({"although", "though", "whereas", "unless", "if", "whether"})


def _contrastive(v: Token) -> bool:
    return v.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in CONTRAST_MARKS for c in v.children)


RELATION_TIER = {"linked": 1, "report": 2, "reported": 3, "far": 3}


def clause_relation(v: Token, trigger: Token) -> tuple[str, int]:
    """(relation, number of clause links between ``v`` and the trigger)."""
    # ancestors of the trigger with the number of clause links crossed to reach each
    up: dict[int, tuple[int, bool]] = {}
    t, links, hops = trigger, 0, 0
    speech_below = False          # the trigger sits in the ccomp of a speech verb
    while True:
        up[t.i] = (links, speech_below)
        if t.head.i == t.i or hops > 30:
            break
        if t.pos_ in ("VERB", "AUX") and t.dep_ in CLAUSE_DEPS:
            links += t.dep_ != "conj"      # coordinated verbs share their scene
            if _contrastive(t):
                links += 10                # "although ...", "if ...": another scene
            if t.dep_ in ("ccomp", "parataxis") and t.head.lemma_.lower() in SPEECH:
                speech_below = True
        t = t.head
        hops += 1
    u, links_v, hops = v, 0, 0
    reported = False
    while u.i not in up:
        if u.head.i == u.i or hops > 30:
            return "far", 99
        if u.pos_ in ("VERB", "AUX") and u.dep_ in CLAUSE_DEPS:
            links_v += u.dep_ != "conj"
            if _contrastive(u):
                links_v += 10
            if u.dep_ in ("ccomp", "parataxis") and u.head.lemma_.lower() in SPEECH:
                reported = True
        u = u.head
        hops += 1
    links_t, _ = up[u.i]
    links = links_v + links_t
    if u.i == v.i and v.lemma_.lower() in SPEECH and links_t > 0:
        return "report", links    # "officials in Kabul said that ..."
    if reported:
        return "reported", links  # the place belongs to what someone said, not to the trigger
    if u.i == trigger.i and trigger.lemma_.lower() in SPEECH:
        return "reported", links
    return ("linked" if links <= 2 else "far"), links


# ---- resolution ---------------------------------------------------------------------------------
def _context(sent: Span, info, g: gz.Gazetteer) -> tuple[str, ...]:
    """Countries the text is about: those named in the sentence, else the document's most named."""
    cache = info.cache("where.ctx")
    key = (sent.start, sent.end)
    got = cache.get(key)
    if got is not None:
        return got
    doc_ctx = cache.get("doc")
    if doc_ctx is None:
        counts: dict[str, int] = {}
        for e in info.ents:
            c = _country_of_mention(e, g)
            if c:
                counts[c] = counts.get(c, 0) + 1
        doc_ctx = tuple(sorted(counts, key=lambda c: -counts[c])[:3])
        cache["doc"] = doc_ctx
    here = []
    for e in info.sent_ents(sent):
        c = _country_of_mention(e, g)
        if c and c not in here:
            here.append(c)
    ctx = tuple(here) if here else doc_ctx
    cache[key] = ctx
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
        place = ranked[0] if ranked else m.place
        if place.kind == "city" and len(ranked) > 1:
            # "Springfield, Illinois": a state named next to the city picks among namesakes
            for other in mentions:
                op = other.place
                if op is not None and op.kind == "state" and op.admin1 and other is not m \
                        and abs(other.span.start - m.span.end) <= 3:
                    same = [p for p in ranked if p.kind == "city" and p.country == op.country
                            and p.admin1 == op.admin1]
                    if same:
                        place = same[0]
                        break
        return _with_compass(m.span), place
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


def _with_compass(span: Span) -> Span:
    """The span with a compass word before it: "southern Italy"."""
    j = span.start - 1
    if j >= 0 and span.doc[j].lower_ in COMPASS and span.doc[j].head.i in range(span.start, span.end):
        return span.doc[j:span.end]
    return span


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

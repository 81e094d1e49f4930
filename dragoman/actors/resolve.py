"""Actor resolution: from a noun phrase in a parsed sentence to a coded actor, with the reason.

``ActorResolver.annotate(doc, article_date)`` finds gazetteer mentions (countries, demonyms,
capitals and seats of power, organisations, people, loaded names) with phrase matchers and
returns a ``DocActors``; ``DocActors.actor_at(token)`` resolves the noun phrase headed by a token:

* the head itself may be a mention ("Israel", "Washington", "Hamas", "Anwar"),
* an agent noun or title gives the sector ("forces" MIL, "foreign ministry" GOV), role nouns
  take it from modifiers ("rebel leader" REB),
* modifiers, possessors, appositions and of/in/from phrases give the country
  ("Israeli forces", "Israel's high court", "authorities in Gaza", "the foreign minister of Iran"),
* people resolve through titles in the text first, then the leaders base by the article date,
* pronouns, "the former"/"the latter", a later surname alone, "the president" and relative
  "who" resolve through ``coref.py`` to an actor named earlier in the article.
"""
from __future__ import annotations

from dataclasses import replace
from datetime import date

import numpy
from spacy.attrs import IS_TITLE, LENGTH
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from ..ontology import actor_code
from ..record import Actor
from .coref import Coref
from .knowledge import Entry, Knowledge
from .titles import TITLE_WORDS

MODIFIER_DEPS = frozenset({"compound", "amod", "nmod", "poss", "npadvmod"})
LOCATIVE_PREPS = frozenset({"in", "at", "near", "outside", "around", "into", "inside", "from", "across"})
COUNTRY_PREPS = frozenset({"of", "in", "from", "for", "at", "to", "throughout", "across", "inside"})
PRONOUNS = frozenset({"he", "him", "his", "she", "her", "hers", "it", "its", "they", "them", "their",
                      "who", "whom", "whose", "which", "that", "we", "our", "us", "i", "me", "my"})
CROWD_WORDS = frozenset({"dozens", "hundreds", "thousands", "tens", "millions", "scores"})
COLLECTIVE_HEADS = frozenset({"dozens", "dozen", "hundreds", "thousands", "tens", "millions", "scores",
                              "group", "groups", "band", "handful", "couple", "number", "crowd", "crowds",
                              "some", "many", "most", "all", "several", "few", "one", "none", "majority",
                              "delegation", "contingent", "unit", "units", "team", "party", "batch", "wave"})
ARMED_SECTORS = frozenset({"REB", "PRM", "MIL", "UAF", "CRM"})
PATRON_WORDS = frozenset({"backed", "sponsored", "supported", "funded", "financed", "trained", "armed",
                          "allied", "aligned", "affiliated", "inspired", "installed", "friendly", "leaning"})
PLACE_NOUNS = frozenset({"province", "region", "state", "district", "city", "town", "village", "area", "port",
                         "capital", "governorate", "county", "enclave", "territory", "island", "islands"})
RELATIONAL_NOUNS = frozenset({"partner", "ally"})
GENERIC_SUBJECTS = frozenset({"people", "person", "man", "men", "woman", "women", "child", "children",
                              "boy", "girl", "one", "some", "many", "others", "all", "both"})


class ActorResolver:
    """Built once per process: the knowledge and its phrase matchers."""

    def __init__(self, nlp, config=None, knowledge: Knowledge | None = None):
        self.k = knowledge or Knowledge.load()
        self.vocab = nlp.vocab
        self._places: dict[tuple, Entry | None] = {}
        self._near: dict[str, list[str]] | None = None
        self._near_cache: dict[str, Entry | None] = {}
        self.exact = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.lower = PhraseMatcher(nlp.vocab, attr="LOWER")
        pairs = [(key, form) for key, forms in self.k.surfaces.items() for form in forms]
        docs = nlp.tokenizer.pipe(form for _, form in pairs)
        patterns: dict[tuple[bool, str], list] = {}
        for (key, _), d in zip(pairs, docs):
            patterns.setdefault((Knowledge.case_sensitive(key), key), []).append(d)
        for (exact, key), ds in patterns.items():
            (self.exact if exact else self.lower).add(key, ds)

    def annotate(self, doc: Doc, article_date: date | None, sents: list[Span] | None = None) -> "DocActors":
        """Find the document's mentions; ``sents`` is ``list(doc.sents)`` if the caller has it."""
        ents = tuple(doc.ents)          # Doc.ents builds new spans on every call: once per document
        spans = []
        for matcher in (self.exact, self.lower):
            for match_id, start, end in matcher(doc):
                spans.append(Span(doc, start, end, label=match_id))
        mentions: dict[int, tuple[Span, list[Entry]]] = {}
        for span in filter_spans(spans):
            entries = self.k.aliases.get(self.vocab.strings[span.label], [])
            entries = [e for e in entries if _plausible(span, e, ents)]
            if entries:
                for i in range(span.start, span.end):
                    mentions[i] = (span, entries)
        # places the actor files do not list ("Kharkiv", "El Fasher", "Darfur"): the geonames
        # gazetteer gives their country, so "Darfur rebels" are Sudanese and "shelled Kharkiv" hits Ukraine
        context = tuple(dict.fromkeys(e[1][0].country for e in mentions.values()
                                      if e[1][0].kind in ("country", "demonym", "capital", "org")
                                      and e[1][0].country and e[1][0].country in self.k.countries))
        self._other_cities(mentions, context)
        for ent in ents:
            if ent.label_ not in ("GPE", "LOC", "FAC") or any(i in mentions for i in range(ent.start, ent.end)):
                continue
            entry = self._place_entry(ent, context)
            if entry is not None:
                span = ent[1:] if ent[0].lower_ == "the" and len(ent) > 1 else ent
                for i in range(span.start, span.end):
                    mentions[i] = (span, [entry])
        self._misspelt(doc, mentions, ents)
        return DocActors(doc, mentions, self.k, article_date, sents)

    # ---- misspelt country names ------------------------------------------------------------
    def _misspelt(self, doc: Doc, mentions: dict[int, tuple[Span, list[Entry]]], ents: tuple[Span, ...]) -> None:
        """"Afganistan", "Ethopia", "Quatar": a capitalised word one edit away from exactly one
        country's name or demonym (and not a name the gazetteers know) is that country."""
        arr = doc.to_array([IS_TITLE, LENGTH])       # the few candidates, without a Token per word
        for i in numpy.flatnonzero((arr[:, 0] == 1) & (arr[:, 1] >= 6)).tolist():
            tok = doc[i]
            if tok.i in mentions or tok.pos_ not in ("PROPN", "ADJ") \
                    or tok.ent_type_ in ("PERSON", "DATE") or tok.i == 0 and tok.pos_ == "ADJ":
                continue
            if tok.ent_type_ == "ORG" and (tok.ent_iob_ != "B" or (i + 1 < len(doc) and doc[i + 1].ent_iob_ == "I")):
                continue            # a word of a longer organisation name
            entry = self._near_country(tok.text)
            if entry is not None:
                span = doc[tok.i:tok.i + 1]
                mentions[tok.i] = (span, [entry])

    def _near_country(self, word: str) -> Entry | None:
        low = word.lower()
        if low in self._near_cache:
            return self._near_cache[low]
        if self.k.aliases.get(low) or self.k.aliases.get(word):
            return None             # a known name the context ruled out ("pro-Iranian")
        index = self._near_index()
        found: dict[str, Entry] = {}
        for key in (low, *_deletions(low)):
            for alias in index.get(key, ()):
                if alias != low and _one_edit(alias, low):
                    for e in self.k.aliases.get(alias, ()):
                        if e.kind in ("country", "demonym") and e.country:
                            found.setdefault(e.country, e)
        entry = None
        if len(found) == 1:
            from ..where.gazetteer import best

            if best(word) is None:
                e = next(iter(found.values()))
                entry = replace(e, source=f"{e.source}, read for the misspelling {word!r}")
        if len(self._near_cache) < 20_000:
            self._near_cache[low] = entry
        return entry

    def _near_index(self) -> dict[str, list[str]]:
        if self._near is None:
            index: dict[str, list[str]] = {}
            for alias, entries in self.k.aliases.items():
                if " " in alias or len(alias) < 5 or not alias.isalpha() or \
                        not any(e.kind in ("country", "demonym") for e in entries):
                    continue
                for key in (alias, *_deletions(alias)):
                    index.setdefault(key, []).append(alias)
            self._near = index
        return self._near

    def _other_cities(self, mentions: dict[int, tuple[Span, list[Entry]]], context: tuple[str, ...]) -> None:
        """A capital's name in an article about other countries is the city there: "Tripoli" in a
        report on Lebanon is Lebanon's Tripoli, not Libya's capital."""
        named = {e[1][0].country for e in mentions.values() if e[1][0].kind in ("country", "demonym")}
        done: set[int] = set()
        for span, entries in list(mentions.values()):
            e = entries[0]
            if span.start in done or e.kind != "capital" or not named or e.country in named:
                continue
            done.add(span.start)
            root = span.root
            if not (root.dep_ == "pobj" and root.head.lower_ in LOCATIVE_PREPS):
                continue            # "London said": the government, whatever else the text is about
            from ..where.gazetteer import lookup

            here = next((p for p in lookup(span.text, tuple(named))
                         if p.country in named and p.kind == "city" and p.population >= 100_000), None)
            if here is not None:
                city = Entry("city", self.k.fold_into.get(here.country, here.country), None, here.name,
                             f"geonames:{here.name} (a {self.k.country_names.get(here.country, here.country)} "
                             f"city, not the capital of {e.name})")
                for i in range(span.start, span.end):
                    mentions[i] = (span, [city])

    def _place_entry(self, ent: Span, context: tuple[str, ...] = ()) -> Entry | None:
        text = ent.text
        key = (text, context[:4])
        if key in self._places:
            return self._places[key]
        entry = None
        if not text.islower():
            from ..where.gazetteer import best

            place = best(text, context)
            if place is not None and place.country and place.kind in ("city", "state", "region") \
                    and not (context and place.country not in context and place.kind == "city"
                             and place.population < 100_000):
                # (a town of another country than the ones the text names is a namesake:
                # "Samar" in a report on the Philippines is not the Ukrainian town)
                code = self.k.fold_into.get(place.country, place.country)
                entry = Entry("city", code, None, place.name, f"geonames:{place.name}")
        if len(self._places) < 50_000:
            self._places[key] = entry
        return entry


def _plausible(span: Span, e: Entry, ents: tuple[Span, ...]) -> bool:
    """Drop matches the parse contradicts: a country name inside a person's name, a lower-case
    one-word name where a proper noun is expected ("chad", "turkey" the bird)."""
    first = span[0]
    doc = span.doc
    if span.start >= 2 and doc[span.start - 1].text == "-" and doc[span.start - 2].lower_ in ("pro", "anti", "non"):
        return False            # "pro-Iranian militia" is not Iranian
    if span.end + 1 < len(doc) and doc[span.end].text == "-" and doc[span.end + 1].lower_ in PATRON_WORDS:
        return False            # "US-backed forces", "Iranian-funded militias" are not the patron's own
    if e.kind in ("country", "capital", "person", "org", "loaded") and len(span) == 1 and first.is_lower \
            and e.kind != "org":
        return False
    ent = first.ent_type_
    if e.kind in ("country", "capital", "demonym") and ent == "PERSON":
        # "Jordan" in "Michael Jordan": only when the person entity is longer than the match
        ents = [x for x in ents if x.start <= span.start and x.end >= span.end]
        if ents and len(ents[0]) > len(span):
            return False
    if e.kind == "person" and len(span) == 1 and first.pos_ in ("VERB", "AUX", "ADP", "DET", "PRON"):
        return False
    if e.kind == "person" and len(span) == 1 and span.start > 0:
        prev = doc[span.start - 1]
        if prev.pos_ == "PROPN" and prev.ent_type_ == "PERSON" and prev.lower_ not in TITLE_WORDS \
                and first.ent_type_ == "PERSON":
            return False        # "Marcos" in "Imee Marcos" is another Marcos
    if e.kind in ("loaded", "seat") and len(span) == 1 and _inside_longer_name(span, ents):
        return False            # "West" in "West Darfur State", "Kanye West", not the West
    if e.kind in ("loaded", "country", "capital") and len(span) == 1 and any(
            c.dep_ == "appos" and c.lemma_.lower() in PERSON_APPOS for c in first.children):
        return False            # "West, a presidential candidate himself, ..." is a person
    return True


def _deletions(word: str) -> list[str]:
    return [word[:i] + word[i + 1:] for i in range(len(word))]


def _one_edit(a: str, b: str) -> bool:
    """One insertion, deletion, substitution or swap of neighbours turns ``a`` into ``b``."""
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diff) == 1 or (len(diff) == 2 and diff[1] == diff[0] + 1
                                  and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]])
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[:i] + long_[i + 1:] == short for i in range(len(long_)))


#: apposition heads that make a one-word name a person's ("West, a presidential candidate")
PERSON_APPOS = frozenset({"candidate", "nominee", "rapper", "singer", "musician", "businessman",
                          "businesswoman", "entrepreneur", "actor", "actress", "star", "author",
                          "writer", "player", "coach", "billionaire", "celebrity", "artist"})


def _inside_longer_name(span: Span, ents: tuple[Span, ...]) -> bool:
    """The span is a strict part of a longer place or organisation name the NER found."""
    for ent in ents:
        if ent.start <= span.start and span.end <= ent.end and len(ent) > len(span) \
                and ent.label_ in ("GPE", "LOC", "FAC", "ORG", "PERSON"):
            return True
    return False


class DocActors:
    """Per-document actor resolution with a cache; ``actor_at`` is what other stages call."""

    def __init__(self, doc: Doc, mentions: dict[int, tuple[Span, list[Entry]]], k: Knowledge,
                 article_date: date | None, sents: list[Span] | None = None):
        self.doc = doc
        self.mentions = mentions
        self.k = k
        self.date = article_date
        self._cache: dict[int, Actor | None] = {}
        self._busy: set[int] = set()
        self.coref = Coref(self, sents)

    # ---- public -------------------------------------------------------------------------
    def actor_at(self, tok: Token) -> Actor | None:
        """The actor the noun phrase headed by ``tok`` denotes, or None."""
        i = tok.i
        if i in self._cache:
            return self._cache[i]
        if i in self._busy:          # a cycle through coreference
            return None
        self._busy.add(i)
        try:
            actor = self._resolve(tok)
        finally:
            self._busy.discard(i)
        self._cache[i] = actor
        return actor

    def actors_at(self, tok: Token) -> list[Actor]:
        """The actor at ``tok`` and at each of its conjuncts ("Israel and Egypt"); "the two
        leaders", "both sides" give the two parties named before."""
        if tok.tag_ in ("NNS", "NNPS") and tok.i not in self.mentions:
            pair = self.coref.both(tok)
            if pair:
                return pair
        out = []
        for t in (tok, *_conjuncts(tok)):
            a = self.actor_at(t)
            if a is not None and all(a.key() != b.key() or a.text != b.text for b in out):
                out.append(a)
                out.extend(self._conjoined_modifiers(t, a))
        return out

    def _conjoined_modifiers(self, tok: Token, a: Actor) -> list[Actor]:
        """"American and British troops", "U.S. and Russian negotiators": one noun, two countries:
        the same kind of actor for each further country modifier."""
        if a.country is None or tok.i in self.mentions or tok.pos_ != "NOUN":
            return []
        more = []
        for m in tok.children:
            if m.dep_ not in ("amod", "compound", "nmod") or m.i not in self.mentions:
                continue
            for c in _conjuncts(m):
                entry = self.mentions.get(c.i)
                e = self._choose(entry[1]) if entry else None
                if e is None or e.kind not in ("country", "demonym") or not e.country or e.country == a.country:
                    continue
                code = actor_code(e.country, a.sector)
                more.append(replace(a, country=e.country, code=code, name=None,
                                    reason=f"{c.text!r} and-ed to the modifier: {e.country} ({e.source})"))
        return more

    def mention_at(self, tok: Token) -> tuple[Span, list[Entry]] | None:
        return self.mentions.get(tok.i)

    def all_mentions(self) -> list[tuple[Span, list[Entry]]]:
        seen, out = set(), []
        for span, entries in self.mentions.values():
            if span.start not in seen:
                seen.add(span.start)
                out.append((span, entries))
        return sorted(out, key=lambda m: m[0].start)

    # ---- resolution -----------------------------------------------------------------------
    def _resolve(self, tok: Token) -> Actor | None:
        low = tok.lower_
        if tok.pos_ == "PRON" or (low in PRONOUNS and tok.tag_ in ("PRP", "PRP$", "WP", "WDT", "WP$")):
            return self.coref.pronoun(tok)
        if low in ("former", "latter") and tok.head.i != tok.i and any(c.lower_ == "the" for c in tok.children):
            return self.coref.former_latter(tok)
        if tok.pos_ not in ("NOUN", "PROPN", "NUM", "ADJ", "X") and tok.i not in self.mentions:
            return None
        if (low in COLLECTIVE_HEADS or tok.pos_ == "NUM") and tok.i not in self.mentions:
            # "dozens of journalists", "a group of prominent Liberals", "two of its nationals"
            of = next((p for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"
                       for p in c.children if p.dep_ == "pobj"), None)
            if of is not None:
                inner = self.actor_at(of)
                if inner is not None:
                    return replace(inner, text=self.doc[tok.left_edge.i:of.right_edge.i + 1].text,
                                   start=self.doc[tok.left_edge.i].idx, end=inner.end,
                                   reason=f"{tok.text!r} of {inner.text!r}: {inner.reason}")
            elif low in CROWD_WORDS and tok.dep_ == "nsubj" and tok.head.pos_ == "VERB":
                # "Thousands protested in Caracas", "Hundreds marched": a crowd, of the place
                country, why = self.coref.focus_country(tok, "CVL")
                span = self.doc[tok.left_edge.i:tok.i + 1]
                return self._actor(span, country, "CVL", None,
                                   f"a crowd ({tok.text!r}); " + (why or "no country in the phrase"), "group",
                                   head=tok)

        if tok.pos_ == "PROPN" and (tok.i not in self.mentions or self.mentions[tok.i][1][0].kind in ("city", "person")):
            appos = self._appos_title(tok)      # "Kenzo Oshima, the UN relief coordinator"
            if appos is not None:
                return appos
        mention = self.mentions.get(tok.i)
        if mention is not None:
            span, entries = mention
            return self._from_mention(tok, span, entries)
        if tok.pos_ == "PROPN" and (tok.ent_type_ in ("PERSON", "") or
                                    tok.ent_type_ == "ORG" and self._titled_name(tok)):
            city = self._city_taken_for_a_person(tok)
            if city is not None:
                return city
            person = self._person(tok)
            if person is not None:
                return person
        if tok.pos_ == "NOUN" and tok.i + 1 < len(self.doc):
            # "Former president Obama", "Prime minister Modi" parsed as a title with the name in
            # apposition: the person, when the name is known
            nxt = self.doc[tok.i + 1]
            if nxt.dep_ == "appos" and nxt.head.i == tok.i and nxt.pos_ == "PROPN":
                person = self.actor_at(nxt)
                if person is not None and person.kind == "person" and person.country:
                    span = self.doc[min(tok.left_edge.i, nxt.left_edge.i):nxt.i + 1]
                    while span.start < tok.i and span[0].lower_ in ("the", "a", "an"):
                        span = self.doc[span.start + 1:span.end]
                    return replace(person, text=span.text, start=span.start_char, end=span.end_char)
        found = self._from_noun(tok)
        if found is None and tok.ent_type_ == "NORP" and tok.tag_ in ("NNPS", "NNS") and tok.i not in self.mentions:
            # "Kurds", "Tamils", "Shiites", "Liberals": a named people or faction; "Iraqi Kurds",
            # "Kurds in Syria" are of that country
            span = self._np_span(tok, None)
            home = self._modifier_country(tok) or self._prep_country(tok, ("of", "in", "from", "inside"))
            if home is not None:
                return self._actor(span, home[0], "CVL", None, f"named group {tok.text!r} of {home[1]!r}",
                                   "group", head=tok)
            return self._actor(span, None, "CVL", None, "named group (people, faith or faction) not in the gazetteer",
                               "group", head=tok)
        return found

    def _titled_name(self, tok: Token) -> bool:
        """"Vice-President Moody Awori" (which the NER calls an organisation): a proper name
        after a personal title word is a person's."""
        lefts = [c for c in tok.lefts if c.dep_ in ("compound", "amod")]
        return any(c.lower_ in TITLE_WORDS or c.lower_ in self.k.sector_words for c in lefts[:1])

    def _city_taken_for_a_person(self, tok: Token) -> Actor | None:
        """"shelled Kharkiv", "fighting in Bakhmut": a one-word name the NER calls a person, in
        the slot of a place, that is a city of 50,000 people or more and nobody in the leaders
        base, is the city."""
        if tok.i in self.mentions or tok.dep_ not in ("dobj", "pobj", "nsubjpass") \
                or any(c.dep_ in ("compound", "flat", "amod", "poss") for c in tok.children):
            return None
        if tok.dep_ == "pobj" and tok.head.lower_ not in LOCATIVE_PREPS | {"on", "to", "toward", "towards"}:
            return None
        from ..where.gazetteer import best

        place = best(tok.text)
        if place is None or place.kind != "city" or place.population < 50_000 or not place.country:
            return None
        code = self.k.fold_into.get(place.country, place.country)
        span = self.doc[tok.i:tok.i + 1]
        return self._actor(span, code, None, place.name, f"the city {place.name} ({code}), not a person "
                           f"(geonames:{place.name})", "city", head=tok)

    def _appos_title(self, tok: Token) -> Actor | None:
        """"Kenzo Oshima, the United Nations Emergency Relief Coordinator", "Salaheddine Sidhoum,
        Algeria's leading human rights activist": the apposition says who the person is."""
        for c in tok.children:
            if c.dep_ != "appos" or c.pos_ not in ("NOUN", "PROPN") or c.ent_type_ == "PERSON":
                continue
            a = self.actor_at(c)
            if a is not None and a.resolved and a.kind != "person":
                name_toks = [t for t in tok.subtree if t.i <= tok.i and t.pos_ == "PROPN" and t.i >= tok.left_edge.i]
                name = " ".join(t.text for t in name_toks) or tok.text
                span = self.doc[tok.left_edge.i:c.right_edge.i + 1]
                return self._actor(span, a.country, a.sector, name, f"apposition {c.text!r}: {a.reason}", "person",
                                   head=tok)
        return None

    def _from_mention(self, tok: Token, span: Span, entries: list[Entry]) -> Actor | None:
        e = self._choose(entries)
        # the mention is only a modifier of a bigger noun phrase ("Hamas militants", "US officials")
        head = tok
        if e.kind == "demonym" and not e.plural and tok.dep_ in ("amod", "compound", "nmod"):
            return None
        text_span = self._np_span(tok, span, ("of",) if e.kind == "person" else ("of", "in", "from"))
        if e.kind == "person":
            return self._person_actor(tok, e, text_span)
        sector = e.sector
        if e.kind == "demonym":
            sector = "CVL" if e.plural else None
            if e.plural and span.root.i == tok.i:
                home = self._prep_country(tok, ("of", "in", "from", "inside"))
                if home is not None and home[0] != e.country:
                    return self._actor(self._np_span(tok, span), home[0], "CVL", None,
                                       f"{span.text!r} living in {home[1]!r}", "group", head=tok)
            if after_ethnic(tok) or after_ethnic(self.doc[span.start]):
                return self._actor(self._np_span(tok, span), None, "CVL", None,
                                   f"ethnic group {span.text!r}, not the country", "group", head=tok)
        reason = {"country": "country name", "demonym": "people of the country", "city": "place in the country",
                  "capital": "capital stands for the government", "seat": "seat of power",
                  "org": "organisation", "loaded": "loaded name"}.get(e.kind, e.kind)
        # "Iranian Foreign Ministry" style org names are already complete; a title noun head
        # after an org ("Hamas spokesman") is handled by _from_noun through the modifier.
        return self._actor(text_span, e.country, sector, e.name if e.kind != "demonym" else e.name,
                           f"{reason} ({e.source})", e.kind, code=e.code, head=head)

    def _modifier_country(self, tok: Token) -> tuple[str, str] | None:
        """A country or demonym modifying ``tok`` ("Iraqi Kurds", "Syria's Alawites")."""
        for c in tok.children:
            m = self.mentions.get(c.i) if c.dep_ in ("amod", "compound", "nmod", "poss") else None
            if m is not None:
                e = m[1][0]
                if e.kind in ("country", "demonym", "city", "capital") and e.country and len(e.country) == 3:
                    return e.country, m[0].text
        return None

    def _where_they_are(self, tok: Token) -> tuple[str, str] | None:
        """"Albanians operating in Macedonia", "Serbs living in Croatia": the country of the place
        a reduced relative clause on ``tok`` puts them in."""
        for acl in tok.children:
            if acl.dep_ == "acl" and acl.pos_ == "VERB":
                found = self._prep_country(acl, ("in", "inside"))
                if found is not None:
                    return found
        return None

    def _prep_country(self, tok: Token, preps: tuple[str, ...]) -> tuple[str, str] | None:
        for prep in tok.children:
            if prep.dep_ == "prep" and prep.lower_ in preps:
                for p in prep.children:
                    m = self.mentions.get(p.i) if p.dep_ == "pobj" else None
                    if m is not None:
                        e = m[1][0]
                        if e.kind in ("country", "city", "capital") and e.country and len(e.country) == 3:
                            return e.country, m[0].text
        return None

    def _choose(self, entries: list[Entry]) -> Entry:
        if len(entries) == 1:
            return entries[0]
        people = [e for e in entries if e.kind == "person" and e.person]
        if people and len(people) == len(entries) and self.date:
            in_office = [e for e in people if e.person.term_at(self.date)]
            if in_office:
                return in_office[0]
            # nobody of that name in office: the one who left office last before the date
            # ("Bush" in 2010 is George W.), else the next to take office
            before = [e for e in people if e.person.terms and e.person.terms[0].start <= self.date]
            if before:
                return max(before, key=lambda e: max(t.end or t.start for t in e.person.terms))
        order = {"org": 0, "loaded": 1, "seat": 2, "country": 3, "capital": 4, "person": 5, "demonym": 6, "city": 7}
        return sorted(entries, key=lambda e: order.get(e.kind, 9))[0]

    def _person_actor(self, tok: Token, e: Entry, span: Span, reason_extra: str = "") -> Actor:
        """A leaders-base person; titles in the text win over the base."""
        titled = self._title_info(tok, span)
        country, sector, name = e.country, None, e.name
        how = "leaders base"
        if e.person is not None:
            sector, how = e.person.status_at(self.date)
            how = f"leaders base: {how}"
        if titled is not None:
            t_country, t_sector, t_reason = titled
            country = t_country or country
            sector = t_sector or sector
            how = f"{t_reason}; {how}"
        return self._actor(span, country, sector, name, how + reason_extra, "person", head=tok)

    def _person(self, tok: Token) -> Actor | None:
        """A proper-noun head that is not in the gazetteer: a person named in the text."""
        span = self._np_span(tok, None, ("of",))
        name_ent = tok.ent_type_ if tok.ent_type_ in ("PERSON", "ORG") else "PERSON"   # ORG: a titled name
        name_toks = [t for t in span if t.pos_ == "PROPN" and t.lower_ not in TITLE_WORDS
                     and t.lower_ not in self.k.sector_words
                     and (t.ent_type_ == name_ent or t.i == tok.i) and t.i not in self.mentions]
        if not name_toks:
            return None
        if tok.ent_type_ != "PERSON" and not self._title_info(tok, span):
            return None
        name = " ".join(t.text for t in name_toks)
        titled = self._title_info(tok, span)
        # a surname alone, or a full name seen before in this article
        earlier = self.coref.person_named(name, tok)
        if earlier is not None and titled is None:
            return replace(earlier, text=span.text, start=span.start_char, end=span.end_char,
                           reason=f"same person as {earlier.text!r} earlier in the article")
        known = self._known_person(name)
        if known is not None:
            return self._person_actor(tok, known, span)
        if titled is None:
            return self._actor(span, None, None, name, "person named in the text (no title or base entry)",
                               "person", head=tok)
        country, sector, why = titled
        if country is None and sector in ("GOV", "MIL", "LEG", "JUD", "OPP", "PTY"):
            focus, fwhy = self.coref.focus_country(tok, sector)
            if focus:
                country, why = focus, f"{why}; {fwhy}"
        return self._actor(span, country, sector, name, why, "person", head=tok)

    def _known_person(self, name: str) -> Entry | None:
        entries = [e for e in self.k.lookup(name) if e.kind == "person"]
        if not entries:
            return None
        return self._choose(entries)

    def _title_info(self, tok: Token, span: Span) -> tuple[str | None, str | None, str] | None:
        """Country and sector from titles and modifiers around a name: "Iraqi President Saddam
        Hussein", "Malaysian ambassador to the US Nazri Aziz", "Iran's religious leader"."""
        country = sector = None
        reasons = []
        words = []
        for t in span:
            if t.i >= tok.i:
                break               # titles come before the name ("Reagan in Ottawa" is no title)
            m = self.mentions.get(t.i)
            if m is not None and t.ent_type_ != "PERSON":
                e = self._choose(m[1])
                if e.kind in ("country", "demonym", "capital", "seat", "loaded", "city") and country is None:
                    country = e.country
                    reasons.append(f"{t.text!r} gives {e.country}")
                elif e.kind == "org" and country is None:
                    country = e.country
                    sector = sector or e.sector
                    reasons.append(f"{m[0].text!r} gives {e.country}")
                continue
            if t.pos_ in ("PROPN", "NOUN", "ADJ") and t.ent_type_ != "PERSON":
                words.append(t)
        # the head noun's own modifiers governing the name ("leader" in an apposition)
        gov = tok.head if tok.dep_ == "appos" else None
        if gov is not None and gov.pos_ == "NOUN":
            g = self.actor_at(gov)
            if g is not None:
                return g.country or country, g.sector or sector, f"title {gov.text!r}: {g.reason}"
        words = _join_hyphens(words)
        found = self._sector_of_words(words)
        if found:
            sector = sector or found[0]
            reasons.append(f"title {found[1]!r} is {found[0]}")
        elif country and sector is None and words and words[-1].lower_ in self.k.role_nouns:
            # "UN Secretary-General X", "Kenyan official X": an official of the state or body named
            sector = "GOV"
            reasons.append(f"title {words[-1].lower_!r} of {country} is GOV")
        if country is None and sector is None:
            return None
        return country, sector, "; ".join(reasons) or "title"

    def _sector_of_words(self, words: list) -> tuple[str, str] | None:
        """The sector of the longest phrase of adjacent title words that the lexicon knows."""
        lows = [w.lower_ for w in words]
        whole = " ".join(lows)
        for s in range(len(lows) - 1):          # "defense secretary" is GOV whatever "defense" says
            if " ".join(lows[s:]) in self.k.sector_words:
                return self.k.sector_words[" ".join(lows[s:])], " ".join(lows[s:])
        if whole and any(w in self.k.role_nouns for w in lows[-1:]):
            lows_mod = lows[:-1]
            for w in reversed(lows_mod):
                ms = self.k.modifier_sectors.get(w)
                if ms:
                    return ms, w
            if len(lows) == 1 or not any(" ".join(lows[s:]) in self.k.sector_words for s in range(len(lows))):
                return None
        n = len(lows)
        for size in range(min(self.k.max_sector_words, n), 0, -1):
            for s in range(n - size, -1, -1):
                phrase = " ".join(lows[s:s + size])
                sec = self.k.sector_words.get(phrase)
                if sec is None and size == 1:
                    sec = self.k.sector_words.get(words[s].lemma_.lower())
                if sec:
                    return sec, phrase
        return None

    def _from_noun(self, tok: Token) -> Actor | None:
        """A common-noun head: sector from the noun, country from its modifiers and of/in phrases."""
        k = self.k
        low, lemma = tok.lower_, tok.lemma_.lower()
        mods = _modifiers(tok)
        if lemma in RELATIONAL_NOUNS:
            return self._relational(tok, mods)
        if lemma == "counterpart":
            # "Xi met his Brazilian counterpart": the possessor is the other side, never this one's
            mods = [t for t in mods if t.dep_ != "poss"]
        # sector: longest known phrase ending at the head ("foreign ministry", "riot police")
        sector, phrase = None, None
        left = [t for t in mods if t.i < tok.i and t.dep_ in ("compound", "amod") and t.i not in self.mentions]
        left.sort(key=lambda t: t.i)
        chain = []
        for t in reversed(left):                       # adjacent modifiers only
            if t.i == (chain[0].i if chain else tok.i) - 1 or (chain == [] and t.i == tok.i - 1):
                chain.insert(0, t)
        words = [t.lower_ for t in chain] + [low]
        for s in range(max(0, len(words) - k.max_sector_words), len(words)):
            p = " ".join(words[s:])
            if p in k.sector_words:
                sector, phrase = k.sector_words[p], p
                break
        if sector is None:
            for cand in (low, lemma):
                if cand in k.sector_words:
                    sector, phrase = k.sector_words[cand], cand
                    break
        is_role = low in k.role_nouns or lemma in k.role_nouns
        reasons = []
        if sector:
            reasons.append(f"{phrase!r} is {sector}")
        if is_role:
            for t in mods:
                if t.dep_ in ("compound", "amod", "nmod") and t.i not in self.mentions:
                    ms = k.modifier_sectors.get(t.lower_) or k.modifier_sectors.get(t.lemma_.lower())
                    if ms:
                        sector, phrase = ms, t.lower_
                        reasons = [f"{t.text!r} makes it {ms}"]
                        break
        # country (and organisation) from modifiers, possessors, appositions, preps
        country = name = code = None
        org_sector = None
        kind = "group"
        ethnic = None
        if sector is None and not is_role and any(t.dep_ == "poss" for t in mods) \
                and tok.i not in self.mentions and not any(
                    t.dep_ in ("compound", "amod", "nmod") and t.i in self.mentions for t in mods):
            return None     # "Interpol's constitution", "Iran's nuclear programme": a thing of theirs
        for t in sorted(mods, key=lambda t: t.i):
            m = self.mentions.get(t.i)
            if m is not None and ethnic is None and m[1][0].kind == "demonym" and after_ethnic(t):
                # "ethnic Albanian guerrillas operating in Macedonia": a people, not a state;
                # the country is where they are, when the phrase says it
                ethnic = (t, self._choose(m[1]))
                continue
            if m is None:
                if t.dep_ == "poss" and t.pos_ in ("PROPN", "NOUN", "PRON"):
                    sub = self.actor_at(t)
                    if sub is not None and sub.country:
                        country, org_sector = sub.country, sub.sector if sub.kind == "org" else None
                        reasons.append(f"possessor {sub.text!r} gives {sub.country}")
                        break
                continue
            e = self._choose(m[1])
            if e.kind == "person":
                continue
            country = e.country
            if e.kind == "org":
                name, code, org_sector = e.name, e.code, e.sector
                kind = "org"
            reasons.append(f"{m[0].text!r} gives {e.country} ({e.source})")
            break
        if country is None:
            for prep in tok.children:
                if prep.dep_ == "prep" and prep.lower_ in COUNTRY_PREPS:
                    for pobj in prep.children:
                        if pobj.dep_ != "pobj":
                            continue
                        sub = self.actor_at(pobj) or self._place_noun(pobj)
                        if sub is not None and sub.country:
                            country = sub.country
                            if sub.kind == "org" and sub.sector and (sector is None or is_role):
                                org_sector = sub.sector
                            if is_role and sector is None and sub.sector and sub.kind != "person":
                                sector = sub.sector
                            reasons.append(f"'{prep.text} {sub.text}' gives {sub.country}")
                            break
                    if country:
                        break
        if ethnic is not None and country is None:
            place = self._where_they_are(tok)
            if place is not None:
                country = place[0]
                reasons.append(f"ethnic {ethnic[0].text!r} is a people; '{place[1]}' gives {country}")
            else:
                country = ethnic[1].country
                reasons.append(f"ethnic {ethnic[0].text!r} gives {country} (no place named)")
        if org_sector and (sector is None or (is_role and kind == "org")
                           or (kind == "org" and sector in ARMED_SECTORS and org_sector in ARMED_SECTORS)):
            # "Interahamwe militiamen" are the Interahamwe's (PRM), whatever "militiamen" says
            if sector is not None and sector != org_sector:
                reasons.append(f"as {name or 'the organisation'}'s people: {org_sector}")
            sector = org_sector         # "RSF commanders" are the RSF's, "Hamas officials" Hamas's
        if country is None and sector is None and kind != "org":
            ante = self.coref.definite(tok)
            if ante is not None:
                return ante
        if sector is None and is_role and country:
            if country not in ("IGO", "UNO", "EUR", "NGO", "WST") and kind != "org":
                sector = "GOV"
                reasons.append(f"{tok.text!r} of a state defaults to GOV")
        if sector is None and country is None:
            return None
        if sector is None and kind != "org" and not self.mentions.get(tok.i):
            # a plain noun with a country modifier but no agent meaning ("Iranian oil") is no actor
            return None
        if kind == "org" and org_sector and sector in (None, "GOV") and not is_role:
            sector = org_sector if sector is None else sector
        # a definite role noun with no country: "the president said" -> the last president named
        if country is None and sector in ("GOV", "MIL", "LEG", "JUD") and tok.tag_ in ("NN", "NNP"):
            prior = self.coref.role_noun(tok)
            if prior is not None:
                return prior
        if country is None and sector == "MIL" and kind != "org" and _multinational(tok):
            # "an international peacekeeping force", "a multinational force", "a regional
            # peacekeeping force": a force of several states (an IGO's), not the place's army
            country = "IGO"
            reasons.append("a force of several states: IGO")
        # "the army", "police", "protesters" with no country: the place or the article's country
        if country is None and sector is not None and not is_role and kind != "org" \
                and sector not in ("UNK",) and not _indefinite(tok) and not _foreign(tok) \
                and lemma != "counterpart":         # another state's, by definition
            focus, why = self.coref.focus_country(tok, sector)
            if focus:
                country = focus
                reasons.append(why)
        span = self._np_span(tok, None)
        if country is None:
            reasons.append("no country in the phrase")
        elif name is None and kind != "org":
            holder = self._office_holder(words, tok, country)
            if holder is not None:
                name = holder[0]
                reasons.append(holder[1])
        return self._actor(span, country, sector, name, "; ".join(reasons), kind, code=code, head=tok)

    def _office_holder(self, words: list[str], tok: Token, country: str) -> tuple[str, str] | None:
        """"the Malaysian prime minister" on the article's date names the holder of the office."""
        if self.date is None or tok.tag_ not in ("NN", "NNP") or _indefinite(tok):
            return None
        for s in range(len(words)):
            office = self.k.offices.get(" ".join(words[s:]))
            if office:
                person = self.k.holder(country, office, self.date)
                if person is not None:
                    return person.name, f"the {office} of {country} on {self.date.isoformat()} (leaders base)"
                return None
        return None

    def _place_noun(self, tok: Token) -> Actor | None:
        """"Sindh province", "the Kurdish region", "the port city of Hodeidah": a place noun named
        by a place, as the object of "the government of ...": the country of the place."""
        if tok.lemma_.lower() not in PLACE_NOUNS:
            return None
        named = [c for c in tok.children if c.dep_ in ("compound", "amod", "nmod")]
        named += [p for c in tok.children if c.dep_ == "prep" and c.lower_ == "of" for p in c.children
                  if p.dep_ == "pobj"]
        for c in named:
            m = self.mentions.get(c.i)
            if m is not None and m[1][0].kind in ("country", "city", "capital", "demonym") and m[1][0].country:
                e = m[1][0]
                span = self._np_span(tok, None)
                return Actor(text=span.text, country=e.country, reason=f"{span.text!r} is in {e.country}",
                             start=span.start_char, end=span.end_char, kind="place")
        return None

    def _relational(self, tok: Token, mods: list[Token]) -> Actor | None:
        """"its EU partners", "NATO allies": the members of the organisation named, never the
        possessor ("Ukraine's allies" are not Ukraine)."""
        for t in sorted(mods, key=lambda t: t.i):
            m = self.mentions.get(t.i) if t.dep_ in ("compound", "amod", "nmod") else None
            if m is None:
                continue
            e = self._choose(m[1])
            if e.kind in ("org", "loaded") and e.country:
                return self._actor(self._np_span(tok, None), e.country, None, e.name,
                                   f"{tok.text!r} of {m[0].text!r}: the members ({e.source})", "org", code=e.code,
                                   head=tok)
        return None

    # ---- helpers ----------------------------------------------------------------------------
    def _np_span(self, tok: Token, mention: Span | None, preps: tuple[str, ...] = ("of", "in", "from")) -> Span:
        """The words of the actor as written: the head with its modifiers (no clauses); of a
        person, no place phrase ("Reagan in Ottawa" is Reagan)."""
        lo = hi = tok.i
        if mention is not None:
            lo, hi = mention.start, mention.end - 1
        for t in _modifiers(tok):
            if t.dep_ in ("det", "punct", "case", "cc", "prep", "appos", "nummod", "quantmod"):
                continue
            lo, hi = min(lo, t.left_edge.i if t.dep_ in ("poss", "compound") else t.i), max(hi, t.i)
        for prep in tok.children:
            if prep.dep_ == "prep" and prep.lower_ in preps and prep.i == hi + 1:
                pobj = [c for c in prep.children if c.dep_ == "pobj"]
                if pobj and (pobj[0].i in self.mentions or pobj[0].ent_type_ in ("GPE", "ORG", "NORP")):
                    hi = pobj[0].right_edge.i if pobj[0].right_edge.i - prep.i < 8 else pobj[0].i
        while lo < tok.i and self.doc[lo].is_punct:
            lo += 1
        if self.doc[lo].lower_ in ("the", "a", "an") and lo < hi:
            lo += 1
        return self.doc[lo:hi + 1]

    def _actor(self, span: Span, country, sector, name, reason, kind, code=None, head=None) -> Actor:
        if name is None and country and sector is None and kind in ("country",):
            name = self.k.country_names.get(country)
        if name is None and kind in ("country", "capital", "seat") and country:
            name = self.k.country_names.get(country, country)
        return Actor(text=span.text, country=country, sector=sector,
                     code=code or actor_code(country, sector), name=name, reason=reason,
                     start=span.start_char, end=span.end_char, kind=kind)


class _Word:
    """A title word made of hyphenated tokens ("Secretary-General")."""
    __slots__ = ("lower_", "lemma_", "i")

    def __init__(self, text: str, i: int):
        self.lower_ = text.lower()
        self.lemma_ = text.lower()
        self.i = i


def _join_hyphens(words: list[Token]) -> list:
    out: list = []
    k = 0
    while k < len(words):
        w = words[k]
        nxt = w.nbor(1) if w.i + 1 < len(w.doc) else None
        if nxt is not None and nxt.text == "-" and k + 1 < len(words) and words[k + 1].i == w.i + 2:
            out.append(_Word(f"{w.text}-{words[k + 1].text}", w.i))
            k += 2
            continue
        out.append(w)
        k += 1
    return out


def _modifiers(tok: Token) -> list[Token]:
    """Modifier tokens of a noun phrase head, through compound chains."""
    out = []
    stack = list(tok.children)
    while stack:
        t = stack.pop()
        if t.dep_ in MODIFIER_DEPS or t.dep_ in ("det", "appos", "case", "punct", "nummod", "quantmod"):
            out.append(t)
            if t.dep_ in ("compound", "amod", "nmod"):
                stack.extend(c for c in t.children if c.dep_ in MODIFIER_DEPS)
    return out


def _indefinite(tok: Token) -> bool:
    """"a soldier", "some officials": an indefinite phrase does not inherit the article's country."""
    return any(c.dep_ == "det" and c.lower_ in ("a", "an", "some", "any", "another") for c in tok.children)


def _conjuncts(tok: Token) -> list[Token]:
    out, stack = [], [c for c in tok.children if c.dep_ == "conj"]
    while stack:
        t = stack.pop(0)
        out.append(t)
        stack.extend(c for c in t.children if c.dep_ == "conj")
    return out


def after_ethnic(t: Token) -> bool:
    """"ethnic Albanian", "ethnically Serb": the demonym names a people."""
    return any(c.lower_ in ("ethnic", "ethnically") for c in t.children) or \
        (t.i > 0 and t.doc[t.i - 1].lower_ in ("ethnic", "ethnically"))


#: "foreign forces", "international troops", "outside powers": not the place's own
FOREIGN_WORDS = frozenset({"foreign", "international", "multinational", "outside", "overseas", "external",
                           "alien"})


def _multinational(t: Token) -> bool:
    mods = {c.lower_ for c in t.children if c.dep_ in ("amod", "compound")}
    return bool(mods & {"international", "multinational", "multi-national"}) or \
        ("regional" in mods and bool(mods & {"peacekeeping", "peace-keeping", "stabilisation", "stabilization"}))


def _foreign(t: Token) -> bool:
    return any(c.dep_ == "amod" and c.lower_ in FOREIGN_WORDS for c in t.children)

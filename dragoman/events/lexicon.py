"""The event lexicon: package data under ``data/`` read into indexes the coder uses.

* ``data/lexicon/*.yaml`` — verb and noun patterns, each mapped to one CAMEO code (PLOVER type,
  mode and context follow from the ontology table unless the entry overrides them);
* ``data/frames.yaml`` — verbs that take another event as their content ("urged X to release",
  "agreed to withdraw", "refused to countenance a ceasefire", "threatened to cut ties"), the
  light verbs that hand their subject to an event noun ("launched air strikes"), and the
  content maps that turn a frame plus its content into a CAMEO code;
* ``data/guards.yaml`` — what must not be coded (metaphors, sports, disasters, captions).

See docs/lexicon.md for the entry format. Everything is indexed by lemma once per process.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from importlib import resources

from ..datafile import load_yaml_text
from ..ontology import cameo_table

DEFAULT_RECIPIENT = ("object", "dative", "against", "on", "upon", "with", "to", "toward", "towards",
                     "at", "into", "over")
NOUN_RECIPIENT = ("against", "on", "upon", "with", "to", "toward", "towards", "at", "into", "over", "of")
FRAME_KINDS = ("appeal", "demand", "intent", "reject", "threaten", "accuse", "deny", "cause", "future",
               "attempt", "agree_with", "accept", "investigate", "statement", "consider")


def _tuple(v) -> tuple[str, ...]:
    if v is None:
        return ()
    if isinstance(v, (list, tuple)):
        return tuple(str(x).lower() for x in v)
    return (str(v).lower(),)


@dataclass(frozen=True, slots=True)
class Entry:
    """One verb or noun pattern and the CAMEO code it gives."""
    id: str
    cameo: str
    pos: str                                  # "verb" or "noun"
    lemmas: tuple[str, ...]
    particle: tuple[str, ...] = ()            # "call off", "pull out"
    prep: tuple[str, ...] = ()                # a required preposition child ("call for")
    object: tuple[str, ...] = ()              # required object head lemmas ("impose sanctions"); ("*",): any
    object_mod: tuple[str, ...] = ()          # required modifier of the object ("economic aid")
    context_words: tuple[str, ...] = ()       # one of these lemmas must be in the sentence
    recipient: tuple[str, ...] = DEFAULT_RECIPIENT
    symmetric: bool = False                   # code both directions ("met", "talks between")
    passive_only: bool = False
    patient_acts: bool = False                # passive, no agent: the subject is the actor
                                              # ("the guerrillas were demobilized")
    state_act: str | None = None              # only a state does it: in the passive with no agent,
                                              # the state of the place named acts, in this sector
                                              # ("was arrested in Lebanon": LBN COP)
    needs_light: bool = False                 # nouns: only governed by a light verb, or with a
                                              # "with"/"between" party ("signed the treaty")
    poss_target: bool = False                 # nouns: a possessor is the target unless an "of"
                                              # object is ("Khashoggi's killing", "his arrest"; but
                                              # "Israel's killing of civilians")
    of_actor: bool = False                    # nouns: the "of" object is the actor ("the exit of
                                              # the UK from the EU", "the visit of the Pope")
    mode: str | None = None
    context: tuple[str, ...] | None = None
    type: str | None = None                   # PLOVER type override ("resign" is RETREAT)
    object_not: tuple[str, ...] = ()          # the entry does not hold with these objects (the
                                              # direct object or a recipient preposition's); "-ing":
                                              # nor with a gerund ("withdrew from using")
    confidence: float = 1.0
    source: str = ""

    @property
    def specificity(self) -> int:
        obj = 0 if self.object == ("*",) else 3 * bool(self.object)      # "*": any direct object
        return obj + (2 * bool(self.object_mod)) + (2 * bool(self.prep)) \
            + (2 * bool(self.particle)) + bool(self.context_words)

    def signature(self) -> tuple:
        return (self.pos, self.lemmas, self.particle, self.prep, self.object, self.object_mod,
                self.context_words, self.passive_only)


@dataclass(frozen=True, slots=True)
class Frame:
    """A verb whose content is another event: the frame kind plus the content give the code."""
    id: str
    kind: str
    lemmas: tuple[str, ...]
    prep: tuple[str, ...] = ()               # "call for", "call on"
    particle: tuple[str, ...] = ()
    recipient: tuple[str, ...] = ("object",)  # where the addressee is ("urged X", "called on X")
    content: tuple[str, ...] = ("xcomp", "ccomp", "object")   # or prepositions ("for")
    default: str | None = None               # code when no content is found (None: no event)
    object_required: bool = False
    xcomp_required: bool = False
    ccomp_required: bool = False             # "agreed that ...": a that-clause and no infinitive
    addressee_required: bool = False         # "wants Germany to pay": someone else is to act
    object_not: tuple[str, ...] = ()          # objects that make it another verb ("seek office")
    default_needs_party: bool = False        # the default code only with a recipient or two
                                             # subjects ("the two sides agreed"; not "X agreed,
                                             # saying ...": a concurring opinion)
    confidence: float = 1.0
    source: str = ""


@dataclass(slots=True)
class Lexicon:
    entries: list[Entry] = field(default_factory=list)
    frames: list[Frame] = field(default_factory=list)
    verbs: dict[str, list[Entry]] = field(default_factory=dict)
    nouns: dict[str, list[Entry]] = field(default_factory=dict)
    frame_verbs: dict[str, list[Frame]] = field(default_factory=dict)
    light_verbs: frozenset[str] = frozenset()
    content_maps: dict[str, dict[str, str]] = field(default_factory=dict)
    speech_verbs: frozenset[str] = frozenset()
    content_words: dict[str, str] = field(default_factory=dict)
    final_words: dict[str, dict[str, str]] = field(default_factory=dict)
    noun_frames: dict[str, str] = field(default_factory=dict)
    re_verbs: frozenset[str] = frozenset()
    lapse_verbs: frozenset[str] = frozenset()
    naming_verbs: frozenset[str] = frozenset()
    cognitive_verbs: frozenset[str] = frozenset()
    motion_verbs: frozenset[str] = frozenset()
    guards: dict = field(default_factory=dict)

    @classmethod
    @cache
    def load(cls) -> "Lexicon":
        """The lexicon files, built once per process (and kept in the build cache)."""
        from ..buildcache import cached, data_files

        return cached("lexicon", cls._build, data_files(__package__))

    @classmethod
    def _build(cls) -> "Lexicon":
        lex = cls()
        root = resources.files(__package__).joinpath("data")
        for f in sorted(root.joinpath("lexicon").iterdir(), key=lambda p: p.name):
            if f.name.endswith(".yaml"):
                for item in load_yaml_text(f.read_text(encoding="utf-8")) or ():
                    lex.entries.extend(_entries(item, f"lexicon/{f.name}"))
        frames = load_yaml_text(root.joinpath("frames.yaml").read_text(encoding="utf-8")) or {}
        for item in frames.get("frames") or ():
            lex.frames.append(_frame(item))
        lex.light_verbs = frozenset(_tuple(frames.get("light_verbs")))
        lex.speech_verbs = frozenset(_tuple(frames.get("speech_verbs")))
        lex.content_maps = {k: {str(a): str(b) for a, b in (v or {}).items()}
                            for k, v in (frames.get("content") or {}).items()}
        lex.content_words = {str(k).lower(): str(v) for k, v in (frames.get("content_words") or {}).items()}
        lex.final_words = {kind: {str(k).lower(): str(v) for k, v in (tbl or {}).items()}
                           for kind, tbl in (frames.get("final_words") or {}).items()}
        lex.re_verbs = frozenset(_tuple(frames.get("re_verbs")))
        lex.lapse_verbs = frozenset(_tuple(frames.get("lapse_verbs")))
        lex.naming_verbs = frozenset(_tuple(frames.get("naming_verbs")))
        lex.cognitive_verbs = frozenset(_tuple(frames.get("cognitive_verbs")))
        lex.motion_verbs = frozenset(_tuple(frames.get("motion_verbs")))
        lex.noun_frames = {str(k).lower(): str(v) for k, v in (frames.get("noun_frames") or {}).items()}
        lex.guards = load_yaml_text(root.joinpath("guards.yaml").read_text(encoding="utf-8")) or {}
        for e in lex.entries:
            index = lex.verbs if e.pos == "verb" else lex.nouns
            for lemma in e.lemmas:
                index.setdefault(lemma, []).append(e)
        for idx in (lex.verbs, lex.nouns):
            for lst in idx.values():
                lst.sort(key=lambda e: -e.specificity)
        for fr in lex.frames:
            for lemma in fr.lemmas:
                lex.frame_verbs.setdefault(lemma, []).append(fr)
        for lst in lex.frame_verbs.values():
            lst.sort(key=lambda f: -(2 * bool(f.prep) + 2 * bool(f.particle) + f.object_required + f.xcomp_required
                                 + f.ccomp_required + f.addressee_required))
        return lex

    def content_code(self, kind: str, content: str | None) -> str | None:
        """The code for a frame of ``kind`` whose content has code ``content`` (longest prefix)."""
        table = self.content_maps.get(kind)
        if not table:
            return content
        if content:
            for n in range(len(content), 1, -1):
                hit = table.get(content[:n])
                if hit:
                    return None if hit == "none" else hit
        d = table.get("default")
        return None if d in (None, "none") else d

    def validate(self) -> list[str]:
        """Problems in the lexicon data: unknown codes, duplicate ids, colliding patterns."""
        problems = []
        table = cameo_table()
        seen_ids: dict[str, str] = {}
        seen_sig: dict[tuple, str] = {}
        for e in self.entries:
            if e.cameo not in table:
                problems.append(f"{e.source}: {e.id}: unknown CAMEO code {e.cameo}")
            if e.id in seen_ids:
                problems.append(f"{e.source}: duplicate id {e.id!r} (also in {seen_ids[e.id]})")
            seen_ids[e.id] = e.source
            for lemma in e.lemmas:
                sig = (lemma,) + e.signature()[2:] + (e.pos,)
                if sig in seen_sig and seen_sig[sig] != e.id:
                    problems.append(f"{e.source}: {e.id} collides with {seen_sig[sig]} on {lemma!r}")
                seen_sig[sig] = e.id
        for word, code in self.content_words.items():
            if code not in table:
                problems.append(f"frames.yaml: content_words.{word}: unknown CAMEO code {code}")
        for kind, tbl in self.final_words.items():
            for word, code in tbl.items():
                if code not in table:
                    problems.append(f"frames.yaml: final_words.{kind}.{word}: unknown CAMEO code {code}")
        from ..ontology import event_types, modes_of

        for e in self.entries:
            typ = e.type or (table[e.cameo].plover_event if e.cameo in table else None)
            if e.type and e.type not in event_types():
                problems.append(f"{e.source}: {e.id}: unknown PLOVER type {e.type}")
            elif e.mode and typ and e.mode not in modes_of(typ):
                problems.append(f"{e.source}: {e.id}: mode {e.mode!r} is not a mode of {typ}")
        for kind, tbl in self.content_maps.items():
            for k, v in tbl.items():
                if v not in ("none",) and v not in table:
                    problems.append(f"frames.yaml: content.{kind}.{k}: unknown CAMEO code {v}")
        for noun, kind in self.noun_frames.items():
            if kind not in self.content_maps:
                problems.append(f"frames.yaml: noun_frames.{noun}: no content map for kind {kind!r}")
        for f in self.frames:
            if f.kind not in FRAME_KINDS:
                problems.append(f"frames.yaml: {f.id}: unknown frame kind {f.kind!r}")
            if f.default and f.default not in table:
                problems.append(f"frames.yaml: {f.id}: unknown CAMEO code {f.default}")
        return problems


def _entries(item: dict, source: str) -> list[Entry]:
    if "verb" in item and "noun" in item:
        raise ValueError(f"{source}: {item.get('id')}: an entry is a verb or a noun pattern, not both")
    pos = "verb" if "verb" in item else "noun"
    lemmas = _tuple(item.get(pos))
    if not lemmas or "cameo" not in item or "id" not in item:
        raise ValueError(f"{source}: entry {item!r} needs id, cameo and verb or noun")
    default_recipient = DEFAULT_RECIPIENT if pos == "verb" else NOUN_RECIPIENT
    ctx = item.get("context")
    return [Entry(
        id=str(item["id"]), cameo=str(item["cameo"]), pos=pos, lemmas=lemmas,
        particle=_tuple(item.get("particle")), prep=_tuple(item.get("prep")),
        object=_tuple(item.get("object")), object_mod=_tuple(item.get("object_mod")),
        context_words=_tuple(item.get("context_words")),
        recipient=_tuple(item["recipient"]) if "recipient" in item else default_recipient,
        symmetric=bool(item.get("symmetric", False)), passive_only=bool(item.get("passive_only", False)),
        patient_acts=bool(item.get("patient_acts", False)), of_actor=bool(item.get("of_actor", False)),
        object_not=_tuple(item.get("object_not")), poss_target=bool(item.get("poss_target", False)),
        needs_light=bool(item.get("needs_light", False)),
        state_act=str(item["state_act"]).upper() if item.get("state_act") else None,
        mode=item.get("mode"), context=_tuple(ctx) if ctx is not None else None,
        type=str(item["type"]).upper() if item.get("type") else None,
        confidence=float(item.get("confidence", 1.0)), source=source)]


def _frame(item: dict) -> Frame:
    return Frame(id=str(item["id"]), kind=str(item["kind"]), lemmas=_tuple(item["verb"]),
                 prep=_tuple(item.get("prep")), particle=_tuple(item.get("particle")),
                 recipient=_tuple(item.get("recipient", "object")),
                 content=_tuple(item.get("content", ("xcomp", "ccomp", "object"))),
                 default=str(item["default"]) if item.get("default") else None,
                 object_required=bool(item.get("object_required", False)),
                 xcomp_required=bool(item.get("xcomp_required", False)),
                 ccomp_required=bool(item.get("ccomp_required", False)),
                 addressee_required=bool(item.get("addressee_required", False)),
                 object_not=_tuple(item.get("object_not")),
                 default_needs_party=bool(item.get("default_needs_party", False)),
                 confidence=float(item.get("confidence", 1.0)), source="frames.yaml")

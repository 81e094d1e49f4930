"""The pipeline: read -> parse -> actors -> events -> when/where -> quotes/figures -> Article.

``Pipeline`` holds one instance of each stage (loaded once per process); ``code_text`` is the
one-call library API. Engines (``dragoman.engine``) run ``Pipeline.code_stream`` in parallel.
"""
from __future__ import annotations

import re
import time
from collections import Counter
from dataclasses import dataclass
from datetime import date as _date
from typing import Iterable, Iterator

from spacy.tokens import Doc

from .config import Config
from .record import Article, Event, RawArticle

# "DAMASCUS, SYRIA (1:45 P.M.) - ...", "KUALA LUMPUR (Reuters) -- ...": a wire dateline at the
# start of a line is blanked out (same length, so character offsets stay true)
_DATELINE = re.compile(
    r"(?m)^[ \t]*(?=[A-Z]{3})[A-Z][A-Z'.\-]+(?:[ ]+[A-Z][A-Z'.\-]+)*"          # KUALA LUMPUR
    r"(?:(?:,[ \t]*[A-Z][A-Za-z'.\-]+(?:[ ]+[A-Z][A-Za-z'.\-]+)*)?[ \t]*\([^()\n]{1,40}\)"  # , Syria (AFP)
    r"|,[ \t]*[A-Z][A-Za-z'.\-]+(?:[ ]+[A-Z][A-Za-z'.\-]+)*)"                   # , SYRIA
    r"[ \t]*(?:-{1,2}|\u2013|\u2014)[ \t]+"
    r"|^[ \t]*(?=[A-Z]{4})[A-Z][A-Z'.\-]+(?:[ ]+[A-Z][A-Z'.\-]+)*[ \t]*(?:--|\u2013|\u2014)[ \t]+")


def strip_datelines(text: str) -> str:
    return _DATELINE.sub(lambda m: " " * len(m.group(0)), text)


SIZE_KEYS = {"killed": "dead", "dead": "dead", "injured": "injured", "wounded": "injured",
             "arrested": "arrested", "detained": "arrested"}


@dataclass(slots=True)
class Prepared:
    """An article checked and ready to parse, or already refused (``text`` is None)."""
    raw: RawArticle
    text: str | None
    warnings: list[str]


class Pipeline:
    def __init__(self, config: Config | None = None):
        self.config = config or Config()
        self._ready = False
        self.timings: Counter = Counter()     # seconds spent per stage in this process

    # stages are built lazily so a Pipeline can be pickled to workers cheaply
    def _load(self) -> None:
        if self._ready:
            return
        from .actors import ActorResolver
        from .events import EventCoder
        from .parse import load_nlp
        from .when import DateResolver
        from .where import Locator

        self.nlp = load_nlp(self.config.model)
        self.actors = ActorResolver(self.nlp, self.config)
        self.coder = EventCoder(self.nlp, self.config)
        self.dates = DateResolver()
        self.locator = Locator()
        self._ready = True

    def __getstate__(self):
        return {"config": self.config}

    def __setstate__(self, state):
        self.config = state["config"]
        self._ready = False
        self.timings = Counter()

    # --- checks before parsing -------------------------------------------------------------
    def prepare(self, raw: RawArticle) -> Prepared:
        from .parse import is_english

        warnings = list(raw.warnings)
        text = raw.text.replace("\x00", "")
        if len(text.strip()) < self.config.min_chars:
            warnings.append(f"{raw.origin or raw.doc_id}: empty article, nothing to code")
            return Prepared(raw, None, warnings)
        if len(text) > self.config.max_chars:
            warnings.append(f"{raw.origin or raw.doc_id}: article is {len(text):,} characters; "
                            f"coded the first {self.config.max_chars:,}")
            text = text[: self.config.max_chars]
        text = strip_datelines(text)
        if self.config.language_check:
            ok, lang = is_english(text)
            if not ok:
                warnings.append(f"{raw.origin or raw.doc_id}: article is in another language "
                                f"({lang!r}), not English; skipped")
                return Prepared(raw, None, warnings)
        return Prepared(raw, text, warnings)

    # --- coding ----------------------------------------------------------------------------
    def code_stream(self, raws: Iterable[RawArticle]) -> Iterator[Article]:
        """Code articles in order, parsing in batches; refused articles come back with warnings."""
        self._load()
        prepared = (self.prepare(r) for r in raws)
        batch: list[Prepared] = []
        for p in prepared:
            batch.append(p)
            if len(batch) >= self.config.batch_size:
                yield from self._code_batch(batch)
                batch = []
        if batch:
            yield from self._code_batch(batch)

    def _code_batch(self, batch: list[Prepared]) -> Iterator[Article]:
        texts = [p.text for p in batch if p.text is not None]
        t0 = time.perf_counter()
        try:
            parsed = self._parse(texts) if texts else []
        except Exception:               # one bad text must not cost the batch: parse one by one
            parsed = [self._parse_one(t) for t in texts]
        self.timings["parse"] += time.perf_counter() - t0
        docs = iter(parsed)
        for p in batch:
            if p.text is None:
                art = self._article(p.raw, p.warnings)
                art.coded = False
                yield art
                continue
            doc = next(docs)
            if doc is None:
                yield self._failed(p, "the parser failed on this article")
                continue
            try:
                yield self.code_doc(doc, p.raw, p.warnings, text=p.text)
            except Exception as exc:    # a coder bug is reported for the article, the batch goes on
                yield self._failed(p, f"coding failed ({type(exc).__name__}: {exc})")

    def _parse(self, texts: list[str]) -> list:
        """Parse texts; a long one in pieces cut at paragraph ends, joined back into one Doc with
        the same text and offsets. spaCy's parse needs ~4 MB per 1,000 characters in flight, so a
        100,000-character article parsed whole would hold 400 MB more than any piece of it."""
        size = self.config.parse_chars
        if all(len(t) <= size for t in texts):
            return list(self.nlp.pipe(texts))
        short = iter(self.nlp.pipe([t for t in texts if len(t) <= size]))
        out = []
        for t in texts:
            if len(t) <= size:
                out.append(next(short))
            else:   # two pieces at a time: the memory of a batch of ordinary articles
                parts = list(self.nlp.pipe(split_for_parse(t, size), batch_size=2))
                out.append(Doc.from_docs(parts, ensure_whitespace=False))
        return out

    def _parse_one(self, text: str):
        try:
            return self._parse([text])[0]
        except Exception:
            return None

    def _failed(self, p: Prepared, why: str) -> Article:
        art = self._article(p.raw, p.warnings + [f"{p.raw.origin or p.raw.doc_id}: {why}"])
        art.coded = False
        return art

    def code_article(self, raw: RawArticle) -> Article:
        return next(self.code_stream([raw]))

    def code_doc(self, doc, raw: RawArticle, warnings: list[str] | None = None, text: str | None = None) -> Article:
        """Code a parsed article. ``text`` is the text ``doc`` was parsed from, when the caller has
        it (spaCy rebuilds ``Doc.text`` from every token on each call)."""
        from .figures import extract_figures
        from .quotes import extract_quotes

        self._load()
        clock = time.perf_counter
        timings = self.timings
        art = self._article(raw, warnings if warnings is not None else list(raw.warnings))
        art.text = text = doc.text if text is None else text
        sents = list(doc.sents)
        adate = _parse_date(raw.date)
        t0 = clock()
        actors = self.actors.annotate(doc, adate, sents)
        coded = list(self.coder.code(doc, actors, sents))
        t1 = clock()
        timings["actors+events"] += t1 - t0
        events: list[Event] = []
        t_when = t_where = 0.0
        for ev, trig_tok, sent, used in coded:
            ta = clock()
            whens = self.dates.event_dates(sent, trig_tok, adate)
            tb = clock()
            loc = self.locator.event_location(sent, trig_tok, used)
            t_when += tb - ta
            t_where += clock() - tb
            for k, when in enumerate(whens):
                e = ev if k == 0 else _copy_event(ev)
                e.date, e.date_precision = when.date, when.precision
                if when.historical and "historical" not in e.aux_modes:
                    e.aux_modes.append("historical")
                e.location = loc
                events.append(e)
        timings["when"] += t_when
        timings["where"] += t_where
        art.events = [e for e in events if e.confidence >= self.config.min_confidence]
        t2 = clock()
        art.quotes = extract_quotes(doc, actors.actor_at, text=text, sents=sents)
        t3 = clock()
        art.figures = extract_figures(doc, actors.actor_at,
                                      lambda s, t: self.locator.event_location(s, t), article_date=adate,
                                      sents=sents)
        _attach_sizes(art)
        t4 = clock()
        timings["quotes"] += t3 - t2
        timings["figures"] += t4 - t3
        timings["sentences"] += len(sents)
        timings["articles"] += 1
        return art

    @staticmethod
    def _article(raw: RawArticle, warnings: list[str]) -> Article:
        return Article(doc_id=raw.doc_id or raw.content_hash(), source=raw.source, date=raw.date,
                       title=raw.title, warnings=warnings, url=raw.url, text=raw.text,
                       content_hash=raw.content_hash(), origin=raw.origin)


def split_for_parse(text: str, size: int) -> list[str]:
    """Cut ``text`` into pieces of at most about ``size`` characters that join back into it:
    after a paragraph break where there is one, else after a sentence end, else after a space."""
    out: list[str] = []
    start, n = 0, len(text)
    while n - start > size:
        window = text[start:start + size]
        cut = window.rfind("\n")
        if cut < size // 4:
            cut = max(window.rfind(". "), window.rfind("? "), window.rfind("! "))
            cut = cut + 1 if cut >= size // 4 else window.rfind(" ")
        if cut <= 0:
            cut = size - 1
        end = start + cut + 1
        while end < n and text[end].isspace():      # the whitespace goes with the piece before
            end += 1
        out.append(text[start:end])
        start = end
    if start < n:
        out.append(text[start:])
    return out


def _parse_date(value: str | None) -> _date | None:
    if not value:
        return None
    try:
        return _date.fromisoformat(value[:10])
    except ValueError:
        return None


def _copy_event(ev: Event) -> Event:
    from dataclasses import replace

    return replace(ev, aux_modes=list(ev.aux_modes), context=list(ev.context))


def _attach_sizes(art: Article) -> None:
    """Fill PLOVER's size object (dead, injured, arrested) from figures in the event's sentence."""
    by_sentence: dict[int, dict[str, int]] = {}
    for f in art.figures:
        key = SIZE_KEYS.get(f.what)
        if key:
            slot = by_sentence.setdefault(f.sentence_index, {})
            slot[key] = max(slot.get(key, 0), f.number)
    if not by_sentence:
        return
    for e in art.events:
        sizes = by_sentence.get(e.sentence_index)
        if not sizes:
            continue
        if e.event_type == "ASSAULT":
            picked = {k: v for k, v in sizes.items() if k in ("dead", "injured")}
        elif e.event_type == "COERCE" and e.mode == "arrest":
            picked = {k: v for k, v in sizes.items() if k == "arrested"}
        else:
            picked = {}
        if picked:
            e.size = picked


_default: dict[tuple, Pipeline] = {}


def default_pipeline(config: Config | None = None) -> Pipeline:
    key = (config or Config(),)
    if key not in _default:
        _default[key] = Pipeline(config)
    return _default[key]


def code_text(text: str, date: str | None = None, *, doc_id: str | None = None,
              title: str | None = None, source: str | None = None, config: Config | None = None) -> Article:
    """Code one article's text; ``date`` (YYYY-MM-DD) anchors relative dates like "on Monday"."""
    raw = RawArticle(text=text, doc_id=doc_id, date=date, title=title, source=source, origin=doc_id or "<text>")
    return default_pipeline(config).code_article(raw)

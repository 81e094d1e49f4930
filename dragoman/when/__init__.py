"""When stage: the date of an event from the time expressions of its own clause.

Interface used by the pipeline (``DateResolver.event_dates``); the rules are in
docs/when_where.md, the expression parser in ``expressions.py``.

* The time expressions are the parser's DATE and TIME entities. An expression belongs to the
  event when its head path reaches the trigger (or, for a noun trigger, the verb governing it)
  without passing another clause's verb; expressions that only modify a noun ("the 1973
  building", "a 25-year-old man") or that sit after "since/until/by/before/after/for" (the event
  is not on that date) are not dates of the event.
* With none of its own, an event takes a date from a clause governing it ("police said on
  Monday that ...") when the sentence's other expressions agree on one date; otherwise the
  article date at precision "document" (or None when the article has no date).
* "the same day", "that day", "the next day", "the day before" refer to the last day named
  earlier in the article.
* Future tense ("will meet on Monday", "plans to visit in March") resolves weekdays and dates
  without a year forward; everything else backward from the article date.
* ``historical`` is set when the date lies in a year before the article's and more than a month
  before the article date.
"""
from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from datetime import date, timedelta

from spacy.tokens import Span, Token

from ..where.docinfo import doc_info
from .expressions import Period, day, resolve

TIME_LABELS = frozenset({"DATE", "TIME"})
# the event is not on a date after these ("since 1994", "until March", "by Friday", "for two days")
NOT_ON = frozenset({"since", "until", "till", "by", "before", "after", "for", "within", "ahead",
                    "prior", "following", "unlike", "than"})
CLAUSE_DEPS = frozenset({"ccomp", "xcomp", "advcl", "conj", "relcl", "acl", "pcomp", "csubj",
                         "csubjpass", "parataxis", "ROOT"})
FUTURE_AUX = frozenset({"will", "'ll", "shall", "wo", "would"})
FUTURE_HEADS = frozenset({"plan", "expect", "schedule", "due", "set", "intend", "prepare", "aim",
                          "hope", "vow", "threaten", "promise", "pledge", "agree", "decide", "want",
                          "seek", "go"})
ANAPHORA = {"the same day": 0, "that day": 0, "same day": 0, "the day": 0, "that night": 0,
            "the same night": 0, "that morning": 0, "that evening": 0, "that afternoon": 0,
            "the next day": 1, "the following day": 1, "a day later": 1, "the day after": 1,
            "the next morning": 1, "the following morning": 1, "next day": 1,
            "the previous day": -1, "the day before": -1, "a day earlier": -1, "the night before": -1,
            "the previous night": -1, "two days later": 2, "two days earlier": -2}


@dataclass(slots=True)
class When:
    date: str | None             # "YYYY-MM-DD", "YYYY-MM", "YYYY" or None
    precision: str | None        # "day", "month", "year", "document" or None
    historical: bool = False     # clearly before the article's time (adds aux mode "historical")
    text: str | None = None      # the time expression as written, if any


@dataclass(slots=True)
class _Expr:
    span: Span
    text: str
    skip: bool                   # modifies a noun or follows since/until/...: not an event date
    anaphora: int | None         # offset in days from the last day named before it


class DateResolver:
    def event_dates(self, sent: Span, trigger: Token, article_date: date | None) -> list[When]:
        """One ``When`` per date the event happened on (usually one)."""
        exprs = _expressions(sent)
        if exprs:
            own, other = [], []
            chain = _trigger_chain(trigger)
            for e in exprs:
                if e.skip:
                    continue
                anchor = _anchor(e.span, chain)
                if anchor is None:
                    own.append(e)
                else:
                    other.append((e, anchor))
            future = _future(trigger)
            whens = self._resolve_all(own, sent, article_date, future)
            if not whens and other:
                whens = self._fallback(other, trigger, sent, article_date, future)
            if whens:
                return whens
        if article_date is None:
            return [When(None, None)]
        return [When(article_date.isoformat(), "document")]

    def dates_in(self, sent: Span, token: Token, article_date: date | None) -> list[When]:
        """Only the dates the clause of ``token`` gives (no document fallback): for figures."""
        exprs = [e for e in _expressions(sent) if not e.skip]
        if not exprs:
            return []
        chain = _trigger_chain(token)
        own = [e for e in exprs if _anchor(e.span, chain) is None]
        return self._resolve_all(own, sent, article_date, _future(token))

    # ---- internals ------------------------------------------------------------------------------
    def _resolve_all(self, exprs: list[_Expr], sent: Span, ad: date | None, future: bool) -> list[When]:
        periods: list[tuple[Period, str]] = []
        for e in exprs:
            for p in self._periods(e, sent, ad, future):
                periods.append((p, e.text))
        return _whens(periods, ad)

    def _periods(self, e: _Expr, sent: Span, ad: date | None, future: bool) -> tuple[Period, ...]:
        if e.anaphora is not None:
            ref = _last_day_before(sent.doc, e.span.start, ad)
            return (day(ref + timedelta(days=e.anaphora)),) if ref is not None else ()
        return resolve(e.text, ad, future or _explicit_future(e.span))

    def _fallback(self, other, trigger: Token, sent: Span, ad: date | None, future: bool) -> list[When]:
        """A date of a governing clause ("police said on Monday that ..."), if unambiguous."""
        ancestors = {t.i for t in trigger.ancestors}
        picked = [e for e, anchor in other if anchor.i in ancestors]
        if not picked:
            return []
        found: list[tuple[Period, str]] = []
        for e, anchor in other:
            # the expression's tense is its own clause's ("announced on Wednesday that it will ...")
            for p in self._periods(e, sent, ad, _future(anchor)):
                found.append((p, e.text))
        if len({p for p, _ in found}) != 1:
            return []          # the sentence names several dates: which one is the event's?
        return _whens(found[:1], ad)


def _whens(periods: list[tuple[Period, str]], ad: date | None) -> list[When]:
    if not periods:
        return []
    # drop a period containing a finer one ("in 2018, on March 5"), and repeats
    keep: list[tuple[Period, str]] = []
    for p, text in periods:
        if any(q != p and q.start >= p.start and q.end <= p.end for q, _ in periods):
            continue
        if any(q == p for q, _ in keep):
            continue
        keep.append((p, text))
    keep.sort(key=lambda x: x[0].start)
    return [When(p.iso(), p.precision, _historical(p, ad), text) for p, text in keep]


def _historical(p: Period, ad: date | None) -> bool:
    return ad is not None and p.end.year < ad.year and p.end < ad - timedelta(days=30)


# ---- sentence analysis (cached per sentence) -----------------------------------------------------
def _expressions(sent: Span) -> list[_Expr]:
    info = doc_info(sent.doc)
    cache = info.cache("when.exprs")
    key = (sent.start, sent.end)
    got = cache.get(key)
    if got is None:
        got = cache[key] = [_expr(e) for e in info.sent_ents(sent) if e.label_ in TIME_LABELS]
    return got


def _expr(e: Span) -> _Expr:
    text = e.text
    low = " ".join(text.lower().split())
    root = e.root
    skip = False
    if root.dep_ in ("compound", "nummod", "amod", "nmod", "quantmod") and root.head.pos_ in ("NOUN", "PROPN") \
            and root.head.i not in range(e.start, e.end):
        skip = True            # "the 1973 building", "a 25-year-old man", "the 2018 elections"
    h = root.head
    if root.dep_ == "pobj" and h.lower_ in NOT_ON:
        skip = True
    if root.dep_ == "pobj" and h.lower_ == "to" and h.head.lower_ in ("prior", "up", "due", "ahead"):
        skip = True
    first = e.doc[e.start - 1] if e.start > 0 else None
    if first is not None and first.lower_ in NOT_ON and first.dep_ in ("prep", "mark"):
        skip = True
    anaphora = ANAPHORA.get(low)
    if anaphora is None and low.startswith(("on ", "in ")):
        anaphora = ANAPHORA.get(low[3:])
    return _Expr(e, text, skip, anaphora)


def _trigger_chain(trigger: Token) -> frozenset[int]:
    """The trigger and, for a noun trigger, the tokens up to the verb governing it."""
    out = [trigger.i]
    t = trigger
    hops = 0
    while t.pos_ not in ("VERB", "AUX") and t.head.i != t.i and hops < 6:
        t = t.head
        out.append(t.i)
        hops += 1
    return frozenset(out)


def _anchor(span: Span, chain: frozenset[int]) -> Token | None:
    """None when the expression belongs to the trigger's clause; else the verb it belongs to."""
    x = span.root
    first = True
    while True:
        if x.i in chain:
            return None
        if not first and x.pos_ in ("VERB", "AUX") and x.dep_ not in ("aux", "auxpass"):
            return x
        if x.head.i == x.i:
            return x
        first = False
        x = x.head


def _future(tok: Token) -> bool:
    t = tok
    for _ in range(3):
        for c in t.children:
            if c.dep_ in ("aux", "auxpass") and c.lower_ in FUTURE_AUX:
                return True
        if t.dep_ == "xcomp" and t.head.lemma_.lower() in FUTURE_HEADS:
            return t.head.lemma_.lower() != "go" or t.head.tag_ == "VBG"
        if t.dep_ in ("xcomp", "conj") or t.pos_ not in ("VERB", "AUX"):
            if t.head.i == t.i:
                break
            t = t.head
            continue
        break
    return False


def _explicit_future(span: Span) -> bool:
    return any(t.lower_ in ("next", "coming", "upcoming") for t in span)


def _last_day_before(doc, i: int, ad: date | None) -> date | None:
    """The last day named in the article before token ``i`` (for "the same day", "the next day")."""
    info = doc_info(doc)
    cache = info.cache("when.days")
    key = ad
    days = cache.get(key)
    if days is None:
        days = []
        for e in info.ents:
            if e.label_ not in TIME_LABELS:
                continue
            low = " ".join(e.text.lower().split())
            if low in ANAPHORA:
                continue
            got = resolve(e.text, ad, False)
            if len(got) >= 1 and got[-1].precision == "day":
                days.append((e.start, got[-1].start))
        cache[key] = days
    k = bisect_left([s for s, _ in days], i) - 1
    return days[k][1] if k >= 0 else None


__all__ = ["DateResolver", "When"]

"""Time expressions to dates: a small fast parser for the forms news uses, dateparser for the rest.

``resolve(text, article_date, future)`` takes the text of one DATE/TIME entity (as the parser
found it) and returns the periods it names, each as ``Period(start, precision, end)``:

* ``today``, ``yesterday``, ``tomorrow``, ``last night``, ``this morning`` -> that day
* weekdays: "Monday" is the most recent Monday on or before the article date (the article date
  itself if it is a Monday); "last Monday" the one strictly before; with future tense or "next"
  the first one strictly after
* "5 March", "March 5", "March 5th, 2019", "Wednesday, January 9": a day; without a year, the
  year that puts the date on or before the article date (future tense: on or after)
* "March", "March 2019", "last October", "June of last year", "mid-March": a month
* "2018", "early 2019", "last year", "this year": a year
* "two days ago" (day), "two weeks ago" (month), "three months ago" (month), "ten years ago" (year)
* "last week", "this week", "earlier this week", "next week", "the weekend": the month of that
  week (weeks are not a precision we have; the month holding the week's Thursday is reported)
* "last month", "earlier this month", "next month": a month
* lists and ranges: "October 13 and October 30", "13 and 30 October" -> two days; "between 3 and
  5 May", "March 15 to 17", "3-5 May" -> the first day of the range
* durations ("three years", "the past week", "decades"), ages and vague times ("recent days",
  "these days") name no date: empty list

Relative forms need the article date and give nothing without it; absolute forms with a year
resolve anyway. Results are cached per (text, article date, future).
"""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
    "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12,
    "dec": 12,
}
WEEKDAYS = {"monday": 0, "mon": 0, "tuesday": 1, "tue": 1, "tues": 1, "wednesday": 2, "wed": 2,
            "thursday": 3, "thu": 3, "thur": 3, "thurs": 3, "friday": 4, "fri": 4, "saturday": 5,
            "sat": 5, "sunday": 6, "sun": 6}
NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
           "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
           "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
           "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
           "a couple of": 2, "a few": 3, "couple of": 2}

_MONTH_RE = r"(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")"
_WDAY_RE = r"(?:" + "|".join(sorted(WEEKDAYS, key=len, reverse=True)) + r")"
_DAYNUM = r"(\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(\d{4})"
_PART = r"(?:\s+(?:morning|afternoon|evening|night|midday|noon|dawn|daybreak))?"

# modifiers that do not change the period named: "early Monday", "late March", "mid-2019"
_LEADING = re.compile(r"^(?:(?:the middle of|the end of|the beginning of|the start of|the first half of|"
                      r"the second half of|the night of|the morning of|the evening of|the afternoon of|"
                      r"end of|beginning of|start of|middle of|as early as|as late as|sometime in|"
                      r"some time in|on|in|at|during|of|by|from|around|about|over|the|early|earlier|"
                      r"late|later|mid|until)\s+)+")
_NOISE = re.compile(r"[\u2019']s$|[.,;:]+$")


@dataclass(frozen=True, slots=True)
class Period:
    start: date
    precision: str           # "day", "month", "year"
    end: date                # last day of the period

    def iso(self) -> str:
        if self.precision == "day":
            return self.start.isoformat()
        if self.precision == "month":
            return f"{self.start.year:04d}-{self.start.month:02d}"
        return f"{self.start.year:04d}"


def day(d: date) -> Period:
    return Period(d, "day", d)


def month(y: int, m: int) -> Period:
    return Period(date(y, m, 1), "month", date(y, m, calendar.monthrange(y, m)[1]))


def year(y: int) -> Period:
    return Period(date(y, 1, 1), "year", date(y, 12, 31))


def normalize(text: str) -> str:
    s = " ".join(text.replace("\u2013", "-").replace("\u2014", "-").replace("\u00a0", " ").split()).lower()
    s = s.replace(".", "").replace("[", "").replace("]", "").replace("(", "").replace(")", "")
    s = _NOISE.sub("", s).strip()
    s = re.sub(r"^mid-", "mid ", s)
    s = _LEADING.sub("", s)
    return s.strip(" ,")


@lru_cache(maxsize=16384)
def resolve(text: str, article_date: date | None, future: bool = False) -> tuple[Period, ...]:
    """The periods a time expression names (empty when none or when it cannot be resolved)."""
    s = normalize(text)
    if not s:
        return ()
    got = _fast(s, article_date, future)
    if got is not None:
        return got
    if _looks_absolute(s):
        return _dateparser(s, article_date, future)
    return ()


def _looks_absolute(s: str) -> bool:
    """Only absolute-looking leftovers go to dateparser (never durations, ages or vague words)."""
    return bool(re.search(_MONTH_RE + r"\b", s) and re.search(r"\d", s)) or bool(
        re.fullmatch(r"\d{1,4}[/-]\d{1,2}[/-]\d{1,4}", s))


# ---- the fast parser ------------------------------------------------------------------------
def _fast(s: str, ad: date | None, future: bool) -> tuple[Period, ...] | None:
    """None when the form is not recognised (the caller may try dateparser), () when the form is
    recognised but names no date (a duration, or a relative form without an article date)."""
    if s in _VAGUE or _AGE.search(s) or _DECADE.fullmatch(s):
        return ()
    # relative days
    rel = _REL_DAYS.get(s)
    if rel is None:
        m = re.fullmatch(r"(today|tonight|yesterday|tomorrow)" + _PART, s)
        if m:
            rel = _REL_DAYS[m.group(1)]
    if rel is not None:
        return (day(ad + timedelta(days=rel)),) if ad else ()
    # weekdays, possibly with a date: "monday", "last monday", "monday night", "wednesday, january 9"
    m = re.fullmatch(r"(last|this|next|past|coming)?\s*(" + _WDAY_RE + r")(?![a-z])" + _PART + r"(?:\s*,?\s*(.+))?", s)
    if m:
        rest = m.group(3)
        if rest:
            got = _fast(normalize(rest), ad, future)
            if got:
                return got
            if got is None:
                return None
        if ad is None:
            return ()
        return (day(_weekday(ad, WEEKDAYS[m.group(2)], m.group(1), future)),)
    # n units ago
    m = re.fullmatch(r"(\d+|" + "|".join(sorted(NUMBERS, key=len, reverse=True)) + r")\s+(day|week|month|year)s?\s+ago", s)
    if m:
        if ad is None:
            return ()
        n = int(m.group(1)) if m.group(1).isdigit() else NUMBERS[m.group(1)]
        unit = m.group(2)
        if unit == "day":
            return (day(ad - timedelta(days=n)),)
        if unit == "week":
            d = ad - timedelta(days=7 * n)
            return (month(d.year, d.month),)
        if unit == "month":
            y, mo = _add_months(ad.year, ad.month, -n)
            return (month(y, mo),)
        return (year(ad.year - n),)
    # weeks, weekends, months, years relative to the article
    if s in _REL_WEEKS:
        if ad is None:
            return ()
        thursday = ad - timedelta(days=ad.weekday()) + timedelta(days=3 + 7 * _REL_WEEKS[s])
        return (month(thursday.year, thursday.month),)
    if s in _REL_WEEKENDS:
        if ad is None:
            return ()
        sat = _weekday(ad, 5, "next" if _REL_WEEKENDS[s] > 0 or future else None, future)
        return (month(sat.year, sat.month),)
    if s in _REL_MONTHS:
        if ad is None:
            return ()
        y, mo = _add_months(ad.year, ad.month, _REL_MONTHS[s])
        return (month(y, mo),)
    if s in _REL_YEARS:
        return (year(ad.year + _REL_YEARS[s]),) if ad else ()
    if _DURATION.fullmatch(s):
        return ()
    # absolute forms
    return _absolute(s, ad, future)


_REL_DAYS = {"today": 0, "tonight": 0, "this morning": 0, "this afternoon": 0, "this evening": 0,
             "earlier today": 0, "later today": 0, "early today": 0, "late today": 0,
             "yesterday": -1, "last night": -1, "late yesterday": -1, "early yesterday": -1,
             "the day before yesterday": -2, "tomorrow": 1, "tomorrow morning": 1,
             "the day after tomorrow": 2, "overnight": 0}
_REL_WEEKS = {"last week": -1, "this week": 0, "earlier this week": 0, "later this week": 0,
              "next week": 1, "the previous week": -1, "the past week": None, "week": None}
_REL_WEEKS = {k: v for k, v in _REL_WEEKS.items() if v is not None}
_REL_WEEKENDS = {"weekend": 0, "the weekend": 0, "last weekend": 0, "this weekend": 0,
                 "next weekend": 1, "the past weekend": 0, "over the weekend": 0}
_REL_MONTHS = {"last month": -1, "this month": 0, "earlier this month": 0, "later this month": 0,
               "next month": 1, "the previous month": -1, "the following month": 1}
_REL_YEARS = {"last year": -1, "this year": 0, "earlier this year": 0, "later this year": 0,
              "next year": 1, "the previous year": -1, "the following year": 1, "the past year": None}
_REL_YEARS = {k: v for k, v in _REL_YEARS.items() if v is not None}
_REL_DAYS["day before yesterday"] = -2
_VAGUE = frozenset({"recent days", "recent weeks", "recent months", "recent years", "these days",
                    "the day", "the same day", "that day", "the next day", "the following day",
                    "the previous day", "the day before", "a day later", "the year", "the month",
                    "the week", "daily", "weekly", "monthly", "annual", "annually", "yearly",
                    "each year", "every year", "each day", "every day", "years", "months", "weeks",
                    "days", "decades", "centuries", "the past", "the future", "now", "recently",
                    "the years", "the time", "some time", "many years", "several years",
                    "a few years", "a few days", "several days", "a few weeks", "a few months",
                    "the past year", "the past month", "the past week", "the past few days",
                    "the next few days", "the coming days", "the coming weeks", "the coming months",
                    "the last few years", "the last few days", "the last few weeks", "previously"})
_NUMWORDS = "|".join(sorted((k for k in NUMBERS if " " not in k), key=len, reverse=True))
_DURATION = re.compile(r"(?:(?:the|a|an|about|some|more than|over|nearly|almost|at least|around|roughly|"
                       r"another|for)\s+)?(?:(?:past|last|next|first|coming|previous|following|few|"
                       r"several|many|couple of)\s+)*(?:(?:\d+|" + _NUMWORDS + r"|a few|several|many)\s*-?\s*)?"
                       r"(?:hour|day|week|month|year|decade|century|centuries)s?(?:\s+(?:old|long|or so))?")
# the tables are looked up with normalised text ("the previous week" -> "previous week")
_REL_DAYS = {normalize(k): v for k, v in _REL_DAYS.items()}
_REL_WEEKS = {normalize(k): v for k, v in _REL_WEEKS.items()}
_REL_WEEKENDS = {normalize(k): v for k, v in _REL_WEEKENDS.items()}
_REL_MONTHS = {normalize(k): v for k, v in _REL_MONTHS.items()}
_REL_YEARS = {normalize(k): v for k, v in _REL_YEARS.items()}
_VAGUE = frozenset(normalize(k) for k in _VAGUE)
_AGE = re.compile(r"\d+\s*-?\s*years?\s*-?\s*old|\bage\b")
_DECADE = re.compile(r"(?:the\s+)?(?:early\s+|late\s+|mid\s+)?(?:\d{2,4}'?s|[a-z]+ties)")


def _absolute(s: str, ad: date | None, future: bool) -> tuple[Period, ...] | None:
    # ISO
    m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", s)
    if m:
        return _safe_day(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    # year alone
    m = re.fullmatch(r"(?:fiscal\s+|the year\s+)?" + _YEAR, s)
    if m:
        y = int(m.group(1))
        return (year(y),) if 1000 <= y <= 2200 else ()
    # month [year]: "march", "march 2019", "march of 2019", "june of last year", "last october"
    m = re.fullmatch(r"(last|this|next|past)?\s*(" + _MONTH_RE + r")(?:\s*,?\s*(?:of\s+)?(?:" + _YEAR +
                     r"|(this|last|next) year))?", s)
    if m:
        mo = MONTHS[m.group(2)]
        if m.group(3):
            return (month(int(m.group(3)), mo),)
        if m.group(4):
            if ad is None:
                return ()
            return (month(ad.year + {"this": 0, "last": -1, "next": 1}[m.group(4)], mo),)
        if ad is None:
            return ()
        return (month(_month_year(ad, mo, m.group(1), future), mo),)
    # lists and ranges of days in one month
    got = _days(s, ad, future)
    if got is not None:
        return got
    return None


def _days(s: str, ad: date | None, future: bool) -> tuple[Period, ...] | None:
    """"March 5", "5 March 2019", "October 13 and October 30", "between 3 and 5 May", "15-17 March"."""
    between = s.startswith("between ")
    s = re.sub(r"^between\s+", "", s)
    parts = re.split(r"\s*(?:,\s*and|,|\band\b|\bor\b|\bto\b|\bthrough\b|\buntil\b|\btill\b|-)\s*", s)
    seps = re.findall(r"\s*(?:,\s*and|,|\band\b|\bor\b|\bto\b|\bthrough\b|\buntil\b|\btill\b|-)\s*", s)
    if len(parts) > 4:
        return None
    # a trailing year applies to all: "october 13 and october 30, 2019" splits the year off
    yr = None
    if len(parts) > 1 and re.fullmatch(_YEAR, parts[-1]):
        yr = int(parts[-1])
        parts = parts[:-1]
        seps = seps[:-1]
    items = []        # (month or None, day, year or None)
    for p in parts:
        p = p.strip()
        m = re.fullmatch(r"(" + _MONTH_RE + r")\s+" + _DAYNUM + r"(?:\s*,?\s*" + _YEAR + r")?", p)
        if m:
            items.append((MONTHS[m.group(1)], int(m.group(2)), int(m.group(3)) if m.group(3) else None))
            continue
        m = re.fullmatch(_DAYNUM + r"(?:\s+of)?\s+(" + _MONTH_RE + r")(?:\s*,?\s*" + _YEAR + r")?", p)
        if m:
            items.append((MONTHS[m.group(2)], int(m.group(1)), int(m.group(3)) if m.group(3) else None))
            continue
        m = re.fullmatch(_DAYNUM, p)
        if m and len(parts) > 1:
            items.append((None, int(m.group(1)), None))
            continue
        return None
    if not items or all(mo is None for mo, _, _ in items):
        return None
    # a bare day borrows the month of its neighbour: "13 and 30 october", "march 15 to 17"
    filled = []
    for k, (mo, d, y) in enumerate(items):
        if mo is None:
            nxt = next((x[0] for x in items[k + 1:] if x[0] is not None), None)
            prv = next((x[0] for x in reversed(items[:k]) if x[0] is not None), None)
            mo = nxt or prv
        filled.append((mo, d, y or yr))
    is_range = between or any(sep.strip() in ("-", "to", "through", "until", "till") for sep in seps)
    if is_range:
        filled = filled[:1]
    out = []
    for mo, d, y in filled:
        if y is None:
            if ad is None:
                continue
            y = _day_year(ad, mo, d, future)
            if y is None:
                continue
        got = _safe_day(y, mo, d)
        out.extend(got)
    return tuple(out)


def _safe_day(y: int, mo: int, d: int) -> tuple[Period, ...]:
    try:
        return (day(date(y, mo, d)),)
    except ValueError:
        return ()


def _day_year(ad: date, mo: int, d: int, future: bool) -> int | None:
    """The year that puts month/day closest on or before the article date (after, for the future)."""
    cands = []
    for y in (ad.year - 1, ad.year, ad.year + 1):
        try:
            cands.append(date(y, mo, d))
        except ValueError:          # 29 February in a common year
            pass
    if future and not any(c >= ad for c in cands) or not future and not any(c <= ad for c in cands):
        for y in range(ad.year - 4, ad.year + 5):          # 29 February: the nearest leap year
            try:
                cands.append(date(y, mo, d))
            except ValueError:
                pass
    if future:
        after = [c for c in cands if c >= ad]
        return min(after).year if after else None
    before = [c for c in cands if c <= ad]
    return max(before).year if before else None


def _month_year(ad: date, mo: int, which: str | None, future: bool) -> int:
    if which == "last" or which == "past":
        return ad.year if mo < ad.month else ad.year - 1
    if which == "next" or (future and which is None):
        return ad.year if mo > ad.month or (mo == ad.month and which is None) else ad.year + 1
    if which == "this":
        return ad.year
    return ad.year if mo <= ad.month else ad.year - 1


def _weekday(ad: date, wd: int, which: str | None, future: bool) -> date:
    delta = (ad.weekday() - wd) % 7            # days back to the most recent such weekday
    if which in ("next", "coming") or (future and which not in ("last", "past")):
        ahead = (wd - ad.weekday()) % 7 or 7
        return ad + timedelta(days=ahead)
    if which in ("last", "past") and delta == 0:
        delta = 7
    return ad - timedelta(days=delta)


def _add_months(y: int, m: int, n: int) -> tuple[int, int]:
    k = y * 12 + (m - 1) + n
    return k // 12, k % 12 + 1


# ---- dateparser, for the rare absolute forms the fast parser does not know ----------------------


@lru_cache(maxsize=256)
def _parser(ad: date | None, future: bool):
    """One dateparser parser per article date and direction (building one compiles settings)."""
    from dateparser.date import DateDataParser

    settings = {"PREFER_DATES_FROM": "future" if future else "past", "RETURN_AS_TIMEZONE_AWARE": False}
    if ad is not None:
        settings["RELATIVE_BASE"] = datetime(ad.year, ad.month, ad.day)
    return DateDataParser(languages=["en"], settings=settings)


def warm_up() -> None:
    """Load dateparser's English data now (about a second), not on an article's first date."""
    _dateparser("3 March 2024", date(2024, 3, 5), False)


def _dateparser(s: str, ad: date | None, future: bool) -> tuple[Period, ...]:
    try:
        data = _parser(ad, future).get_date_data(s)
    except Exception:           # dateparser is a best effort; a failure names no date
        return ()
    d = data.date_obj if data is not None else None
    if d is None:
        return ()
    period = data.period or "day"
    if period == "year":
        return (year(d.year),)
    if period in ("month", "week"):
        return (month(d.year, d.month),)
    return (day(d.date()),)

"""Event dates: time expressions of the event's own clause, resolved against the article date."""
from __future__ import annotations

from datetime import date

import pytest

from dragoman.when import DateResolver, When
from dragoman.when import expressions as ex


def _dates(nlp, text: str, trigger: str, article: date | None) -> list[When]:
    doc = nlp(text)
    tok = next(t for t in doc if t.text == trigger)
    return DateResolver().event_dates(tok.sent, tok, article)


def _pairs(whens: list[When]) -> list[tuple[str | None, str | None]]:
    return [(w.date, w.precision) for w in whens]


# ---- the expression parser alone -------------------------------------------------------------
THU = date(2020, 1, 2)          # a Thursday, two days into a new year


@pytest.mark.parametrize("text, article, expected", [
    ("on 5 March 2019", THU, [("2019-03-05", "day")]),
    ("March 5, 2019", THU, [("2019-03-05", "day")]),
    ("Sept. 11, 2001", THU, [("2001-09-11", "day")]),
    ("Wednesday, January 9", date(2019, 1, 12), [("2019-01-09", "day")]),
    ("on December 30", THU, [("2019-12-30", "day")]),            # year boundary
    ("February 29", date(2020, 3, 3), [("2020-02-29", "day")]),  # leap day
    ("February 29", date(2021, 3, 1), [("2020-02-29", "day")]),  # the last one before
    ("yesterday", THU, [("2020-01-01", "day")]),
    ("today", THU, [("2020-01-02", "day")]),
    ("last night", THU, [("2020-01-01", "day")]),
    ("two days ago", THU, [("2019-12-31", "day")]),
    ("Monday", THU, [("2019-12-30", "day")]),                   # across the new year
    ("Thursday", THU, [("2020-01-02", "day")]),                 # the article's own weekday
    ("last Thursday", THU, [("2019-12-26", "day")]),
    ("Monday night", THU, [("2019-12-30", "day")]),
    ("last week", THU, [("2019-12", "month")]),
    ("this week", THU, [("2020-01", "month")]),
    ("earlier this month", THU, [("2020-01", "month")]),
    ("last month", THU, [("2019-12", "month")]),
    ("last year", THU, [("2019", "year")]),
    ("in March", date(2019, 6, 1), [("2019-03", "month")]),
    ("in March", date(2019, 2, 1), [("2018-03", "month")]),
    ("last October", date(2019, 11, 20), [("2019-10", "month")]),
    ("June of last year", THU, [("2019-06", "month")]),
    ("mid-March", date(2019, 6, 1), [("2019-03", "month")]),
    ("2018", THU, [("2018", "year")]),
    ("early 2019", THU, [("2019", "year")]),
    ("October 13 and October 30", date(2019, 11, 5), [("2019-10-13", "day"), ("2019-10-30", "day")]),
    ("13 and 30 October", date(2019, 11, 5), [("2019-10-13", "day"), ("2019-10-30", "day")]),
    ("between 3 and 5 May", date(2019, 6, 1), [("2019-05-03", "day")]),
    ("March 15 to 17", date(2019, 6, 1), [("2019-03-15", "day")]),
    ("three years", THU, []),
    ("the past week", THU, []),
    ("recent days", THU, []),
    ("the 1990s", THU, []),
    ("25-year-old", THU, []),
])
def test_expressions(text, article, expected):
    assert [(p.iso(), p.precision) for p in ex.resolve(text, article)] == expected


def test_future_resolves_forward():
    monday = date(2020, 1, 6)
    assert [p.iso() for p in ex.resolve("Monday", monday)] == ["2020-01-06"]
    assert [p.iso() for p in ex.resolve("Monday", monday, True)] == ["2020-01-13"]
    assert [p.iso() for p in ex.resolve("next Monday", THU)] == ["2020-01-06"]
    assert [p.iso() for p in ex.resolve("January 12", THU, True)] == ["2020-01-12"]


def test_relative_forms_need_the_article_date():
    assert ex.resolve("yesterday", None) == ()
    assert ex.resolve("on Monday", None) == ()
    assert ex.resolve("on March 5", None) == ()
    assert [p.iso() for p in ex.resolve("5 March 2019", None)] == ["2019-03-05"]


def test_common_forms_do_not_call_dateparser(monkeypatch):
    def boom(*a, **k):
        raise AssertionError("dateparser called on a common form")

    monkeypatch.setattr(ex, "_dateparser", boom)
    ex.resolve.cache_clear()
    for text in ("yesterday", "on Monday", "March 5", "5 March 2019", "last week", "two days ago",
                 "in 2018", "last year", "earlier this month", "December 30", "three years"):
        ex.resolve(text, date(2019, 5, 17))
    ex.resolve.cache_clear()


def test_dateparser_fallback_for_rare_forms():
    ex.resolve.cache_clear()
    assert [p.iso() for p in ex.resolve("03/07/2008", THU)] == ["2008-03-07"]


# ---- event dates in sentences ----------------------------------------------------------------
def test_day_without_year_across_year_boundary(nlp):
    got = _dates(nlp, "Police arrested 20 protesters on December 30.", "arrested", THU)
    assert _pairs(got) == [("2019-12-30", "day")]
    assert got[0].text == "December 30"
    assert not got[0].historical


def test_weekday_across_new_year(nlp):
    assert _pairs(_dates(nlp, "Police arrested 20 protesters on Monday.", "arrested", THU)) == [("2019-12-30", "day")]


def test_weekday_future_tense(nlp):
    got = _dates(nlp, "The ministers will meet on Monday in Geneva.", "meet", date(2020, 1, 6))
    assert _pairs(got) == [("2020-01-13", "day")]


def test_leap_day(nlp):
    got = _dates(nlp, "The rally took place on February 29.", "took", date(2020, 3, 3))
    assert _pairs(got) == [("2020-02-29", "day")]


def test_relative_days(nlp):
    assert _pairs(_dates(nlp, "The two leaders met yesterday.", "met", THU)) == [("2020-01-01", "day")]
    assert _pairs(_dates(nlp, "A man was shot dead two days ago.", "shot", THU)) == [("2019-12-31", "day")]
    assert _pairs(_dates(nlp, "Troops opened fire today.", "opened", THU)) == [("2020-01-02", "day")]


def test_week_and_month_expressions(nlp):
    assert _pairs(_dates(nlp, "Israel launched air strikes on Gaza last week.", "launched", THU)) == [("2019-12", "month")]
    assert _pairs(_dates(nlp, "Israel launched air strikes on Gaza earlier this month.", "launched", THU)) == \
        [("2020-01", "month")]


def test_year_is_historical(nlp):
    got = _dates(nlp, "In 2018, troops attacked the village.", "attacked", THU)
    assert _pairs(got) == [("2018", "year")]
    assert got[0].historical
    got = _dates(nlp, "The army attacked the town last year.", "attacked", date(2020, 6, 15))
    assert _pairs(got) == [("2019", "year")] and got[0].historical


def test_month(nlp):
    got = _dates(nlp, "Troops attacked the village in March.", "attacked", date(2019, 6, 1))
    assert _pairs(got) == [("2019-03", "month")]
    assert not got[0].historical


def test_two_dates_give_two_whens(nlp):
    got = _dates(nlp, "Protests erupted on October 13 and October 30.", "erupted", date(2019, 11, 5))
    assert _pairs(got) == [("2019-10-13", "day"), ("2019-10-30", "day")]


def test_range_gives_its_first_day(nlp):
    got = _dates(nlp, "Clashes took place between 3 and 5 May.", "took", date(2019, 6, 1))
    assert _pairs(got) == [("2019-05-03", "day")]


def test_no_expression_takes_the_article_date(nlp):
    assert _pairs(_dates(nlp, "Rebels attacked the base.", "attacked", THU)) == [("2020-01-02", "document")]
    assert _pairs(_dates(nlp, "Rebels attacked the base.", "attacked", None)) == [(None, None)]
    assert _pairs(_dates(nlp, "Rebels attacked the base yesterday.", "attacked", None)) == [(None, None)]
    assert _pairs(_dates(nlp, "Rebels attacked the base on 5 March 2019.", "attacked", None)) == [("2019-03-05", "day")]


def test_dates_of_other_clauses_are_not_the_event_date(nlp):
    got = _dates(nlp, "The man, who was arrested in 2018, attacked the embassy on Tuesday.", "attacked", THU)
    assert _pairs(got) == [("2019-12-31", "day")]
    got = _dates(nlp, "The man, who was arrested in 2018, attacked the embassy.", "attacked", THU)
    assert _pairs(got) == [("2020-01-02", "document")]


def test_since_and_modifiers_are_not_event_dates(nlp):
    assert _pairs(_dates(nlp, "The army has occupied the region since 1994.", "occupied", THU)) == \
        [("2020-01-02", "document")]
    assert _pairs(_dates(nlp, "The 1973 building collapsed.", "collapsed", THU)) == [("2020-01-02", "document")]


def test_reporting_clause_date_is_used_when_unambiguous(nlp):
    got = _dates(nlp, "Officials said on Monday that rebels attacked the base.", "attacked", THU)
    assert _pairs(got) == [("2019-12-30", "day")]


def test_same_day_refers_back(nlp):
    got = _dates(nlp, "He visited Paris on Tuesday. The next day, he met Macron.", "met", date(2019, 5, 10))
    assert _pairs(got) == [("2019-05-08", "day")]

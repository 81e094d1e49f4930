"""When stage: the date of an event from the time expressions of its own clause.

Interface used by the pipeline (``DateResolver.event_dates``); see docs/pipeline.md.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from spacy.tokens import Span, Token


@dataclass(slots=True)
class When:
    date: str | None             # "YYYY-MM-DD", "YYYY-MM", "YYYY" or None
    precision: str | None        # "day", "month", "year", "document" or None
    historical: bool = False     # clearly before the article's time (adds aux mode "historical")
    text: str | None = None      # the time expression as written, if any


class DateResolver:
    def event_dates(self, sent: Span, trigger: Token, article_date: date | None) -> list[When]:
        """One ``When`` per date the event happened on (usually one).

        Stub: every event takes the article date at "document" precision.
        """
        if article_date is None:
            return [When(None, None)]
        return [When(article_date.isoformat(), "document")]

"""Where stage: the place an event happened, resolved to name, country and coordinates."""
from __future__ import annotations

from spacy.tokens import Span, Token

from ..record import Location


class Locator:
    def event_location(self, sent: Span, trigger: Token, actor_tokens: frozenset[int] = frozenset()) -> Location | None:
        """The location attached to the event's predicate; None when the sentence gives none.

        ``actor_tokens`` are token indices already used by the actor and recipient (a country
        named as an actor is not the event's location). Stub: no locations yet.
        """
        return None

"""Quotes stage: direct and indirect quotes with their speaker resolved as an actor."""
from __future__ import annotations

from typing import Callable

from spacy.tokens import Doc, Token

from ..record import Actor, Quote

ActorAt = Callable[[Token], "Actor | None"]


def extract_quotes(doc: Doc, actor_at: ActorAt) -> list[Quote]:
    """Quotes in the document; ``actor_at(token)`` resolves a speaker's head token. Stub."""
    return []

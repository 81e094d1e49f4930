"""Figures stage: reported numbers of killed, injured, arrested, displaced, ... people."""
from __future__ import annotations

from typing import Callable

from spacy.tokens import Doc, Span, Token

from ..record import Actor, Figure, Location

ActorAt = Callable[[Token], "Actor | None"]
LocateIn = Callable[[Span, Token], "Location | None"]


def extract_figures(doc: Doc, actor_at: ActorAt, locate: LocateIn) -> list[Figure]:
    """Casualty and similar figures in the document. Stub."""
    return []

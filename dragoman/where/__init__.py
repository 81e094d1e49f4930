"""Where stage: the place an event happened, resolved to name, country and coordinates.

``Locator().event_location(sent, trigger, actor_tokens)`` is what the pipeline calls;
``gazetteer.lookup`` / ``gazetteer.best`` resolve any place name for other stages.
See docs/when_where.md for the rules.
"""
from __future__ import annotations

from .gazetteer import Place, best, lookup
from .locate import Located, Locator

__all__ = ["Locator", "Located", "Place", "lookup", "best"]

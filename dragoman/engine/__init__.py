"""Engines: run the pipeline over many articles.

* ``code_articles`` / ``LocalEngine`` (``local.py``): every core of one machine, a process pool where
  each worker holds one Pipeline; input streamed, results in input order.
* ``run_dask`` (``dask_engine.py``): a Dask distributed cluster; workers read their own partitions
  of the input and write Parquet parts.
* ``articles_to_tables`` (``tables.py``): coded articles -> Arrow tables (events, articles).

Sizing and measured throughput: docs/scale.md.
"""
from __future__ import annotations

from .local import LocalEngine, code_articles, default_processes

__all__ = ["LocalEngine", "code_articles", "default_processes", "run_dask", "articles_to_tables"]


def __getattr__(name):       # keep `import dragoman.engine` free of dask and pyarrow imports
    if name == "run_dask":
        from .dask_engine import run_dask

        return run_dask
    if name == "articles_to_tables":
        from .tables import articles_to_tables

        return articles_to_tables
    raise AttributeError(name)

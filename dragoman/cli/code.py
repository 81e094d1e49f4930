"""``dragoman code``: articles in, one JSON object per article out."""
from __future__ import annotations

import json
import sys

import click

from ..read import Problem, read_paths
from . import main
from .common import config_options, make_config, validate_date, warn


@main.command("code")
@click.argument("paths", nargs=-1, required=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), default="-",
              help="JSON Lines file to write (default: stdout)")
@click.option("--date", "default_date", callback=validate_date,
              help="article date (YYYY-MM-DD) where the input gives none")
@config_options
def code_cmd(paths, output, default_date, model, statements, min_confidence):
    """Code PATHS (.txt, .jsonl, .html, directories, - for stdin) into events, one JSON line per article.

    Bad input is reported on stderr naming the file and line; the batch goes on, and the exit
    status is 1 if anything could not be read or coded.
    """
    from ..pipeline import Pipeline

    pipeline = Pipeline(make_config(model, statements, min_confidence))
    failed = False

    def articles():
        nonlocal failed
        for item in read_paths(paths, default_date):
            if isinstance(item, Problem):
                failed = True
                warn(str(item))
            else:
                yield item

    out = sys.stdout if output == "-" else open(output, "w", encoding="utf-8")
    try:
        for art in pipeline.code_stream(articles()):
            for w in art.warnings:
                warn(w)
            if not art.coded:
                failed = True
            out.write(json.dumps(art.to_dict(), ensure_ascii=False) + "\n")
    finally:
        if out is not sys.stdout:
            out.close()
    sys.exit(1 if failed else 0)

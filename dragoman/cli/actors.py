"""``dragoman actors``: how each mention resolved, and why."""
from __future__ import annotations

import json
from pathlib import Path

import click

from ..config import DEFAULT_MODEL
from . import main
from .common import validate_date


@main.command("actors")
@click.argument("text_or_path")
@click.option("--date", "article_date", callback=validate_date,
              help="article date (YYYY-MM-DD): a bare leader's name resolves by it")
@click.option("--model", default=DEFAULT_MODEL, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="one JSON object per mention")
def actors_cmd(text_or_path, article_date, model, as_json):
    """Print each actor mention in TEXT_OR_PATH with its resolution and the rule behind it.

    TEXT_OR_PATH is a sentence or article in quotes, or a file (.txt, .jsonl, .html).
    """
    from datetime import date

    from ..actors import ActorResolver
    from ..actors.explain import explain
    from ..parse import load_nlp
    from ..read import Problem, read_paths
    from ..record import RawArticle

    path = Path(text_or_path)
    try:
        is_file = path.exists()
    except OSError:             # a long sentence is no file name ("File name too long")
        is_file = False
    if is_file:
        items = [x for x in read_paths([path], article_date)]
        for p in items:
            if isinstance(p, Problem):
                click.echo(f"warning: {p}", err=True)
        raws = [x for x in items if isinstance(x, RawArticle)]
    else:
        raws = [RawArticle(text=text_or_path, date=article_date, doc_id="text")]
    nlp = load_nlp(model)
    resolver = ActorResolver(nlp)
    for raw in raws:
        doc = nlp(raw.text)
        day = date.fromisoformat(raw.date) if raw.date else None
        reports = explain(doc, resolver.annotate(doc, day))
        if len(raws) > 1 and not as_json:
            click.echo(f"# {raw.doc_id} ({raw.date or 'no date'})")
        for m in reports:
            if as_json:
                click.echo(json.dumps({"doc_id": raw.doc_id, **m.to_dict()}, ensure_ascii=False))
                continue
            a = m.actor
            if a is None:
                click.echo(f"[{m.sentence_index}] {m.text!r:32} -- {m.why}")
            else:
                res = " ".join(x for x in (a.code or "", f"({a.name})" if a.name else "") if x)
                click.echo(f"[{m.sentence_index}] {m.text!r:32} => {res or 'unresolved'}   because {m.why}")

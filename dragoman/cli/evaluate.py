"""``dragoman evaluate GOLD.jsonl``: accuracy against annotated sentences."""
from __future__ import annotations

import json

import click

from ..config import DEFAULT_MODEL, Config
from ..evaluate import (evaluate_cameo, evaluate_plover, format_cameo, format_plover, is_plover_gold,
                        read_gold)
from . import main


@main.command("evaluate")
@click.argument("gold", type=click.Path(exists=True, dir_okay=False))
@click.option("--model", default=DEFAULT_MODEL, show_default=True, help="spaCy pipeline to parse with")
@click.option("--errors", is_flag=True, help="also list every miss, extra event and wrong actor")
@click.option("--json", "as_json", is_flag=True, help="print the scores as JSON")
def evaluate_cmd(gold, model, errors, as_json):
    """Score the coder on GOLD (PLOVER gold-standard records, or CAMEO example sentences).

    PLOVER records give type precision/recall/F1 and actor, recipient and sector accuracy;
    records with only a CAMEO code give CAMEO root accuracy.
    """
    records = read_gold(gold)
    if is_plover_gold(records):
        scores = evaluate_plover(records, Config(model=model, language_check=False))
        if as_json:
            click.echo(json.dumps(scores.as_dict(), indent=2))
        else:
            click.echo(format_plover(scores))
    else:
        scores = evaluate_cameo(records, Config(model=model, statements=True, language_check=False))
        if as_json:
            click.echo(json.dumps({"cameo_root_accuracy": scores.accuracy, "n": scores.total}, indent=2))
        else:
            click.echo(format_cameo(scores))
    if errors:
        for e in scores.errors:
            click.echo(json.dumps(e, ensure_ascii=False))

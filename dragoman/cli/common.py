"""Options and helpers shared by the command modules."""
from __future__ import annotations

import re
import sys

import click

from ..config import DEFAULT_MODEL, Config

_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def validate_date(ctx, param, value):
    if value is None:
        return None
    from datetime import date

    if not _DAY.match(value):
        raise click.BadParameter("use YYYY-MM-DD")
    try:
        date.fromisoformat(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None
    return value


def config_options(f):
    """--model, --statements, --min-confidence: the coder settings every coding command takes."""
    f = click.option("--model", default=DEFAULT_MODEL, show_default=True,
                     help="installed spaCy English pipeline to parse with")(f)
    f = click.option("--statements", is_flag=True,
                     help="also emit CAMEO 01 public statements (they have no PLOVER type)")(f)
    f = click.option("--min-confidence", type=click.FloatRange(0, 1), default=0.0, show_default=True,
                     help="drop events coded with lower confidence")(f)
    return f


def make_config(model: str, statements: bool, min_confidence: float, **more) -> Config:
    return Config(model=model, statements=statements, min_confidence=min_confidence, **more)


def warn(message: str) -> None:
    click.echo(f"warning: {message}", err=True)


def stderr_is_tty() -> bool:
    return sys.stderr.isatty()

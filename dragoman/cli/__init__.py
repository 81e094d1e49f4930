"""The ``dragoman`` command line: a thin layer over the library API.

Each module in this package adds its commands to the one ``main`` group.
"""
from __future__ import annotations

import click

from .. import __version__


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="dragoman")
def main() -> None:
    """Code international news into PLOVER and CAMEO events, traceable to the sentence."""


def _register() -> None:
    from . import code as _code  # noqa: F401
    for name in ("store", "actors", "evaluate", "serve"):
        try:
            __import__(f"{__name__}.{name}")
        except ModuleNotFoundError as exc:      # a command module not written yet
            if exc.name != f"{__name__}.{name}":
                raise


_register()

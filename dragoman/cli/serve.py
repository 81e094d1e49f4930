"""``dragoman serve``: the web explorer over a store (docs/serve.md)."""
from __future__ import annotations

from pathlib import Path

import click

from . import main


@main.command("serve")
@click.option("--db", default="dragoman.duckdb", show_default=True, type=click.Path(dir_okay=False),
              help="DuckDB database file (opened read-only, once per request)")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="address to listen on (0.0.0.0 to let other machines in: there is no login)")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True)
@click.option("--log-level", type=click.Choice(["critical", "error", "warning", "info", "debug"]),
              default="info", show_default=True, help="uvicorn's log level")
def serve_cmd(db, host, port, log_level):
    """Browse --db in a web browser: events, event reports, articles, dyads, countries, a summary.

    \b
    dragoman serve --db dragoman.duckdb            # then open http://127.0.0.1:8000/
    The same data as JSON under /api/ (events, events/ID, articles, articles/KEY, dyad, country/CODE,
    summary); no login: keep the default --host unless the network is trusted. docs/serve.md
    """
    import uvicorn

    from ..serve import create_app
    from ..store import StoreError, open_store

    if not Path(db).exists():
        raise click.ClickException(f"no database at {db}; create it with `dragoman ingest PATH... --db {db}`")
    try:                                   # a clear error now rather than one on every page
        open_store(db, read_only=True).close()
    except StoreError as exc:
        if "in use by another process" not in str(exc):
            raise click.ClickException(str(exc)) from None
        click.echo(f"warning: {exc}; pages answer 503 until it is free", err=True)
    if host not in ("127.0.0.1", "localhost", "::1"):
        click.echo(f"warning: listening on {host}: anyone who can reach it can read the database (no login)",
                   err=True)
    click.echo(f"dragoman explorer on http://{host}:{port}/ over {db} (read-only); Ctrl-C to stop", err=True)
    uvicorn.run(create_app(db), host=host, port=port, log_level=log_level)

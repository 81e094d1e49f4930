"""Store commands: ``ingest``, ``query``, ``export``, ``plot``, ``summary`` (docs/store.md)."""
from __future__ import annotations

import json
import math
import shutil
import sys
from datetime import date, datetime
from pathlib import Path

import click

from . import main
from .common import config_options, make_config, validate_date, warn

DB_HELP = "DuckDB database file"
DEFAULT_DB = "dragoman.duckdb"


def _db_option(f):
    return click.option("--db", default=DEFAULT_DB, show_default=True, type=click.Path(dir_okay=False),
                        help=DB_HELP)(f)


def _filter_options(f):
    f = click.option("--text", help="words that must all appear in the sentence (case-insensitive)")(f)
    f = click.option("--until", callback=validate_date, help="events on or before this day (YYYY-MM-DD)")(f)
    f = click.option("--since", callback=validate_date, help="events on or after this day (YYYY-MM-DD)")(f)
    f = click.option("--cameo", multiple=True, help="CAMEO code prefix, e.g. 19 or 0214 (repeatable)")(f)
    f = click.option("--type", "types", multiple=True,
                     help="PLOVER event type, e.g. ASSAULT (repeatable)")(f)
    f = click.option("--recipient", multiple=True,
                     help="recipient country (PSE) or actor-code prefix (PSECVL) (repeatable)")(f)
    f = click.option("--actor", multiple=True,
                     help="actor country (ISR) or actor-code prefix (ISRMIL) (repeatable)")(f)
    return f


def _check_types(types) -> tuple[str, ...]:
    from ..ontology import event_types

    known = set(event_types())
    out = tuple(t.upper() for t in types)
    bad = [t for t in out if t not in known]
    if bad:
        raise click.BadParameter(f"unknown PLOVER type {', '.join(bad)}; use one of {', '.join(sorted(known))}",
                                 param_hint="--type")
    return out


def _open(db: str, **kw):
    from ..store import StoreError, open_store

    try:
        return open_store(db, **kw)
    except StoreError as exc:
        raise click.ClickException(str(exc)) from None


def _fail_store_error(fn):
    """Turn StoreError into a one-line message and exit status 1."""
    import functools

    @functools.wraps(fn)
    def wrapper(*a, **kw):
        from ..store import StoreError

        try:
            return fn(*a, **kw)
        except StoreError as exc:
            raise click.ClickException(str(exc)) from None
    return wrapper


# --- ingest -----------------------------------------------------------------------------------------
@main.command("ingest")
@click.argument("paths", nargs=-1, required=True)
@_db_option
@click.option("--date", "default_date", callback=validate_date,
              help="article date (YYYY-MM-DD) where the input gives none")
@click.option("--batch-size", type=click.IntRange(1), default=100, show_default=True,
              help="articles per transaction (a killed run loses at most one batch of work)")
@click.option("--window", type=click.IntRange(0), default=None,
              help="dedup: days between reports of one event [default: the database's rule, else 1]")
@click.option("--location-rule", type=click.Choice(["compatible", "exact", "ignore"]), default=None,
              help="dedup: how event locations must agree [default: the database's rule, else compatible]")
@click.option("--no-text", is_flag=True, help="do not keep article texts in the database")
@click.option("--log-every", type=click.FloatRange(0), default=30.0, show_default=True,
              help="seconds between progress lines when stderr is not a terminal")
@click.option("-q", "--quiet", is_flag=True, help="no progress bar or progress lines")
@click.option("--processes", "-p", type=click.IntRange(1), default=None,
              help="coding processes on this machine [default: one per core]")
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True,
              help="local: processes on this machine; dask: a Dask cluster writes Parquet parts, then they are stored")
@click.option("--scheduler", help="with --engine dask: the scheduler address (tcp://host:8786); "
                                  "default: a LocalCluster of --processes workers")
@click.option("--parts", type=click.Path(file_okay=False), default=None,
              help="with --engine dask: folder for the Parquet parts [default: DB.parts]; kept parts are reused")
@config_options
def ingest_cmd(paths, db, default_date, batch_size, window, location_rule, no_text, log_every, quiet,
               processes, engine, scheduler, parts, model, statements, min_confidence):
    """Code PATHS (.txt, .jsonl, .html, directories, - for stdin) and store them in --db.

    Articles already in the database (same id, same normalised text) are skipped before coding, so
    running the same command again adds nothing and a killed run resumes where it stopped. Reports
    of the same event are merged into one row of the `events` table (see docs/store.md). Problems
    are printed on stderr naming file and line; the exit status is 1 if anything could not be read
    or coded.
    """
    from ..store import DedupRule, Progress, count_inputs, ingest

    store = _open(db, store_text=not no_text)
    if window is not None or location_rule is not None:
        rule = DedupRule(window_days=store.dedup.window_days if window is None else window,
                         location=location_rule or store.dedup.location)
        if rule != store.dedup:
            click.echo(f"dedup rule changed to window ±{rule.window_days} day(s), location {rule.location}: "
                       "re-clustering stored reports", err=True)
            store.recluster_all(rule)
    config = make_config(model, statements, min_confidence)
    if engine == "dask":
        _ingest_dask(paths, db, store, config, default_date, batch_size, processes, scheduler, parts, quiet)
        return
    from ..engine import LocalEngine, default_processes

    n = processes or default_processes()
    if n == 1:
        from ..pipeline import Pipeline     # only here: with workers, this process never parses

        pipeline = Pipeline(config)
    else:
        pipeline = LocalEngine(config, processes=n)
    progress = None
    if not quiet:
        total = None if any(str(p) == "-" for p in paths) else count_inputs(paths)
        progress = Progress(total, every=log_every)
    run_config = {"model": model, "statements": statements, "min_confidence": min_confidence,
                  "batch_size": batch_size, "dedup": json.loads(store.dedup.to_json()), "default_date": default_date}
    try:
        res = ingest(paths, store, pipeline, default_date=default_date, batch_size=batch_size,
                     progress=progress, warn=warn, config=run_config)
    except KeyboardInterrupt:
        store.close()
        click.echo("\ninterrupted: every batch committed so far is kept; run the same command again to "
                   "resume", err=True)
        sys.exit(130)
    finally:
        if pipeline is not None and hasattr(pipeline, "close"):
            pipeline.close()
    events = store.count("events")
    store.close()
    if progress is not None and not progress.tty:
        click.echo(progress.line(res), err=True)
    said = [f"{res.stored:,} new article{'s' * (res.stored != 1)} stored"]
    if res.refused:
        said[-1] += f" ({res.refused:,} refused: empty or not English)"
    said.append(f"{res.skipped:,} already stored")
    said.append(f"{res.reports:,} new event reports")
    click.echo(f"{db}: " + ", ".join(said) + f"; {events:,} deduplicated events in the database")
    trouble = []
    if res.problems:
        trouble.append(f"{res.problems:,} input problem{'s' * (res.problems != 1)}")
    if res.failed:
        trouble.append(f"{res.failed:,} article{'s' * (res.failed != 1)} the coder failed on (not stored)")
    if trouble:
        click.echo("warning: " + ", ".join(trouble) + " (listed above)", err=True)
    sys.exit(0 if res.ok else 1)


def _ingest_dask(paths, db, store, config, default_date, batch_size, processes, scheduler, parts, quiet):
    """Code on a Dask cluster into Parquet parts, then load the parts into the store."""
    import pyarrow.parquet as pq

    from ..engine import run_dask
    from ..engine.tables import tables_to_articles
    from ..store import store_articles

    out = Path(parts) if parts else Path(f"{db}.parts")

    def progress(done, total, part):
        if not quiet:
            click.echo(f"dask: {done}/{total} partitions coded ({part.articles} articles in part {part.index})",
                       err=True)

    res = run_dask(paths, out, config, scheduler=scheduler, n_workers=processes or 2,
                   default_date=default_date, resume=True, progress=progress)
    for p in res.problems:
        warn(str(p))

    def articles():
        for ev_path, art_path in zip(res.tables("events"), res.tables("articles")):
            yield from tables_to_articles(pq.read_table(ev_path), pq.read_table(art_path))

    stored = store_articles(articles(), store, batch_size=batch_size, warn=warn, sources=paths,
                            config={"engine": "dask", "scheduler": scheduler, "parts": str(out),
                                    "model": config.model, "statements": config.statements})
    events = store.count("events")
    store.close()
    click.echo(f"{db}: {stored.stored:,} new articles stored from {res.partitions} Dask partitions in {out} "
               f"({stored.skipped:,} already stored, {stored.reports:,} new event reports); "
               f"{events:,} deduplicated events in the database")
    sys.exit(0 if not (res.problems or res.failed or stored.refused) else 1)


# --- query ------------------------------------------------------------------------------------------
_EVENT_COLUMNS = [("event_id", "event"), ("date", "date"), ("actor_code", "actor"),
                  ("recipient_code", "recipient"), ("type", "type"), ("cameo", "cameo"),
                  ("goldstein", "gold"), ("location_name", "location"), ("num_articles", "arts"),
                  ("num_mentions", "ments"), ("trigger_text", "trigger"), ("sentence", "sentence")]
_REPORT_COLUMNS = [("report_id", "report"), ("event_id", "event"), ("day", "date"), ("actor_code", "actor"),
                   ("recipient_code", "recipient"), ("type", "type"), ("cameo", "cameo"),
                   ("doc_id", "article"), ("trigger_text", "trigger"), ("sentence", "sentence")]


def _cell(v) -> str:
    if v is None:
        return ""
    if isinstance(v, float):
        if math.isnan(v):
            return ""
        return f"{v:g}"
    if isinstance(v, (datetime,)):
        return v.date().isoformat() if (v.hour, v.minute, v.second) == (0, 0, 0) else v.isoformat(" ")
    if isinstance(v, date):
        return v.isoformat()
    if hasattr(v, "tolist"):
        v = v.tolist()
    if isinstance(v, (list, tuple)):
        return ";".join(map(str, v))
    try:
        import pandas as pd

        if pd.isna(v):
            return ""
    except (TypeError, ValueError):
        pass
    return " ".join(str(v).split())


def _records(df) -> list[dict]:
    return [{k: _jsonable(v) for k, v in row.items()} for row in df.to_dict("records")]


def _jsonable(v):
    import pandas as pd

    if hasattr(v, "tolist") and not isinstance(v, (str, bytes)):
        v = v.tolist()
    if isinstance(v, list):
        return [_jsonable(x) for x in v]
    if isinstance(v, (pd.Timestamp, datetime)):
        return v.date().isoformat() if (v.hour, v.minute, v.second) == (0, 0, 0) else v.isoformat()
    if isinstance(v, date):
        return v.isoformat()
    try:
        if pd.isna(v):
            return None
    except (TypeError, ValueError):
        pass
    if hasattr(v, "item"):
        return v.item()
    return v


def render_table(df, columns: list[tuple[str, str]], width: int | None = None) -> str:
    """A plain aligned text table; the last column is cut to the terminal width."""
    width = width or shutil.get_terminal_size((160, 24)).columns
    cols = [(c, h) for c, h in columns if c in df.columns]
    cells = [[_cell(v) for v in df[c].tolist()] for c, _ in cols]
    widths = []
    for (c, h), vals in zip(cols, cells):
        w = max([len(h)] + [len(v) for v in vals])
        widths.append(min(w, 28) if c not in ("sentence",) else w)
    used = sum(widths[:-1]) + 2 * (len(widths) - 1)
    if cols:
        widths[-1] = max(20, min(widths[-1], width - used))

    def fmt(vals):
        out = []
        for v, w in zip(vals, widths):
            out.append(v if len(v) <= w else v[: max(w - 1, 1)] + "…")
        return "  ".join(v.ljust(w) for v, w in zip(out, widths)).rstrip()

    lines = [fmt([h for _, h in cols]), fmt(["-" * w for w in widths])]
    lines += [fmt([vals[i] for vals in cells]) for i in range(len(df))]
    return "\n".join(lines)


def _emit(df, fmt: str, columns: list[tuple[str, str]]) -> None:
    if fmt == "csv":
        out = df.copy()
        for c in out.columns:
            if out[c].dtype == object:
                out[c] = out[c].map(lambda v: ";".join(map(str, v)) if isinstance(v, (list, tuple))
                                    or hasattr(v, "tolist") and not isinstance(v, str) else v)
        out.to_csv(sys.stdout, index=False, date_format="%Y-%m-%d")
    elif fmt == "json":
        for rec in _records(df):
            click.echo(json.dumps(rec, ensure_ascii=False))
    else:
        click.echo(render_table(df, columns))


@main.command("query")
@_db_option
@_filter_options
@click.option("--event", "event_id", help="show the reports merged into this event id")
@click.option("--reports", is_flag=True, help="list raw per-article reports instead of deduplicated events")
@click.option("--by", type=click.Choice(["day", "week", "month", "year"]),
              help="count events per dyad (actor country -> recipient country) and period, with Goldstein "
                   "sums and quad-class counts, instead of listing them")
@click.option("--factual", is_flag=True, help="leave out negated, future and hypothetical events")
@click.option("--all-modes", is_flag=True,
              help="with --by: also count negated, future and hypothetical events (left out by default)")
@click.option("--limit", type=click.IntRange(0), default=None,
              help="at most this many rows [default: 50 for a table, all for csv/json]")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table",
              show_default=True, help="table, CSV, or JSON Lines (one object a line)")
@_fail_store_error
def query_cmd(db, actor, recipient, types, cameo, since, until, text, event_id, reports, by, factual,
              all_modes, limit, fmt):
    """List deduplicated events (or raw reports) in --db matching the filters, oldest first.

    \b
    dragoman query --actor ISR --recipient PSE --type ASSAULT --since 2024-01-01
    dragoman query --actor USA --by month --format csv
    """
    store = _open(db, read_only=True)
    try:
        filters = dict(actor=actor, recipient=recipient, types=_check_types(types), cameo=cameo, since=since,
                       until=until, text=text)
        if limit is None and fmt == "table":
            limit = 50
        if event_id:
            df = store.reports_of(event_id)
            if df.empty:
                raise click.ClickException(f"no event {event_id} in {db}")
            df["type"] = [t if _cell(t) else f"CAMEO {c}" for t, c in zip(df["event_type"], df["cameo"])]
            _emit(df.head(limit) if limit else df, fmt, _REPORT_COLUMNS)
            return
        if by:
            df = store.aggregate("dyads", by=by, factual_only=not all_modes, **filters)
            if limit:
                df = df.head(limit)
            _emit(df, fmt, [(c, c) for c in df.columns])
            return
        level = "reports" if reports else "events"
        total = store.count(level, factual_only=factual, **filters)
        df = store.query(level=level, limit=limit, factual_only=factual, **filters)
        if fmt == "table":
            df["type"] = [(f"{t}/{m}" if _cell(m) else t) if _cell(t) else f"CAMEO {c}"
                          for t, m, c in zip(df["event_type"], df["mode"], df["cameo"])]
        _emit(df, fmt, _REPORT_COLUMNS if reports else _EVENT_COLUMNS)
        if fmt == "table":
            what = "reports" if reports else "events"
            shown = len(df)
            tail = f" (showing {shown}; use --limit)" if shown < total else ""
            click.echo(f"{total:,} {what}{tail}", err=True)
    finally:
        store.close()


# --- export -----------------------------------------------------------------------------------------
@main.command("export")
@_db_option
@click.option("--format", "fmt", type=click.Choice(["parquet", "csv", "plover-jsonl", "gdelt"]), required=True,
              help="parquet or csv (any table), plover-jsonl or gdelt (deduplicated events)")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, writable=True),
              help="file to write")
@click.option("--table", type=click.Choice(["events", "reports", "articles", "quotes", "figures"]),
              default="events", show_default=True, help="what to export (parquet and csv)")
@_filter_options
@click.option("--factual", is_flag=True, help="leave out negated, future and hypothetical events")
@_fail_store_error
def export_cmd(db, fmt, output, table, actor, recipient, types, cameo, since, until, text, factual):
    """Write events (or another table) of --db to a file: Parquet, CSV, PLOVER JSON Lines or GDELT 1.0 TSV."""
    store = _open(db, read_only=True)
    try:
        n = store.export(output, fmt, table=table, actor=actor, recipient=recipient, types=_check_types(types),
                         cameo=cameo, since=since, until=until, text=text, factual_only=factual)
    finally:
        store.close()
    what = table if fmt in ("parquet", "csv") else "events"
    click.echo(f"wrote {n:,} {what} rows to {output} ({fmt})", err=True)


# --- plot -------------------------------------------------------------------------------------------
@main.group("plot")
def plot_group():
    """Draw charts from the store (PNG, SVG or PDF by the output's suffix)."""


@plot_group.command("dyad")
@_db_option
@click.option("--actor", required=True, help="country or actor-code prefix, e.g. ISR")
@click.option("--recipient", required=True, help="country or actor-code prefix, e.g. PSE")
@click.option("--by", type=click.Choice(["day", "week", "month", "year"]), default="week", show_default=True)
@click.option("--since", callback=validate_date)
@click.option("--until", callback=validate_date)
@click.option("--type", "types", multiple=True, help="only these PLOVER types (repeatable)")
@click.option("--one-way", is_flag=True, help="only actor -> recipient, not both directions")
@click.option("--all-modes", is_flag=True, help="also count negated, future and hypothetical events")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, writable=True))
@_fail_store_error
def plot_dyad_cmd(db, actor, recipient, by, since, until, types, one_way, all_modes, output):
    """Timeline of a dyad: events per period and Goldstein sums, both directions."""
    from ..store.plots import plot_dyad

    store = _open(db, read_only=True)
    try:
        df = store.aggregate("dyad", actor=actor, recipient=recipient, by=by, since=since, until=until,
                             types=_check_types(types), both_directions=not one_way, factual_only=not all_modes)
    finally:
        store.close()
    span = f" {since or ''}…{until or ''}" if since or until else ""
    kinds = f" ({', '.join(t.upper() for t in types)})" if types else ""
    a, r = actor.upper(), recipient.upper()
    directions = [f"{a} → {r}"] + ([] if one_way else [f"{r} → {a}"])
    plot_dyad(df, output, by=by, since=since, until=until, directions=directions,
              title=f"{actor.upper()} ↔ {recipient.upper()}{kinds}: events per {by}{span}")
    click.echo(f"wrote {output}", err=True)


@plot_group.command("partners")
@_db_option
@click.option("--country", required=True, help="country code, e.g. USA")
@click.option("--top", type=click.IntRange(1), default=15, show_default=True)
@click.option("--since", callback=validate_date)
@click.option("--until", callback=validate_date)
@click.option("--all-modes", is_flag=True, help="also count negated, future and hypothetical events")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, writable=True))
@_fail_store_error
def plot_partners_cmd(db, country, top, since, until, all_modes, output):
    """A country's top partners: events in both directions, by quad class."""
    from ..store.plots import plot_partners

    store = _open(db, read_only=True)
    try:
        df = store.aggregate("partners", country=country, top=top, since=since, until=until,
                             factual_only=not all_modes)
    finally:
        store.close()
    span = f", {since or ''}…{until or ''}" if since or until else ""
    plot_partners(df, output, country=country.upper(), title=f"{country.upper()}: top {len(df)} partners{span}")
    click.echo(f"wrote {output}", err=True)


@plot_group.command("quad")
@_db_option
@click.option("--actor", multiple=True, help="actor country or code prefix (repeatable)")
@click.option("--recipient", multiple=True, help="recipient country or code prefix (repeatable)")
@click.option("--by", type=click.Choice(["day", "week", "month", "year"]), default="month", show_default=True)
@click.option("--since", callback=validate_date)
@click.option("--until", callback=validate_date)
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, writable=True))
@_fail_store_error
def plot_quad_cmd(db, actor, recipient, by, since, until, output):
    """Events per period stacked by quad class (verbal/material cooperation/conflict)."""
    from ..store.plots import plot_quad

    store = _open(db, read_only=True)
    try:
        df = store.aggregate("quad", actor=actor, recipient=recipient, by=by, since=since, until=until)
    finally:
        store.close()
    who = " ".join(filter(None, [("from " + ",".join(actor).upper()) if actor else "",
                                 ("to " + ",".join(recipient).upper()) if recipient else ""])) or "all events"
    plot_quad(df, output, by=by, since=since, until=until, title=f"Quad classes per {by}: {who}")
    click.echo(f"wrote {output}", err=True)


# --- summary ----------------------------------------------------------------------------------------
@main.command("summary")
@_db_option
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@_fail_store_error
def summary_cmd(db, fmt):
    """What --db holds: articles, reports, events, date ranges, top types and dyads."""
    store = _open(db, read_only=True)
    try:
        s = store.summary()
    finally:
        store.close()
    if fmt == "json":
        s = dict(s, dedup_rule=json.loads(s["dedup_rule"].to_json()))
        click.echo(json.dumps(s, default=_jsonable, ensure_ascii=False, indent=1))
        return
    click.echo(format_summary(s))


def _range(pair) -> str:
    a, b = pair
    if a is None:
        return "none"
    return a.isoformat() if a == b else f"{a.isoformat()} to {b.isoformat()}"


def format_summary(s: dict) -> str:
    from ..store.plots import QUAD_NAMES

    rule = s["dedup_rule"]
    lines = [
        f"Database   {s['database']}",
        f"Articles   {s['articles']:,} ({s['coded']:,} coded, {s['refused']:,} refused); "
        f"dated {_range(s['article_dates'])}",
        f"Reports    {s['reports']:,} event reports in articles",
        f"Events     {s['events']:,} after deduplication ({s['events_merged']:,} merged from several reports, "
        f"{s['events_multi_article']:,} seen in several articles); {s['factual_events']:,} factual",
        f"Dates      events {_range(s['event_dates'])}",
        f"Dedup      same actor/recipient country and sector and type, dates within ±{rule.window_days} "
        f"day(s), location {rule.location}",
        f"Also       {s['quotes']:,} quotes, {s['figures']:,} figures, {s['warnings']:,} article warnings, "
        f"{s['problems']:,} input problems, {s['runs']:,} ingest runs",
    ]
    if s["top_types"]:
        lines += ["", "Top event types"]
        lines += [f"  {t:<12} {n:>7,}" for t, n in s["top_types"]]
    if s["quad"]:
        lines += ["", "Quad classes"]
        lines += [f"  {q} {QUAD_NAMES.get(q, '?'):<22} {n:>7,}" for q, n in s["quad"]]
    if s["top_dyads"]:
        lines += ["", "Top dyads (factual events)", f"  {'actor':<6} {'recipient':<10} {'events':>7} {'Goldstein':>10}"]
        lines += [f"  {a:<6} {r:<10} {n:>7,} {g:>+10.1f}" for a, r, n, g in s["top_dyads"]]
    if s["top_actors"]:
        lines += ["", "Top actors"]
        lines += [f"  {a:<10} {n:>7,}" for a, n in s["top_actors"]]
    if not s["events"]:
        lines += ["", "No events yet."]
    return "\n".join(lines)

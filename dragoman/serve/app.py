"""The explorer's routes: HTML pages and their JSON mirrors, each a thin layer over the store API.

Every request opens the database read-only and closes it before its response is sent, so the
explorer never holds DuckDB's file lock between requests: an ingest can start whenever no request
is being served. While an ingest holds the file, requests get a 503 page saying so (DuckDB lets one
process write a file and no other process read it meanwhile).
"""
from __future__ import annotations

import math
import threading
from datetime import date, timedelta
from io import BytesIO
from pathlib import Path

import jinja2
from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import HTTPException, RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException as StarletteHTTPException

from .. import __version__
from ..store import Store, StoreError, open_store
from . import data
from .data import clean, records
from .forms import BadRequest, DyadForm, EventForm, _flag, _int
from .highlight import Span, mark_sentence, mark_text, trigger_in_sentence

HERE = Path(__file__).resolve().parent
QUAD_NAMES = {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict"}
_PLOT_LOCK = threading.Lock()          # pyplot keeps global state: one chart at a time


class Unavailable(Exception):
    """The database cannot be opened (missing, locked by a writer, not a dragoman database)."""


def _is_api(request: Request) -> bool:
    return request.url.path.startswith(("/api/", "/plot/"))


# --- template helpers -----------------------------------------------------------------------------


def _fmt_date(v) -> str:
    v = clean(v)
    return "" if v is None else str(v)[:10]


def _fmt_time(v) -> str:
    v = clean(v)
    return "" if v is None else str(v).replace("T", " ")[:19]


def _fmt_num(v, signed: bool = False, digits: int = 1) -> str:
    v = clean(v)
    if v is None:
        return ""
    if isinstance(v, int) and not signed:
        return f"{v:,}"
    return f"{v:+.{digits}f}" if signed else f"{v:,.{digits}f}"


def _type_label(event_type, mode=None, cameo=None) -> str:
    if event_type:
        return f"{event_type}/{mode}" if mode else str(event_type)
    return f"CAMEO {str(cameo or '')[:2]}"


def _period_end(start: str | None, by: str) -> str | None:
    if not start:
        return None
    d = date.fromisoformat(start[:10])
    if by == "week":
        d += timedelta(days=6)
    elif by == "month":
        d = (d.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    elif by == "year":
        d = d.replace(month=12, day=31)
    return d.isoformat()


def _shift(d: date, by: str, n: int) -> date:
    """The start of the period ``n`` periods after the one starting on ``d``."""
    if by == "day":
        return d + timedelta(days=n)
    if by == "week":
        return d + timedelta(days=7 * n)
    if by == "month":
        m = d.year * 12 + d.month - 1 + n
        return date(m // 12, m % 12 + 1, 1)
    return date(d.year + n, 1, 1)


def _chart_span(periods, by: str, since: str | None, until: str | None) -> tuple[str | None, str | None]:
    """The dates a dyad chart covers: the filters' if given, else one empty period either side when
    there are only one or two periods (a chart of a single point has no time axis to speak of)."""
    starts = sorted({date.fromisoformat(str(p)[:10]) for p in periods})
    if since or until or not starts or len(starts) > 2:
        return since, until
    return _shift(starts[0], by, -1).isoformat(), _shift(starts[-1], by, 1).isoformat()


def _http_url(url) -> bool:
    """Only http(s) URLs are turned into links (article URLs come from the input: no ``javascript:``)."""
    return isinstance(url, str) and url.strip().lower().startswith(("http://", "https://"))


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(HERE / "templates")), autoescape=True,
                             trim_blocks=True, lstrip_blocks=True)
    env.filters.update(day=_fmt_date, time=_fmt_time, num=_fmt_num, cameo_name=data.cameo_name,
                       country_name=data.country_name, type_label=_type_label, http_url=_http_url,
                       quad_name=lambda q: QUAD_NAMES.get(clean(q), ""))
    env.globals.update(version=__version__, QUAD_NAMES=QUAD_NAMES)
    return env


# --- the app ----------------------------------------------------------------------------------------


def create_app(db_path: str | Path) -> FastAPI:
    """The explorer over the database at ``db_path`` (opened read-only, once per request)."""
    db_path = str(db_path)
    app = FastAPI(title="dragoman explorer", version=__version__, docs_url=None, redoc_url=None,
                  openapi_url="/api/openapi.json")
    app.state.db_path = db_path
    templates = Jinja2Templates(env=_environment())
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")

    def get_store():
        try:
            store = open_store(db_path, read_only=True)
        except StoreError as exc:
            raise Unavailable(str(exc)) from None
        try:
            yield store
        finally:
            store.close()

    # closed when the route function returns, before the response is sent: the file is held no longer
    store_dep = Depends(get_store, scope="function")

    def page(request: Request, template: str, status_code: int = 200, **context) -> HTMLResponse:
        context.setdefault("nav", "")
        return templates.TemplateResponse(request, template, {"db_name": Path(db_path).name, **context},
                                          status_code=status_code)

    def error(request: Request, status: int, title: str, message: str):
        if _is_api(request):
            return JSONResponse({"error": title, "detail": message}, status_code=status)
        return page(request, "error.html", status_code=status, title=title, message=message)

    @app.exception_handler(Unavailable)
    def _unavailable(request: Request, exc: Unavailable):
        msg = str(exc)
        if "in use by another process" in msg:
            title = "The database is busy"
            msg += (" — DuckDB lets one process write a database file and no other process read it "
                    "meanwhile. The explorer will read it again as soon as the ingest finishes: reload then.")
        else:
            title = "The database cannot be opened"
        return error(request, 503, title, msg)

    @app.exception_handler(BadRequest)
    def _bad_request(request: Request, exc: BadRequest):
        return error(request, 400, "Bad request", str(exc))

    @app.exception_handler(StoreError)
    def _store_error(request: Request, exc: StoreError):
        return error(request, 400, "Store error", str(exc))

    @app.exception_handler(RequestValidationError)
    def _invalid(request: Request, exc: RequestValidationError):
        msgs = "; ".join(f"{'.'.join(map(str, e.get('loc', ())))}: {e.get('msg', '')}" for e in exc.errors())
        return error(request, 400, "Bad request", msgs or "invalid request")

    @app.exception_handler(Exception)
    def _crash(request: Request, exc: Exception):
        return error(request, 500, "Internal error",
                     f"the explorer failed on this request ({type(exc).__name__}: {exc}); please report it")

    @app.exception_handler(StarletteHTTPException)
    def _http(request: Request, exc: StarletteHTTPException):
        titles = {404: "Not found", 405: "Method not allowed"}
        return error(request, exc.status_code, titles.get(exc.status_code, "Error"), str(exc.detail))

    # --- events ---------------------------------------------------------------------------------

    def _events(request: Request, store: Store) -> tuple[EventForm, list[dict], int]:
        form = EventForm.parse(request.query_params)
        df, total = data.events_page(store, form.filters(), form.page, form.per_page)
        return form, records(df), total

    @app.get("/", response_class=HTMLResponse)
    def events_html(request: Request, store: Store = store_dep):
        form, events, total = _events(request, store)
        pages = max(1, math.ceil(total / form.per_page))
        from ..ontology import event_types

        return page(request, "events.html", nav="events", form=form, events=events, total=total, pages=pages,
                    event_types=event_types())

    @app.get("/api/events")
    def events_api(request: Request, store: Store = store_dep):
        form, events, total = _events(request, store)
        return {"filters": form.as_dict(), "total": total, "page": form.page, "per_page": form.per_page,
                "events": events}

    def _event(event_id: str, store: Store) -> tuple[dict, list[dict]]:
        ev = data.get_event(store, event_id)
        if ev is None:
            raise HTTPException(404, f"no event {event_id} in the database")
        reports = records(store.reports_of(event_id))
        texts = data.article_texts(store, [r["article_key"] for r in reports])
        for r in reports:
            span = trigger_in_sentence(r["sentence"], r["trigger_text"], r["trigger_start"], r["trigger_end"],
                                       texts.get(r["article_key"]))
            r["trigger_in_sentence"] = list(span) if span else None
        return ev, reports

    @app.get("/events/{event_id}", response_class=HTMLResponse)
    def event_html(event_id: str, request: Request, store: Store = store_dep):
        ev, reports = _event(event_id, store)
        for r in reports:
            r["marked"] = mark_sentence(r["sentence"], r["trigger_in_sentence"], title=r["rule"])
        return page(request, "event.html", nav="events", ev=ev, reports=reports)

    @app.get("/api/events/{event_id}")
    def event_api(event_id: str, store: Store = store_dep):
        ev, reports = _event(event_id, store)
        return {"event": ev, "reports": reports}

    # --- articles -------------------------------------------------------------------------------

    def _articles(request: Request, store: Store) -> dict:
        qp = request.query_params
        q = (qp.get("q") or "").strip()
        pg, per_page = _int(qp, "page", 1, 1, 10**7), _int(qp, "per_page", 50, 1, 500)
        df, total = data.articles_page(store, q, pg, per_page)
        return {"q": q, "total": total, "page": pg, "per_page": per_page, "articles": records(df)}

    @app.get("/articles", response_class=HTMLResponse)
    def articles_html(request: Request, store: Store = store_dep):
        a = _articles(request, store)
        return page(request, "articles.html", nav="articles", articles=a["articles"], total=a["total"], q=a["q"],
                    page_no=a["page"], per_page=a["per_page"], pages=max(1, math.ceil(a["total"] / a["per_page"])))

    @app.get("/api/articles")
    def articles_api(request: Request, store: Store = store_dep):
        return _articles(request, store)

    def _article(key: str, store: Store) -> tuple[dict, dict]:
        art = data.get_article(store, key)
        if art is None:
            raise HTTPException(404, f"no article {key} in the database")
        return art, data.article_parts(store, key)

    @app.get("/articles/{key}", response_class=HTMLResponse)
    def article_html(key: str, request: Request, store: Store = store_dep):
        art, parts = _article(key, store)
        text = art.get("text")
        spans = []
        for r in parts["reports"]:
            span = trigger_in_sentence(r["sentence"], r["trigger_text"], r["trigger_start"], r["trigger_end"], text)
            r["marked"] = mark_sentence(r["sentence"], span, title=r["rule"])
            if text and r["trigger_start"] is not None and text[r["trigger_start"]:r["trigger_end"]] == r["trigger_text"]:
                who = " → ".join(filter(None, [r["actor_code"] or r["actor_text"], r["recipient_code"]]))
                spans.append(Span(r["trigger_start"], r["trigger_end"], "trigger", href=f"#r-{r['report_id']}",
                                  title=f"{_type_label(r['event_type'], r['mode'], r['cameo'])} "
                                        f"(CAMEO {r['cameo']}) {who}"))
        for qt in parts["quotes"]:
            speaker = qt.get("speaker_name") or qt.get("speaker_text") or "unknown speaker"
            spans.append(Span(qt["start"], qt["end"], "quote", ident=f"q-{qt['seq']}", title=f"quote: {speaker}"))
        marked = mark_text(text, spans) if text else None
        return page(request, "article.html", nav="articles", art=art, marked=marked, **parts)

    @app.get("/api/articles/{key}")
    def article_api(key: str, store: Store = store_dep):
        art, parts = _article(key, store)
        parts["warnings"] = [w["message"] for w in parts["warnings"]]
        return {"article": art, **parts}

    # --- dyads ----------------------------------------------------------------------------------

    def _dyad_table(df, form: DyadForm) -> tuple[list[dict], list[dict]]:
        """Periods as rows, directions side by side; totals per direction."""
        rows = records(df)
        by_period: dict[str, dict[str, dict]] = {}
        for r in rows:
            by_period.setdefault(r["period"], {})[r["direction"]] = r
        table = []
        for p in sorted(by_period):
            table.append({"period": p, "end": _period_end(p, form.by),
                          "cells": [by_period[p].get(d) for d in form.directions]})
        totals = []
        for d in form.directions:
            sub = [r for r in rows if r["direction"] == d]
            totals.append({"direction": d, "events": sum(r["events"] for r in sub),
                           "goldstein_sum": sum(r["goldstein_sum"] or 0 for r in sub)})
        return table, totals

    @app.get("/dyad", response_class=HTMLResponse)
    def dyad_html(request: Request, store: Store = store_dep):
        form = DyadForm.parse(request.query_params, required=False)
        if form is None:
            s = store.summary()
            return page(request, "dyad.html", nav="dyad", form=None, top_dyads=s["top_dyads"])
        df = store.aggregate("dyad", **form.aggregate_kwargs())
        table, totals = _dyad_table(df, form)
        pairs = [(form.actor, form.recipient)] + ([] if form.one_way else [(form.recipient, form.actor)])
        return page(request, "dyad.html", nav="dyad", form=form, table=table, totals=totals, pairs=pairs)

    @app.get("/api/dyad")
    def dyad_api(request: Request, store: Store = store_dep):
        form = DyadForm.parse(request.query_params)
        df = store.aggregate("dyad", **form.aggregate_kwargs())
        return {"dyad": form.as_dict(), "periods": records(df)}

    @app.get("/plot/dyad.png")
    def dyad_png(request: Request, store: Store = store_dep):
        from ..store.plots import plot_dyad

        form = DyadForm.parse(request.query_params)
        df = store.aggregate("dyad", **form.aggregate_kwargs())
        if df.empty:
            raise HTTPException(404, "no events for this dyad (with these filters): nothing to plot")
        span = f" {form.since or ''}…{form.until or ''}" if form.since or form.until else ""
        kinds = f" ({', '.join(form.type)})" if form.type else ""
        since, until = _chart_span(df["period"], form.by, form.since, form.until)
        buf = BytesIO()
        with _PLOT_LOCK:
            plot_dyad(df, buf, by=form.by, since=since, until=until, directions=form.directions,
                      title=f"{form.actor} {'→' if form.one_way else '↔'} {form.recipient}{kinds}: events per {form.by}{span}")
        return Response(buf.getvalue(), media_type="image/png")

    # --- countries ------------------------------------------------------------------------------

    def _country_code(code: str) -> str:
        code = code.strip().upper()
        if not (code.isalpha() and 2 <= len(code) <= 3):
            raise BadRequest(f"{code!r} is not a country code (three letters, e.g. USA)")
        return code

    def _country(code: str, request: Request, store: Store) -> dict:
        code = _country_code(code)
        qp = request.query_params
        factual = not _flag(qp, "all_modes")
        top = _int(qp, "top", 15, 1, 200)
        totals = data.country_totals(store, code, factual)
        name = data.country_name(code)
        if not totals["events"] and name is None:
            raise HTTPException(404, f"no country {code} in the database")
        partners = records(store.aggregate("partners", country=code, top=top, factual_only=factual))
        types = records(data.country_types(store, code, factual))
        return {"country": code, "name": name, "all_modes": not factual, "top": top, "totals": totals,
                "partners": partners, "types": types}

    @app.get("/country")
    def country_pick(request: Request):
        code = (request.query_params.get("code") or "").strip()
        if not code:
            raise BadRequest("give a country code, e.g. /country/USA")
        return RedirectResponse(f"/country/{_country_code(code)}", status_code=303)

    @app.get("/country/{code}", response_class=HTMLResponse)
    def country_html(code: str, request: Request, store: Store = store_dep):
        c = _country(code, request, store)
        return page(request, "country.html", nav="country", **c)

    @app.get("/api/country/{code}")
    def country_api(code: str, request: Request, store: Store = store_dep):
        return _country(code, request, store)

    @app.get("/plot/partners.png")
    def partners_png(request: Request, store: Store = store_dep):
        from ..store.plots import plot_partners

        qp = request.query_params
        code = _country_code(qp.get("country") or "")
        top = _int(qp, "top", 15, 1, 200)
        df = store.aggregate("partners", country=code, top=top, factual_only=not _flag(qp, "all_modes"))
        if df.empty:
            raise HTTPException(404, f"no events between {code} and another country: nothing to plot")
        buf = BytesIO()
        with _PLOT_LOCK:
            plot_partners(df, buf, country=code, title=f"{code}: top {len(df)} partners")
        return Response(buf.getvalue(), media_type="image/png")

    # --- summary --------------------------------------------------------------------------------

    def _summary(store: Store) -> dict:
        s = store.summary()
        return {
            "database": s["database"], "articles": s["articles"], "coded": s["coded"], "refused": s["refused"],
            "article_dates": {"first": clean(s["article_dates"][0]), "last": clean(s["article_dates"][1])},
            "reports": s["reports"], "events": s["events"], "events_merged": s["events_merged"],
            "events_multi_article": s["events_multi_article"], "factual_events": s["factual_events"],
            "event_dates": {"first": clean(s["event_dates"][0]), "last": clean(s["event_dates"][1])},
            "quotes": s["quotes"], "figures": s["figures"], "warnings": s["warnings"], "problems": s["problems"],
            "runs": s["runs"],
            "top_types": [{"type": t, "events": n} for t, n in s["top_types"]],
            "quad": [{"quad_class": q, "name": QUAD_NAMES.get(q), "events": n} for q, n in s["quad"]],
            "top_dyads": [{"actor": a, "recipient": r, "events": n, "goldstein_sum": clean(g)}
                          for a, r, n, g in s["top_dyads"]],
            "top_actors": [{"actor": a, "events": n} for a, n in s["top_actors"]],
            "dedup_rule": {"window_days": s["dedup_rule"].window_days, "location": s["dedup_rule"].location},
        }

    @app.get("/summary", response_class=HTMLResponse)
    def summary_html(request: Request, store: Store = store_dep):
        s = _summary(store)
        peak = max([q["events"] for q in s["quad"]] + [1])
        return page(request, "summary.html", nav="summary", s=s, quad_peak=peak, runs=data.last_runs(store))

    @app.get("/api/summary")
    def summary_api(store: Store = store_dep):
        return _summary(store)

    return app

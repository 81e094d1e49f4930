"""The web explorer (``dragoman serve``): every page and API route on a real store, filters, highlighting,
errors, escaping, and read-only access beside an ingest. TestClient only (no browser, no server)."""
from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from dragoman.cli import main
from dragoman.record import Actor, Quote
from dragoman.serve import create_app
from dragoman.serve.app import _chart_span
from dragoman.serve.highlight import Span, mark_sentence, mark_text, trigger_in_sentence
from dragoman.store import ingest, open_store
from dragoman.store.testing import make_article, make_event

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "dragoman" / "samples"
XSS = "<script>alert('xss')</script>"


# --- the store ------------------------------------------------------------------------------------


def crafted_articles():
    """Articles with known events beside the samples: hostile markup, and one event in two articles."""
    line1 = f"{XSS} Norway met Sweden in <Oslo> & agreed."
    line2 = 'The minister said "we <i>agree</i>" on Monday.'
    text = line1 + "\n" + line2
    ev = make_event("NOR/GOV", "SWE/GOV", "CONSULT", "040", "2023-03-01", sentence=line1, trigger="met",
                    start=text.index("met"))
    ev.actor.text = "<img src=x onerror=alert(2)>"
    q_start = text.index("we <i>")
    quote = Quote(speaker=Actor(text="<u>The minister</u>", country="NOR", sector="GOV", code="NORGOV"),
                  text="we <i>agree</i>", sentence_index=1, start=q_start, end=q_start + len("we <i>agree</i>"))
    evil = make_article("evil-1", [ev], date="2023-03-01", source="<b>Evil</b> Wire", text=text,
                        title=f"{XSS} title", url="javascript:alert(1)")
    evil.quotes = [quote]

    def merge(doc_id, source, sentence, date="2023-04-10", aux=()):
        ev = make_event("DNK/GOV", "FIN/GOV", "AGREE", "057", date, sentence=sentence, trigger="agreed",
                        start=sentence.index("agreed"), aux=aux)
        return make_article(doc_id, [ev], date=date, source=source, text=sentence, title=f"Nordic {doc_id}")

    lines = ["Iran urged Malaysia to act at the embassy of the United Nations.",
             "Armenian forces shelled Azerbaijani positions.", "Chile praised Peru."]
    text = "\n".join(lines)
    anchor = make_article("anchor-1", [
        make_event("IRN/GOV", "MYS/GOV", "REQUEST", "020", "2022-02-02", sentence=lines[0], trigger="urged",
                   start=text.index("urged")),
        make_event("ARM/MIL", "AZE", "ASSAULT", "190", "2024-06-01", sentence=lines[1], trigger="shelled",
                   start=text.index("shelled"), sentence_index=1),
        make_event("CHL/GOV", "PER/GOV", "SUPPORT", "051", "2024-12-01", sentence=lines[2], trigger="praised",
                   start=text.index("praised"), sentence_index=2)], date="2024-12-01", source="Wire D", text=text,
        title="Anchors")                        # so that every filter tested below selects something
    return [evil, anchor,
            merge("merge-a", "Wire A", "Denmark agreed with Finland on fishing quotas."),
            merge("merge-b", "Wire B", "Finland and Denmark said Denmark agreed on quotas.", date="2023-04-11"),
            merge("merge-c", "Wire C", "Denmark has not agreed with Finland on anything.", aux=["negation"])]


@pytest.fixture(scope="module")
def db(tmp_path_factory, pipeline) -> Path:
    path = tmp_path_factory.mktemp("serve") / "explorer.duckdb"
    with open_store(path) as store:
        res = ingest([SAMPLES], store, pipeline)
        assert res.ok and res.stored == 4
        store.write_batch(crafted_articles())
    return path


@pytest.fixture(scope="module")
def client(db) -> TestClient:
    return TestClient(create_app(db), raise_server_exceptions=False)


@pytest.fixture(scope="module")
def store(db):
    """The test's own read-only view of the same file (read-only connections can share it)."""
    s = open_store(db, read_only=True)
    yield s
    s.close()


def ids_in(page_html: str) -> set[str]:
    return set(re.findall(r'href="/events/([0-9a-f]+)"', page_html))


def event_of(store, **filters) -> dict:
    df = store.query(**filters)
    assert len(df) == 1, df
    return df.iloc[0].to_dict()


def article_key(store, doc_id: str) -> str:
    return store.sql("SELECT article_key FROM articles WHERE doc_id = ?", [doc_id])["article_key"][0]


def text_div(page_html: str) -> str:
    m = re.search(r'<div class="text">(.*?)</div>', page_html, re.S)
    assert m, "no article text on the page"
    return m.group(1)


# --- every route ------------------------------------------------------------------------------------

PAGES = ["/", "/events/{event}", "/articles", "/articles/{article}", "/dyad", "/dyad?actor=IRN&recipient=MYS&by=month",
         "/country/{country}", "/summary"]
APIS = ["/api/events", "/api/events/{event}", "/api/articles", "/api/articles/{article}",
        "/api/dyad?actor=IRN&recipient=MYS&by=month", "/api/country/{country}", "/api/summary"]
PLOTS = ["/plot/dyad.png?actor=IRN&recipient=MYS&by=month", "/plot/partners.png?country=IRN"]


def fill(path: str, store) -> str:
    ev = event_of(store, actor="DNK", type="AGREE", factual_only=True)
    return path.format(event=ev["event_id"], article=article_key(store, "kuala_lumpur_protest"), country="IRN")


def test_the_tests_cover_every_route(client):
    routes = {r.path for r in client.app.routes if isinstance(r, APIRoute)}
    covered = {re.sub(r"\{\w+\}", "{x}", p.split("?")[0]) for p in PAGES + APIS + PLOTS + ["/country"]}
    assert {re.sub(r"\{\w+\}", "{x}", p) for p in routes} == covered


@pytest.mark.parametrize("path", PAGES)
def test_every_page_answers_html(client, store, path):
    r = client.get(fill(path, store))
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("text/html")
    assert "<h1>" in r.text and "read-only" in r.text
    assert "Internal error" not in r.text


@pytest.mark.parametrize("path", APIS)
def test_every_api_route_answers_json(client, store, path):
    r = client.get(fill(path, store))
    assert r.status_code == 200, r.text
    assert r.headers["content-type"] == "application/json"
    body = r.json()
    assert body and "error" not in body
    json.dumps(body, allow_nan=False)                     # plain JSON: no NaN, no dates as objects


@pytest.mark.parametrize("path", PLOTS)
def test_plots_are_png(client, path):
    r = client.get(path)
    assert r.status_code == 200, r.text
    assert r.headers["content-type"] == "image/png" and r.content[:8] == b"\x89PNG\r\n\x1a\n"


def test_country_box_redirects_to_the_country_page(client):
    r = client.get("/country?code=irn", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/country/IRN"
    assert client.get("/country?code=irn").status_code == 200


def test_static_stylesheet(client):
    r = client.get("/static/style.css")
    assert r.status_code == 200 and "mark.trigger" in r.text


# --- events and filters -------------------------------------------------------------------------------

FILTERS = [
    {"actor": "IRN"}, {"recipient": "MYS"}, {"actor": "IRN", "recipient": "MYS"}, {"actor": "IRNGOV"},
    {"type": "REQUEST"}, {"type": "REQUEST AGREE"}, {"cameo": "19"}, {"cameo": "0"},
    {"since": "2024-10-01"}, {"until": "2024-06-30"}, {"since": "2024-05-01", "until": "2024-06-30"},
    {"text": "embassy"}, {"text": "UNITED nations"}, {"factual": "1"}, {"actor": "DNK"}, {"actor": "DNK,NOR"},
]


def store_filters(params: dict) -> dict:
    out = {k: v for k, v in params.items() if k not in ("type", "factual")}
    if "type" in params:
        out["types"] = params["type"]
    if params.get("factual"):
        out["factual_only"] = True
    return out


@pytest.mark.parametrize("params", FILTERS, ids=lambda p: "&".join(f"{k}={v}" for k, v in p.items()))
def test_filters_give_the_stores_rows_newest_first(client, store, params):
    expected = store.query(**store_filters(params))
    everything = store.count("events")
    assert 0 < len(expected) < everything, "a filter that selects nothing or everything tests nothing"
    r = client.get("/api/events", params={**params, "per_page": 500})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["total"] == len(expected)
    got = [e["event_id"] for e in body["events"]]
    assert set(got) == set(expected["event_id"]) and len(got) == len(set(got))
    dates = [e["date"] for e in body["events"] if e["date"]]
    assert dates == sorted(dates, reverse=True)
    page = client.get("/", params={**params, "per_page": 500})
    assert page.status_code == 200
    assert ids_in(page.text) == set(expected["event_id"])
    assert f"{len(expected)} event" in page.text


def test_known_rows_for_the_crafted_events(client):
    def ids(**params):
        return [e["event_id"] for e in client.get("/api/events", params=params).json()["events"]]

    assert len(ids(actor="DNK")) == 2                      # the merged report pair and the negated one
    assert len(ids(actor="DNK", factual="1")) == 1
    assert len(ids(actor=["DNK", "NOR"])) == 3             # repeated parameter = any of
    assert ids(actor="dnk nor") == ids(actor=["DNK", "NOR"])
    assert ids(actor="DNK", recipient="FIN", type="AGREE", cameo="057", since="2023-04-10", until="2023-04-11",
               text="AGREED", factual="1") == ids(actor="DNK", factual="1")
    assert ids(actor="DNK", since="2023-04-12") == []
    assert ids(actor="DNK", text="fishing quotas") == ids(actor="DNK", factual="1")
    assert ids(actor="NOR", recipient="DNK") == []


def test_paging_covers_every_event_once_newest_first(client, store):
    total = store.count("events")
    seen, pg = [], 1
    while True:
        body = client.get("/api/events", params={"per_page": 7, "page": pg}).json()
        assert body["total"] == total and body["page"] == pg
        if not body["events"]:
            break
        seen += body["events"]
        pg += 1
    assert pg - 1 == -(-total // 7)
    assert sorted(e["event_id"] for e in seen) == sorted(store.query()["event_id"])
    dates = [e["date"] for e in seen if e["date"]]
    assert dates == sorted(dates, reverse=True)
    html_page = client.get("/", params={"per_page": 7, "page": 2}).text
    assert "showing 8–14" in html_page and "page 2 of" in html_page
    past = client.get("/", params={"per_page": 7, "page": pg + 5})
    assert past.status_code == 200 and "past the last page" in past.text


# --- one event ------------------------------------------------------------------------------------------


def test_event_page_shows_each_report_with_its_trigger_marked(client, store):
    ev = event_of(store, actor="DNK", type="AGREE", factual_only=True)
    assert ev["num_mentions"] == 2 and ev["num_articles"] == 2
    r = client.get(f"/events/{ev['event_id']}")
    assert r.status_code == 200
    page = r.text
    quotes = re.findall(r'<blockquote class="sentence">(.*?)</blockquote>', page, re.S)
    assert [html.unescape(re.sub(r"<[^>]+>", "", q)) for q in quotes] == [
        "Denmark agreed with Finland on fishing quotas.", "Finland and Denmark said Denmark agreed on quotas."]
    for q in quotes:
        assert re.findall(r'<mark class="trigger"[^>]*>(.*?)</mark>', q) == ["agreed"]
    for doc_id in ("merge-a", "merge-b"):
        assert f'href="/articles/{article_key(store, doc_id)}#r-' in page
    assert "2 reports in 2 articles from 2 sources" in page
    api = client.get(f"/api/events/{ev['event_id']}").json()
    assert api["event"]["event_id"] == ev["event_id"]
    assert sorted(rep["doc_id"] for rep in api["reports"]) == ["merge-a", "merge-b"]
    for rep in api["reports"]:
        a, b = rep["trigger_in_sentence"]
        assert rep["sentence"][a:b] == "agreed"


def test_every_sample_report_has_its_own_trigger_marked(client, store):
    """On the real coder's output: each report's sentence marks exactly its trigger words, at its offsets."""
    crafted = [a.doc_id for a in crafted_articles()]
    events = store.sql("SELECT event_id FROM events e WHERE NOT EXISTS (SELECT 1 FROM reports r JOIN articles a "
                       "USING (article_key) WHERE r.event_id = e.event_id AND list_contains(?, a.doc_id))",
                       [crafted])["event_id"]
    assert len(events) >= 20
    for eid in events:
        page = client.get(f"/events/{eid}").text
        reports = store.reports_of(eid)
        quotes = re.findall(r'<blockquote class="sentence">(.*?)</blockquote>', page, re.S)
        assert len(quotes) == len(reports)
        for q, (_, rep) in zip(quotes, reports.iterrows()):
            marks = re.findall(r'<mark class="trigger"[^>]*>(.*?)</mark>', q)
            assert [html.unescape(m) for m in marks] == [rep["trigger_text"]], (eid, q)
            before = html.unescape(re.sub(r"<[^>]+>", "", q.split("<mark")[0]))
            text = store.sql("SELECT text FROM articles WHERE article_key = ?", [rep["article_key"]])["text"][0]
            sentence_at = rep["trigger_start"] - len(before)
            assert text[sentence_at:rep["trigger_start"]] == before      # the marked occurrence is the coded one


def test_unknown_event_is_404(client):
    r = client.get("/events/0000000000000000")
    assert r.status_code == 404 and "no event 0000000000000000" in r.text
    r = client.get("/api/events/0000000000000000")
    assert r.status_code == 404 and r.json()["error"] == "Not found"


# --- articles --------------------------------------------------------------------------------------------


def test_article_page_marks_triggers_and_quotes_in_the_text(client, store):
    key = article_key(store, "kuala_lumpur_protest")
    page = client.get(f"/articles/{key}").text
    div = text_div(page)
    art = store.sql("SELECT * FROM articles WHERE article_key = ?", [key]).iloc[0]
    assert html.unescape(re.sub(r"<[^>]+>", "", div)) == re.sub(r"\n\s*\n\s*\n+", "\n\n", art["text"])
    reports = store.sql("SELECT * FROM reports WHERE article_key = ? ORDER BY seq", [key])
    assert len(reports) >= 3
    for _, rep in reports.iterrows():
        link = re.search(rf'<a href="#r-{rep["report_id"]}">(.*?)</a>', div)
        assert link and html.unescape(link.group(1)) == rep["trigger_text"]
        assert f'<tr id="r-{rep["report_id"]}">' in page
    quotes = store.sql("SELECT * FROM quotes WHERE article_key = ? ORDER BY seq", [key])
    assert len(quotes) >= 2
    for _, q in quotes.iterrows():
        pieces = re.findall(r'<span class="quote"[^>]*>(.*?)</span>',
                            div[div.index(f'<span class="quote" id="q-{q["seq"]}"'):])
        assert pieces, q["text"]
        assert html.unescape(re.sub(r"<[^>]+>", "", "".join(pieces))).startswith(q["text"][:20])
        assert f'href="#q-{q["seq"]}"' in page
    api = client.get(f"/api/articles/{key}").json()
    assert api["article"]["doc_id"] == "kuala_lumpur_protest"
    assert len(api["reports"]) == len(reports) and len(api["quotes"]) == len(quotes)


def test_articles_list_and_search(client, store):
    body = client.get("/api/articles").json()
    assert body["total"] == store.count("articles") == 9
    assert [a["date"] for a in body["articles"]] == sorted((a["date"] for a in body["articles"]), reverse=True)
    found = client.get("/api/articles", params={"q": "kuala LUMPUR"}).json()
    assert [a["doc_id"] for a in found["articles"]] == ["kuala_lumpur_protest"]
    assert client.get("/api/articles", params={"q": "Wire merge"}).json()["total"] == 3
    page = client.get("/articles", params={"q": "nordic"}).text
    assert page.count('href="/articles/') == 3 and "3 articles matching" in page
    assert client.get("/api/articles", params={"q": "nothing-like-this"}).json()["articles"] == []
    assert len(client.get("/api/articles", params={"per_page": 4, "page": 3}).json()["articles"]) == 1


def test_unknown_article_is_404(client):
    assert client.get("/articles/nope").status_code == 404
    r = client.get("/api/articles/nope")
    assert r.status_code == 404 and "no article nope" in r.json()["detail"]


# --- dyads, countries, summary ------------------------------------------------------------------------------


def test_dyad_is_the_stores_aggregate(client, store):
    body = client.get("/api/dyad", params={"actor": "IRN", "recipient": "MYS", "by": "month"}).json()
    expected = store.aggregate("dyad", actor="IRN", recipient="MYS", by="month")
    assert len(body["periods"]) == len(expected) > 0
    for got, (_, exp) in zip(body["periods"], expected.iterrows()):
        assert got["direction"] == exp["direction"] and got["events"] == exp["events"]
        assert got["period"] == str(exp["period"])[:10]
    page = client.get("/dyad", params={"actor": "IRN", "recipient": "MYS", "by": "month"}).text
    for _, exp in expected.iterrows():
        assert f'{exp["direction"]}: <strong>{expected[expected.direction == exp["direction"]]["events"].sum()}</strong>' in page
    assert '<img src="/plot/dyad.png?actor=IRN&amp;recipient=MYS&amp;by=month"' in page
    one = client.get("/api/dyad", params={"actor": "IRN", "recipient": "MYS", "by": "month", "one_way": "1"}).json()
    assert {p["direction"] for p in one["periods"]} == {"IRN → MYS"}
    same = client.get("/api/dyad", params={"actor": "SDN", "recipient": "SDN"}).json()
    assert same["dyad"]["one_way"] is True and {p["direction"] for p in same["periods"]} == {"SDN → SDN"}


def test_dyad_picker_lists_top_dyads(client, store):
    page = client.get("/dyad").text
    a, r, n, _ = store.summary()["top_dyads"][0]
    assert f'/dyad?actor={a}&amp;recipient={r}&amp;by=week">{n}</a>' in page


def test_chart_span_pads_a_single_period():
    assert _chart_span(["2024-10-01"], "month", None, None) == ("2024-09-01", "2024-11-01")
    assert _chart_span(["2024-01-01", "2024-02-01"], "month", None, None) == ("2023-12-01", "2024-03-01")
    assert _chart_span(["2024-12-30"], "week", None, None) == ("2024-12-23", "2025-01-06")
    assert _chart_span(["2024-01-01"], "year", None, None) == ("2023-01-01", "2025-01-01")
    assert _chart_span(["2024-01-01", "2024-02-01", "2024-03-01"], "month", None, None) == (None, None)
    assert _chart_span(["2024-01-01"], "month", "2023-06-01", None) == ("2023-06-01", None)


def test_country_is_the_stores_partners(client, store):
    body = client.get("/api/country/IRN").json()
    expected = store.aggregate("partners", country="IRN")
    assert [(p["partner"], p["events"]) for p in body["partners"]] == list(zip(expected["partner"], expected["events"]))
    assert body["name"] == "Iran" and body["totals"]["events"] >= sum(expected["events"])
    assert body["totals"]["as_actor"] == len(store.query(actor="IRN", factual_only=True))
    everything = client.get("/api/country/DNK", params={"all_modes": "1"}).json()
    assert client.get("/api/country/DNK").json()["totals"]["events"] == 1 and everything["totals"]["events"] == 2
    page = client.get("/country/IRN").text
    for partner in expected["partner"]:
        assert f'<a href="/country/{partner}">{partner}</a>' in page
    known_but_empty = client.get("/api/country/FJI")
    assert known_but_empty.status_code == 200 and known_but_empty.json()["totals"]["events"] == 0
    assert client.get("/api/country/XYZ").status_code == 404


def test_summary_is_the_stores(client, store):
    body = client.get("/api/summary").json()
    s = store.summary()
    for k in ("articles", "reports", "events", "factual_events", "quotes", "figures", "runs"):
        assert body[k] == s[k], k
    assert [(t["type"], t["events"]) for t in body["top_types"]] == [tuple(t) for t in s["top_types"]]
    page = client.get("/summary").text
    assert f'<span class="big">{s["events"]}</span> events' in page


# --- bad requests ------------------------------------------------------------------------------------------

BAD = [
    ("/api/events?since=yesterday", "since: 'yesterday' is not a date"),
    ("/api/events?until=2024-13-01", "until: '2024-13-01' is not a date"),
    ("/api/events?since=2024-02-01&until=2024-01-01", "since (2024-02-01) is after until (2024-01-01)"),
    ("/api/events?page=0", "page must be between 1 and"),
    ("/api/events?page=two", "page: 'two' is not a number"),
    ("/api/events?per_page=100000", "per_page must be between 1 and 500"),
    ("/api/events?type=BOMBING", "unknown PLOVER type BOMBING"),
    ("/api/events?cameo=19x", "cameo: 19X is not a CAMEO code prefix"),
    ("/api/events?actor=IS-R", "actor: 'IS-R' is not an actor code"),
    ("/api/events?recipient=%3Cb%3E", "recipient: '<B>' is not an actor code"),
    ("/api/articles?page=x", "page: 'x' is not a number"),
    ("/api/dyad?actor=ISR", "a dyad needs an actor and a recipient"),
    ("/api/dyad?actor=ISR&recipient=PSE&by=decade", "by must be one of day, week, month, year"),
    ("/api/dyad?actor=ISR&recipient=PSE%20EGY", "recipient: give one code"),
    ("/api/dyad?actor=ISR&recipient=PSE&type=FOO", "unknown PLOVER type FOO"),
    ("/api/country/1234", "'1234' is not a country code"),
    ("/api/country/IRN?top=0", "top must be between 1 and 200"),
    ("/plot/partners.png", "is not a country code"),
    ("/plot/dyad.png?actor=ISR", "a dyad needs an actor and a recipient"),
]


@pytest.mark.parametrize("path,message", BAD)
def test_bad_parameters_are_a_400_json_error(client, path, message):
    r = client.get(path)
    assert r.status_code == 400, r.text
    assert r.headers["content-type"] == "application/json"
    assert r.json()["error"] == "Bad request" and message in r.json()["detail"]


@pytest.mark.parametrize("path,message", [(p.replace("/api/events", "/").replace("/api/", "/"), m)
                                          for p, m in BAD if not p.startswith("/plot/")]
                         + [("/dyad?recipient=PSE", "a dyad needs an actor and a recipient"),
                            ("/country?code=12", "'12' is not a country code")])
def test_bad_parameters_are_a_400_page(client, path, message):
    r = client.get(path)
    assert r.status_code == 400, r.text
    assert r.headers["content-type"].startswith("text/html")
    assert "<h1>Bad request</h1>" in r.text and message in html.unescape(r.text)


def test_no_plot_for_a_dyad_without_events(client):
    r = client.get("/plot/dyad.png?actor=NOR&recipient=FIN")
    assert r.status_code == 404 and "nothing to plot" in r.json()["detail"]


def test_unknown_routes_are_404_in_the_right_format(client):
    assert client.get("/nowhere").headers["content-type"].startswith("text/html")
    r = client.get("/api/nowhere")
    assert r.status_code == 404 and r.json()["error"] == "Not found"
    assert client.post("/api/events").status_code == 405


# --- the database ----------------------------------------------------------------------------------------


def test_missing_database_is_a_clear_error(tmp_path):
    c = TestClient(create_app(tmp_path / "missing.duckdb"))
    r = c.get("/")
    assert r.status_code == 503 and "no database at" in r.text and "dragoman ingest" in r.text
    r = c.get("/api/summary")
    assert r.status_code == 503 and "no database at" in r.json()["detail"]
    assert not (tmp_path / "missing.duckdb").exists()              # read-only: nothing created


def test_other_duckdb_file_is_a_clear_error(tmp_path):
    other = tmp_path / "other.duckdb"
    con = duckdb.connect(str(other))
    con.execute("CREATE TABLE t (x INTEGER)")
    con.close()
    r = TestClient(create_app(other)).get("/api/events")
    assert r.status_code == 503 and "is not a dragoman database" in r.json()["detail"]
    junk = tmp_path / "junk.duckdb"
    junk.write_text("not a database at all\n" * 100)
    r = TestClient(create_app(junk)).get("/")
    assert r.status_code == 503 and "cannot open" in r.text


def test_cli_refuses_a_missing_or_foreign_database(tmp_path):
    res = CliRunner().invoke(main, ["serve", "--db", str(tmp_path / "missing.duckdb")])
    assert res.exit_code == 1 and "no database at" in res.output
    other = tmp_path / "other.duckdb"
    duckdb.connect(str(other)).close()
    res = CliRunner().invoke(main, ["serve", "--db", str(other)])
    assert res.exit_code == 1 and "is not a dragoman database" in res.output


def test_cli_serves_on_localhost_by_default(db, monkeypatch):
    import uvicorn

    calls = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: calls.append((app, kw)))
    res = CliRunner().invoke(main, ["serve", "--db", str(db), "--port", "8123"])
    assert res.exit_code == 0, res.output
    (app, kw), = calls
    assert kw["host"] == "127.0.0.1" and kw["port"] == 8123
    assert TestClient(app).get("/api/summary").json()["events"] > 0
    calls.clear()
    res = CliRunner().invoke(main, ["serve", "--db", str(db), "--host", "0.0.0.0"])
    assert res.exit_code == 0 and "no login" in res.output and calls[0][1]["host"] == "0.0.0.0"


def test_pages_work_beside_another_read_only_connection(db, client, store):
    """The app's connections are read-only: DuckDB refuses a read-write one in a process that holds a
    read-only one (the test's ``store``), so any write access would fail these requests."""
    with pytest.raises(duckdb.Error):
        duckdb.connect(str(db))                                    # the premise: read-write is refused here
    for path in PAGES + APIS + PLOTS:
        assert client.get(fill(path, store)).status_code == 200, path


WRITER = """
import sys, duckdb
con = duckdb.connect(sys.argv[1])          # what an ingest holds: the file's write lock
print("locked", flush=True)
sys.stdin.readline()
con.close()
"""

INGEST = """
import sys
from dragoman.store import ingest, open_store
from dragoman.store.testing import FakeCoder
with open_store(sys.argv[1]) as store:
    res = ingest([sys.argv[2]], store, FakeCoder())
print(res.stored, res.reports)
"""


def test_an_ingest_can_run_between_requests(db, tmp_path):
    copy = tmp_path / "copy.duckdb"
    shutil.copy(db, copy)
    c = TestClient(create_app(copy))
    before = c.get("/api/summary").json()
    assert c.get("/").status_code == 200
    src = tmp_path / "new.jsonl"
    src.write_text(json.dumps({"id": "late-1", "date": "2025-01-02", "title": "Late news",
                               "text": "Late news.\n@event BRA/GOV > ARG/GOV CONSULT 040 2025-01-02/day trig=met"}) + "\n")
    done = subprocess.run([sys.executable, "-c", INGEST, str(copy), str(src)], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["1", "1"]
    after = c.get("/api/summary").json()
    assert after["events"] == before["events"] + 1 and after["articles"] == before["articles"] + 1
    new = c.get("/api/events", params={"actor": "BRA"}).json()["events"]
    assert [e["date"] for e in new] == ["2025-01-02"]


def test_while_an_ingest_holds_the_file_pages_say_so(db, tmp_path):
    copy = tmp_path / "busy.duckdb"
    shutil.copy(db, copy)
    c = TestClient(create_app(copy))
    writer = subprocess.Popen([sys.executable, "-c", WRITER, str(copy)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    try:
        assert writer.stdout.readline().strip() == "locked"
        r = c.get("/")
        assert r.status_code == 503 and "The database is busy" in r.text and "ingest" in r.text
        r = c.get("/api/events")
        assert r.status_code == 503 and "in use by another process" in r.json()["detail"]
    finally:
        writer.stdin.write("\n")
        writer.stdin.flush()
        writer.wait(timeout=60)
    assert c.get("/").status_code == 200


# --- escaping ----------------------------------------------------------------------------------------------


def test_html_from_articles_is_escaped_everywhere(client, store):
    key = article_key(store, "evil-1")
    ev = event_of(store, actor="NOR")
    pages = {p: client.get(p) for p in ("/", "/articles", f"/articles/{key}", f"/events/{ev['event_id']}",
                                         "/?actor=NOR", "/articles?q=%3Cscript%3E", "/?text=%3Cscript%3E")}
    for path, r in pages.items():
        assert r.status_code == 200, path
        body = r.text
        assert "<script" not in body.lower(), path
        assert "<img src=x" not in body and "<b>Evil" not in body and "<i>agree" not in body, path
        assert 'href="javascript:' not in body.lower(), path
    article = pages[f"/articles/{key}"].text
    assert "&lt;script&gt;alert(&#39;xss&#39;)&lt;/script&gt; title" in article
    assert "&lt;b&gt;Evil&lt;/b&gt; Wire" in article and "javascript:alert(1)" in article   # shown, not linked
    div = text_div(article)
    assert re.search(r'<mark class="trigger"[^>]*><a href="#r-[0-9a-f]+">met</a></mark>', div)
    assert re.search(r'<span class="quote" id="q-0"[^>]*>we &lt;i&gt;agree&lt;/i&gt;</span>', div)
    assert "&lt;u&gt;The minister&lt;/u&gt;" in article
    event = pages[f"/events/{ev['event_id']}"].text
    assert "&lt;img src=x onerror=alert(2)&gt;" in event
    assert "&lt;Oslo&gt; &amp; agreed" in event
    assert "&lt;script&gt;" in pages["/articles?q=%3Cscript%3E"].text


def test_error_messages_are_escaped(client):
    r = client.get("/?type=%3Cscript%3Ealert(1)%3C/script%3E")
    assert r.status_code == 400 and "<script" not in r.text.lower() and "&lt;SCRIPT&gt;" in r.text


# --- highlighting ------------------------------------------------------------------------------------------


def test_trigger_placed_by_offsets_then_by_words():
    text = "First one. He never sought fame, he merely sought to serve."
    sentence = text[11:]
    second = text.rindex("sought")
    assert trigger_in_sentence(sentence, "sought", second, second + 6, text) == (second - 11, second - 11 + 6)
    assert trigger_in_sentence(sentence, "sought", second, second + 6, None) == (9, 15)     # no text: first match
    assert trigger_in_sentence(sentence, "SOUGHT", None, None) == (9, 15)
    assert trigger_in_sentence(sentence, "absent", 0, 6, text) is None


def test_mark_sentence_escapes_and_ignores_bad_spans():
    assert mark_sentence("a <b> c", (2, 5), title='x"y') == 'a <mark class="trigger" title="x&#34;y">&lt;b&gt;</mark> c'
    assert mark_sentence("short", (2, 40)) == "short"
    assert mark_sentence(None, None) == ""


def test_mark_text_nests_triggers_in_quotes():
    text = 'He said "we will strike back" today.'
    q = text.index("we")
    s = text.index("strike")
    out = mark_text(text, [Span(q, text.index('"', q), "quote", ident="q-0", title="quote: he"),
                           Span(s, s + 6, "trigger", href="#r-1", title="ASSAULT"),
                           Span(s, s + 6, "trigger", href="#r-2", title="THREATEN"),
                           Span(5, 500, "trigger")])                          # outside the text: ignored
    assert str(out) == ('He said &#34;<span class="quote" id="q-0" title="quote: he">we will </span>'
                        '<span class="quote" title="quote: he"><mark class="trigger" title="ASSAULT\nTHREATEN">'
                        '<a href="#r-1">strike</a></mark></span><span class="quote" title="quote: he"> back</span>'
                        '&#34; today.')


def test_a_crash_is_a_500_page_not_a_traceback(db, monkeypatch):
    from dragoman.serve import data

    def boom(*a, **k):
        raise RuntimeError("kaboom <b>")

    monkeypatch.setattr(data, "get_event", boom)
    c = TestClient(create_app(db), raise_server_exceptions=False)
    r = c.get("/events/0000000000000000")
    assert r.status_code == 500 and "<h1>Internal error</h1>" in r.text and "kaboom &lt;b&gt;" in r.text
    r = c.get("/api/events/0000000000000000")
    assert r.status_code == 500 and r.json()["error"] == "Internal error"

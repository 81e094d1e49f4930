"""The embedded store: one DuckDB file, written in Arrow batches, one transaction per batch."""
from __future__ import annotations

import json
import os
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Iterable, Sequence

import duckdb
import pandas as pd
import pyarrow as pa

from .. import __version__
from ..record import Article, RawArticle
from . import schema
from .base import EXPORT_FORMATS, EXPORT_TABLES, PERIODS, BatchResult, DedupRule, Filters, Store, StoreError
from .dedup import build_events, plan_region, recluster_plan
from .rows import BatchRows, problem_rows

_CLUSTER_COLS = (
    "report_id", "event_id", "article_key", "doc_id", "sentence_index", "sentence", "trigger_text",
    "trigger_start", "trigger_end", "event_type", "mode", "context", "cameo", "goldstein", "quad_class",
    "actor_country", "actor_sector", "actor_code", "actor_name", "actor_text",
    "recipient_country", "recipient_sector", "recipient_code", "recipient_name", "recipient_text",
    "date_precision", "day", "location_name", "location_country", "location_lat", "location_lon",
    "aux_modes", "factual", "confidence", "size_dead", "size_injured", "size_arrested",
    "dedup_key", "match_kind", "match_value",
)

_LIGHT_COLS = ("report_id", "event_id", "dedup_key", "match_kind", "match_value", "day", "article_key",
               "sentence_index", "trigger_start", "trigger_end", "location_country")

_PRECISIONS_FOR = {"day": ("day", "document"), "week": ("day", "document"),
                   "month": ("day", "document", "month"), "year": ("day", "document", "month", "year")}


def _now() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None, microsecond=0)


class DuckDBStore(Store):
    """``Store`` on an embedded DuckDB file (one writer process at a time; readers with ``read_only``)."""

    def __init__(self, path: str | os.PathLike, *, read_only: bool = False, dedup: DedupRule | None = None,
                 store_text: bool = True):
        self.path = str(path)
        self.read_only = read_only
        self.store_text = store_text
        self.reclustered = False
        if read_only and not Path(self.path).exists():
            raise StoreError(f"no database at {self.path}; create it with `dragoman ingest PATH... --db {self.path}`")
        try:
            # DuckDB's buffer pool defaults to 80 % of RAM and keeps pages it has read: the writer
            # grows with the database. A small limit keeps an ingest flat (pages spill to disk)
            self.con = duckdb.connect(self.path, read_only=read_only,
                                      config={"memory_limit": os.environ.get("DRAGOMAN_DUCKDB_MEMORY", "256MB")})
        except duckdb.Error as exc:
            msg = str(exc).splitlines()[0]
            if "lock" in msg.lower():
                raise StoreError(f"{self.path} is in use by another process (an ingest still running?): {msg}") from None
            raise StoreError(f"cannot open {self.path}: {msg}") from None
        if read_only:
            tables = {r[0] for r in self.con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
            if "meta" not in tables:
                self.con.close()
                raise StoreError(f"{self.path} is not a dragoman database")
        else:
            self._create()
        stored = self._meta("dedup_rule")
        current = DedupRule.from_json(stored) if stored else DedupRule()
        self.dedup = current
        if read_only:
            return
        if stored is None:
            self._set_meta("dedup_rule", (dedup or current).to_json())
            self.dedup = dedup or current
        elif dedup is not None and dedup != current:
            self.recluster_all(dedup)

    # --- setup ---------------------------------------------------------------------------------
    def _create(self) -> None:
        self.con.begin()
        for t in schema.TABLES:
            self.con.execute(schema.ddl(t))
        if self._meta("schema_version") is None:
            self._set_meta("schema_version", str(schema.SCHEMA_VERSION))
            self._set_meta("created_by", f"dragoman {__version__}")
        self.con.commit()
        version = int(self._meta("schema_version"))
        if version != schema.SCHEMA_VERSION:
            raise StoreError(f"{self.path} has store schema {version}; this dragoman reads {schema.SCHEMA_VERSION}")

    def _meta(self, key: str) -> str | None:
        rows = self.con.execute("SELECT value FROM meta WHERE key = ?", [key]).fetchall()
        return rows[0][0] if rows else None

    def _set_meta(self, key: str, value: str) -> None:
        self.con.execute("INSERT INTO meta VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                         [key, value])

    def close(self) -> None:
        try:
            self.con.close()
        except duckdb.Error:
            pass

    # --- ingest --------------------------------------------------------------------------------
    def known_articles(self, keys: Iterable[tuple[str, str]]) -> set[tuple[str, str]]:
        keys = list(keys)
        if not keys:
            return set()
        probe = pa.table({"content_hash": [h for h, _ in keys], "doc_id": [d for _, d in keys]})
        self.con.register("_probe", probe)
        try:
            rows = self.con.execute(
                "SELECT a.content_hash, a.doc_id FROM articles a "
                "JOIN _probe p ON a.content_hash = p.content_hash AND a.doc_id = p.doc_id").fetchall()
        finally:
            self.con.unregister("_probe")
        return {(h, d) for h, d in rows}

    def begin_run(self, paths: Sequence[str], config: dict) -> int:
        self.con.begin()
        run_id = self.con.execute("SELECT coalesce(max(run_id), 0) + 1 FROM runs").fetchall()[0][0]
        self.con.execute("INSERT INTO runs (run_id, started_at, paths, version, config) VALUES (?, ?, ?, ?, ?)",
                         [run_id, _now(), json.dumps(list(map(str, paths))), __version__,
                          json.dumps(config, sort_keys=True, default=str)])
        self.con.commit()
        return run_id

    def finish_run(self, run_id: int, counts: dict) -> None:
        cols = ("read", "stored", "skipped", "refused", "failed", "problems", "reports")
        sets = ", ".join(f'"{c}" = ?' for c in cols)
        self.con.execute(f"UPDATE runs SET finished_at = ?, {sets} WHERE run_id = ?",
                         [_now(), *[int(counts.get(c, 0)) for c in cols], run_id])

    def write_batch(self, articles: Sequence[Article], problems: Sequence[tuple[str, str]] = (),
                    run_id: int | None = None) -> BatchResult:
        ids = []
        for art in articles:
            h = art.content_hash or RawArticle(text=art.text or "").content_hash()
            ids.append((h, art.doc_id or h))
        con = self.con
        con.begin()
        try:
            known = self.known_articles(ids)
            rows = BatchRows()
            now = _now()
            taken: set[tuple[str, str]] = set()
            for art, key in zip(articles, ids):
                if key in known or key in taken:
                    continue
                taken.add(key)
                rows.add_article(art, doc_id=key[1], content_hash=key[0], run_id=run_id, now=now,
                                 store_text=self.store_text)
            for table in ("articles", "reports", "quotes", "figures", "warnings"):
                if rows.count(table):
                    self._insert(table, schema.to_arrow(table, rows.tables[table]))
            if problems:
                prob = schema.to_arrow("problems", problem_rows(problems, run_id))
                con.register("_prob", prob)
                con.execute("INSERT INTO problems SELECT * FROM _prob ON CONFLICT (origin, message) DO UPDATE "
                            "SET last_run = excluded.last_run, times_seen = problems.times_seen + 1")
                con.unregister("_prob")
            touched = 0
            new_reports = rows.tables["reports"]["report_id"]
            if new_reports:
                touched = self._recluster(pa.table({"report_id": pa.array(new_reports, pa.string())}))
            con.commit()
        except BaseException:
            con.rollback()
            raise
        return BatchResult(articles=rows.count("articles"), reports=len(new_reports), events_touched=touched)

    def _insert(self, table: str, data: pa.Table) -> None:
        self.con.register("_batch", data)
        try:
            self.con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM _batch")
        finally:
            self.con.unregister("_batch")

    def recluster_all(self, rule: DedupRule | None = None) -> int:
        """Re-cluster every report (after a change of rule); one transaction."""
        before = self.dedup
        self.con.begin()
        try:
            if rule is not None:
                self.dedup = rule
                self._set_meta("dedup_rule", rule.to_json())
            self.con.execute("DELETE FROM events")
            self.con.execute("UPDATE reports SET event_id = NULL")
            n = self._recluster(None)
            self.con.commit()
        except BaseException:
            self.con.rollback()
            self.dedup = before
            raise
        self.reclustered = True
        return n

    def _recluster(self, new: pa.Table | None) -> int:
        """Re-cluster what new report ids can change (everything when None); returns events rewritten.

        Light rows (ids, day, location country, sentence, trigger) are clustered in Python; only the
        events whose membership changed are rebuilt from full rows, deleted and inserted. For
        day-dated reports only the stretches around the new reports are read (``plan_region``),
        falling back to the rest of a group when a stretch does not settle.
        """
        con = self.con
        light = ", ".join(f"r.{c}" for c in _LIGHT_COLS)
        if new is None:
            rows = con.sql(f"SELECT {light} FROM reports r").to_arrow_table().to_pylist()
            changed, gone = recluster_plan(rows, self.dedup)
        else:
            con.register("_new", new)
            try:
                changed, gone = self._plan_incremental(light)
            finally:
                con.unregister("_new")
        return self._apply(changed, gone)

    def _plan_incremental(self, light: str) -> tuple[list[list[str]], set[str]]:
        con = self.con
        w = int(self.dedup.window_days)
        horizon = 2 * w + 3
        fresh = con.sql("SELECT r.dedup_key, r.match_kind, coalesce(r.match_value, '') AS mv, r.day "
                        "FROM reports r JOIN _new USING (report_id)").to_arrow_table().to_pylist()
        days: dict[str, set] = {}
        others: set[tuple] = set()
        for r in fresh:
            if r["match_kind"] == "day":
                days.setdefault(r["dedup_key"], set()).add(r["day"])
            else:
                others.add((r["dedup_key"], r["match_kind"], r["mv"]))
        regions: list[tuple[str, date, date, date]] = []       # key, start, end, last new day
        for key in sorted(days):
            cur = None
            for d in sorted(days[key]):
                start, end = d - timedelta(days=w), d + timedelta(days=horizon)
                if cur and start <= cur[2]:
                    cur = (key, cur[1], end, d)
                else:
                    if cur:
                        regions.append(cur)
                    cur = (key, start, end, d)
            regions.append(cur)
        changed: list[list[str]] = []
        gone: set[str] = set()

        def add(plan):
            changed.extend(plan[0])
            gone.update(plan[1])

        if regions:
            con.register("_regions", pa.table({
                "region": pa.array(range(len(regions)), pa.int32()),
                "dedup_key": pa.array([r[0] for r in regions], pa.string()),
                "a": pa.array([r[1] for r in regions], pa.date32()),
                "b": pa.array([r[2] for r in regions], pa.date32())}))
            try:
                rows = con.sql(f"""
                    SELECT {light}, g.region FROM reports r
                    JOIN _regions g ON r.dedup_key = g.dedup_key AND r.match_kind = 'day'
                    LEFT JOIN events e ON e.event_id = r.event_id
                    WHERE (r.event_id IS NULL AND r.day BETWEEN g.a AND g.b)
                       OR (e.date_first BETWEEN g.a AND g.b)""").to_arrow_table().to_pylist()
            finally:
                con.unregister("_regions")
            by_region: dict[int, list[dict]] = {}
            for r in rows:
                by_region.setdefault(r["region"], []).append(r)
            failed: dict[str, date] = {}
            for i, (key, start, end, last) in enumerate(regions):
                if key in failed:
                    continue
                plan = plan_region(by_region.get(i, []), self.dedup, last, end)
                if plan is None:
                    failed[key] = start
                else:
                    add(plan)
            for key, start in sorted(failed.items()):
                rows = con.sql(f"""
                    SELECT {light} FROM reports r LEFT JOIN events e ON e.event_id = r.event_id
                    WHERE r.dedup_key = ? AND r.match_kind = 'day'
                      AND ((r.event_id IS NULL AND r.day >= ?) OR e.date_first >= ?)""",
                               params=[key, start, start]).to_arrow_table().to_pylist()
                add(recluster_plan(rows, self.dedup))
        if others:
            o = sorted(others)
            con.register("_groups", pa.table({"dedup_key": pa.array([g[0] for g in o], pa.string()),
                                              "match_kind": pa.array([g[1] for g in o], pa.string()),
                                              "mv": pa.array([g[2] for g in o], pa.string())}))
            try:
                rows = con.sql(f"""
                    SELECT {light} FROM reports r JOIN _groups g ON r.dedup_key = g.dedup_key
                       AND r.match_kind = g.match_kind AND coalesce(r.match_value, '') = g.mv""").to_arrow_table().to_pylist()
            finally:
                con.unregister("_groups")
            add(recluster_plan(rows, self.dedup))
        return changed, gone

    def _apply(self, changed: list[list[str]], gone: set[str]) -> int:
        con = self.con
        if gone:
            con.register("_old", pa.table({"event_id": pa.array(sorted(gone), pa.string())}))
            con.execute("DELETE FROM events WHERE event_id IN (SELECT event_id FROM _old)")
            con.unregister("_old")
        if not changed:
            return 0
        ids = [rid for members in changed for rid in members]
        con.register("_ids", pa.table({"report_id": pa.array(ids, pa.string())}))
        full = ", ".join(f"r.{c}" for c in _CLUSTER_COLS)
        try:
            table = con.sql(f"SELECT {full}, a.source, a.url FROM reports r JOIN _ids USING (report_id) "
                            f"JOIN articles a ON a.article_key = r.article_key").to_arrow_table()
        finally:
            con.unregister("_ids")
        by_id = {r["report_id"]: r for r in table.to_pylist()}
        clusters = [[by_id[rid] for rid in members] for members in changed]
        events = build_events(clusters)
        self._insert("events", schema.to_arrow("events", events))
        assign = [(rid, eid) for members, eid in zip(changed, events["event_id"]) for rid in members
                  if by_id[rid]["event_id"] != eid]
        if assign:
            con.register("_assign", pa.table({"report_id": pa.array([a for a, _ in assign], pa.string()),
                                              "event_id": pa.array([b for _, b in assign], pa.string())}))
            con.execute("UPDATE reports SET event_id = _assign.event_id FROM _assign "
                        "WHERE reports.report_id = _assign.report_id")
            con.unregister("_assign")
        return len(changed)

    # --- filters -------------------------------------------------------------------------------
    @staticmethod
    def _where(f: Filters, level: str) -> tuple[str, list]:
        date_col = "day" if level == "reports" else "date"
        parts: list[str] = []
        params: list = []
        for side, values in (("actor", f.actor), ("recipient", f.recipient)):
            if values:
                ors = []
                for v in values:
                    ors.append(f"(starts_with({side}_code, ?) OR {side}_country = ?)")
                    params += [v, v]
                parts.append("(" + " OR ".join(ors) + ")")
        if f.types:
            parts.append(f"event_type IN ({', '.join('?' for _ in f.types)})")
            params += list(f.types)
        if f.cameo:
            parts.append("(" + " OR ".join("starts_with(cameo, ?)" for _ in f.cameo) + ")")
            params += list(f.cameo)
        if f.since:
            parts.append(f"{date_col} >= CAST(? AS DATE)")
            params.append(f.since)
        if f.until:
            parts.append(f"{date_col} <= CAST(? AS DATE)")
            params.append(f.until)
        if f.factual_only:
            parts.append("factual")
        words = (f.text or "").split()
        if words:
            conds = " AND ".join("contains(lower(x.sentence), ?)" for _ in words)
            if level == "reports":
                parts.append(conds.replace("x.sentence", "sentence"))
            else:
                parts.append(f"EXISTS (SELECT 1 FROM reports x WHERE x.event_id = events.event_id AND {conds})")
            params += [w.lower() for w in words]
        return (" WHERE " + " AND ".join(parts)) if parts else "", params

    @staticmethod
    def _filters(kw: dict) -> Filters:
        if isinstance(kw.get("filters"), Filters):
            return kw["filters"]
        try:
            return Filters.make(**kw)
        except TypeError as exc:
            raise StoreError(f"unknown filter: {exc}") from None

    # --- read ----------------------------------------------------------------------------------
    def query(self, *, level: str = "events", limit: int | None = None, **filters) -> pd.DataFrame:
        if level not in ("events", "reports"):
            raise StoreError("level is 'events' or 'reports'")
        f = self._filters(filters)
        where, params = self._where(f, level)
        if level == "events":
            sql = f"SELECT * FROM events{where} ORDER BY date NULLS LAST, event_id"
        else:
            sql = (f"SELECT r.*, a.title, a.source, a.url, a.date AS article_date FROM "
                   f"(SELECT * FROM reports{where}) r JOIN articles a USING (article_key) "
                   f"ORDER BY r.day NULLS LAST, r.doc_id, r.seq")
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        return self.con.execute(sql, params).df()

    def count(self, level: str = "events", **filters) -> int:
        if level not in ("events", "reports", "articles"):
            raise StoreError("level is 'events', 'reports' or 'articles'")
        f = self._filters(filters)
        where, params = self._where(f, level) if level != "articles" else ("", [])
        return self.con.execute(f"SELECT count(*) FROM {level}{where}", params).fetchall()[0][0]

    def reports_of(self, event_id: str) -> pd.DataFrame:
        return self.con.execute(
            "SELECT r.*, a.title, a.source, a.url, a.date AS article_date FROM reports r "
            "JOIN articles a USING (article_key) WHERE r.event_id = ? ORDER BY r.day, r.report_id",
            [event_id]).df()

    def sql(self, query: str, params: Sequence | None = None) -> pd.DataFrame:
        """Run any SQL on the store (the tables are documented in docs/store.md)."""
        return self.con.execute(query, list(params or [])).df()

    @staticmethod
    def _period(by: str) -> str:
        if by not in PERIODS:
            raise StoreError(f"period must be one of {', '.join(PERIODS)}")
        return "date" if by == "day" else f"CAST(date_trunc('{by}', date) AS DATE)"

    def _agg_where(self, f: Filters, by: str | None) -> tuple[str, list]:
        where, params = self._where(f, "events")
        extra = ["date IS NOT NULL"]
        if by:
            self._period(by)                 # validates
            extra.append("date_precision IN (" + ", ".join(f"'{p}'" for p in _PRECISIONS_FOR[by]) + ")")
        where = (where + " AND " if where else " WHERE ") + " AND ".join(extra)
        return where, params

    _QUADS = ", ".join(f"count(*) FILTER (WHERE quad_class = {q}) AS quad{q}" for q in (1, 2, 3, 4))

    def aggregate(self, what: str, **kw) -> pd.DataFrame:
        by = kw.pop("by", "month")
        factual = kw.pop("factual_only", True)
        if what == "dyads":
            f = self._filters({**kw, "factual_only": factual})
            where, params = self._agg_where(f, by)
            return self.con.execute(f"""
                SELECT {self._period(by)} AS period, actor_country, recipient_country,
                       count(*) AS events, sum(num_mentions) AS mentions,
                       sum(goldstein) AS goldstein_sum, avg(goldstein) AS goldstein_mean, {self._QUADS}
                FROM events{where} AND actor_country IS NOT NULL AND recipient_country IS NOT NULL
                GROUP BY ALL ORDER BY period, events DESC, actor_country, recipient_country""", params).df()
        if what == "quad":
            f = self._filters({**kw, "factual_only": factual})
            where, params = self._agg_where(f, by)
            return self.con.execute(f"""
                SELECT {self._period(by)} AS period, quad_class, count(*) AS events,
                       sum(goldstein) AS goldstein_sum
                FROM events{where} GROUP BY ALL ORDER BY period, quad_class""", params).df()
        if what == "dyad":
            a, r = kw.pop("actor", None), kw.pop("recipient", None)
            both = kw.pop("both_directions", True)
            if not a or not r:
                raise StoreError("a dyad needs an actor and a recipient")
            out = []
            pairs = [(a, r), (r, a)] if both else [(a, r)]
            for x, y in pairs:
                f = self._filters({**kw, "actor": x, "recipient": y, "factual_only": factual})
                where, params = self._agg_where(f, by)
                df = self.con.execute(f"""
                    SELECT {self._period(by)} AS period, count(*) AS events, sum(num_mentions) AS mentions,
                           sum(goldstein) AS goldstein_sum, avg(goldstein) AS goldstein_mean, {self._QUADS}
                    FROM events{where} GROUP BY ALL ORDER BY period""", params).df()
                df.insert(0, "direction", f"{_label(x)} → {_label(y)}")
                out.append(df)
            return pd.concat(out, ignore_index=True)
        if what == "partners":
            country = (kw.pop("country", None) or "").upper()
            top = int(kw.pop("top", 15))
            if not country:
                raise StoreError("partners needs a country")
            f = self._filters({**kw, "factual_only": factual})
            where, params = self._agg_where(f, None)
            return self.con.execute(f"""
                WITH sel AS (SELECT * FROM events{where}),
                d AS (
                    SELECT recipient_country AS partner, 'out' AS dir, quad_class, goldstein FROM sel
                    WHERE actor_country = ? AND recipient_country IS NOT NULL AND recipient_country <> ?
                    UNION ALL
                    SELECT actor_country AS partner, 'in' AS dir, quad_class, goldstein FROM sel
                    WHERE recipient_country = ? AND actor_country IS NOT NULL AND actor_country <> ?)
                SELECT partner, count(*) AS events, count(*) FILTER (WHERE dir = 'out') AS events_out,
                       count(*) FILTER (WHERE dir = 'in') AS events_in, sum(goldstein) AS goldstein_sum,
                       avg(goldstein) AS goldstein_mean, {self._QUADS}
                FROM d GROUP BY partner ORDER BY events DESC, partner LIMIT {top}""",
                params + [country] * 4).df()
        raise StoreError(f"unknown aggregate {what!r}: use dyads, dyad, quad or partners")

    def summary(self) -> dict:
        q = lambda sql, *p: self.con.execute(sql, list(p)).fetchall()  # noqa: E731
        one = lambda sql, *p: q(sql, *p)[0]  # noqa: E731
        arts, coded, first_day, last_day = one(
            "SELECT count(*), count(*) FILTER (WHERE coded), min(date), max(date) FROM articles")
        reports = one("SELECT count(*) FROM reports")[0]
        ev, merged, multi, efirst, elast = one(
            "SELECT count(*), count(*) FILTER (WHERE num_mentions > 1), count(*) FILTER (WHERE num_articles > 1), "
            "min(date), max(date) FROM events")
        return {
            "database": self.path,
            "articles": arts, "coded": coded, "refused": arts - coded,
            "article_dates": (first_day, last_day),
            "reports": reports, "events": ev, "events_merged": merged, "events_multi_article": multi,
            "event_dates": (efirst, elast),
            "factual_events": one("SELECT count(*) FROM events WHERE factual")[0],
            "quotes": one("SELECT count(*) FROM quotes")[0], "figures": one("SELECT count(*) FROM figures")[0],
            "warnings": one("SELECT count(*) FROM warnings")[0],
            "problems": one("SELECT count(*) FROM problems")[0],
            "runs": one("SELECT count(*) FROM runs")[0],
            "top_types": q("SELECT coalesce(event_type, 'CAMEO ' || cameo_root) AS t, count(*) AS n FROM events "
                           "GROUP BY t ORDER BY n DESC, t LIMIT 10"),
            "quad": q("SELECT quad_class, count(*) FROM events GROUP BY ALL ORDER BY quad_class"),
            "top_dyads": q("SELECT actor_country, recipient_country, count(*) AS n, sum(goldstein) FROM events "
                           "WHERE actor_country IS NOT NULL AND recipient_country IS NOT NULL AND factual "
                           "GROUP BY ALL ORDER BY n DESC, actor_country, recipient_country LIMIT 10"),
            "top_actors": q("SELECT actor_code, count(*) AS n FROM events WHERE actor_code IS NOT NULL "
                            "GROUP BY ALL ORDER BY n DESC, actor_code LIMIT 10"),
            "dedup_rule": self.dedup,
        }

    # --- export --------------------------------------------------------------------------------
    def export(self, path: str, fmt: str, *, table: str = "events", **filters) -> int:
        from . import export as _export

        if fmt not in EXPORT_FORMATS:
            raise StoreError(f"format must be one of {', '.join(EXPORT_FORMATS)}")
        if table not in EXPORT_TABLES:
            raise StoreError(f"table must be one of {', '.join(EXPORT_TABLES)}")
        f = self._filters(filters)
        if fmt in ("plover-jsonl", "gdelt"):
            if table != "events":
                raise StoreError(f"{fmt} exports deduplicated events only (no --table)")
            return _export.write_events(self, path, fmt, f)
        if table in ("events", "reports"):
            where, params = self._where(f, table)
        else:
            if any((f.actor, f.recipient, f.types, f.cameo, f.since, f.until, f.text)):
                raise StoreError(f"filters apply to events and reports, not {table}")
            where, params = "", []
        cols = schema.TABLES[table]
        if fmt == "csv":
            sel = ", ".join(f"array_to_string(\"{c}\", ';') AS \"{c}\"" if t == schema.L else f'"{c}"'
                            for c, t in cols)
        else:
            sel = ", ".join(f'"{c}"' for c, _ in cols)
        order = ", ".join(schema.PRIMARY_KEYS[table])
        reader = self.con.sql(f"SELECT {sel} FROM {table}{where} ORDER BY {order}",
                              params=params).to_arrow_reader(50_000)
        return _export.write_batches(reader, path, fmt)


def _label(code: str) -> str:
    return code.upper()

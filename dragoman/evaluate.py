"""Evaluation against annotated sentences (the PLOVER gold-standard format and CAMEO examples).

PLOVER gold (records with ``plover_event``): sentences are coded one by one without a date;
within a sentence, predicted events are matched to gold records of the same PLOVER type
(greedily, preferring a prediction whose actor country is in the gold source set). Reported:
precision, recall and F1 per type and micro-averaged; actor and recipient country accuracy and
actor sector accuracy over the matched pairs.

Events from one trigger with one type count as one predicted record (the gold codes "X and Y met"
or "X shelled A and B" once, with lists of actors and recipients); a record's actor (recipient) is
right when one of its actors (recipients) has a gold country. Only *asserted* events count as predictions: events marked ``negation``, ``hypothetical`` or
``alleged`` say that something did not (or may not) happen, and the gold codes events that did.
The table states how many such events were set aside.

CAMEO examples (records with only ``cameo_code``): the sentence's main event (highest
confidence, then the trigger closest to the root) must have the gold root; statements (CAMEO 01)
are coded for this evaluation. A sentence with no event counts as wrong.
"""
from __future__ import annotations

import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from .config import Config
from .record import Event, RawArticle

OLD_CODES = {"JAP": "JPN", "ITL": "ITA", "ROM": "ROU", "DRC": "COD", "ZAR": "COD", "BUL": "BGR",
             "GER": "DEU", "YUG": "SRB", "SER": "SRB", "BOS": "BIH", "CRO": "HRV", "SLO": "SVN",
             "MAC": "MKD", "TMP": "TLS", "UK": "GBR", "UKG": "GBR", "SUD": "SDN", "RUM": "ROU"}
NOT_ASSERTED = frozenset({"negation", "hypothetical", "alleged"})


def norm_code(code: str | None) -> str | None:
    """Gold and predicted country codes on one footing: old CAMEO codes become ISO (JAP -> JPN),
    and PLOVER's UNO (United Nations) and EUR (European Union), which the older gold codes as
    IGO, count as IGO."""
    if not code:
        return None
    code = code.strip().upper()
    code = OLD_CODES.get(code, code)
    return "IGO" if code in ("UNO", "EUR") else code


def norm_sector(sector: str | None) -> str | None:
    if not sector or sector.startswith("*"):
        return None
    return sector[:3].upper()


def read_gold(path: str | Path) -> list[dict]:
    out = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                out.append(json.loads(line))
    return out


@dataclass
class PloverScores:
    tp: Counter = field(default_factory=Counter)
    fp: Counter = field(default_factory=Counter)
    fn: Counter = field(default_factory=Counter)
    actor_ok: int = 0
    actor_n: int = 0
    recip_ok: int = 0
    recip_n: int = 0
    sector_ok: int = 0
    sector_n: int = 0
    mode_ok: int = 0
    mode_n: int = 0
    set_aside: int = 0
    sentences: int = 0
    errors: list[dict] = field(default_factory=list)

    def prf(self, t: str | None = None) -> tuple[float, float, float, int]:
        if t is None:
            tp, fp, fn = sum(self.tp.values()), sum(self.fp.values()), sum(self.fn.values())
        else:
            tp, fp, fn = self.tp[t], self.fp[t], self.fn[t]
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return p, r, f, tp + fn

    def as_dict(self) -> dict:
        p, r, f, n = self.prf()
        return {"precision": p, "recall": r, "f1": f, "gold": n,
                "actor_country_accuracy": _ratio(self.actor_ok, self.actor_n),
                "recipient_country_accuracy": _ratio(self.recip_ok, self.recip_n),
                "actor_sector_accuracy": _ratio(self.sector_ok, self.sector_n),
                "mode_accuracy": _ratio(self.mode_ok, self.mode_n),
                "per_type": {t: dict(zip(("precision", "recall", "f1", "gold"), self.prf(t)))
                             for t in sorted(set(self.tp) | set(self.fp) | set(self.fn))},
                "set_aside": self.set_aside, "sentences": self.sentences}


def _ratio(a: int, b: int) -> float | None:
    return a / b if b else None


def _code_sentences(sentences: list[str], config: Config) -> list[list[Event]]:
    from .pipeline import Pipeline

    pipe = Pipeline(config)
    raws = [RawArticle(text=s, doc_id=f"s{i}", origin=f"gold:{i}") for i, s in enumerate(sentences)]
    out = []
    for a in pipe.code_stream(raws):
        if not a.coded:
            # a sentence the coder failed on is a bug to see, not a silent miss
            raise RuntimeError("; ".join(a.warnings) or f"{a.doc_id}: not coded")
        out.append(a.events)
    return out


def evaluate_plover(records: list[dict], config: Config | None = None) -> PloverScores:
    config = config or Config(language_check=False)
    by_sentence: dict[str, list[dict]] = defaultdict(list)
    for r in records:
        if r.get("plover_event"):
            by_sentence[r["sentence"]].append(r)
    sentences = list(by_sentence)
    predicted = _code_sentences(sentences, config)
    s = PloverScores(sentences=len(sentences))
    for sent, events in zip(sentences, predicted):
        golds = by_sentence[sent]
        asserted = [e for e in events if not NOT_ASSERTED.intersection(e.aux_modes) and e.event_type]
        s.set_aside += len(events) - len(asserted)
        unmatched = group_records(asserted)
        for g in golds:
            typ = g["plover_event"]
            src = {norm_code(a["code"]) for a in g.get("source_actors") or ()}
            tgt = {norm_code(a["code"]) for a in g.get("target_actors") or ()}
            same = [grp for grp in unmatched if grp[0].event_type == typ]
            if not same:
                s.fn[typ] += 1
                s.errors.append({"kind": "missed", "type": typ, "sentence": sent, "markup": g.get("markup")})
                continue

            def actor_hit(e):
                return norm_code(e.actor.country) in src

            def recip_hit(e):
                got = norm_code(e.recipient.country) if e.recipient else None
                return (got in tgt) if tgt else (got is None or got in src)

            grp = max(same, key=lambda gr: (any(map(actor_hit, gr)), any(map(recip_hit, gr)),
                                            max(e.confidence for e in gr)))
            unmatched.remove(grp)
            s.tp[typ] += 1
            a_ev = next((e for e in grp if actor_hit(e)), grp[0])
            r_ev = next((e for e in grp if recip_hit(e)), grp[0])
            if src:
                s.actor_n += 1
                ok = actor_hit(a_ev)
                s.actor_ok += ok
                if not ok:
                    s.errors.append({"kind": "actor", "type": typ, "sentence": sent, "gold": sorted(src),
                                     "got": a_ev.actor.country, "text": a_ev.actor.text})
                gsec = {norm_sector(a.get("sector")) for a in g["source_actors"]} - {None}
                if gsec:
                    s.sector_n += 1
                    s.sector_ok += any(e.actor.sector in gsec for e in grp)
            s.recip_n += 1
            rok = recip_hit(r_ev)
            s.recip_ok += rok
            if not rok:
                got = norm_code(r_ev.recipient.country) if r_ev.recipient else None
                s.errors.append({"kind": "recipient", "type": typ, "sentence": sent, "gold": sorted(tgt),
                                 "got": got, "text": r_ev.recipient.text if r_ev.recipient else None})
            if g.get("plover_mode") is not None or a_ev.mode is not None:
                s.mode_n += 1
                s.mode_ok += any(e.mode == g.get("plover_mode") for e in grp)
        for grp in unmatched:
            e = grp[0]
            s.fp[e.event_type] += 1
            s.errors.append({"kind": "extra", "type": e.event_type, "sentence": sent, "cameo": e.cameo,
                             "rule": e.rule, "actor": e.actor.text})
    return s


def group_records(events: list[Event]) -> list[list[Event]]:
    """Events from one trigger with one PLOVER type form one record, as in the gold, which codes
    "X and Y met", "X shelled A and B" or "helicopters and tanks shelled" once with lists of
    actors and recipients; dragoman writes one event per dyad."""
    groups: dict[tuple, list[Event]] = {}
    for e in events:
        groups.setdefault((e.trigger.start, e.event_type), []).append(e)
    return list(groups.values())


@dataclass
class CameoScores:
    correct: int = 0
    total: int = 0
    no_event: int = 0
    per_root: Counter = field(default_factory=Counter)
    per_root_ok: Counter = field(default_factory=Counter)
    errors: list[dict] = field(default_factory=list)

    @property
    def accuracy(self) -> float:
        return self.correct / self.total if self.total else 0.0


def main_event(events: list[Event]) -> Event | None:
    if not events:
        return None
    # a statement ("X said ...") wraps what was said: the event said is the sentence's event
    return max(events, key=lambda e: (not NOT_ASSERTED.intersection(e.aux_modes), e.rule != "statement",
                                      e.confidence, -e.trigger.start))


def evaluate_cameo(records: list[dict], config: Config | None = None) -> CameoScores:
    config = config or Config(statements=True, language_check=False)
    rows = [r for r in records if r.get("cameo_code") and not r.get("plover_event")]
    predicted = _code_sentences([r["sentence"] for r in rows], config)
    s = CameoScores()
    for r, events in zip(rows, predicted):
        root = r["cameo_code"][:2]
        s.total += 1
        s.per_root[root] += 1
        ev = main_event(events)
        if ev is None:
            s.no_event += 1
            s.errors.append({"gold": r["cameo_code"], "got": None, "sentence": r["sentence"]})
            continue
        if ev.cameo[:2] == root:
            s.correct += 1
            s.per_root_ok[root] += 1
        else:
            s.errors.append({"gold": r["cameo_code"], "got": ev.cameo, "rule": ev.rule, "sentence": r["sentence"]})
    return s


def is_plover_gold(records: list[dict]) -> bool:
    return any(r.get("plover_event") for r in records)


def format_plover(s: PloverScores) -> str:
    lines = [f"PLOVER event types ({s.sentences} sentences; {s.set_aside} negated/hypothetical/alleged "
             f"events set aside)", f"{'type':<11}{'P':>7}{'R':>7}{'F1':>7}{'gold':>6}"]
    for t in sorted(set(s.tp) | set(s.fp) | set(s.fn)):
        p, r, f, n = s.prf(t)
        lines.append(f"{t:<11}{p:>7.2f}{r:>7.2f}{f:>7.2f}{n:>6}")
    p, r, f, n = s.prf()
    lines.append(f"{'micro':<11}{p:>7.2f}{r:>7.2f}{f:>7.2f}{n:>6}")
    lines.append("")
    for label, ok, n in (("actor country accuracy", s.actor_ok, s.actor_n),
                         ("recipient country accuracy", s.recip_ok, s.recip_n),
                         ("actor sector accuracy", s.sector_ok, s.sector_n),
                         ("mode accuracy", s.mode_ok, s.mode_n)):
        lines.append(f"{label:<28}{(ok / n if n else 0):>6.2f}  ({ok}/{n} matched events)")
    return "\n".join(lines)


def format_cameo(s: CameoScores) -> str:
    lines = [f"CAMEO root accuracy: {s.accuracy:.2f} ({s.correct}/{s.total}; {s.no_event} with no event)",
             f"{'root':<6}{'ok':>4}{'n':>4}"]
    for root in sorted(s.per_root):
        lines.append(f"{root:<6}{s.per_root_ok[root]:>4}{s.per_root[root]:>4}")
    return "\n".join(lines)

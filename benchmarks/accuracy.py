"""Accuracy on the development gold in ../shared/gold, printed as one table.

    .venv/bin/python benchmarks/accuracy.py [--json]

* PLOVER event types (plover_gsr_dev.jsonl): precision, recall and F1 per type and micro;
  actor and recipient country accuracy and actor sector accuracy over matched events;
* CAMEO root accuracy (cameo_manual_examples.jsonl);
* event location (event_location_dev.jsonl): for the gold verbs dragoman codes as events (and,
  for reference, for all gold verbs), how often the location matches a gold span when there is
  one, and how often one is invented when there is none.

The rules behind each number are in dragoman/evaluate.py and benchmarks/location.py.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT.parent / "shared" / "gold"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

TARGETS = {"plover_f1": 0.85, "actor": 0.90, "recipient": 0.90, "cameo": 0.80,
           "loc_found": 0.80, "loc_invented": 0.10}


def location_scores(nlp) -> dict:
    """Location on the event-location gold, split by whether dragoman codes the verb as an event."""
    from location import GOLD as LOC_GOLD, gold_spans, trigger_token

    from dragoman.pipeline import Pipeline
    from dragoman.record import RawArticle
    from dragoman.where import Locator

    recs = [json.loads(x) for x in LOC_GOLD.open(encoding="utf-8") if x.strip()]
    docs = list(nlp.pipe((r["text"] for r in recs), batch_size=64))
    pipe = Pipeline()
    pipe._load()
    loc = Locator()
    out = {k: {"with": 0, "found": 0, "without": 0, "invented": 0} for k in ("coded", "all")}
    for rec, doc in zip(recs, docs):
        trig = trigger_token(rec, doc)
        spans = gold_spans(rec, doc)
        if trig is None or spans is None:
            continue
        art = pipe.code_doc(doc, RawArticle(text=rec["text"], doc_id=str(rec.get("id"))))
        events = [e for e in art.events if e.trigger.start <= trig.idx < e.trigger.end]
        # all gold verbs: the Locator on the gold verb; coded verbs: the location the pipeline gave
        # the event (its actor's tokens, and for all but material conflict its recipient's, ruled out)
        found = loc.event_place(doc[:], trig)
        places = {"all": (found.span.start_char, found.span.end_char) if found is not None else None}
        if events:
            e = events[0].location
            places["coded"] = (e.start, e.end) if e is not None else None
        for key, place in places.items():
            o = out[key]
            if spans:
                o["with"] += 1
                o["found"] += place is not None and any(place[0] < b and a < place[1] for a, b in spans)
            else:
                o["without"] += 1
                o["invented"] += place is not None
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--json", action="store_true", help="print the numbers as JSON")
    args = ap.parse_args(argv)
    if not GOLD.exists():
        print(f"no gold at {GOLD}", file=sys.stderr)
        return 2
    from dragoman.config import Config
    from dragoman.evaluate import evaluate_cameo, evaluate_plover, read_gold
    from dragoman.parse import load_nlp

    t0 = time.perf_counter()
    nlp = load_nlp()
    plover = evaluate_plover(read_gold(GOLD / "plover_gsr_dev.jsonl"), Config(language_check=False))
    cameo = evaluate_cameo(read_gold(GOLD / "cameo_manual_examples.jsonl"),
                           Config(statements=True, language_check=False))
    locs = location_scores(nlp)
    elapsed = time.perf_counter() - t0

    p, r, f, n = plover.prf()
    ratio = lambda a, b: a / b if b else 0.0  # noqa: E731
    rows = [
        ("PLOVER type precision (micro)", p, None, f"{n} gold events"),
        ("PLOVER type recall (micro)", r, None, ""),
        ("PLOVER type F1 (micro)", f, TARGETS["plover_f1"], f"{plover.sentences} sentences"),
        ("actor country accuracy", ratio(plover.actor_ok, plover.actor_n), TARGETS["actor"],
         f"{plover.actor_ok}/{plover.actor_n} matched"),
        ("recipient country accuracy", ratio(plover.recip_ok, plover.recip_n), TARGETS["recipient"],
         f"{plover.recip_ok}/{plover.recip_n} matched"),
        ("actor sector accuracy", ratio(plover.sector_ok, plover.sector_n), None,
         f"{plover.sector_ok}/{plover.sector_n} with a gold sector"),
        ("CAMEO root accuracy", cameo.accuracy, TARGETS["cameo"], f"{cameo.correct}/{cameo.total} sentences"),
    ]
    for key, label in (("coded", "verbs coded as events"), ("all", "all gold verbs")):
        o = locs[key]
        rows.append((f"location found ({label})", ratio(o["found"], o["with"]),
                     TARGETS["loc_found"] if key == "coded" else None, f"{o['found']}/{o['with']} with a gold place"))
        rows.append((f"location invented ({label})", ratio(o["invented"], o["without"]),
                     TARGETS["loc_invented"] if key == "coded" else None, f"{o['invented']}/{o['without']} without"))
    if args.json:
        print(json.dumps({"rows": [{"metric": m, "value": v, "target": t, "n": c} for m, v, t, c in rows],
                          "plover": plover.as_dict(), "seconds": elapsed}, indent=2))
        return 0
    print(f"dragoman accuracy on the development gold ({GOLD})")
    print(f"{'metric':<44}{'value':>7}  {'target':<8}{'counts'}")
    for m, v, t, c in rows:
        tgt = "" if t is None else (f"<= {t:.2f}" if "invented" in m else f">= {t:.2f}")
        print(f"{m:<44}{v:>7.2f}  {tgt:<8}{c}")
    print()
    print(f"{'PLOVER type':<12}{'P':>6}{'R':>6}{'F1':>6}{'gold':>6}")
    for t in sorted(set(plover.tp) | set(plover.fp) | set(plover.fn)):
        tp, tr, tf, tn = plover.prf(t)
        print(f"{t:<12}{tp:>6.2f}{tr:>6.2f}{tf:>6.2f}{tn:>6}")
    print(f"\n({plover.set_aside} negated/hypothetical/alleged events set aside; {elapsed:.0f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

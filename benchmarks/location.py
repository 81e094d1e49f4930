"""Event location on the dev gold (../shared/gold/event_location_dev.jsonl).

For each sentence: parse it, take the token at the gold verb span as the trigger, ask the
Locator for the event location and compare its text span with the gold location spans.

(a) sentences with a gold location: share where our location overlaps a gold span (target >= 80%)
(b) sentences without one: share where we invent a location (target <= 10%)

Degenerate gold spans carry token offsets instead of character offsets: an empty span
(start == end, about 16% of the records) is the index of the location's first token ("Yala" in
"Also in Yala province, ..."), and a few spans that cut words in pieces ("e" for "Sewry") are token
ranges [start, end). We read both that way on spaCy's tokenization (which reproduces the indices,
leading whitespace token included): the gold span is our token range, kept only when it is a
plausible name (starts with a capital letter); records whose spans all fail that check are left
out and counted as unreadable.

    python benchmarks/location.py [--gold PATH] [--show-misses N]
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT.parent / "shared" / "gold" / "event_location_dev.jsonl"


def _word_aligned(text: str, s: int, e: int) -> bool:
    if e <= s or e > len(text):
        return False
    starts = s == 0 or not text[s - 1].isalnum() or not text[s].isalnum()
    ends = e == len(text) or not text[e].isalnum() or not text[e - 1].isalnum()
    return starts and ends and bool(text[s:e].strip())


def gold_spans(rec: dict, doc) -> list[tuple[int, int]] | None:
    """Character spans of the gold locations; None when the record's spans cannot be read."""
    out = []
    text = rec["text"]
    for loc in rec["locations"]:
        s, e = loc["start"], loc["end"]
        if _word_aligned(text, s, e):
            out.append((s, e))
            continue
        e = max(e, s + 1)          # token offsets
        if e <= len(doc) and doc[s].text[:1].isupper():
            out.append((doc[s].idx, doc[e - 1].idx + len(doc[e - 1].text)))
    if rec["locations"] and not out:
        return None
    return out


def trigger_token(rec: dict, doc):
    v = rec["verb"]
    span = doc.char_span(v["start"], v["end"], alignment_mode="expand")
    if span is None or not len(span):
        return None
    return span.root


def evaluate(gold: Path = GOLD, nlp=None) -> dict:
    """Run the Locator over the gold file; counts, shares and the misses (for accuracy.py)."""
    from dragoman.parse import load_nlp
    from dragoman.where import Locator

    nlp = nlp or load_nlp()
    recs = [json.loads(line) for line in gold.open(encoding="utf-8") if line.strip()]
    docs = list(nlp.pipe((r["text"] for r in recs), batch_size=64))
    loc = Locator()
    loc.event_place(docs[0][:], docs[0][0])        # build the gazetteer outside the timing

    r = {"records": len(recs), "unreadable": 0, "with_location": 0, "found": 0, "none_given": 0,
         "other_place": 0, "without_location": 0, "invented": 0, "misses": [], "inventions": []}
    t0 = time.perf_counter()
    for rec, doc in zip(recs, docs):
        trig = trigger_token(rec, doc)
        spans = gold_spans(rec, doc)
        if trig is None or spans is None:
            r["unreadable"] += 1
            continue
        # a record is one sentence; spaCy sometimes splits it, so the record is the sentence here
        found = loc.event_place(doc[:], trig)
        if spans:
            r["with_location"] += 1
            if found is None:
                r["none_given"] += 1
                r["misses"].append((rec, None))
            elif any(found.span.start_char < e and s < found.span.end_char for s, e in spans):
                r["found"] += 1
            else:
                r["other_place"] += 1
                r["misses"].append((rec, found.span.text))
        else:
            r["without_location"] += 1
            if found is not None:
                r["invented"] += 1
                r["inventions"].append((rec, found.span.text))
    n = r["with_location"] + r["without_location"]
    r["us_per_sentence"] = 1e6 * (time.perf_counter() - t0) / max(1, n)
    r["found_share"] = r["found"] / r["with_location"] if r["with_location"] else None
    r["invented_share"] = r["invented"] / r["without_location"] if r["without_location"] else None
    return r


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gold", type=Path, default=GOLD)
    ap.add_argument("--show-misses", type=int, default=0, help="print N misses and N inventions")
    args = ap.parse_args(argv)
    if not args.gold.exists():
        print(f"gold file not found: {args.gold}", file=sys.stderr)
        return 1
    r = evaluate(args.gold)

    def pct(a, b):
        return f"{100 * a / b:5.1f}%" if b else "   n/a"

    pos, neg = r["with_location"], r["without_location"]
    rows = [("(a) gold location found (overlap)", r["found"], pos, ">=80%"),
            ("    of which: none given", r["none_given"], pos, ""),
            ("    of which: another place given", r["other_place"], pos, ""),
            ("(b) location invented (gold has none)", r["invented"], neg, "<=10%")]
    print(f"event location, dev gold: {args.gold.name} ({r['records']} records, "
          f"{r['unreadable']} unreadable left out)")
    print(f"{'measure':<44} {'count':>11} {'share':>7} {'target':>7}")
    for label, k, n, target in rows:
        print(f"{label:<44} {f'{k}/{n}':>11} {pct(k, n)} {target:>7}")
    print(f"locator time: {r['us_per_sentence']:.0f} us per sentence (parse excluded)")
    if args.show_misses:
        print("\nmisses (gold text | ours):")
        for rec, ours in r["misses"][: args.show_misses]:
            print(f"  {[x['text'] for x in rec['locations']]} | {ours!r} | {rec['verb']['text']!r} | "
                  f"{rec['text'].strip()[:160]}")
        print("\ninventions (ours):")
        for rec, ours in r["inventions"][: args.show_misses]:
            print(f"  {ours!r} | {rec['verb']['text']!r} | {rec['text'].strip()[:160]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

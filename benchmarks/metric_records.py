"""Metric-record parser against the hand-written gold records.

    python benchmarks/metric_records.py [--gold annotations/metrics/records.jsonl] [--errors 0] [--split test]
    python benchmarks/metric_records.py --split test --predictions benchmarks/results/cv-bert-part.json

The gold records were written by two annotators, 160 each: the first half is marked ``dev`` (the
parser's rules may be checked against it), the second ``test`` (scored, never looked at).
For each of the gold METRIC spans (annotations/metrics/records.jsonl, drawn at random from the gold
corpus), the parser gets the gold span, its sentence and the sentence's gold stype — the records
the annotator makes from its *predicted* spans are only as good as those spans (entity F1 in
docs/evaluation.md). Prints the share of records whose field equals the gold field, per field,
and the share with every field right.

With ``--predictions`` (a cross-validation result of benchmarks/annotator_cv.py) the parser gets the
held-out *predicted* METRIC spans and statement type of each sentence instead: end to end, a gold
record counts as right only if a predicted span has exactly its start and end and the field is right.
"""

import argparse
import json
import math
from collections import Counter
from pathlib import Path

from govreport_nlp.annotations import read_jsonl
from govreport_nlp.document import Entity
from govreport_nlp.metrics import metric_records

ROOT = Path(__file__).resolve().parent.parent
FIELDS = ("indicator", "value", "value_max", "unit", "kind", "direction", "qualifier", "statement")


def same(field, a, b):
    if field in ("value", "value_max"):
        if a is None or b is None:
            return a is None and b is None
        return math.isclose(float(a), float(b), rel_tol=1e-6)
    return a == b


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--gold", default=str(ROOT / "annotations" / "metrics" / "records.jsonl"))
    ap.add_argument("--errors", type=int, default=0, help="print this many wrong records per field")
    ap.add_argument("--split", choices=("dev", "test", "all"), default="all",
                    help="dev: the half the parser's rules may be looked at against; test: the other half")
    ap.add_argument("--predictions", help="cv-<system>.json: score records made from held-out predicted spans")
    args = ap.parse_args()
    records = [r for p in sorted((ROOT / "annotations").glob("*.jsonl")) for r in read_jsonl(p)]
    corpus = {(r.report_id, r.sentence_id): r for r in records}
    predicted = None
    if args.predictions:
        preds = json.loads(Path(args.predictions).read_text(encoding="utf-8"))["predictions"]
        predicted = {(r.report_id, r.sentence_id): p for r, p in zip(records, preds)}
    gold = [json.loads(x) for x in Path(args.gold).read_text(encoding="utf-8").splitlines() if x.strip()]
    gold = [g for g in gold if args.split in ("all", g.get("split"))]
    right, all_right, missed, errors = Counter(), 0, 0, {f: [] for f in FIELDS}
    for g in gold:
        r = corpus[(g["report_id"], g["sentence_id"])]
        if predicted is None:
            spans, stype = r.entities, r.stype
        else:
            p = predicted[(g["report_id"], g["sentence_id"])]
            spans = [Entity(a, b, lab, r.text[a:b]) for a, b, lab in p["entities"]]
            stype = p["stype"]
        recs = {(m.start, m.end): m for m in metric_records(r.text, spans, stype)}
        m = recs.get((g["start"], g["end"]))
        if m is None:
            missed += 1
            continue
        ok = True
        if m.indicator and g["indicator"] and (m.indicator in g["indicator"] or g["indicator"] in m.indicator):
            right["indicator (one contains the other)"] += 1
        elif m.indicator is None and g["indicator"] is None:
            right["indicator (one contains the other)"] += 1
        for f in FIELDS:
            if same(f, getattr(m, f), g[f]):
                right[f] += 1
            else:
                ok = False
                errors[f].append((g["text"], getattr(m, f), g[f], r.text))
        all_right += ok
    n = len(gold)
    source = f"spans predicted in {Path(args.predictions).name}" if args.predictions else "gold spans"
    print(f"{n} gold records ({args.split}), {source}: {n - missed} spans found\n\n| field | accuracy |\n|---|---|")
    for f in FIELDS:
        print(f"| {f} | {right[f] / n:.3f} |")
    print(f"| indicator, one contains the other | {right['indicator (one contains the other)'] / n:.3f} |")
    print(f"| **all fields** | {all_right / n:.3f} |")
    for f in FIELDS:
        for text, got, want, sent in errors[f][:args.errors]:
            print(f"{f}: {text!r}: parser {got!r}, gold {want!r}  | {sent[:60]}")


if __name__ == "__main__":
    main()

"""Precision and recall of target → achievement links against the hand-made links of annotations/tracking/.

    python benchmarks/tracking_eval.py

annotations/tracking/<Y>--<Y1>.jsonl has one line per METRIC entity of a target sentence of report Y (gold
annotations), with the achievement entity of report Y1 that reports its outcome (or null) and met / missed /
not_reported, linked by hand (docs/adaptation.md). Two runs of `govreport_nlp.track.link_targets`:

- gold: on the gold annotations of both reports (METRIC spans and statement types), so that only the linking
  is measured;
- predicted: on the shipped recipe's held-out predictions (benchmarks/results/cv-bert-part-mix0.5-jieba.json:
  each sentence labelled by a model that never saw its report), i.e. what a user gets end to end.

A predicted link is right when its target overlaps a gold target (same sentence) whose gold achievement overlaps
its achievement (same sentence). Precision: right links / predicted links; recall: right links / gold links.
Status accuracy: among right links, the same met / missed as the gold.

Links are also counted apart for targets of a standard indicator (govreport_nlp.panel: the predicted target is
named by one; a gold target's clause in its quote names one) and for the rest. --no-indicators links with the
pair scorer alone.

--heldout: pairs of reports outside the gold corpus (annotations/tracking/heldout/, linked by hand on the raw
texts, quotes instead of spans), read from --data and annotated by the shipped model (none of them is in its
training data), tracked end to end with `govreport_nlp.track.track`. A gold target or achievement is found by its
quote in the raw text; it matches a metric record whose characters overlap its number expression. Targets the
model finds that are not in the gold list and get linked count as wrong links (the lists are meant to be
complete: every quantitative target for the year).
"""

import argparse
import json
from pathlib import Path

from govreport_nlp.annotations import Entity, read_jsonl
from govreport_nlp.panel import load_indicators
from govreport_nlp.panel.table import clause_of, standard_names
from govreport_nlp.track import items_from_records, link_targets, split_items

INDICATORS = load_indicators()

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "annotations" / "tracking"
PREDICTIONS = ROOT / "benchmarks" / "results" / "cv-bert-part-mix0.5-jieba.json"


def overlaps(item, ref) -> bool:
    return (item.report_id == ref["report_id"] and item.sentence_id == ref["sentence_id"]
            and item.metric.start < ref["end"] and ref["start"] < item.metric.end)


def with_predictions(records, saved):
    """Copies of the records carrying the saved held-out predictions instead of the gold labels."""
    import copy

    out = []
    for r, p in zip(records, saved):
        r = copy.copy(r)
        if p is not None:
            r.stype = p["stype"]
            r.entities = [Entity(s, e, lab, r.text[s:e]) for s, e, lab in p["entities"]]
        out.append(r)
    return out


def evaluate(pair: Path, records: dict) -> dict:
    gold = [json.loads(x) for x in pair.read_text(encoding="utf-8").splitlines() if x.strip()]
    y, y1 = gold[0]["target"]["report_id"], pair.stem.split("--")[1]
    targets, achievements = split_items(items_from_records(records[y], _year(y)), items_from_records(records[y1], _year(y1)))
    links = link_targets(targets, achievements)
    predicted = [l for l in links if l.achievement is not None]
    right, status_ok = 0, 0
    for link in predicted:
        g = next((g for g in gold if overlaps(link.target, g["target"])), None)
        if g and g["achievement"] and overlaps(link.achievement, g["achievement"]):
            right += 1
            status_ok += link.status == g["status"]
    n_gold = sum(g["achievement"] is not None for g in gold)
    found = sum(any(overlaps(t, g["target"]) for t in targets) for g in gold)
    return {"pair": pair.stem, "gold_targets": len(gold), "gold_links": n_gold, "targets_found": found,
            "predicted_targets": len(targets), "predicted_links": len(predicted), "right_links": right,
            "precision": right / len(predicted) if predicted else None, "recall": right / n_gold if n_gold else None,
            "status_accuracy": status_ok / right if right else None,
            "links": [l.to_row() for l in links]}


def _year(report_id: str) -> int:
    import re

    return int(re.search(r"(?:19|20)\d\d", report_id).group())


def locate(report, quote: str, text: str):
    """The normalized character span of ``text`` at the end of ``quote`` in the report's raw text, or None."""
    pos = report.raw_text.find(quote)
    if pos < 0 or not quote.endswith(text):
        return None
    a, b = pos + len(quote) - len(text), pos + len(quote)
    return report.offsets.to_normalized(a), report.offsets.to_normalized(b)


def hits(item, report, span) -> bool:
    if span is None or item is None:
        return False
    s = next(x for x in report.sentences if x.id == item.sentence_id)
    a, b = s.start + item.metric.start, s.start + item.metric.end
    return a < span[1] and span[0] < b


def evaluate_heldout(pair: Path, nlp, data_dir, use_indicators=True) -> dict:
    from govreport_nlp.reading.corpora import get_report
    from govreport_nlp.track import track

    gold = [json.loads(x) for x in pair.read_text(encoding="utf-8").splitlines() if x.strip()]
    y, y1 = pair.stem.split("--")
    ry, ry1 = (nlp(get_report(data_dir, rid).text, report_id=rid) for rid in (y, y1))
    spans = [(locate(ry, g["target_quote"], g["target_text"]),
              locate(ry1, g["achievement_quote"], g["achievement_text"]) if g["achievement_quote"] else None)
             for g in gold]
    unfound = sum(t is None for t, _ in spans) + sum(g["achievement_quote"] is not None and a is None
                                                     for g, (_, a) in zip(gold, spans))
    links = track(ry, ry1, indicators=use_indicators)
    predicted = [l for l in links if l.achievement is not None]
    listed_pred = standard_names([l.target for l in links], INDICATORS)
    listed_gold = [gold_is_listed(g) for g in gold]
    right = status_ok = 0
    split = {True: {"predicted_links": 0, "right_links": 0, "gold_links": 0, "right_gold": 0},
             False: {"predicted_links": 0, "right_links": 0, "gold_links": 0, "right_gold": 0}}
    right_gold = set()
    for link, name in zip(links, listed_pred):
        if link.achievement is None:
            continue
        split[name is not None]["predicted_links"] += 1
        k = next((k for k, (t, _) in enumerate(spans) if hits(link.target, ry, t)), None)
        if k is not None and hits(link.achievement, ry1, spans[k][1]):
            right += 1
            status_ok += link.status == gold[k]["status"]
            split[name is not None]["right_links"] += 1
            right_gold.add(k)
    for k, g in enumerate(gold):
        if g["achievement_quote"] is not None:
            split[listed_gold[k]]["gold_links"] += 1
            split[listed_gold[k]]["right_gold"] += k in right_gold
    n_gold = sum(g["achievement_quote"] is not None for g in gold)
    found = sum(any(hits(l.target, ry, t) for l in links) for t, _ in spans)
    return {"pair": pair.stem, "gold_targets": len(gold), "gold_links": n_gold, "targets_found": found,
            "predicted_targets": len(links), "predicted_links": len(predicted), "right_links": right,
            "quotes_not_found": unfound, "precision": right / len(predicted) if predicted else None,
            "recall": right / n_gold if n_gold else None, "status_accuracy": status_ok / right if right else None,
            "listed": split[True], "unlisted": split[False], "links": [l.to_row() for l in links]}


def gold_is_listed(g: dict) -> bool:
    """Whether a hand-made target is of a standard indicator: its clause in the quote names one (the same naming
    as the panel's, on the quote instead of the sentence)."""
    import re

    quote, text = g["target_quote"], g["target_text"]
    verb = re.match(r"\D*?(?=[0-9０-９]|百分之|[零〇一二两三四五六七八九十])", text)
    return bool(INDICATORS.match(clause_of(quote, len(quote) - len(text) + (len(verb.group()) if verb else 0))))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--output", default=str(ROOT / "benchmarks" / "results" / "tracking.json"))
    ap.add_argument("--heldout", nargs="?", const="heldout", metavar="FOLDER",
                    help="the held-out pairs of annotations/tracking/FOLDER (default heldout), end to end with the "
                         "shipped model")
    ap.add_argument("--data", default=str(ROOT.parent / "shared" / "data"))
    ap.add_argument("--no-indicators", action="store_true", help="link with the pair scorer alone, not through the "
                    "standard indicators first (targets and results are still those of the panel's rules)")
    args = ap.parse_args()
    if args.heldout:
        return heldout(args)
    all_records = [r for p in sorted((ROOT / "annotations").glob("*.jsonl")) for r in read_jsonl(p)]
    cv = json.loads(PREDICTIONS.read_text(encoding="utf-8"))
    in_folds = [r for r in all_records if r.report_id in cv["folds"]]  # its predictions follow these, in order
    runs = {"gold": all_records, "predicted": with_predictions(in_folds, cv["predictions"])}
    out = {}
    print("| annotations | pair | gold targets | gold links | targets found | predicted links | right | precision "
          "| recall | status accuracy |\n|---|---|---|---|---|---|---|---|---|---|")
    for name, recs in runs.items():
        by_report = {}
        for r in recs:
            by_report.setdefault(r.report_id, []).append(r)
        res = [evaluate(p, by_report) for p in sorted(GOLD.glob("*--*.jsonl"))]
        pooled = {k: sum(x[k] for x in res) for k in ("gold_targets", "gold_links", "targets_found",
                                                       "predicted_links", "right_links")}
        pooled.update(pair="all", precision=pooled["right_links"] / max(pooled["predicted_links"], 1),
                      recall=pooled["right_links"] / max(pooled["gold_links"], 1),
                      status_accuracy=sum((x["status_accuracy"] or 0) * x["right_links"] for x in res)
                      / max(pooled["right_links"], 1))
        for x in res + [pooled]:
            cells = [f"{x[k]:.3f}" if isinstance(x[k], float) else ("–" if x[k] is None else str(x[k]))
                     for k in ("pair", "gold_targets", "gold_links", "targets_found", "predicted_links",
                               "right_links", "precision", "recall", "status_accuracy")]
            print(f"| {name} | " + " | ".join(cells) + " |")
        out[name] = {"pairs": res, "pooled": pooled}
    Path(args.output).write_text(json.dumps(out, ensure_ascii=False, indent=1), encoding="utf-8")


def heldout(args) -> None:
    import govreport_nlp as gr

    nlp = gr.load(threads=2)
    res = [evaluate_heldout(p, nlp, args.data, not args.no_indicators)
           for p in sorted((GOLD / args.heldout).glob("*--*.jsonl"))]
    keys = ("gold_targets", "gold_links", "targets_found", "predicted_links", "right_links", "quotes_not_found")
    pooled = {k: sum(x[k] for x in res) for k in keys}
    for part in ("listed", "unlisted"):
        p = {k: sum(x[part][k] for x in res) for k in res[0][part]}
        p["precision"] = p["right_links"] / p["predicted_links"] if p["predicted_links"] else None
        p["recall"] = p["right_gold"] / p["gold_links"] if p["gold_links"] else None
        pooled[part] = p
    pooled.update(pair="all", precision=pooled["right_links"] / max(pooled["predicted_links"], 1),
                  recall=pooled["right_links"] / max(pooled["gold_links"], 1),
                  status_accuracy=sum((x["status_accuracy"] or 0) * x["right_links"] for x in res)
                  / max(pooled["right_links"], 1))
    print("| pair | gold targets | gold links | targets found | predicted links | right | precision | recall "
          "| status accuracy | quotes not found |\n|---|---|---|---|---|---|---|---|---|---|")
    for x in res + [pooled]:
        cells = [f"{x[k]:.3f}" if isinstance(x[k], float) else ("–" if x[k] is None else str(x[k]))
                 for k in ("pair", "gold_targets", "gold_links", "targets_found", "predicted_links", "right_links",
                           "precision", "recall", "status_accuracy", "quotes_not_found")]
        print("| " + " | ".join(cells) + " |")
    for part, what in (("listed", "targets of a standard indicator"), ("unlisted", "the other targets")):
        p = pooled[part]
        print(f"{what}: precision {p['precision'] if p['precision'] is None else round(p['precision'], 3)} "
              f"({p['right_links']}/{p['predicted_links']}), recall "
              f"{p['recall'] if p['recall'] is None else round(p['recall'], 3)} ({p['right_gold']}/{p['gold_links']})")
    suffix = "-no-indicators" if args.no_indicators else ""
    out = ROOT / "benchmarks" / "results" / f"tracking-{args.heldout}{suffix}.json"
    out.write_text(json.dumps({"pairs": res, "pooled": pooled}, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()

"""Fit the pair scorer of target tracking (govreport_nlp/track_scorer.json) on the hand-made development links,
and cross-validate it over the pairs.

    python benchmarks/track_scorer.py            # leave-one-pair-out scores at several thresholds
    python benchmarks/track_scorer.py --write    # ... then fit on all pairs at the best threshold and save it

Training examples: every (target, candidate result) pair that `govreport_nlp.track.pair_features` can compare,
labelled right when the target is a hand-linked target and the candidate its hand-linked result.

- the development pairs on gold spans (annotations/tracking/*.jsonl): gold METRIC spans and statement types;
- the pairs of --folders (default heldout … heldout6: each was held out once, run once, and has been development
  data since), read from --data and annotated end to end by the shipped model, as a user gets them.

Leave-one-pair-out: for each of the pairs, the scorer is fitted on the others and links that pair; precision and
recall are pooled over the pairs, counted as in benchmarks/tracking_eval.py (a link whose target is not a
hand-listed target is wrong). The threshold with the best pooled F1 is the one saved. The baseline is the linker
used up to heldout3 (name similarity, nothing fitted). Results:
benchmarks/results/track-scorer-cv.json. Fresh pairs for a held-out figure go to a new folder of
annotations/tracking/ that this script is not given (benchmarks/tracking_eval.py --heldout FOLDER).
"""

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from tracking_eval import GOLD, ROOT, hits, locate, overlaps  # noqa: E402

from govreport_nlp.annotations import read_jsonl  # noqa: E402
from govreport_nlp.track import (PAIR_FEATURES, SCORER_PATH, PairScorer, items_from_records,  # noqa: E402
                                 items_from_report, link_targets, pair_features, split_items)

THRESHOLDS = (0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5)


class NameSimilarity:
    """The linker up to heldout3, as a baseline: the names' bigram Dice, halved for a fall against a rise and
    × 0.8 for another (compatible) kind of figure, at least 0.5; nothing fitted."""

    threshold = 0.5

    def probabilities(self, target, achievements):
        f = PAIR_FEATURES.index
        return [0.0 if r is None else r[f("name")] * (0.5 if r[f("opposite_direction")] else 1.0)
                * (1.0 if r[f("same_kind")] else 0.8) for r in pair_features(target, achievements)]


def gold_span_pairs():
    """(name, targets, achievements, right(target, achievement) or None when not a listed target, gold links)."""
    records = {}
    for p in sorted((ROOT / "annotations").glob("*.jsonl")):
        for r in read_jsonl(p):
            records.setdefault(r.report_id, []).append(r)
    for pair in sorted(GOLD.glob("*--*.jsonl")):
        gold = [json.loads(x) for x in pair.read_text(encoding="utf-8").splitlines() if x.strip()]
        y, y1 = pair.stem.split("--")
        targets, achievements = split_items(items_from_records(records[y]), items_from_records(records[y1]))

        def right(t, a, gold=gold):
            g = next((g for g in gold if overlaps(t, g["target"])), None)
            return None if g is None else bool(g["achievement"] and overlaps(a, g["achievement"]))

        yield pair.stem, targets, achievements, right, sum(g["achievement"] is not None for g in gold)


def annotated_pairs(folders, data_dir):
    import govreport_nlp as gr
    from govreport_nlp.reading.corpora import get_report

    nlp, reports = gr.load(threads=2), {}
    for folder in folders:
        for pair in sorted((GOLD / folder).glob("*--*.jsonl")):
            gold = [json.loads(x) for x in pair.read_text(encoding="utf-8").splitlines() if x.strip()]
            for rid in pair.stem.split("--"):
                if rid not in reports:
                    reports[rid] = nlp(get_report(data_dir, rid).text, report_id=rid)
            ry, ry1 = (reports[rid] for rid in pair.stem.split("--"))
            spans = [(locate(ry, g["target_quote"], g["target_text"]),
                      locate(ry1, g["achievement_quote"], g["achievement_text"]) if g["achievement_quote"] else None)
                     for g in gold]
            targets, achievements = split_items(items_from_report(ry), items_from_report(ry1))

            def right(t, a, spans=spans, ry=ry, ry1=ry1):
                k = next((k for k, (s, _) in enumerate(spans) if hits(t, ry, s)), None)
                return None if k is None else hits(a, ry1, spans[k][1])

            yield f"{folder}/{pair.stem}", targets, achievements, right, sum(a is not None for _, a in spans)


def examples(pair):
    _, targets, achievements, right, _ = pair
    rows, labels = [], []
    for t in targets:
        for a, r in zip(achievements, pair_features(t, achievements)):
            if r is not None:
                rows.append(r)
                labels.append(bool(right(t, a)))
    return rows, labels


def score_pair(pair, scorer, threshold):
    """(predicted links, right links, gold links) of one pair."""
    _, targets, achievements, right, n_gold = pair
    links = [l for l in link_targets(targets, achievements, threshold, scorer) if l.achievement is not None]
    return len(links), sum(bool(right(l.target, l.achievement)) for l in links), n_gold


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--folders", nargs="*", default=["heldout", "heldout2", "heldout3", "heldout4", "heldout5", "heldout6"])
    ap.add_argument("--data", default=str(ROOT.parent / "shared" / "data"))
    ap.add_argument("--C", type=float, default=1.0, help="inverse regularization strength of the regression")
    ap.add_argument("--write", action="store_true", help=f"fit on all pairs and save to {SCORER_PATH.name}")
    args = ap.parse_args()
    pairs = list(gold_span_pairs()) + list(annotated_pairs(args.folders, args.data))
    data = [examples(p) for p in pairs]
    print(f"{len(pairs)} pairs, {sum(len(r) for r, _ in data)} candidate pairs, "
          f"{sum(sum(l) for _, l in data)} right")
    folds = []
    for k in range(len(pairs)):
        rows = [r for i, (rs, _) in enumerate(data) if i != k for r in rs]
        labels = [y for i, (_, ls) in enumerate(data) if i != k for y in ls]
        folds.append(PairScorer.fit(rows, labels, threshold=0.5, C=args.C))
    table = []
    print("| threshold | predicted links | right | gold links | precision | recall | F1 |\n"
          "|---|---|---|---|---|---|---|")
    for th in THRESHOLDS:
        counts = [score_pair(p, folds[k], th) for k, p in enumerate(pairs)]
        pl, r, g = (sum(c[i] for c in counts) for i in range(3))
        prec, rec = r / max(pl, 1), r / max(g, 1)
        f1 = 2 * prec * rec / max(prec + rec, 1e-9)
        table.append({"threshold": th, "predicted_links": pl, "right_links": r, "gold_links": g, "precision": prec,
                      "recall": rec, "f1": f1, "per_pair": {p[0]: c for p, c in zip(pairs, counts)}})
        print(f"| {th} | {pl} | {r} | {g} | {prec:.3f} | {rec:.3f} | {f1:.3f} |")
    counts = [score_pair(p, NameSimilarity(), NameSimilarity.threshold) for p in pairs]
    pl, r, g = (sum(c[i] for c in counts) for i in range(3))
    baseline = {"predicted_links": pl, "right_links": r, "gold_links": g, "precision": r / max(pl, 1),
                "recall": r / max(g, 1)}
    print(f"baseline, name similarity at 0.5 (nothing fitted): precision {baseline['precision']:.3f}, "
          f"recall {baseline['recall']:.3f} ({r} right of {pl} links, {g} gold)")
    best = max(table, key=lambda x: x["f1"])
    out = {"baseline_name_similarity": baseline, "pairs": [p[0] for p in pairs], "features": list(PAIR_FEATURES),
           "C": args.C, "cv": table, "best_threshold": best["threshold"]}
    (ROOT / "benchmarks" / "results" / "track-scorer-cv.json").write_text(
        json.dumps(out, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"best threshold by leave-one-pair-out F1: {best['threshold']}")
    if args.write:
        rows = [r for rs, _ in data for r in rs]
        labels = [y for _, ls in data for y in ls]
        about = (f"benchmarks/track_scorer.py --write: logistic regression (C={args.C}) on {len(pairs)} pairs "
                 f"({', '.join(p[0] for p in pairs)}); threshold {best['threshold']} by leave-one-pair-out F1")
        scorer = PairScorer.fit(rows, labels, threshold=best["threshold"], about=about, C=args.C)
        scorer.save(SCORER_PATH)
        print("weights:", scorer.weights, "intercept:", scorer.intercept)


if __name__ == "__main__":
    main()

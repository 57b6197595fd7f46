"""Inter-annotator agreement between the two independent passes in annotations/agreement/.

    python benchmarks/annotation_agreement.py [--folder annotations/agreement] [--show 20]

For every report with ``<id>.pass1.jsonl`` (the first pass, as annotated before
adjudication) and ``<id>.pass2.jsonl`` (the blind second pass over the same
sentences): Cohen's kappa and raw agreement for stype and domain, strict span F1
per entity label, overall and per report; then the most frequent confusions.
"""

import argparse
from collections import Counter
from pathlib import Path

from govreport_nlp.annotations import read_jsonl
from govreport_nlp.annotations.agreement import compare

ROOT = Path(__file__).resolve().parent.parent


def row(name, ag):
    f1 = " | ".join(f"{ag.entity_f1[k]:.3f}" for k in ("PROJECT", "INSTITUTION", "PLACE", "METRIC", "micro"))
    return (f"| {name} | {ag.n_sentences} | {ag.kappa['stype']:.3f} ({ag.observed['stype']:.1%}) | "
            f"{ag.kappa['domain']:.3f} ({ag.observed['domain']:.1%}) | {f1} |")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--folder", default=str(ROOT / "annotations" / "agreement"))
    ap.add_argument("--show", type=int, default=15, help="how many confusions to list per task")
    args = ap.parse_args()
    folder = Path(args.folder)
    p1_all, p2_all, lines = [], [], []
    for p1 in sorted(folder.glob("*.pass1.jsonl")):
        rid = p1.name.removesuffix(".pass1.jsonl")
        a, b = read_jsonl(p1), read_jsonl(folder / f"{rid}.pass2.jsonl")
        p1_all += a
        p2_all += b
        lines.append(row(rid, compare(a, b)))
    ag = compare(p1_all, p2_all)
    print("| sample | sentences | stype kappa (raw) | domain kappa (raw) | PROJECT F1 | INSTITUTION F1 | "
          "PLACE F1 | METRIC F1 | entity micro F1 |")
    print("|---|---|---|---|---|---|---|---|---|")
    print("\n".join(lines))
    print(row("**all**", ag))
    print("\nentity counts (pass 1, pass 2, both):",
          ", ".join(f"{k} {v[0]}/{v[1]}/{v[2]}" for k, v in ag.entity_counts.items()))
    for task in ("stype", "domain"):
        conf = Counter((x, y) for _, x, y in ag.disagreements[task])
        print(f"\n{task}: {len(ag.disagreements[task])} disagreements; most frequent (pass 1 → pass 2):")
        for (x, y), n in conf.most_common(args.show):
            print(f"  {n:3d}  {x} → {y}")
    only1, only2 = Counter(), Counter()
    for _, a_only, b_only in ag.disagreements["entities"]:
        only1.update(lab for _, lab in a_only)
        only2.update(lab for _, lab in b_only)
    print(f"\nentity spans only in pass 1: {dict(only1)}; only in pass 2: {dict(only2)}")


if __name__ == "__main__":
    main()

"""How often gold entity spans start and end on word boundaries of the project's segmenter.

    python benchmarks/entity_word_alignment.py [--segmenter auto|pkuseg|jieba|char]

The figure behind decoding entity tags on whole words (docs/evaluation.md): if gold spans keep to word
boundaries, a decoder may too.
"""

import argparse
from collections import Counter
from pathlib import Path

from govreport_nlp.annotations import read_jsonl
from govreport_nlp.reading.words import word_boundaries

ROOT = Path(__file__).resolve().parent.parent


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--segmenter", default="auto")
    args = ap.parse_args()
    records = [r for p in sorted((ROOT / "annotations").glob("*.jsonl")) for r in read_jsonl(p)]
    total, aligned = Counter(), Counter()
    for r, bounds in zip(records, word_boundaries([r.text for r in records], args.segmenter)):
        for e in r.entities or []:
            total[e.label] += 1
            aligned[e.label] += e.start in bounds and e.end in bounds
    print(f"gold spans on word boundaries ({args.segmenter}):\n\n| label | spans | on word boundaries |\n|---|---|---|")
    for lab in sorted(total):
        print(f"| {lab} | {total[lab]:,} | {aligned[lab] / total[lab]:.1%} |")
    print(f"| all | {sum(total.values()):,} | {sum(aligned.values()) / sum(total.values()):.1%} |")


if __name__ == "__main__":
    main()

"""[UNK] rate of the pretraining tokenizer on every non-reserved report and on the held-out sample.

    python benchmarks/tokenizer_unk.py [--tokenizer work/pretrain/tokenizer] [--data ../shared/data]
"""

import argparse
from pathlib import Path

from transformers import AutoTokenizer

import govreport_nlp as gr
from govreport_nlp.reading.corpora import iter_reports
from govreport_nlp.model.tokenizer import unk_rate

ROOT = Path(__file__).resolve().parent.parent


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tokenizer", default=str(ROOT / "work" / "pretrain" / "tokenizer"))
    ap.add_argument("--data", default=str(ROOT.parent / "shared" / "data"))
    args = ap.parse_args()
    tok = AutoTokenizer.from_pretrained(args.tokenizer)
    unk = total = 0
    for cr in iter_reports(args.data, national_from=1900):
        u, t = unk_rate(tok, [s.text for s in gr.read(cr.text).sentences])
        unk, total = unk + u, total + t
    print(f"vocabulary: {len(tok)} tokens")
    print(f"non-reserved reports: {unk} [UNK] in {total:,} tokens = {unk / total:.4%}")
    u, t = unk_rate(tok, [s.text for s in gr.read(ROOT / "corpus" / "hangzhou-2023.txt").sentences])
    print(f"hangzhou-2023 (held out of the tokenizer's text): {u} [UNK] in {t:,} tokens = {u / t:.4%}")


if __name__ == "__main__":
    main()

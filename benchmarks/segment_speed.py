"""Speed of reading + normalizing + segmenting (sentences, structure; no words).

    python benchmarks/segment_speed.py [--data ../shared/data] [--repeat 3] [--words [--segmenter jieba]]

Reports characters per second over the sample report and over every
non-reserved report in the data folder (provincial 2026, national 2000-2025,
Hailar district), best of --repeat runs.  Timings depend on the machine: the
figures in docs/benchmarks.md were measured on a 2-core CPU VM.
"""

from __future__ import annotations

import argparse
import platform
import time
from pathlib import Path

import govreport_nlp as gr
from govreport_nlp.reading.corpora import iter_reports

ROOT = Path(__file__).resolve().parent.parent


def best_time(fn, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t)
    return best


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", default=str(ROOT.parent / "shared" / "data"))
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--words", action="store_true", help="also segment words")
    ap.add_argument("--segmenter", default="auto", help="auto (the shipped pkuseg model), pkuseg, jieba or char")
    args = ap.parse_args()

    sample = ROOT / "corpus" / "hangzhou-2023.txt"
    raw = sample.read_text(encoding="utf-8")
    gr.read(raw, words=args.words, segmenter=args.segmenter)  # warm up (imports, segmenter dictionary)
    t = best_time(lambda: gr.read(sample, words=args.words, segmenter=args.segmenter), args.repeat)
    print(f"python {platform.python_version()} on {platform.machine()}, "
          f"words={args.segmenter if args.words else 'no'}")
    print(f"hangzhou-2023.txt: {len(raw):,} chars in {t * 1000:.0f} ms = {len(raw) / t:,.0f} chars/s")

    reports = list(iter_reports(args.data)) if Path(args.data).is_dir() else []
    if not reports:
        print(f"no reports under {args.data}; skipped the folder benchmark")
        return
    total = sum(len(r.text) for r in reports)
    n_sent = 0

    def run_all():
        nonlocal n_sent
        n_sent = sum(len(gr.read(r.text, words=args.words, segmenter=args.segmenter).sentences) for r in reports)

    t = best_time(run_all, args.repeat)
    print(f"{len(reports)} non-reserved reports in {args.data}: {total:,} chars, {n_sent:,} sentences "
          f"in {t:.2f} s = {total / t:,.0f} chars/s")


if __name__ == "__main__":
    main()

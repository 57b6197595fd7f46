"""Speed and memory of the annotator: cold start on the sample, then every non-reserved report.

    python benchmarks/annotate_speed.py [--model govreport-annotator] [--data ../shared/data] [--threads 2]
                                        [--backend auto|torch|onnx] [--no-quantize] [--cold-runs 3]
                                        [--cold-only]

1. Cold start: a fresh Python process imports the library, loads the model and annotates
   corpus/hangzhou-2023.txt; the wall time of that whole process is reported (the median of --cold-runs).
2. Throughput: in this process, the model annotates every non-reserved report of the data
   folder (reading, segmentation, the model and the metric records included); sentences per
   second over the whole run, and the peak resident memory of the process (ru_maxrss).

Timings depend on the machine; docs/evaluation.md gives the figures of a 2-core CPU VM.
"""

from __future__ import annotations

import argparse
import platform
import resource
import subprocess
import sys
import time
from pathlib import Path

import govreport_nlp as gr
from govreport_nlp.reading.corpora import iter_reports

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "corpus" / "hangzhou-2023.txt"


def cold_start(model: str, threads: int, backend: str, quantize: bool) -> tuple[float, int]:
    code = ("import sys, govreport_nlp as gr; "
            f"r = gr.load({model!r}, threads={threads}, backend={backend!r}, quantize={quantize})"
            f"(gr.read_file({str(SAMPLE)!r})); print(len(r.sentences))")
    t = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return time.perf_counter() - t, int(out.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", default="govreport-annotator")
    ap.add_argument("--data", default=str(ROOT.parent / "shared" / "data"))
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--batch-size", type=int, default=64)
    ap.add_argument("--backend", default="auto", help="what runs the BERT: auto (ONNX where exported), torch, onnx")
    ap.add_argument("--quantize", action=argparse.BooleanOptionalAction, default=None,
                    help="the int8 model, or float32 with --no-quantize (default: the library's, int8 where exported)")
    ap.add_argument("--cold-runs", type=int, default=3, help="new processes timed; the median is reported")
    ap.add_argument("--cold-only", action="store_true", help="time the cold start only, not the 60 reports")
    args = ap.parse_args()

    nlp = gr.load(args.model, threads=args.threads, batch_size=args.batch_size, backend=args.backend,
                  quantize=args.quantize)
    print(f"python {platform.python_version()} on {platform.machine()}, {args.threads} threads, {nlp!r}")
    runs = sorted(cold_start(args.model, args.threads, args.backend, args.quantize) for _ in range(args.cold_runs))
    seconds, n = runs[len(runs) // 2]
    print(f"cold start (new process: import, load, annotate {SAMPLE.name}, {n} sentences): {seconds:.1f} s "
          f"(median of {len(runs)}: {', '.join(f'{t:.1f}' for t, _ in runs)})")
    if args.cold_only:
        return

    reports = list(iter_reports(args.data))
    nlp(SAMPLE)  # warm up
    t = time.perf_counter()
    n_sent = n_ent = 0
    for report in nlp.pipe((r.text for r in reports), progress=True):
        n_sent += len(report.sentences)
        n_ent += sum(len(s.entities or []) for s in report.sentences)
    dt = time.perf_counter() - t
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux
    chars = sum(len(r.text) for r in reports)
    print(f"{len(reports)} non-reserved reports: {chars:,} chars, {n_sent:,} sentences, {n_ent:,} entities "
          f"in {dt:.1f} s = {n_sent / dt:,.0f} sentences/s; peak memory {peak:,.0f} MB")


if __name__ == "__main__":
    main()

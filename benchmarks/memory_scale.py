"""Peak memory and time against input size: the sample report repeated to 1, 5, 20 and 50 MB.

    python benchmarks/memory_scale.py [--sizes 1 5 20 50] [--model govreport-annotator]
    python benchmarks/memory_scale.py --table          # the markdown table of docs/benchmarks.md

For every size, two fresh processes run one after the other: one reads the file (``gr.read_file``: layout,
normalization, structure, sentences), the other runs ``govreport annotate FILE -o OUT.jsonl`` as a user would
(reading, the model, metric records and the JSONL written). Each process's peak resident memory (``ru_maxrss``)
and wall time are recorded in benchmarks/results/memory-scale.json. The inputs and outputs go to a temporary folder
and are deleted. Timings depend on the machine and on what else runs on it.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "corpus" / "hangzhou-2023.txt"
RESULTS = ROOT / "benchmarks" / "results" / "memory-scale.json"

# runs ``argv`` as a child and prints its peak resident memory in kB (ru_maxrss of the waited-for children)
MEASURE = ("import resource, subprocess, sys; subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL); "
           "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")


def make_input(path: Path, megabytes: float) -> int:
    """The sample report repeated (a blank line between copies) until the file has ``megabytes`` MB; its size."""
    copy = SAMPLE.read_bytes() + b"\n\n"
    n = max(1, round(megabytes * 1e6 / len(copy)))
    with open(path, "wb") as fh:
        for _ in range(n):
            fh.write(copy)
    return path.stat().st_size


def measure(argv: list[str]) -> tuple[float, float]:
    """``(seconds, peak GB)`` of a fresh process running ``argv``."""
    t = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", MEASURE, *argv], capture_output=True, text=True, check=True)
    return time.perf_counter() - t, int(out.stdout.split()[-1]) / 1024 ** 2


def table(rows: list[dict]) -> str:
    lines = ["| input | sentences | read: time | read: peak | annotate: time | annotate: peak | sentences/s |",
             "|---|---|---|---|---|---|---|"]
    for r in rows:
        lines.append(f"| {r['bytes'] / 1e6:.0f} MB | {r['sentences']:,} | {r['read_s']:.0f} s | {r['read_gb']:.2f} GB "
                     f"| {r['annotate_s']:.0f} s | {r['annotate_gb']:.2f} GB | {r['sentences'] / r['annotate_s']:.0f} |")
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=float, nargs="+", default=[1, 5, 20, 50], help="input sizes in MB")
    ap.add_argument("--model", default="govreport-annotator")
    ap.add_argument("--table", action="store_true", help="print the table of the saved results")
    args = ap.parse_args()
    if args.table:
        print(table(json.loads(RESULTS.read_text(encoding="utf-8"))["rows"]))
        return

    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for mb in args.sizes:
            src, out = Path(tmp) / f"sample-{mb:g}MB.txt", Path(tmp) / "out.jsonl"
            size = make_input(src, mb)
            read_code = f"import govreport_nlp as gr; print(len(gr.read_file({str(src)!r}).sentences))"
            read_s, read_gb = measure([sys.executable, "-c", read_code])
            annotate_s, annotate_gb = measure([sys.executable, "-m", "govreport_nlp.cli", "annotate", str(src),
                                               "-o", str(out), "--model", args.model])
            with open(out, encoding="utf-8") as fh:
                n = sum(1 for _ in fh)
            out.unlink()
            rows.append({"bytes": size, "sentences": n, "read_s": round(read_s, 1), "read_gb": round(read_gb, 3),
                         "annotate_s": round(annotate_s, 1), "annotate_gb": round(annotate_gb, 3)})
            print(table(rows[-1:]).splitlines()[-1], flush=True)
    RESULTS.write_text(json.dumps({"python": platform.python_version(), "machine": platform.machine(),
                                   "cpus": os.cpu_count(), "model": args.model, "rows": rows}, indent=1),
                       encoding="utf-8")
    print(table(rows))


if __name__ == "__main__":
    main()

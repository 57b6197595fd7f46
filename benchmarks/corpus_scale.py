"""Throughput and memory of corpus runs (issue 18): the non-reserved reports of a data folder, repeated, annotated
into a dataset with each engine and number of workers.

    python benchmarks/corpus_scale.py --data ../shared/data --repeat 5 --configs local:1 local:2 ray:2

Each repetition of a report gets its own closing line, so that every input is a distinct report (its own sha256)
and none is skipped. For each configuration: a fresh dataset folder, the wall time of `gr.annotate_corpus` (model
loading included), sentences per second, and the peak resident memory of each worker (VmHWM of every process that
loads the model: the pool's workers, Ray's actors, or this process with one local worker), sampled from /proc.
Writes benchmarks/results/corpus-scale.json.
"""

from __future__ import annotations

import argparse
import json
import platform
import shutil
import tempfile
import threading
import time
from pathlib import Path

import govreport_nlp as gr
from govreport_nlp.reading.corpora import iter_reports

ROOT = Path(__file__).resolve().parent.parent


class PeakMemory(threading.Thread):
    """Polls /proc for the processes of a run (this one and those whose command line names a worker) and keeps the
    peak resident memory (VmHWM) of each."""

    MARKERS = ("multiprocessing.spawn", "ray::")

    def __init__(self, interval: float = 0.5):
        super().__init__(daemon=True)
        self.interval, self.peaks, self.stop = interval, {}, threading.Event()

    def _scan(self) -> None:
        import os

        for pid in os.listdir("/proc"):
            if not pid.isdigit():
                continue
            try:
                cmd = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
                if int(pid) != os.getpid() and not any(m in cmd for m in self.MARKERS):
                    continue
                for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                    if line.startswith("VmHWM:"):
                        kb = int(line.split()[1])
                        self.peaks[pid] = max(self.peaks.get(pid, 0), kb)
            except (OSError, ValueError):
                continue

    def run(self) -> None:
        while not self.stop.is_set():
            self._scan()
            time.sleep(self.interval)


def make_inputs(data: Path, folder: Path, repeat: int) -> tuple[int, int]:
    reports = list(iter_reports(data))
    for k in range(repeat):
        for r in reports:
            (folder / f"{r.id}--{k}.txt").write_text(r.text + f"\n\n（第{k + 1}份）\n", encoding="utf-8")
    return len(reports), len(reports) * repeat


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", default=str(ROOT.parent / "shared" / "data"))
    ap.add_argument("--repeat", type=int, default=5, help="copies of each report (60 reports x 5 = 300 inputs)")
    ap.add_argument("--configs", nargs="+", default=["local:1", "local:2", "ray:2"],
                    help="engine:workers, or engine:workers:int8 for the quantized BERT")
    ap.add_argument("--model", default=None)
    ap.add_argument("--agreement", action="store_true", help="also compare each configuration's labels with the "
                    "first one's (statement type, domain, entities per sentence)")
    ap.add_argument("--output", default=str(ROOT / "benchmarks" / "results" / "corpus-scale.json"))
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="corpus-scale-"))
    inputs = work / "inputs"
    inputs.mkdir()
    n_reports, n_inputs = make_inputs(Path(args.data), inputs, args.repeat)
    results, kept = [], {}
    for config in args.configs:
        engine, workers, *q = config.split(":")
        quantize = q == ["int8"]
        out = work / f"ds-{engine}-{workers}{'-int8' if quantize else ''}"
        sampler = PeakMemory()
        sampler.start()
        t = time.perf_counter()
        s = gr.annotate_corpus([inputs], out, workers=int(workers), engine=engine, model=args.model,
                               quantize=quantize, progress=False)
        wall = time.perf_counter() - t
        sampler.stop.set()
        sampler.join()
        me = str(__import__("os").getpid())
        workers_peak = [kb for pid, kb in sampler.peaks.items() if pid != me or int(workers) == 1 and engine == "local"]
        row = {"engine": engine, "workers": int(workers), "int8": quantize, "inputs": n_inputs, "done": s.done, "failed": s.failed,
               "sentences": s.sentences, "wall_s": round(wall, 1), "sentences_per_s": round(s.sentences / wall, 1),
               "peak_mb_per_worker": round(max(workers_peak) / 1024) if workers_peak else None}
        print(json.dumps(row), flush=True)
        results.append(row)
        if args.agreement:
            kept[config] = gr.open_dataset(out).sentences
        shutil.rmtree(out)
    shutil.rmtree(work)
    if args.agreement and len(kept) > 1:
        base_name, base = next(iter(kept.items()))
        for name, other in list(kept.items())[1:]:
            m = base.merge(other, on=["report_id", "sentence_index"], suffixes=("", "_b"))
            agree = {"against": base_name, "config": name, "sentences": len(m),
                     "stype": round(float((m.stype == m.stype_b).mean()), 4),
                     "domain": round(float((m.domain == m.domain_b).mean()), 4)}
            print(json.dumps(agree), flush=True)
            results.append(agree)
    Path(args.output).write_text(json.dumps({"machine": f"{platform.machine()}, {__import__('os').cpu_count()} cores",
                                             "reports": n_reports, "repeat": args.repeat, "runs": results},
                                            indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()

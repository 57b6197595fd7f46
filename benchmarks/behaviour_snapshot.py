"""Snapshot of what `govreport annotate` writes for every non-reserved report, to prove a refactoring changed nothing.

Writes each report of the data folder (the 60 non-reserved reports of ``govreport_nlp.reading.corpora.iter_reports``) and
the sample report to ``OUT/inputs/``, runs ``govreport annotate`` once over all of them and keeps its JSONL and
metric CSV in ``OUT/``. With ``--compare BEFORE`` it then compares the two snapshots byte by byte, after removing
version fields (``"version"``, ``"library_version"``, ``"model_version"`` keys), and exits 1 on any difference.

    python benchmarks/behaviour_snapshot.py -o work/snapshot-before            # on the old commit
    python benchmarks/behaviour_snapshot.py -o work/snapshot-after --compare work/snapshot-before
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
from pathlib import Path

from govreport_nlp.reading.corpora import iter_reports

ROOT = Path(__file__).resolve().parents[1]
VERSION_KEYS = re.compile(r'"(?:version|library_version|model_version)": "[^"]*"')


def write_inputs(data: Path, out: Path) -> list[Path]:
    inputs = out / "inputs"
    inputs.mkdir(parents=True, exist_ok=True)
    paths = [inputs / "hangzhou-2023.txt"]
    shutil.copyfile(ROOT / "corpus" / "hangzhou-2023.txt", paths[0])
    for r in iter_reports(data):
        p = inputs / f"{r.id}.txt"
        p.write_text(r.text, encoding="utf-8")
        paths.append(p)
    return paths


def snapshot(paths: list[Path], out: Path) -> None:
    cmd = shutil.which("govreport") or "govreport"
    subprocess.run([cmd, "annotate", *map(str, paths), "-o", str(out / "annotate.jsonl"),
                    "--metrics-csv", str(out / "metrics.csv")], check=True)


def compare(a: Path, b: Path) -> list[str]:
    diffs = []
    for name in ("annotate.jsonl", "metrics.csv"):
        la = VERSION_KEYS.sub('"version": ""', (a / name).read_text(encoding="utf-8")).splitlines()
        lb = VERSION_KEYS.sub('"version": ""', (b / name).read_text(encoding="utf-8")).splitlines()
        if len(la) != len(lb):
            diffs.append(f"{name}: {len(la)} lines before, {len(lb)} after")
        diffs += [f"{name}:{i + 1}: {x[:120]!r} -> {y[:120]!r}" for i, (x, y) in enumerate(zip(la, lb)) if x != y]
    return diffs


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--data", default=str(ROOT.parent / "shared" / "data"))
    p.add_argument("-o", "--out", required=True)
    p.add_argument("--compare", metavar="BEFORE", help="a snapshot to compare with")
    args = p.parse_args()
    out = Path(args.out)
    paths = write_inputs(Path(args.data), out)
    snapshot(paths, out)
    n = sum(1 for _ in (out / "annotate.jsonl").open(encoding="utf-8"))
    print(f"{len(paths)} reports, {n} sentences -> {out}")
    if args.compare:
        diffs = compare(Path(args.compare), out)
        for d in diffs[:50]:
            print(d)
        print(f"{len(diffs)} differing lines" if diffs else "identical (version fields aside)")
        return 1 if diffs else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())

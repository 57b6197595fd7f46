"""Handlers of the annotation commands of ``govreport`` (skeleton, validate, stats, convert)."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

from . import formats
from .manifest import load_manifest
from .schema import iter_records, records_from_report, write_jsonl


def _err(msg: str) -> int:
    print(f"govreport: error: {msg}", file=sys.stderr)
    return 1


def skeleton(args) -> int:
    from ..corpora import get_report
    from ..pipeline import read

    out = Path(args.output)
    for name in args.reports:
        if Path(name).exists():
            report = read(name)
        elif args.data:
            try:
                c = get_report(args.data, name)
            except KeyError as e:
                return _err(str(e.args[0]))
            report = read(c.text, report_id=c.id)
        else:
            return _err(f"{name}: no such file (pass --data DIR to name a report of a data folder)")
        n = write_jsonl(records_from_report(report), out / f"{report.id}.jsonl")
        print(f"govreport: {n} sentences -> {out / f'{report.id}.jsonl'}", file=sys.stderr)
    return 0


def validate(args) -> int:
    from .validate import validate_files

    problems, notes = validate_files(args.files, data_dir=args.data, complete=args.complete)
    for n in notes:
        print(f"note: {n}", file=sys.stderr)
    for p in problems:
        print(p)
    n = sum(1 for _ in iter_records(args.files))
    print(f"{len(args.files)} file(s), {n} sentences, {len(problems)} problem(s)", file=sys.stderr)
    return 1 if problems else 0


def stats(args) -> int:
    from .stats import format_stats

    levels = {}
    for folder in {Path(f).parent for f in args.files}:
        levels |= {e["report_id"]: e["level"] for e in load_manifest(folder).values()}
    print(format_stats(list(iter_records(args.files)), levels))
    return 0


def realign(args) -> int:
    from .manifest import read_source
    from .realign import realign as carry_over
    from .schema import read_jsonl

    for f in map(Path, args.files):
        entry = load_manifest(f.parent).get(f.name)
        if entry is None:
            return _err(f"{f}: not in a manifest.json beside it, so its source report is unknown")
        report = read_source(entry, data_dir=args.data)
        if report is None:
            return _err(f"{f}: source {entry['source']} not available (--data {args.data})")
        records, counts = carry_over(read_jsonl(f), report)
        out = Path(args.output) / f.name if args.output else f
        write_jsonl(records, out)
        changed = {k: v for k, v in counts.items() if k != "same"}
        print(f"govreport: {f.name}: {len(records)} sentences -> {out}"
              + ("".join(f"; {v} x {k}" for k, v in sorted(changed.items())) if changed else "; unchanged"),
              file=sys.stderr)
    return 0


def adjudicate(args) -> int:
    from .adjudicate import apply, load_decisions
    from .schema import read_jsonl

    decisions = load_decisions(args.decisions)
    total = 0
    for f in map(Path, args.files):
        records = read_jsonl(f)
        changes = apply(records, decisions)
        for line in changes:
            print(line)
        if changes:
            write_jsonl(records, f)
        total += len(changes)
    print(f"govreport: {total} change(s) in {len(args.files)} file(s)", file=sys.stderr)
    return 0


def convert(args) -> int:
    records, losses = [], Counter()
    for f in args.files:
        if not Path(f).exists():
            return _err(f"{f}: no such file")
        got, lost = formats.read(f, args.src_format or formats.guess_format(f))
        records += got
        losses += lost
    losses += formats.write(records, args.output, args.dst_format)
    print(f"govreport: {len(records)} sentences -> {args.output} ({args.dst_format})", file=sys.stderr)
    for what, n in sorted(losses.items()):
        print(f"govreport: lost or changed: {n} x {what}", file=sys.stderr)
    return 0

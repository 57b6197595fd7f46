"""``govreport skeleton``, ``validate``, ``realign``, ``adjudicate``, ``stats`` and ``convert``: the gold corpus."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

from ..annotations import formats
from ..annotations.formats import FORMATS
from ..annotations.manifest import load_manifest
from ..annotations.schema import iter_records, read_jsonl, records_from_report, write_jsonl
from ..errors import Errors, GovReportError
from .common import check_output_file


def add_skeleton(sub) -> None:
    sk = sub.add_parser("skeleton", help="write unlabelled annotation JSONL for reports (one file per report)")
    sk.add_argument("reports", nargs="+", metavar="REPORT",
                    help="a report file, or a report id of --data (e.g. national-2023)")
    sk.add_argument("--data", metavar="DIR", help="data folder for report ids (e.g. ../shared/data)")
    sk.add_argument("-o", "--output", metavar="DIR", required=True)
    sk.set_defaults(func=skeleton)


def skeleton(args) -> int:
    from ..reading import read
    from ..reading.corpora import locate

    out = Path(args.output)
    for name in args.reports:
        source, report_id = locate(name, args.data)
        report = read(source, report_id=report_id)
        n = write_jsonl(records_from_report(report), out / f"{report.id}.jsonl")
        print(f"govreport: {n} sentences -> {out / f'{report.id}.jsonl'}", file=sys.stderr)
    return 0


def add_validate(sub) -> None:
    va = sub.add_parser("validate", help="check annotation JSONL files against the label scheme and segmentation")
    va.add_argument("files", nargs="+", metavar="FILE")
    va.add_argument("--data", metavar="DIR", default="../shared/data",
                    help="data folder for the sources of shared-data reports (default: ../shared/data)")
    va.add_argument("--complete", action="store_true", help="also require every task annotated")
    va.set_defaults(func=validate)


def validate(args) -> int:
    from ..annotations.validate import validate_files

    problems, notes = validate_files(args.files, data_dir=args.data, complete=args.complete)
    for n in notes:
        print(f"note: {n}", file=sys.stderr)
    for p in problems:
        print(p)
    n = sum(1 for _ in iter_records(args.files))
    print(f"{len(args.files)} file(s), {n} sentences, {len(problems)} problem(s)", file=sys.stderr)
    return 1 if problems else 0


def add_realign(sub) -> None:
    ra = sub.add_parser("realign", help="carry annotations over to the current segmentation of their reports")
    ra.add_argument("files", nargs="+", metavar="FILE")
    ra.add_argument("--data", metavar="DIR", default="../shared/data", help="data folder (default: ../shared/data)")
    ra.add_argument("-o", "--output", metavar="DIR", help="write here instead of rewriting the files")
    ra.set_defaults(func=realign)


def realign(args) -> int:
    from ..annotations.manifest import read_source
    from ..annotations.realign import realign as carry_over

    for f in map(Path, args.files):
        entry = load_manifest(f.parent).get(f.name)
        if entry is None:
            raise GovReportError(Errors.E020, path=f)
        report = read_source(entry, data_dir=args.data)
        if report is None:
            raise GovReportError(Errors.E021, path=f, source=entry["source"], data=args.data)
        records, counts = carry_over(read_jsonl(f), report)
        out = Path(args.output) / f.name if args.output else f
        write_jsonl(records, out)
        changed = {k: v for k, v in counts.items() if k != "same"}
        print(f"govreport: {f.name}: {len(records)} sentences -> {out}"
              + ("".join(f"; {v} x {k}" for k, v in sorted(changed.items())) if changed else "; unchanged"),
              file=sys.stderr)
    return 0


def add_adjudicate(sub) -> None:
    ad = sub.add_parser("adjudicate", help="apply adjudication decisions (labels to set, spans to add or remove)")
    ad.add_argument("files", nargs="+", metavar="FILE")
    ad.add_argument("--decisions", required=True, metavar="JSON", help="e.g. annotations/agreement/adjudication.json")
    ad.set_defaults(func=adjudicate)


def adjudicate(args) -> int:
    from ..annotations.adjudicate import apply, load_decisions

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


def add_stats(sub) -> None:
    st = sub.add_parser("stats", help="label distributions per report, per part and per level")
    st.add_argument("files", nargs="+", metavar="FILE")
    st.set_defaults(func=stats)


def stats(args) -> int:
    from ..annotations.stats import format_stats

    levels = {}
    for folder in {Path(f).parent for f in args.files}:
        levels |= {e["report_id"]: e["level"] for e in load_manifest(folder).values()}
    print(format_stats(list(iter_records(args.files)), levels))
    return 0


def add_convert(sub) -> None:
    cv = sub.add_parser("convert", help="convert annotations between JSONL and other formats (losses are counted)")
    cv.add_argument("files", nargs="+", metavar="FILE")
    cv.add_argument("--from", dest="src_format", choices=FORMATS, help="input format (default: from the name)")
    cv.add_argument("--to", dest="dst_format", choices=FORMATS, required=True)
    cv.add_argument("-o", "--output", metavar="OUT", required=True, help="output file (or folder for hf)")
    cv.set_defaults(func=convert)


def convert(args) -> int:
    if args.dst_format != "hf":  # hf writes a folder; every other format one file
        check_output_file(args.output)
    records, losses = [], Counter()
    for f in args.files:
        if not Path(f).exists():
            raise GovReportError(Errors.E001, path=f)
        got, lost = formats.read(f, args.src_format or formats.guess_format(f))
        records += got
        losses += lost
    losses += formats.write(records, args.output, args.dst_format)
    print(f"govreport: {len(records)} sentences -> {args.output} ({args.dst_format})", file=sys.stderr)
    for what, n in sorted(losses.items()):
        print(f"govreport: lost or changed: {n} x {what}", file=sys.stderr)
    return 0

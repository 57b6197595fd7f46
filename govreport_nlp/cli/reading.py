"""``govreport segment`` and ``govreport outline``: the reading stages alone, no model."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from ..reading import read
from ..reading.words import SEGMENTERS
from .common import add_password_option, check_input_files, check_output_file


def add_segment(sub) -> None:
    seg = sub.add_parser(
        "segment",
        help="split reports into sentences and write JSONL",
        description="Write one JSON object per sentence: report, id, text, start/end (normalized "
        "offsets), raw_start/raw_end (offsets in the input), kind, part, heading_path, "
        "paragraph, section, and with --words the tokens.",
    )
    seg.add_argument("files", nargs="+", metavar="FILE", help=".txt, .pdf or .html report(s)")
    seg.add_argument("-o", "--output", metavar="OUT.jsonl", help="output file (default: standard output)")
    seg.add_argument("--words", action="store_true", help="add word tokens to every sentence")
    seg.add_argument("--segmenter", choices=SEGMENTERS, default="auto",
                     help="word segmenter for --words (default: auto = pkuseg model if present, else jieba)")
    seg.add_argument("--report-json", metavar="DIR",
                     help="also write each whole report (structure, glossary, dropped chrome) as DIR/<id>.json")
    add_password_option(seg)
    seg.set_defaults(func=segment)


def segment(args) -> int:
    from tqdm.auto import tqdm

    from ..outputs import atomic_output

    files = check_input_files(args.files)
    out_path = check_output_file(args.output) if args.output else None
    n = 0
    with atomic_output(out_path) as fh:
        for path in tqdm(files, desc="reports", unit="file", disable=len(files) < 2 or None):
            report = read(path, words=args.words, segmenter=args.segmenter, password=args.password)
            n += report.to_jsonl(fh)
            if args.report_json:
                d = Path(args.report_json)
                d.mkdir(parents=True, exist_ok=True)
                (d / f"{report.id}.json").write_text(json.dumps(report.to_dict(), ensure_ascii=False),
                                                     encoding="utf-8")
    if out_path is not None:
        print(f"govreport: {n} sentences from {len(files)} file(s) -> {out_path}", file=sys.stderr)
    return 0


def add_outline(sub) -> None:
    out = sub.add_parser("outline", help="print a report's title block, parts, sections and glossary")
    out.add_argument("file", metavar="FILE")
    add_password_option(out)
    out.set_defaults(func=outline)


def outline(args) -> int:
    (path,) = check_input_files([args.file])
    report = read(path, password=args.password)
    tb = report.title_block
    print(f"{report.id}: {len(report.text)} characters, {len(report.sentences)} sentences")
    for key in ("title", "subtitle", "date", "meeting", "speaker_role", "speaker"):
        if getattr(tb, key):
            print(f"  {key}: {getattr(tb, key)}")
    for sec in report.sections:
        if sec.kind == "item":
            continue
        n = len(report.sentences_in(sec))
        label = sec.heading_path[-1] if sec.heading_path else sec.kind
        print(f"{'  ' * sec.level}[{sec.part}] {label} ({n} sentences)")
    if report.glossary:
        print(f"  glossary: {len(report.glossary)} entries: " + "，".join(g.term for g in report.glossary[:8])
              + ("…" if len(report.glossary) > 8 else ""))
    if report.dropped:
        print(f"  dropped: {len(report.dropped)} lines of page chrome/furniture")
    return 0

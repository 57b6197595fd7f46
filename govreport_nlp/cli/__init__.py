"""The ``govreport`` command: one module per group of commands, each command's options beside its handler.

    govreport segment FILE... [-o OUT.jsonl] [--words]   one JSON object per sentence
    govreport outline FILE                               the report's hierarchy as an indented tree
    govreport pretrain --corpus DIR --out DIR            pretrain the compact Chinese BERT (resumable)
    govreport train-segmenter --corpus DIR --out DIR     train the pkuseg word segmenter
    govreport skeleton REPORT... -o DIR                  unlabelled annotation files, one per report
    govreport validate FILE...                           check annotation files (exit 1 on any problem)
    govreport realign FILE...                            carry annotations over to a new segmentation
    govreport adjudicate FILE... --decisions JSON        apply adjudication decisions
    govreport stats FILE...                              label distributions per report, part and level
    govreport convert FILE... --to FORMAT -o OUT         JSONL <-> spaCy/HF/Label Studio/doccano/CoNLL
    govreport train --base B --data FILE... --out DIR    fine-tune the annotator (stype, domain, entities)
    govreport train-tagger --data FILE... --out DIR      a new entity tagger (CRF) for an annotator, BERT kept
    govreport export-onnx MODEL                          the annotator's BERT for ONNX Runtime (fast start)
    govreport annotate FILE... -o OUT.jsonl [--metrics-csv F]  label every sentence with the shipped model
    govreport render FILE -o report.html [--format svg|png]  a visual report (or its charts alone)
    govreport pre-annotate FILE -o tasks.json [--format F]   the model's labels for a labelling tool, uncertain first
    govreport import EXPORT -o OUT.jsonl                 a labelling tool's export as validated gold records
    govreport finetune --from MODEL --data F... --out DIR  continue training an annotator on new gold data
    govreport track REPORT_Y REPORT_Y1 -o links.csv      were year Y's targets met? (--chart pair.png)
    govreport panel REPORT... -o panel.csv               targets and results of standard indicators by place and year
    govreport evaluate --model DIR --data FILE...        score a model on gold data
    govreport evaluate --cv SYSTEM --data FILE...        leave-one-report-out cross-validation

Every problem a user can cause prints one line, ``govreport: error: [Ennn] ...``, and exits with status 1 for bad
input (a missing file, a PDF without text) or 2 for bad usage (a setting out of range; argparse's own errors too);
nothing is written to ``-o`` unless every file succeeded.
"""

from __future__ import annotations

import argparse
import logging
import sys

from ..about import __version__
from ..errors import GovReportError
from . import adapt, annotate, gold, reading, train

#: the commands in the order ``govreport --help`` lists them
COMMANDS = (reading.add_segment, reading.add_outline, train.add_pretrain, train.add_train_segmenter,
            gold.add_skeleton, gold.add_validate, gold.add_realign, gold.add_adjudicate, gold.add_stats,
            gold.add_convert, train.add_train, train.add_train_tagger, train.add_export_onnx,
            annotate.add_annotate, annotate.add_render, adapt.add_pre_annotate,
            adapt.add_import, adapt.add_finetune, annotate.add_track, annotate.add_panel, train.add_evaluate)


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="govreport",
        description="Read, segment and annotate Chinese government work reports (政府工作报告): "
        "plain text (UTF-8, GB18030/GBK), PDF or HTML in; sentences with offsets, headings and parts, "
        "statement types, policy domains, entities and metric records out; adapt the annotator to new "
        "reports and track targets across years.",
        epilog="examples:\n"
        "  govreport segment corpus/hangzhou-2023.txt -o hangzhou.jsonl\n"
        "  govreport segment reports/*.txt --words -o all.jsonl\n"
        "  govreport outline corpus/hangzhou-2023.txt\n"
        "  govreport annotate corpus/hangzhou-2023.txt -o out.jsonl --metrics-csv metrics.csv\n"
        "  govreport render corpus/hangzhou-2023.txt -o hangzhou.html",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--version", action="version", version=f"govreport_nlp {__version__}")
    p.add_argument("-v", "--verbose", action="store_true", help="log what the readers detect (encodings, segmenter)")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")
    for add in COMMANDS:
        add(sub)
    return p


def main(argv: list[str] | None = None) -> int:
    p = parser()
    args = p.parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING,
                        format="govreport: %(message)s")
    if args.command is None:
        p.print_help()
        return 2
    try:
        return args.func(args)
    except GovReportError as exc:
        print(f"govreport: error: {exc}", file=sys.stderr)
        return exc.exit_status
    except KeyboardInterrupt:
        print("govreport: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0

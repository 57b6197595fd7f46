"""The ``govreport`` command.

    govreport segment FILE... [-o OUT.jsonl] [--words]   one JSON object per sentence
    govreport outline FILE                               the report's hierarchy as an indented tree
    govreport pretrain --corpus DIR --out DIR            pretrain the compact Chinese BERT (resumable)
    govreport train-segmenter --corpus DIR --out DIR     train the pkuseg word segmenter
    govreport skeleton REPORT... -o DIR                  unlabelled annotation files, one per report
    govreport validate FILE...                           check annotation files (exit 1 on any problem)
    govreport realign FILE...                            carry annotations over to a new segmentation
    govreport adjudicate FILE... --decisions JSON        apply adjudication decisions
    govreport stats FILE...                              label distributions per report, part and level
    govreport annotate FILE... -o OUT.jsonl [--metrics-csv F]  label every sentence with the shipped model
    govreport render FILE -o report.html [--format svg|png]  a visual report (or its charts alone)
    govreport pre-annotate FILE -o tasks.json [--format F]   the model's labels for a labelling tool, uncertain first
    govreport import EXPORT -o OUT.jsonl                 a labelling tool's export as validated gold records
    govreport finetune --from MODEL --data F... --out DIR  continue training an annotator on new gold data
    govreport track REPORT_Y REPORT_Y1 -o links.csv      were year Y's targets met? (--chart pair.png)
    govreport train --base B --data FILE... --out DIR    fine-tune the annotator (stype, domain, entities)
    govreport evaluate --model DIR --data FILE...        score a model on gold data
    govreport evaluate --cv SYSTEM --data FILE...        leave-one-report-out cross-validation
    govreport convert FILE... --to FORMAT -o OUT         JSONL <-> spaCy/HF/Label Studio/doccano/CoNLL

Problems with the input print one line, ``govreport: error: [Ennn] ...``, and
exit with status 1; nothing is written to ``-o`` unless every file succeeded.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import tempfile
from pathlib import Path

from tqdm.auto import tqdm

from . import __version__
from .errors import GovReportError
from .pipeline import read
from .words import SEGMENTERS

EXIT_INPUT_ERROR = 1


def _parser() -> argparse.ArgumentParser:
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

    out = sub.add_parser("outline", help="print a report's title block, parts, sections and glossary")
    out.add_argument("file", metavar="FILE")

    from .model.pretrain import PretrainConfig

    pre = sub.add_parser(
        "pretrain",
        help="pretrain the compact Chinese BERT (masked LM) on a data folder; resumable",
        description="Masked-language-model pretraining on the CPU. Checkpoints go to --work/checkpoint; "
        "running the same command again resumes. --max-minutes stops (with a checkpoint) after that long.",
    )
    _dataclass_options(pre, PretrainConfig)

    from .model.segmenter import SegmenterTrainConfig

    seg_train = sub.add_parser(
        "train-segmenter",
        help="train the pkuseg word-segmentation model on the cws/ training splits",
        description="Trains with spacy_pkuseg's own trainer on the training splits of CTB6, SXU, UD Chinese, "
        "Weibo Treebank and ZhuXian (full-width digits and letters folded), checked on CTB6 dev.",
    )
    _dataclass_options(seg_train, SegmenterTrainConfig)

    from .annotations.formats import FORMATS

    sk = sub.add_parser("skeleton", help="write unlabelled annotation JSONL for reports (one file per report)")
    sk.add_argument("reports", nargs="+", metavar="REPORT",
                    help="a report file, or a report id of --data (e.g. national-2023)")
    sk.add_argument("--data", metavar="DIR", help="data folder for report ids (e.g. ../shared/data)")
    sk.add_argument("-o", "--output", metavar="DIR", required=True)
    va = sub.add_parser("validate", help="check annotation JSONL files against the label scheme and segmentation")
    va.add_argument("files", nargs="+", metavar="FILE")
    va.add_argument("--data", metavar="DIR", default="../shared/data",
                    help="data folder for the sources of shared-data reports (default: ../shared/data)")
    va.add_argument("--complete", action="store_true", help="also require every task annotated")
    ra = sub.add_parser("realign", help="carry annotations over to the current segmentation of their reports")
    ra.add_argument("files", nargs="+", metavar="FILE")
    ra.add_argument("--data", metavar="DIR", default="../shared/data", help="data folder (default: ../shared/data)")
    ra.add_argument("-o", "--output", metavar="DIR", help="write here instead of rewriting the files")
    ad = sub.add_parser("adjudicate", help="apply adjudication decisions (labels to set, spans to add or remove)")
    ad.add_argument("files", nargs="+", metavar="FILE")
    ad.add_argument("--decisions", required=True, metavar="JSON", help="e.g. annotations/agreement/adjudication.json")
    st = sub.add_parser("stats", help="label distributions per report, per part and per level")
    st.add_argument("files", nargs="+", metavar="FILE")
    cv = sub.add_parser("convert", help="convert annotations between JSONL and other formats (losses are counted)")
    cv.add_argument("files", nargs="+", metavar="FILE")
    cv.add_argument("--from", dest="src_format", choices=FORMATS, help="input format (default: from the name)")
    cv.add_argument("--to", dest="dst_format", choices=FORMATS, required=True)
    cv.add_argument("-o", "--output", metavar="OUT", required=True, help="output file (or folder for hf)")
    from .model.finetune import TrainConfig

    tr = sub.add_parser("train", help="fine-tune the annotator BERT on gold annotation files",
                        description="Fine-tunes one BERT with three heads (statement type, CAP domain, BIO entities) "
                        "on gold JSONL records; a validation split drives early stopping.")
    tr.add_argument("--data", nargs="+", required=True, metavar="FILE", help="gold annotation JSONL files")
    _dataclass_options(tr, TrainConfig)
    an = sub.add_parser("annotate", help="label every sentence of reports: statement type, domain, entities, metrics")
    an.add_argument("files", nargs="+", metavar="FILE")
    an.add_argument("-o", "--output", metavar="OUT.jsonl", help="one JSON object per sentence (default: stdout)")
    an.add_argument("--metrics-csv", metavar="FILE.csv", help="also write every metric record as a CSV row")
    an.add_argument("--model", default=None, help="annotator model: a models/ name or a directory "
                    "(default: govreport-annotator)")
    an.add_argument("--batch-size", type=int, default=32)
    rd = sub.add_parser("render", help="one self-contained HTML page of an annotated report, or its charts")
    rd.add_argument("file", metavar="FILE", help="a report (.txt, .pdf, .html)")
    rd.add_argument("-o", "--output", required=True, metavar="OUT", help="report.html, or charts.svg / charts.png")
    rd.add_argument("--format", choices=("html", "svg", "png"), default=None,
                    help="html: the page; svg/png: the charts alone (default: from OUT's suffix, else html)")
    rd.add_argument("--model", default=None, help="annotator model (default: govreport-annotator)")
    rd.add_argument("--batch-size", type=int, default=32)
    from .adapt.preannotate import TASK_FORMATS
    from .annotations.formats import FORMATS

    pa = sub.add_parser("pre-annotate", help="the model's labels of a new report for a labelling tool, most "
                        "uncertain sentences first")
    pa.add_argument("file", metavar="FILE", help="a report (.txt, .pdf, .html)")
    pa.add_argument("-o", "--output", required=True, metavar="OUT", help="tasks.json (Label Studio) or .jsonl")
    pa.add_argument("--format", choices=TASK_FORMATS, default="label-studio")
    pa.add_argument("--top", type=int, default=0, help="only the N most uncertain sentences (default: all)")
    pa.add_argument("--model", default=None, help="annotator model (default: govreport-annotator)")
    pa.add_argument("--batch-size", type=int, default=32)
    im = sub.add_parser("import", help="a labelling tool's export as gold records (validated; nothing is "
                        "written if a label is wrong)")
    im.add_argument("export", metavar="EXPORT")
    im.add_argument("-o", "--output", required=True, metavar="OUT.jsonl")
    im.add_argument("--format", choices=FORMATS, default=None,
                    help="default: from the name (.json: label-studio; .jsonl: the project's records)")
    ft = sub.add_parser("finetune", help="continue training an annotator on new gold data (a new place's report)")
    ft.add_argument("--from", dest="init", default=None, metavar="MODEL",
                    help="the annotator to start from: a models/ name or directory (default: govreport-annotator)")
    ft.add_argument("--data", nargs="+", required=True, metavar="FILE", help="the new gold records (JSONL)")
    ft.add_argument("--replay", nargs="*", default=None, metavar="FILE",
                    help="gold records the model was trained on, mixed in so that it does not forget "
                         "(default: the project's annotations/*.jsonl; --replay with no file: none)")
    ft.add_argument("--replay-ratio", type=float, default=2.0, help="replayed sentences per new sentence")
    ft.add_argument("--new-weight", type=int, default=5, help="times each new sentence counts (docs/adaptation.md)")
    ft.add_argument("--linear-mix", type=float, default=0.75,
                    help="weight of the refitted linear models beside the BERT in the new annotator (0-1; "
                         "docs/adaptation.md; without replay the starting model's linear models and weight stay)")
    ft.add_argument("--out", required=True, metavar="DIR")
    ft.add_argument("--epochs", type=int, default=5)
    ft.add_argument("--lr", type=float, default=2e-4)
    ft.add_argument("--batch-size", type=int, default=16)
    ft.add_argument("--seed", type=int, default=42)
    ft.add_argument("--threads", type=int, default=0)
    ft.add_argument("--bf16", action="store_true")
    tk = sub.add_parser("track", help="link the targets of one year's report to the results in the next year's")
    tk.add_argument("report_y", metavar="REPORT_Y", help="the report that set the targets (year Y)")
    tk.add_argument("report_y1", metavar="REPORT_Y1", help="the next year's report of the same place")
    tk.add_argument("-o", "--output", required=True, metavar="LINKS", help="links.csv or links.parquet")
    tk.add_argument("--chart", metavar="FILE", help="also draw the targets and results (.png or .svg)")
    tk.add_argument("--threshold", type=float, default=None, help="least probability of a link (0-1; default: the "
                    "pair scorer's, 0.2: lower finds more results and more wrong ones)")
    tk.add_argument("--data", metavar="DIR", help="a data folder: REPORT_Y and REPORT_Y1 may then be report names "
                    "(national-2024, hailar-2017; as `govreport skeleton --data`)")
    tk.add_argument("--model", default=None, help="annotator model (default: govreport-annotator)")
    tk.add_argument("--batch-size", type=int, default=32)
    ev = sub.add_parser("evaluate", help="score a fine-tuned model, or cross-validate a system, on gold data",
                        description="With --model: predict every sentence of --data with that model and score it. "
                        "With --cv: leave-one-report-out cross-validation of a system (each report is predicted by "
                        "a system trained on the other reports only).")
    ev.add_argument("--data", nargs="+", required=True, metavar="FILE")
    ev.add_argument("--exclude", nargs="+", default=[], metavar="FILE",
                    help="leave out the sentences of these files (e.g. those a model was adapted on: the rest of "
                         "the report is scored)")
    how = ev.add_mutually_exclusive_group(required=True)
    how.add_argument("--model", metavar="DIR", help="a fine-tuned annotator directory")
    how.add_argument("--cv", choices=("rules", "linear", "bert", "bert-random"), help="system to cross-validate")
    ev.add_argument("--base", default="govbert-small", help="base checkpoint for --cv bert (default: govbert-small)")
    ev.add_argument("--context", default="part", choices=("none", "part", "part+heading"))
    ev.add_argument("--epochs", type=int, default=10)
    ev.add_argument("--val-fraction", type=float, default=0.0,
                    help="--cv bert: share of the training sentences for early stopping (default 0: train --epochs, "
                         "the recipe of docs/evaluation.md)")
    ev.add_argument("--linear-mix", type=float, default=TrainConfig.linear_mix,
                    help="--cv bert: weight of the linear models averaged into the BERT's probabilities "
                         f"(default {TrainConfig.linear_mix}, the shipped annotator's)")
    ev.add_argument("--gazetteer-data", default="../shared/data", help="data folder with the gazetteer (rules)")
    ev.add_argument("-o", "--output", metavar="FILE.json", help="also write the scores as JSON")
    return p


def _dataclass_options(parser: argparse.ArgumentParser, cls) -> None:
    """One --option per dataclass field, typed and with the field's default and help."""
    import dataclasses

    for f in dataclasses.fields(cls):
        default = f.default
        if isinstance(default, bool):
            parser.add_argument("--" + f.name.replace("_", "-"), dest=f.name, action=argparse.BooleanOptionalAction,
                                default=default, help=f"{f.metadata.get('help', '')} (default: {default})".strip())
            continue
        parser.add_argument("--" + f.name.replace("_", "-"), dest=f.name, type=type(default), default=default,
                            metavar=f.name.upper(), help=f"{f.metadata.get('help', '')} (default: {default})".strip())


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING,
                        format="govreport: %(message)s")
    if args.command is None:
        _parser().print_help()
        return 2
    try:
        if args.command == "segment":
            return _segment(args)
        if args.command == "pretrain":
            return _pretrain(args)
        if args.command == "train-segmenter":
            return _train_segmenter(args)
        if args.command in ("train", "evaluate", "annotate", "render", "track"):
            from .model import commands as model_commands

            return getattr(model_commands, args.command)(args)
        if args.command in ("pre-annotate", "import", "finetune"):
            from .adapt import commands as adapt_commands

            return {"pre-annotate": adapt_commands.pre_annotate, "import": adapt_commands.import_,
                    "finetune": adapt_commands.finetune}[args.command](args)
        if args.command in ("skeleton", "validate", "realign", "adjudicate", "stats", "convert"):
            from .annotations import commands

            return getattr(commands, args.command)(args)
        return _outline(args)
    except GovReportError as exc:
        print(f"govreport: error: {exc}", file=sys.stderr)
        return EXIT_INPUT_ERROR
    except KeyboardInterrupt:
        print("govreport: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


def _segment(args) -> int:
    files = args.files
    out_path = Path(args.output) if args.output else None
    if out_path is not None and out_path.is_dir():
        print(f"govreport: error: -o {out_path}: is a directory; give a file name", file=sys.stderr)
        return 2
    tmp = None
    if out_path is not None:
        out_path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".govreport-", suffix=".jsonl", dir=out_path.parent)
        fh = os.fdopen(fd, "w", encoding="utf-8")
    else:
        fh = sys.stdout
    ok = False
    try:
        n = 0
        for path in tqdm(files, desc="reports", unit="file", disable=len(files) < 2 or None):
            report = read(path, words=args.words, segmenter=args.segmenter)
            n += report.to_jsonl(fh)
            if args.report_json:
                d = Path(args.report_json)
                d.mkdir(parents=True, exist_ok=True)
                (d / f"{report.id}.json").write_text(json.dumps(report.to_dict(), ensure_ascii=False),
                                                     encoding="utf-8")
        ok = True
    finally:
        if out_path is not None:
            fh.close()
            if ok:
                os.replace(tmp, out_path)
            else:
                os.unlink(tmp)
    if out_path is not None:
        print(f"govreport: {n} sentences from {len(files)} file(s) -> {out_path}", file=sys.stderr)
    return 0


def _pretrain(args) -> int:
    import dataclasses

    from .model.pretrain import PretrainConfig, pretrain

    logging.getLogger("govreport_nlp").setLevel(logging.INFO)
    try:
        cfg = PretrainConfig(**{f.name: getattr(args, f.name) for f in dataclasses.fields(PretrainConfig)})
    except ValueError as exc:
        print(f"govreport: error: {exc}", file=sys.stderr)
        return EXIT_INPUT_ERROR
    for option, folder in (("--corpus", cfg.corpus), ("--init-from", cfg.init_from)):
        if folder and not Path(folder).is_dir():
            print(f"govreport: error: {option} {folder}: no such directory", file=sys.stderr)
            return EXIT_INPUT_ERROR
    try:
        result = pretrain(cfg)
    except ValueError as exc:  # e.g. --init-from a model with another vocabulary
        print(f"govreport: error: {exc}", file=sys.stderr)
        return EXIT_INPUT_ERROR
    print(json.dumps(result, ensure_ascii=False))
    return 0


def _train_segmenter(args) -> int:
    import dataclasses

    from .model.segmenter import SegmenterTrainConfig, train_pkuseg

    cfg = SegmenterTrainConfig(**{f.name: getattr(args, f.name) for f in dataclasses.fields(SegmenterTrainConfig)})
    if not (Path(cfg.corpus) / "cws").is_dir():
        print(f"govreport: error: --corpus {cfg.corpus}: no cws/ folder there", file=sys.stderr)
        return EXIT_INPUT_ERROR
    result = train_pkuseg(cfg.corpus, cfg.out, iters=cfg.iters, feature_trim=cfg.feature_trim, work=cfg.work)
    print(json.dumps(result, ensure_ascii=False, indent=1))
    return 0


def _outline(args) -> int:
    report = read(args.file)
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


if __name__ == "__main__":
    sys.exit(main())

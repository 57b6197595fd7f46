"""``govreport pre-annotate``, ``import`` and ``finetune``: adapting the annotator to a new place's reports."""

from __future__ import annotations

import logging
import sys
from collections import Counter
from pathlib import Path

from ..adapt.preannotate import TASK_FORMATS
from ..annotations import formats
from ..annotations.formats import FORMATS
from ..errors import Errors, GovReportError
from .common import add_model_options, add_password_option, annotator, check_input_files, gold_records


def add_pre_annotate(sub) -> None:
    pa = sub.add_parser("pre-annotate", help="the model's labels of a new report for a labelling tool, most "
                        "uncertain sentences first")
    pa.add_argument("file", metavar="FILE", help="a report (.txt, .pdf, .html)")
    pa.add_argument("-o", "--output", required=True, metavar="OUT", help="tasks.json (Label Studio) or .jsonl")
    pa.add_argument("--format", choices=TASK_FORMATS, default="label-studio")
    pa.add_argument("--top", type=int, default=0, help="only the N most uncertain sentences (default: all)")
    add_password_option(pa)
    add_model_options(pa)
    pa.set_defaults(func=pre_annotate)


def pre_annotate(args) -> int:
    from ..adapt.preannotate import preannotate, write_tasks

    from ..reading import read

    (path,) = check_input_files([args.file])
    report = read(path, password=args.password)  # before the model loads
    nlp = annotator(args)
    records, uncertainty = preannotate(report, nlp)
    if args.top:
        records, uncertainty = records[:args.top], uncertainty[:args.top]
    out = write_tasks(records, uncertainty, args.output, args.format, model_version=nlp.path.name)
    print(f"govreport: {len(records)} pre-annotated sentences, most uncertain first ({args.format}) -> {out}",
          file=sys.stderr)
    return 0


def add_import(sub) -> None:
    im = sub.add_parser("import", help="a labelling tool's export as gold records (validated; nothing is "
                        "written if a label is wrong)")
    im.add_argument("export", metavar="EXPORT")
    im.add_argument("-o", "--output", required=True, metavar="OUT.jsonl")
    im.add_argument("--format", choices=FORMATS, default=None,
                    help="default: from the name (.json: label-studio; .jsonl: the project's records)")
    im.set_defaults(func=import_)


def import_(args) -> int:
    from ..annotations.schema import write_jsonl
    from ..annotations.validate import validate_records

    src = Path(args.export)
    if not src.is_file():
        raise GovReportError(Errors.E001, path=src)
    fmt = args.format or formats.guess_format(src)
    records, losses = formats.read(src, fmt)
    labelled = [r for r in records if (r.stype, r.domain, r.entities) != (None, None, None)]
    if len(labelled) < len(records):
        losses["sentence without any label (not imported)"] += len(records) - len(labelled)
    problems = validate_records(labelled, str(src))
    for p in problems:
        print(p, file=sys.stderr)
    for what, n in sorted(losses.items()):
        print(f"govreport: {n} x {what}", file=sys.stderr)
    if problems:
        raise GovReportError(Errors.E014, path=src, n=len(problems), first=problems[0])
    if not labelled:
        raise GovReportError(Errors.E022, path=src, fmt=fmt)
    n = write_jsonl(labelled, args.output)
    tasks = Counter(t for r in labelled for t, v in (("stype", r.stype), ("domain", r.domain), ("entities", r.entities))
                    if v is not None)
    print(f"govreport: {n} sentences ({', '.join(f'{t} {k}' for t, k in sorted(tasks.items()))}) -> {args.output}",
          file=sys.stderr)
    return 0


def add_finetune(sub) -> None:
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
    ft.set_defaults(func=finetune)


def finetune(args) -> int:
    from ..model.finetune import TrainConfig, adapt, save
    from ..shipped import checkout_annotations, find_annotator

    logging.getLogger("govreport_nlp").setLevel(logging.INFO)
    init = find_annotator(args.init)
    cfg = TrainConfig(epochs=args.epochs, lr=args.lr, batch_size=args.batch_size, seed=args.seed,
                      threads=args.threads, bf16=args.bf16, val_fraction=0.0, out=args.out, linear_mix=args.linear_mix)
    records = gold_records(args.data)
    if args.replay is None:  # the project's gold corpus, where the library runs from a checkout
        folder = checkout_annotations()
        args.replay = sorted(folder.glob("*.jsonl")) if folder else []
    replay = gold_records(args.replay) if args.replay else []
    held = {r.report_id for r in records}
    replay = [r for r in replay if r.report_id not in held]  # the new report's own sentences are not replay
    tok, model, log, mix = adapt(records, init, cfg, replay=replay, replay_ratio=args.replay_ratio,
                                 new_weight=args.new_weight)
    log["data"], log["replay"] = [str(f) for f in args.data], [str(f) for f in args.replay or []]
    out = save(tok, model, log, args.out, mix)
    print(f"govreport: {len(records)} new + {log['replay_sentences']} replayed sentences, from {init} -> {out}",
          file=sys.stderr)
    return 0

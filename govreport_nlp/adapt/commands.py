"""Handlers of ``govreport pre-annotate``, ``govreport import`` and ``govreport finetune``."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

from ..annotations.commands import _err


def pre_annotate(args) -> int:
    from ..model.commands import annotator
    from .preannotate import preannotate, write_tasks

    nlp = annotator(args)
    if nlp is None:
        return 1
    records, uncertainty = preannotate(args.file, nlp)
    if args.top:
        records, uncertainty = records[:args.top], uncertainty[:args.top]
    out = write_tasks(records, uncertainty, args.output, args.format, model_version=nlp.path.name)
    print(f"govreport: {len(records)} pre-annotated sentences, most uncertain first ({args.format}) -> {out}",
          file=sys.stderr)
    return 0


def import_(args) -> int:
    from ..annotations import formats
    from ..annotations.schema import write_jsonl
    from ..annotations.validate import validate_records

    src = Path(args.export)
    if not src.is_file():
        return _err(f"{src}: no such file")
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
        return _err(f"{src}: {len(problems)} problem(s) in the export; nothing written to {args.output}")
    if not labelled:
        return _err(f"{src}: no labelled sentence in the export ({fmt}); nothing written")
    n = write_jsonl(labelled, args.output)
    tasks = Counter(t for r in labelled for t, v in (("stype", r.stype), ("domain", r.domain), ("entities", r.entities))
                    if v is not None)
    print(f"govreport: {n} sentences ({', '.join(f'{t} {k}' for t, k in sorted(tasks.items()))}) -> {args.output}",
          file=sys.stderr)
    return 0


def finetune(args) -> int:
    import logging

    from ..annotate import ModelNotFound, _resolve
    from ..model.commands import _records
    from ..model.finetune import TrainConfig, adapt, save

    logging.getLogger("govreport_nlp").setLevel(logging.INFO)
    try:
        init = _resolve(args.init)
        cfg = TrainConfig(epochs=args.epochs, lr=args.lr, batch_size=args.batch_size, seed=args.seed,
                          threads=args.threads, bf16=args.bf16, val_fraction=0.0, out=args.out,
                          linear_mix=args.linear_mix)
    except (ModelNotFound, ValueError) as exc:
        return _err(str(exc))
    records = _records(args.data)
    if args.replay is None:  # the project's gold corpus, where the library runs from a checkout
        from ..model.base import MODELS_DIR

        args.replay = sorted((MODELS_DIR.parent / "annotations").glob("*.jsonl"))
    replay = _records(args.replay) if args.replay else []
    held = {r.report_id for r in records}
    replay = [r for r in replay if r.report_id not in held]  # the new report's own sentences are not replay
    tok, model, log, mix = adapt(records, init, cfg, replay=replay, replay_ratio=args.replay_ratio,
                                 new_weight=args.new_weight)
    log["data"], log["replay"] = [str(f) for f in args.data], [str(f) for f in args.replay or []]
    out = save(tok, model, log, args.out, mix)
    print(f"govreport: {len(records)} new + {log['replay_sentences']} replayed sentences, from {init} -> {out}",
          file=sys.stderr)
    return 0

"""Handlers of ``govreport train`` and ``govreport evaluate``."""

from __future__ import annotations

import dataclasses
import json
import logging
import sys
from pathlib import Path

from ..annotations.schema import iter_records


def _records(files):
    from ..errors import Errors, GovReportError

    for f in files:
        if not Path(f).is_file():
            raise GovReportError(Errors.E001 if not Path(f).exists() else Errors.E002, path=f)
    return list(iter_records(files))


def train(args) -> int:
    from .finetune import TrainConfig, fit_linear_mix, save
    from .finetune import train as run

    logging.getLogger("govreport_nlp").setLevel(logging.INFO)
    try:
        cfg = TrainConfig(**{f.name: getattr(args, f.name) for f in dataclasses.fields(TrainConfig)})
    except ValueError as exc:  # a setting out of range: one line, not a traceback
        print(f"govreport: error: {exc}", file=sys.stderr)
        return 1
    records = _records(args.data)
    tok, model, log = run(records, cfg)
    log["data"] = [str(f) for f in args.data]
    out = save(tok, model, log, cfg.out, fit_linear_mix(records, cfg))
    print(f"govreport: {len(records)} sentences, best epoch {log.get('best_epoch')} -> {out}", file=sys.stderr)
    return 0


def evaluate(args) -> int:
    from ..evaluation.cv import leave_one_report_out, score
    from ..evaluation.report import full_report

    records = _records(args.data)
    if args.exclude:
        seen = {(r.report_id, r.sentence_id) for r in _records(args.exclude)}
        kept = [r for r in records if (r.report_id, r.sentence_id) not in seen]
        print(f"govreport: {len(records) - len(kept)} sentences of --exclude left out, {len(kept)} scored",
              file=sys.stderr)
        records = kept
        if not records:
            print("govreport: error: --exclude leaves no sentence to score", file=sys.stderr)
            return 1
    if args.model:
        from .finetune import to_predictions
        from .predict import load_annotator, predict_records

        model, tok, mix = load_annotator(args.model)
        result = {"system": args.model, "pooled": score(records, to_predictions(
            predict_records(model, tok, records, progress=True, linear_mix=mix)))}
        name = args.model
    else:
        make = _system_factory(args)
        res = leave_one_report_out(records, make)
        result = {"system": args.cv, "pooled": res["pooled"], "folds": res["folds"]}
        name = f"{args.cv} (leave-one-report-out)"
    print(full_report(name, result["pooled"]))
    if args.output:
        Path(args.output).write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


def _system_factory(args):
    if args.cv == "rules":
        from ..baselines import RuleSystem

        return lambda: RuleSystem(args.gazetteer_data)
    if args.cv == "linear":
        from ..baselines import LinearSystem

        return lambda: LinearSystem(context=args.context)
    from .finetune import BertSystem, TrainConfig

    cfg = TrainConfig(base=args.base, context=args.context, epochs=args.epochs, val_fraction=args.val_fraction,
                      pretrained=args.cv == "bert", linear_mix=args.linear_mix if args.cv == "bert" else 0.0)
    return lambda: BertSystem(cfg)


def annotator(args):
    """The annotator of ``--model`` (and ``--batch-size``), or ``None`` after saying why it cannot be loaded."""
    from ..annotate import ModelNotFound, load

    try:
        return load(args.model, batch_size=args.batch_size)
    except ModelNotFound as exc:
        print(f"govreport: error: {exc}", file=sys.stderr)
        return None


def annotate(args) -> int:
    import os
    import tempfile

    from tqdm.auto import tqdm

    from ..annotate import METRIC_COLUMNS, metric_table, write_table

    nlp = annotator(args)
    if nlp is None:
        return 1
    reports = []
    for f in tqdm(args.files, desc="reports", unit="file", disable=len(args.files) < 2 or None):
        reports.append(nlp(f, progress=len(args.files) == 1))
    if args.output:
        out = Path(args.output)
        out.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".govreport-", suffix=".jsonl", dir=out.parent)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            n = sum(r.to_jsonl(fh) for r in reports)
        os.replace(tmp, out)
        print(f"govreport: {n} sentences from {len(reports)} report(s) -> {out}", file=sys.stderr)
    else:
        for r in reports:
            r.to_jsonl(sys.stdout)
    if args.metrics_csv:
        rows = metric_table(reports)
        write_table(rows, args.metrics_csv, METRIC_COLUMNS)
        print(f"govreport: {len(rows)} metric records -> {args.metrics_csv}", file=sys.stderr)
    return 0


def render(args) -> int:
    from ..render import chart_bytes, render_html

    out = Path(args.output)
    fmt = args.format or (out.suffix[1:].lower() if out.suffix.lower() in (".svg", ".png") else "html")
    if out.is_dir():
        print(f"govreport: error: -o {out}: is a directory; give a file name", file=sys.stderr)
        return 2
    nlp = annotator(args)
    if nlp is None:
        return 1
    report = nlp(args.file, progress=True)
    out.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "html":
        out.write_text(render_html(report), encoding="utf-8")
    else:
        out.write_bytes(chart_bytes(report, fmt))
    n = sum(s.stype is not None for s in report.sentences)
    print(f"govreport: {report.id}: {n} sentences, {fmt} -> {out}", file=sys.stderr)
    return 0


def track(args) -> int:
    from ..annotate import write_table
    from ..track import LINK_COLUMNS, chart
    from ..track import track as run

    if args.threshold is not None and not 0 <= args.threshold <= 1:
        print(f"govreport: error: --threshold is a probability (0-1), not {args.threshold}", file=sys.stderr)
        return 2
    nlp = annotator(args)
    if nlp is None:
        return 1
    reports = []
    for name in (args.report_y, args.report_y1):
        if not Path(name).exists() and args.data:  # a report of a data folder, by name (national-2024)
            from ..corpora import get_report

            try:
                c = get_report(args.data, name)
            except KeyError as e:
                print(f"govreport: error: {e.args[0]}", file=sys.stderr)
                return 1
            reports.append(nlp(c.text, report_id=c.id))
        else:
            reports.append(nlp(name))
    ry, ry1 = reports
    links = run(ry, ry1, threshold=args.threshold)
    write_table([link.to_row() for link in links], args.output, LINK_COLUMNS)
    counts = {s: sum(link.status == s for link in links) for s in ("met", "missed", "unclear", "not_reported")}
    print(f"govreport: {len(links)} targets of {ry.id}: " + ", ".join(f"{n} {s.replace('_', ' ')}"
                                                                       for s, n in counts.items())
          + f" -> {args.output}", file=sys.stderr)
    if args.chart:
        chart(links, args.chart)
        print(f"govreport: chart -> {args.chart}", file=sys.stderr)
    return 0

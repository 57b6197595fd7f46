"""``govreport annotate``, ``render``, ``track`` and ``panel``: the shipped annotator on reports, and what is made of
it."""

from __future__ import annotations

import argparse
import sys

from ..errors import Errors, GovReportError
from .common import add_model_options, add_password_option, annotator, check_input_files, check_output_file


def add_annotate(sub) -> None:
    an = sub.add_parser("annotate", help="label every sentence of reports: statement type, domain, entities, metrics")
    an.add_argument("files", nargs="+", metavar="INPUT", help="report files; with --out also folders (searched "
                    "for .txt .pdf .html .htm) and glob patterns")
    an.add_argument("-o", "--output", metavar="OUT.jsonl", help="one JSON object per sentence (default: stdout)")
    an.add_argument("--metrics-csv", metavar="FILE.csv", help="also write every metric record as a CSV row")
    an.add_argument("--out", metavar="DIR", help="a dataset of Parquet tables (reports, sentences, entities, metrics, "
                    "errors) instead: resumable, a bad input is a row of errors and the run goes on (docs/scale.md)")
    an.add_argument("--workers", type=int, default=None, metavar="N", help="with --out: processes, each with its "
                    "model (default: all cores)")
    an.add_argument("--engine", choices=("local", "ray"), default="local", help="with --out: run here, or on a "
                    "Ray cluster (pip install -e \".[ray]\")")
    an.add_argument("--ray-address", metavar="ADDRESS", help="the Ray cluster (default: RAY_ADDRESS, else a local "
                    "Ray)")
    an.add_argument("--quantize", action=argparse.BooleanOptionalAction, default=None,
                    help="the int8 BERT (default: where the model has an int8 export, as the shipped one does: about "
                    "twice as fast on CPUs, within 0.1 point of float32 on every task across all 24 gold reports, "
                    "docs/scale.md); --no-quantize for float32")
    add_password_option(an)
    add_model_options(an)
    an.set_defaults(func=annotate)


def annotate(args) -> int:
    import json
    from contextlib import ExitStack, nullcontext

    from tqdm.auto import tqdm

    from ..outputs import METRIC_COLUMNS, TableWriter, atomic_output, metric_rows
    from ..reading import read
    from ..reading.metadata import report_meta

    if args.out:
        return annotate_dataset(args)
    if args.workers is not None or args.engine != "local" or args.ray_address:
        raise GovReportError(Errors.E030, reason="--workers, --engine and --ray-address go with --out DIR")
    out = check_output_file(args.output) if args.output else None
    files = check_input_files(args.files)
    first = [read(files[0], password=args.password)]  # the model loads only once the first input has been read
    nlp = annotator(args)

    def reports():  # one at a time
        yield first.pop()
        for f in files[1:]:
            yield read(f, password=args.password)

    n = 0
    with ExitStack() as stack:
        fh = stack.enter_context(atomic_output(out))
        table = stack.enter_context(TableWriter(args.metrics_csv, METRIC_COLUMNS) if args.metrics_csv
                                    else nullcontext())
        for report in tqdm(reports(), total=len(files), desc="reports", unit="file", disable=len(files) < 2 or None):
            meta = report_meta(report)
            # each sentence is written as soon as it is labelled, then its labels are let go: memory stays that of
            # the read report, however long it is
            for s in nlp.iter_annotated(report, progress=len(files) == 1):
                fh.write(json.dumps(report.sentence_record(s), ensure_ascii=False) + "\n")
                if table is not None:
                    table.write(metric_rows(report, s, meta))
                s.entities = s.metrics = s.domain_top3 = None
                n += 1
    if out is not None:
        print(f"govreport: {n} sentences from {len(files)} report(s) -> {out}", file=sys.stderr)
    if args.metrics_csv:
        print(f"govreport: {table.n} metric records -> {args.metrics_csv}", file=sys.stderr)
    return 0


def annotate_dataset(args) -> int:
    """``govreport annotate INPUT... --out DIR``: the exit status is the number of inputs that failed (at most
    125), 0 when every one was annotated or already there."""
    from ..corpus import annotate_corpus

    if args.output or args.metrics_csv:
        raise GovReportError(Errors.E030, reason="--out DIR writes a dataset; -o and --metrics-csv write files")
    summary = annotate_corpus(args.files, args.out, workers=args.workers, engine=args.engine, model=args.model,
                              batch_size=args.batch_size, quantize=args.quantize, password=args.password,
                              ray_address=args.ray_address)
    for path, code, message in summary.errors:
        print(f"govreport: {message}", file=sys.stderr)
    print(f"govreport: {summary.line()} -> {args.out}", file=sys.stderr)
    return min(summary.failed, 125)


def add_render(sub) -> None:
    rd = sub.add_parser("render", help="one self-contained HTML page of an annotated report, or its charts")
    rd.add_argument("file", metavar="FILE", help="a report (.txt, .pdf, .html)")
    rd.add_argument("-o", "--output", required=True, metavar="OUT", help="report.html, or charts.svg / charts.png")
    rd.add_argument("--format", choices=("html", "svg", "png"), default=None,
                    help="html: the page; svg/png: the charts alone (default: from OUT's suffix, else html)")
    add_password_option(rd)
    add_model_options(rd)
    rd.set_defaults(func=render)


def render(args) -> int:
    from ..render import chart_bytes, render_html

    from ..reading import read

    out = check_output_file(args.output)
    fmt = args.format or (out.suffix[1:].lower() if out.suffix.lower() in (".svg", ".png") else "html")
    (path,) = check_input_files([args.file])
    report = read(path, password=args.password)  # before the model loads
    nlp = annotator(args)
    report = nlp(report, progress=True)
    out.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "html":
        out.write_text(render_html(report), encoding="utf-8")
    else:
        out.write_bytes(chart_bytes(report, fmt))
    n = sum(s.stype is not None for s in report.sentences)
    print(f"govreport: {report.id}: {n} sentences, {fmt} -> {out}", file=sys.stderr)
    return 0


def add_track(sub) -> None:
    tk = sub.add_parser("track", help="link the targets of one year's report to the results in the next year's")
    tk.add_argument("report_y", metavar="REPORT_Y", help="the report that set the targets (year Y)")
    tk.add_argument("report_y1", metavar="REPORT_Y1", help="the next year's report of the same place")
    tk.add_argument("-o", "--output", required=True, metavar="LINKS", help="links.csv or links.parquet")
    tk.add_argument("--chart", metavar="FILE", help="also draw the targets and results (.png or .svg)")
    tk.add_argument("--threshold", type=float, default=None, help="least probability of a link (0-1; default: the "
                    "pair scorer's, 0.2: lower finds more results and more wrong ones)")
    tk.add_argument("--data", metavar="DIR", help="a data folder: REPORT_Y and REPORT_Y1 may then be report names "
                    "(national-2024, hailar-2017; as `govreport skeleton --data`)")
    add_model_options(tk)
    tk.set_defaults(func=track)


def track(args) -> int:
    from ..outputs import write_table
    from ..reading import read
    from ..reading.corpora import locate
    from ..render import track_chart
    from ..track import LINK_COLUMNS
    from ..track import track as run

    if args.threshold is not None and not 0 <= args.threshold <= 1:
        raise GovReportError(Errors.E032, value=args.threshold)
    sources = [locate(name, args.data) for name in (args.report_y, args.report_y1)]
    reports = [read(source, report_id=report_id) for source, report_id in sources]  # before the model loads
    nlp = annotator(args)
    ry, ry1 = (nlp(report) for report in reports)
    links = run(ry, ry1, threshold=args.threshold)
    write_table([link.to_row() for link in links], args.output, LINK_COLUMNS)
    counts = {s: sum(link.status == s for link in links) for s in ("met", "missed", "unclear", "not_reported")}
    print(f"govreport: {len(links)} targets of {ry.id}: " + ", ".join(f"{n} {s.replace('_', ' ')}"
                                                                       for s, n in counts.items())
          + f" -> {args.output}", file=sys.stderr)
    if args.chart:
        track_chart(links, args.chart)
        print(f"govreport: chart -> {args.chart}", file=sys.stderr)
    return 0


def add_panel(sub) -> None:
    pn = sub.add_parser("panel", help="targets and results of standard indicators, by place and year (a panel)")
    pn.add_argument("reports", nargs="+", metavar="REPORT", help="report files (or, with --data, report names)")
    pn.add_argument("-o", "--output", required=True, metavar="PANEL", help="panel.csv or panel.parquet")
    pn.add_argument("--chart", metavar="DIR", help="also draw target against result for each place and indicator "
                    "(one PNG each) in DIR")
    pn.add_argument("--indicators", metavar="FILE", help="an indicator list in the format of the shipped one "
                    "(docs/panel.md; default: the shipped list)")
    pn.add_argument("--data", metavar="DIR", help="a data folder: REPORT may then be a report name (national-2024)")
    add_password_option(pn)
    add_model_options(pn)
    pn.set_defaults(func=panel)


def panel(args) -> int:
    import warnings

    from ..panel import load_indicators, panel as build, panel_chart, write_panel
    from ..reading.corpora import locate

    out = check_output_file(args.output)
    if out.suffix.lower() not in (".csv", ".parquet"):
        raise GovReportError(Errors.E033, what="-o", choices="a .csv or .parquet file", value=str(out))
    indicators = load_indicators(args.indicators)  # a bad list is refused before any work
    sources = []
    for name in args.reports:  # every input checked before the model loads
        source, report_id = locate(name, args.data)
        sources.append(check_input_files([source])[0] if report_id is None else name)
    nlp = annotator(args)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        df = build(sources, nlp=nlp, data_dir=args.data, indicators=indicators, password=args.password)
    for w in caught:
        print(str(w.message), file=sys.stderr)
    write_panel(df, out)
    n_met = int((df.met == True).sum()) // 2  # noqa: E712 (a nullable column)
    n_pairs = int(df.met.notna().sum()) // 2
    print(f"govreport: {len(df)} rows ({(df.kind == 'target').sum()} targets, {(df.kind == 'result').sum()} results; "
          f"{n_met} of {n_pairs} targets with a result met) from {len(sources)} report(s); "
          f"{df.attrs['skipped']} figure(s) with an unreadable number skipped -> {out}", file=sys.stderr)
    if args.chart:
        paths = panel_chart(df, args.chart)
        print(f"govreport: {len(paths)} chart(s) -> {args.chart}", file=sys.stderr)
    return 0

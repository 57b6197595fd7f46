"""A panel of targets and results: for each place and year, the target set for each standard indicator and what
was achieved (docs/panel.md).

>>> import govreport_nlp as gr
>>> df = gr.panel(["national-2024", "national-2025"], data_dir="../shared/data")        # doctest: +SKIP
>>> df[df.indicator == "gdp_growth"][["year", "kind", "low", "high", "qualifier", "met"]]  # doctest: +SKIP
   year    kind  low  high qualifier   met
0  2024  target  5.0   5.0        左右  True
1  2024  result  5.0   5.0             True
2  2025  target  5.0   5.0        左右  None

The steps: :mod:`.indicators` names each metric record with a standard indicator; :mod:`.table` decides which
records are a year's target or result, reads their values and sets ``met``.
"""

from __future__ import annotations

import os
import warnings
from pathlib import Path

from ..errors import Errors, GovReportError
from .indicators import Indicator, IndicatorList, load_indicators
from .output import panel_chart, write_panel
from .table import COLUMNS, ReportInfo, finish, report_rows

__all__ = ["panel", "panel_rows", "panel_from_dataset", "panel_chart", "write_panel", "Indicator", "IndicatorList", "load_indicators",
           "COLUMNS", "ReportInfo"]


def _info(report, corpus=None) -> ReportInfo:
    from ..reading.metadata import level_of, report_meta

    meta = report_meta(report)
    place, year = meta.place, meta.year
    if corpus is not None:  # a report of a data folder: its collection says the year (and the level)
        year = year or corpus.year
        place = place or ("全国" if corpus.level == "national" else None)
    return ReportInfo(report.id, place, level_of(place) if place else None, year)


def panel_rows(reports, indicators: IndicatorList | None = None, infos=None) -> tuple[list[dict], dict]:
    """Rows of the panel (dicts with the keys :data:`COLUMNS`) from annotated reports, and a summary: ``skipped``
    (figures whose number cannot be read), ``unknown`` (ids of reports whose place or year was not found).
    ``reports`` may be a generator (each report is let go once read); ``infos``: a :class:`ReportInfo` per
    report where the reports do not say who and when themselves."""
    indicators = indicators or load_indicators()
    rows, skipped, unknown = [], 0, []
    for k, report in enumerate(reports):
        info = infos[k] if infos is not None else _info(report)
        if info.place is None or info.year is None:
            unknown.append(report.id)
        r, n = report_rows(info, report.sentences, indicators)
        rows += r
        skipped += n
    return finish(rows, indicators), {"skipped": skipped, "unknown": unknown}


def panel_from_dataset(ds, indicators: IndicatorList | None = None) -> tuple[list[dict], dict]:
    """Rows of the panel (and the summary of :func:`panel_rows`) from a corpus dataset (``gr.open_dataset(DIR)``,
    docs/scale.md): its sentences and metric records, with the place, level and year of its reports table; nothing
    is annotated again."""
    from types import SimpleNamespace

    from ..document import MetricRecord

    indicators = indicators or load_indicators()
    fields = ("text", "start", "end", "indicator", "value", "value_max", "unit", "kind", "direction", "qualifier",
              "statement")
    records: dict[tuple, list] = {}
    for row in ds.metrics.itertuples(index=False):
        d = row._asdict()
        rec = MetricRecord(**{f: (None if _missing(d[f]) else d[f]) for f in fields})
        records.setdefault((row.report_id, int(row.sentence_index)), []).append(rec)
    reports, infos = [], []
    for info in ds.reports.itertuples(index=False):
        sents = ds.sentences[ds.sentences.report_id == info.report_id].sort_values("sentence_index")
        sentences = [SimpleNamespace(id=int(s.sentence_index), text=s.text, part=s.part, stype=s.stype,
                                     stype_score=None if _missing(s.stype_score) else float(s.stype_score),
                                     paragraph=None if _missing(s.paragraph) else int(s.paragraph),
                                     metrics=records.get((info.report_id, int(s.sentence_index)), []))
                     for s in sents.itertuples(index=False)]
        reports.append(SimpleNamespace(id=info.report_id, sentences=sentences))
        infos.append(ReportInfo(info.report_id, None if _missing(info.place) else info.place,
                                None if _missing(info.level) else info.level,
                                None if _missing(info.year) else int(info.year)))
    return panel_rows(reports, indicators, infos)


def _missing(x) -> bool:
    try:
        import pandas as pd

        return x is None or bool(pd.isna(x))
    except (TypeError, ValueError):
        return False


def _resolve(source, data_dir):
    """(report or path, corpus report or None) for one source: a Report, a file, or a data folder's report id."""
    from ..document import Report

    if isinstance(source, Report):
        return source, None
    if not isinstance(source, (str, os.PathLike)):
        raise GovReportError(Errors.E011, what=type(source).__name__)
    if Path(source).exists() or data_dir is None:
        if not Path(source).exists():
            raise GovReportError(Errors.E019, name=source,
                                 hint=" (gr.panel reads files; pass data_dir=… to name a report of a data folder)")
        return Path(source), None
    from ..reading.corpora import get_report

    try:
        c = get_report(data_dir, str(source))
    except KeyError:
        raise GovReportError(Errors.E019, name=source, hint=f", nor a (non-reserved) report of {data_dir}") from None
    return c, c


def panel(sources, *, nlp=None, data_dir=None, indicators=None, password=None, progress: bool = True):
    """The panel of ``sources`` as a pandas DataFrame (columns :data:`COLUMNS`).

    ``sources``: annotated or plain :class:`~govreport_nlp.Report` objects, report files (str or Path), or, with
    ``data_dir``, ids of a data folder's reports (``national-2024``); or one corpus dataset, its folder or
    ``gr.open_dataset(DIR)`` (docs/scale.md: a whole annotated collection in one call, nothing annotated again).
    Reports that are not annotated yet are annotated with ``nlp`` (default: ``gr.load()``), one at a time.
    ``indicators``: a list from :func:`load_indicators` or the path of one (default: the shipped list).
    ``password``: of encrypted PDFs.

    A report whose place or year is not found gives rows with those fields empty and a warning; figures whose
    number cannot be read are skipped and counted in ``df.attrs["skipped"]``."""
    from ..corpus import Dataset, open_dataset
    from ..reading import read

    if not isinstance(indicators, IndicatorList):
        indicators = load_indicators(indicators)  # a bad list is refused before any work
    if isinstance(sources, (str, os.PathLike)) and (Path(sources) / "reports").is_dir():
        sources = open_dataset(sources)
    if isinstance(sources, Dataset):
        return _frame(*panel_from_dataset(sources, indicators))
    if isinstance(sources, (str, os.PathLike)) or not hasattr(sources, "__iter__"):
        sources = [sources]
    resolved = [_resolve(s, data_dir) for s in sources]  # every name checked before any work
    if not resolved:
        raise GovReportError(Errors.E043, what="gr.panel", hint=": no report given")
    infos: list[ReportInfo] = []

    def annotated():
        nonlocal nlp
        for item, corpus in _progress(resolved, progress):
            if corpus is not None:
                report = read(corpus.text, report_id=corpus.id)
            else:
                report = read(item, password=password) if isinstance(item, Path) else item
            if report.sentences and any(s.stype is None for s in report.sentences):
                if nlp is None:
                    from ..annotate import load

                    nlp = load()
                report = nlp(report)
            infos.append(_info(report, corpus))
            yield report

    return _frame(*panel_rows(annotated(), indicators, infos))


def _frame(rows: list[dict], summary: dict):
    import pandas as pd

    for rid in summary["unknown"]:
        warnings.warn(f"govreport: {rid}: place or year not found; its rows leave them empty", stacklevel=3)
    df = pd.DataFrame(rows, columns=list(COLUMNS)).astype({"year": "Int64", "met": "boolean", "sentence_index": "Int64"})
    df.attrs.update(summary)
    return df


def _progress(items, on: bool):
    if not on or len(items) < 2:
        return items
    from tqdm.auto import tqdm

    return tqdm(items, desc="panel", unit="report")

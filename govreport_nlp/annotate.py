"""The last stage: a fine-tuned annotator labels every sentence of a report.

>>> import govreport_nlp as gr
>>> nlp = gr.load()                                   # doctest: +SKIP
>>> report = nlp("corpus/hangzhou-2023.txt")          # doctest: +SKIP
>>> s = report.sentences[8]                           # doctest: +SKIP
>>> s.stype, s.domain, s.domain_top3, s.entities, s.metrics   # doctest: +SKIP

``nlp.pipe(sources, batch_size=…)`` streams reports; ``metric_table(reports)`` gives
the metric records of many reports as rows for CSV or pandas.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable, Iterator

from .annotations.schema import records_from_report
from .document import Report
from .pipeline import read
from .records import metric_records

#: the model ``gr.load()`` opens when none is named
DEFAULT_ANNOTATOR = "govreport-annotator"


class ModelNotFound(OSError):
    pass


def _resolve(model) -> Path:
    from .model.base import MODELS_DIR, local_models

    name = str(model or DEFAULT_ANNOTATOR)
    local = local_models(MODELS_DIR)
    if name in local:
        return local[name]
    if Path(name).is_dir() and (Path(name) / "config.json").is_file():
        return Path(name)
    listing = ", ".join(local) or "none"
    raise ModelNotFound(f"annotator model {name!r} not found: not a folder of models/ nor a model directory "
                        f"(local models: {listing}); train one with `govreport train`")


class Annotator:
    """Callable: ``annotator(path_or_text) -> Report`` with every sentence labelled."""

    def __init__(self, model=None, *, batch_size: int = 32, threads: int = 0, device: str = "cpu"):
        import torch

        from .model.predict import load_annotator

        path = _resolve(model)
        if threads:
            torch.set_num_threads(threads)
        self.path = path
        self.model, self.tokenizer, self.linear_mix = load_annotator(path)
        try:
            self.model.to(device)
        except (RuntimeError, AssertionError) as e:  # no such device, or torch built without it
            raise ValueError(f"cannot run the annotator on device {device!r}: {e}") from None
        self.batch_size = batch_size

    def __repr__(self) -> str:
        return f"<Annotator {self.path}>"

    def __call__(self, source, *, report_id: str | None = None, progress: bool = False) -> Report:
        report = source if isinstance(source, Report) else read(source, report_id=report_id)
        return self.annotate(report, progress=progress)

    def annotate(self, report: Report, progress: bool = False) -> Report:
        return self.annotate_many([report], progress=progress)[0]

    def annotate_many(self, reports: list[Report], progress: bool = False) -> list[Report]:
        """Label every sentence of several reports, batching the model across them."""
        from .model.predict import predict_records

        sents = [s for report in reports for s in report.sentences]
        records = [r for report in reports for r in records_from_report(report)]
        preds = predict_records(self.model, self.tokenizer, records, batch_size=self.batch_size, progress=progress,
                                linear_mix=self.linear_mix)
        for s, p in zip(sents, preds):
            s.stype, s.domain = p.stype, p.domain
            s.stype_score = p.stype_scores[p.stype]
            s.domain_top3 = p.domain_ranked[:3]
            s.entities = p.entities
            s.metrics = metric_records(s.text, p.entities, p.stype)
        _release_freed_memory()
        return reports

    def pipe(self, sources: Iterable, *, batch_size: int | None = None, progress: bool = False) -> Iterator[Report]:
        """Annotate many reports one after the other (each report is batched internally)."""
        from tqdm.auto import tqdm

        if batch_size:
            self.batch_size = batch_size
        for src in tqdm(sources, desc="reports", unit="report", disable=not progress):
            yield self(src)


def _release_freed_memory() -> None:
    """Hand freed heap memory back to the system (glibc only; elsewhere nothing happens).  Without it the
    process grew by ~30 MB per new report, memory glibc kept after each report's arrays were freed
    (docs/benchmarks.md)."""
    import ctypes
    import sys

    if sys.platform.startswith("linux"):
        try:
            ctypes.CDLL(None).malloc_trim(0)
        except (OSError, AttributeError):  # not glibc (musl has no malloc_trim)
            pass


def load(model=None, **kwargs) -> Annotator:
    """The annotator: ``models/govreport-annotator`` by default, or a model directory or ``models/`` name."""
    return Annotator(model, **kwargs)


METRIC_COLUMNS = ("report_id", "place", "level", "year", "refers_to_year", "sentence_id", "part", "statement",
                  "indicator", "value", "value_max", "unit", "kind", "direction", "qualifier", "text", "sentence")


def metric_table(reports: Iterable[Report]) -> list[dict]:
    """One row per metric record of annotated reports (columns: :data:`METRIC_COLUMNS`).  ``place``, ``level``
    and ``year`` are read off the report (:mod:`govreport_nlp.metadata`); ``refers_to_year`` is the year the
    figure is about: the report's year for a target, the year before for an achievement."""
    from .metadata import report_meta

    rows = []
    for report in reports:
        meta = report_meta(report)
        for s in report.sentences:
            for m in s.metrics or []:
                d = m.to_dict()
                refers = None if meta.year is None else {"target": meta.year, "achievement": meta.year - 1}.get(
                    m.statement)
                rows.append({"report_id": report.id, "place": meta.place, "level": meta.level, "year": meta.year,
                             "refers_to_year": refers, "sentence_id": s.id, "part": s.part, "sentence": s.text,
                             **{k: d[k] for k in METRIC_COLUMNS if k in d}})
    return rows


def write_table(rows: list[dict], path, columns) -> None:
    """Rows as CSV, or as Parquet when ``path`` ends with ``.parquet`` (pandas + pyarrow)."""
    import csv

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix.lower() == ".parquet":
        import pandas as pd

        pd.DataFrame(rows, columns=list(columns)).to_parquet(path, index=False)
        return
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(columns))
        w.writeheader()
        w.writerows(rows)

"""Whole collections: annotate thousands of reports into a dataset of Parquet tables, on all cores or on a Ray
cluster, and read it back (docs/scale.md).

>>> import govreport_nlp as gr
>>> summary = gr.annotate_corpus(["reports/"], "dataset/", workers=2)     # doctest: +SKIP
>>> tables = gr.open_dataset("dataset/")                                   # doctest: +SKIP
>>> tables.sentences.groupby("stype").size()                               # doctest: +SKIP
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import Errors, GovReportError
from .dataset import COLUMNS, TABLES, read_table
from .run import Summary, annotate_corpus, expand_inputs

__all__ = ["annotate_corpus", "open_dataset", "Dataset", "Summary", "TABLES", "COLUMNS", "expand_inputs"]


@dataclass
class Dataset:
    """The tables of a corpus dataset as pandas DataFrames."""

    path: Path
    reports: object
    sentences: object
    entities: object
    metrics: object
    errors: object

    def __repr__(self) -> str:
        return (f"<Dataset {self.path}: {len(self.reports)} reports, {len(self.sentences)} sentences, "
                f"{len(self.entities)} entities, {len(self.metrics)} metric records, {len(self.errors)} errors>")


def open_dataset(path) -> Dataset:
    """The dataset folder ``path`` (made by :func:`annotate_corpus` or ``govreport annotate --out``), every table
    read whole.  Rows of reports an interrupted run left without their ``reports`` row are not in it."""
    path = Path(path)
    if not path.is_dir():
        raise GovReportError(Errors.E018, option="dataset", path=path)
    tables = {t: read_table(path, t) for t in TABLES}
    ids = set(tables["reports"].report_id)
    for t in ("sentences", "entities", "metrics"):
        tables[t] = tables[t][tables[t].report_id.isin(ids)].reset_index(drop=True)
    return Dataset(path, **tables)

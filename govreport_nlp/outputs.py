"""Output writers used by every command: files that appear whole or not at all, tables as CSV or Parquet, and the
metric table of annotated reports."""

from __future__ import annotations

import os
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterable, Iterator

from .document import Report
from .reading.metadata import report_meta


@contextmanager
def atomic_output(path, suffix: str | None = None, newline: str | None = None) -> Iterator:
    """A text file handle whose content appears at ``path`` only when the block ends without an exception (a
    temporary file beside it is renamed); ``path=None`` gives standard output.  ``newline`` is :func:`open`'s."""
    if path is None:
        yield sys.stdout
        return
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".govreport-", suffix=suffix or path.suffix, dir=path.parent)
    try:
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp's file is private (0600); an output file gets the usual mode
        with os.fdopen(fd, "w", encoding="utf-8", newline=newline) as fh:
            yield fh
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise


def _umask() -> int:
    """The process's umask (read by setting it, then set back)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


METRIC_COLUMNS = ("report_id", "place", "level", "year", "refers_to_year", "sentence_id", "part", "statement",
                  "indicator", "value", "value_max", "unit", "kind", "direction", "qualifier", "text", "sentence")


def metric_table(reports: Iterable[Report]) -> list[dict]:
    """One row per metric record of annotated reports (columns: :data:`METRIC_COLUMNS`).  ``place``, ``level``
    and ``year`` are read off the report (:mod:`govreport_nlp.reading.metadata`); ``refers_to_year`` is the year the
    figure is about: the report's year for a target, the year before for an achievement."""
    rows = []
    for report in reports:
        meta = report_meta(report)
        for s in report.sentences:
            rows += metric_rows(report, s, meta)
    return rows


def metric_rows(report: Report, sentence, meta=None) -> list[dict]:
    """The rows of :func:`metric_table` for one annotated sentence of ``report`` (``meta``: the report's
    :func:`~govreport_nlp.reading.metadata.report_meta`, read again when not given)."""
    meta = meta or report_meta(report)
    rows = []
    for m in sentence.metrics or []:
        d = m.to_dict()
        refers = None if meta.year is None else {"target": meta.year, "achievement": meta.year - 1}.get(m.statement)
        rows.append({"report_id": report.id, "place": meta.place, "level": meta.level, "year": meta.year,
                     "refers_to_year": refers, "sentence_id": sentence.id, "part": sentence.part,
                     "sentence": sentence.text, **{k: d[k] for k in METRIC_COLUMNS if k in d}})
    return rows


class TableWriter:
    """Rows written as they come: a CSV file streams (each row written at once), a ``.parquet`` file is written
    whole at the end (pandas + pyarrow); either appears at ``path`` only when the block ends without an exception.

    >>> with TableWriter("out/metrics.csv", METRIC_COLUMNS) as table:     # doctest: +SKIP
    ...     table.write(rows)
    """

    def __init__(self, path, columns):
        self.path, self.columns, self.n = Path(path), list(columns), 0
        self._parquet = self.path.suffix.lower() == ".parquet"
        self._rows: list[dict] = []

    def __enter__(self) -> "TableWriter":
        import csv

        if not self._parquet:
            self._out = atomic_output(self.path, newline="")  # csv writes its own line ends
            self._writer = csv.DictWriter(self._out.__enter__(), fieldnames=self.columns)
            self._writer.writeheader()
        return self

    def write(self, rows: Iterable[dict]) -> None:
        rows = list(rows)
        self.n += len(rows)
        if self._parquet:
            self._rows += rows
        else:
            self._writer.writerows(rows)

    def __exit__(self, *exc) -> bool:
        if self._parquet:
            if exc[0] is None:
                import pandas as pd

                self.path.parent.mkdir(parents=True, exist_ok=True)
                pd.DataFrame(self._rows, columns=self.columns).to_parquet(self.path, index=False)
            return False
        return bool(self._out.__exit__(*exc))


def write_table(rows: list[dict], path, columns) -> None:
    """Rows as CSV, or as Parquet when ``path`` ends with ``.parquet`` (pandas + pyarrow): a :class:`TableWriter`
    given all the rows at once."""
    with TableWriter(path, columns) as table:
        table.write(rows)

"""The corpus dataset: a folder of Parquet tables, one sub-folder a table, one file a report.

    DIR/reports/<key>.parquet     one row: the report, its source, sha256, place, level, year, model version
    DIR/sentences/<key>.parquet   one row a sentence, with its labels and offsets
    DIR/entities/<key>.parquet    one row an entity
    DIR/metrics/<key>.parquet     one row a metric record
    DIR/errors/<key>.parquet      one row an input that could not be annotated

``<key>`` is the sha256 of the input file (of its path, for errors), so a report annotated again replaces its own
files and never adds rows twice. Each file is written under a hidden name and renamed into place (readers skip
hidden files), and a report's row in ``reports`` is written last: a report is in the dataset once that row exists.
``pandas.read_parquet(DIR / "sentences")`` and ``datasets.load_dataset("parquet", data_dir=DIR / "sentences")`` read
a table whole.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

TABLES = ("reports", "sentences", "entities", "metrics", "errors")
COLUMNS = {
    "reports": ("report_id", "source_path", "sha256", "place", "level", "year", "title", "sentences",
                "library_version", "model_version", "seconds"),
    "sentences": ("report_id", "sentence_index", "text", "part", "kind", "heading_path", "paragraph", "stype",
                  "stype_score", "domain", "domain_top3", "domain_top3_scores", "start", "end", "raw_start",
                  "raw_end"),
    "entities": ("report_id", "sentence_index", "start", "end", "label", "text", "score"),
    "metrics": ("report_id", "sentence_index", "place", "level", "year", "statement", "indicator", "value",
                "value_max", "unit", "kind", "direction", "qualifier", "text", "start", "end"),
    "errors": ("source_path", "sha256", "code", "message"),
}


def sha256_of(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def path_key(path) -> str:
    """The key of an input's error row: the sha256 of its absolute path."""
    return hashlib.sha256(str(Path(path).absolute()).encode("utf-8")).hexdigest()


def report_rows(report, meta, source_path: str, sha: str, model_version: str, seconds: float) -> dict[str, list]:
    """The rows of one annotated report in each table but ``errors``."""
    from ..about import __version__

    rid = report.id
    sentences, entities, metrics = [], [], []
    for s in report.sentences:
        top = s.domain_top3 or []
        sentences.append({"report_id": rid, "sentence_index": s.id, "text": s.text, "part": s.part, "kind": s.kind,
                          "heading_path": list(s.heading_path), "paragraph": s.paragraph, "stype": s.stype,
                          "stype_score": s.stype_score, "domain": s.domain,
                          "domain_top3": [d for d, _ in top], "domain_top3_scores": [float(p) for _, p in top],
                          "start": s.start, "end": s.end, "raw_start": s.raw_start, "raw_end": s.raw_end})
        for e in s.entities or []:
            # the CRF tagger gives no probability per span: the column is kept for taggers that do
            entities.append({"report_id": rid, "sentence_index": s.id, "start": e.start, "end": e.end,
                             "label": e.label, "text": e.text, "score": None})
        for m in s.metrics or []:
            metrics.append({"report_id": rid, "sentence_index": s.id, "place": meta.place, "level": meta.level,
                            "year": meta.year, "statement": m.statement, "indicator": m.indicator, "value": m.value,
                            "value_max": m.value_max, "unit": m.unit, "kind": m.kind, "direction": m.direction,
                            "qualifier": m.qualifier, "text": m.text, "start": m.start, "end": m.end})
    title = report.title_block.title
    reports = [{"report_id": rid, "source_path": source_path, "sha256": sha, "place": meta.place,
                "level": meta.level, "year": meta.year, "title": title, "sentences": len(report.sentences),
                "library_version": __version__, "model_version": model_version, "seconds": round(seconds, 3)}]
    return {"reports": reports, "sentences": sentences, "entities": entities, "metrics": metrics}


def _schema(table: str):
    import pyarrow as pa

    s, i, f = pa.string(), pa.int64(), pa.float64()
    types = {
        "reports": [s, s, s, s, s, i, s, i, s, s, f],
        "sentences": [s, i, s, s, s, pa.list_(s), i, s, f, s, pa.list_(s), pa.list_(f), i, i, i, i],
        "entities": [s, i, i, i, s, s, f],
        "metrics": [s, i, s, s, i, s, s, f, f, s, s, s, s, s, i, i],
        "errors": [s, s, s, s],
    }[table]
    return pa.schema(list(zip(COLUMNS[table], types)))


def write_table_file(out: Path, table: str, key: str, rows: list[dict]) -> None:
    """``rows`` as ``out/table/key.parquet``, written under a hidden name and renamed into place."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    folder = out / table
    folder.mkdir(parents=True, exist_ok=True)
    tmp = folder / f".{key}.{os.getpid()}.tmp"
    pq.write_table(pa.Table.from_pylist(rows, schema=_schema(table)), tmp)
    os.replace(tmp, folder / f"{key}.parquet")


def write_report(out: Path, key: str, tables: dict[str, list]) -> None:
    """Every table of one report, its ``reports`` row last; an error row of the same input is removed."""
    for table in ("sentences", "entities", "metrics", "reports"):
        write_table_file(out, table, key, tables[table])


def remove(out: Path, table: str, key: str) -> None:
    (out / table / f"{key}.parquet").unlink(missing_ok=True)


def clean_partial(out: Path) -> int:
    """Remove the hidden files an interrupted run left; returns how many."""
    n = 0
    for table in TABLES:
        for p in (out / table).glob(".*.tmp") if (out / table).is_dir() else ():
            p.unlink(missing_ok=True)
            n += 1
    return n


def read_table(out, table: str):
    """One table as a pandas DataFrame (empty, with its columns, when the table has no file yet)."""
    import pandas as pd

    folder = Path(out) / table
    if not folder.is_dir() or not any(folder.glob("*.parquet")):
        return pd.DataFrame({c: pd.Series(dtype=t) for c, t in zip(COLUMNS[table], _pandas_types(table))})
    return pd.read_parquet(folder, schema=_schema(table))


def _pandas_types(table: str) -> list[str]:
    import pyarrow as pa

    return ["Int64" if pa.types.is_integer(f.type) else "float64" if pa.types.is_floating(f.type) else "object"
            for f in _schema(table)]


def done(out: Path, model_version: str) -> dict[str, str]:
    """sha256 → report id of the reports already in the dataset with this model version."""
    df = read_table(out, "reports")
    df = df[df.model_version == model_version]
    return dict(zip(df.sha256, df.report_id))

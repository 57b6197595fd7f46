"""One task of a corpus run, the same on every engine: read one input, annotate it, write its tables."""

from __future__ import annotations

import time
from pathlib import Path

from ..errors import Errors, GovReportError
from . import dataset

_WORKER: dict = {}


def init_worker(model, batch_size: int, threads: int, quantize: bool | None = None) -> None:
    """Load the annotator once in this process (a worker of the pool, or an actor)."""
    from ..annotate import load

    _WORKER["nlp"] = load(model, batch_size=batch_size, threads=threads, quantize=quantize)


def annotate_one(path: str, report_id: str, sha: str, out: str, version: str, password=None) -> dict:
    """Read, annotate and write one input; returns ``{"status": "done"|"failed", ...}``.  Runs in a worker."""
    from ..reading import read
    from ..reading.metadata import report_meta

    t0 = time.perf_counter()
    out_p = Path(out)
    try:
        report = read(Path(path), report_id=report_id, password=password)
        report = _WORKER["nlp"](report)
    except Exception as exc:  # noqa: BLE001 (one input's failure must not stop a run of thousands)
        if not isinstance(exc, GovReportError):  # not the user's file but our code: say so, and go on
            exc = GovReportError(Errors.E046, path=path, reason=f"{type(exc).__name__}: {exc}")
        dataset.write_table_file(out_p, "errors", dataset.path_key(path),
                                 [{"source_path": path, "sha256": sha, "code": exc.code, "message": str(exc)}])
        return {"status": "failed", "path": path, "code": exc.code, "message": str(exc), "sentences": 0}
    seconds = time.perf_counter() - t0
    tables = dataset.report_rows(report, report_meta(report), path, sha, version, seconds)
    dataset.write_report(out_p, sha, tables)
    dataset.remove(out_p, "errors", dataset.path_key(path))
    return {"status": "done", "path": path, "report_id": report_id, "sentences": len(report.sentences)}

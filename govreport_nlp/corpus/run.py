"""Annotate a collection of reports into the corpus dataset (:mod:`.dataset`), on all cores or on a Ray cluster.

Each input is one task: read, annotate, write its tables (:func:`.dataset.write_report`). A task that fails on a
user's file (a :class:`~govreport_nlp.GovReportError`: empty, scanned, binary, not Chinese …) becomes a row of
``errors`` and the run goes on. Inputs already in the dataset (same sha256, same model version) are skipped, so a
run that was stopped, even by ``kill -9``, is completed by running it again.
"""

from __future__ import annotations

import glob as _glob
import os
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import Errors, GovReportError
from . import dataset
from .task import annotate_one, init_worker

#: the files a folder given as input contributes (searched recursively)
SUFFIXES = (".txt", ".pdf", ".html", ".htm")


@dataclass
class Summary:
    """What a run did: counts, and the errors by input."""

    done: int = 0
    failed: int = 0
    skipped: int = 0
    sentences: int = 0
    seconds: float = 0.0
    errors: list[tuple[str, str, str]] = field(default_factory=list)  # (source path, code, message)

    def line(self) -> str:
        rate = self.sentences / self.seconds if self.seconds else 0.0
        return (f"{self.done} report(s) annotated, {self.failed} failed, {self.skipped} skipped (already in the "
                f"dataset); {self.sentences} sentences in {self.seconds:.0f} s ({rate:.0f} sentences/s)")


def expand_inputs(inputs) -> tuple[list[Path], list[tuple[str, str, str]]]:
    """Files named, the report files of folders named (recursively), and the files of glob patterns, each once,
    in order; and an error row for each input that names nothing."""
    files: list[Path] = []
    missing: list[tuple[str, str, str]] = []
    for item in inputs:
        item = str(item)
        p = Path(item)
        if p.is_dir():
            found = sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in SUFFIXES)
        elif p.exists():
            found = [p]
        elif _glob.has_magic(item):
            found = sorted(Path(f) for f in _glob.glob(item, recursive=True) if Path(f).is_file())
        else:
            found = []
        if not found:
            err = GovReportError(Errors.E001, path=item)
            missing.append((item, err.code, str(err)))
        files += found
    seen, out = set(), []
    for f in files:
        key = f.resolve()
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out, missing


def model_version(annotator_path) -> str:
    """The model's identity in the dataset: a hash of its folder's file names, sizes and config."""
    import hashlib

    h = hashlib.sha256()
    root = Path(annotator_path)
    for f in sorted(root.rglob("*")):
        if f.is_file():
            h.update(f"{f.relative_to(root)}:{f.stat().st_size}".encode())
            if f.name.endswith(".json"):
                h.update(f.read_bytes())
    return f"{root.name}@{h.hexdigest()[:12]}"


# ---------------------------------------------------------------------------------------------------- the run

def plan(files: list[Path], out: Path, version: str) -> tuple[list[tuple[str, str, str]], int]:
    """The tasks (path, report id, sha256) not yet in the dataset, and how many inputs are skipped."""
    have = dataset.done(out, version)
    tasks, skipped, seen_sha = [], 0, set()
    stems: dict[str, int] = {}
    for f in files:
        stems[f.stem] = stems.get(f.stem, 0) + 1
    for f in files:
        try:
            sha = dataset.sha256_of(f)
        except OSError:
            sha = ""
        if sha and (sha in have or sha in seen_sha):
            skipped += 1
            continue
        seen_sha.add(sha)
        rid = f.stem if stems[f.stem] == 1 else f"{f.stem}-{sha[:8]}"  # two 2023.txt in two folders
        tasks.append((str(f), rid, sha))
    return tasks, skipped


def annotate_corpus(inputs, out, *, workers: int | None = None, engine: str = "local", model=None,
                    batch_size: int = 32, quantize: bool | None = None, password=None, ray_address: str | None = None,
                    progress: bool | None = None) -> Summary:
    """Annotate every report of ``inputs`` (files, folders, glob patterns) into the dataset folder ``out``.

    ``workers``: processes (default: all cores), each loading the model once; ``engine``: ``"local"`` or
    ``"ray"`` (``pip install -e ".[ray]"``; ``ray_address`` or ``RAY_ADDRESS`` names the cluster, else a local
    Ray starts); ``quantize``: the int8 BERT (default: where the model has an int8 export, as the shipped one does;
    docs/scale.md), ``False`` for float32. Returns a :class:`Summary`; nothing raises for a bad input file, which becomes a row of the
    ``errors`` table."""
    from ..shipped import find_annotator

    if engine not in ("local", "ray"):
        raise GovReportError(Errors.E033, what="engine", choices="local, ray", value=engine)
    workers = workers or os.cpu_count() or 1
    if workers < 1:
        raise GovReportError(Errors.E030, reason=f"workers must be at least 1, not {workers}")
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise GovReportError(Errors.E044, path=out)
    model_path = find_annotator(model)  # E016 before any work when the model does not exist
    if quantize is None:
        from ..model.predict import default_quantize

        quantize = default_quantize(model_path)
    version = model_version(model_path) + ("+int8" if quantize else "")
    files, missing = expand_inputs(inputs)
    out.mkdir(parents=True, exist_ok=True)
    dataset.clean_partial(out)
    summary = Summary()
    for path, code, message in missing:
        dataset.write_table_file(out, "errors", dataset.path_key(path),
                                 [{"source_path": path, "sha256": "", "code": code, "message": message}])
        summary.failed += 1
        summary.errors.append((path, code, message))
    tasks, summary.skipped = plan(files, out, version)
    t0 = time.perf_counter()
    if tasks:
        run = _run_ray if engine == "ray" else _run_local
        loader = (str(model_path), batch_size, quantize)
        for result in run(tasks, out, version, workers, loader, password, ray_address, _progress_on(progress)):
            if result["status"] == "done":
                summary.done += 1
                summary.sentences += result["sentences"]
            else:
                summary.failed += 1
                summary.errors.append((result["path"], result["code"], result["message"]))
    summary.seconds = time.perf_counter() - t0
    return summary


def _progress_on(progress: bool | None) -> bool:
    return sys.stderr.isatty() if progress is None else progress


class _Bar:
    """One progress bar over reports, with sentences per second and the time left."""

    def __init__(self, total: int, on: bool):
        from tqdm.auto import tqdm

        self.bar = tqdm(total=total, desc="reports", unit="report", disable=not on, dynamic_ncols=True)
        self.t0, self.sentences = time.perf_counter(), 0

    def update(self, result: dict) -> None:
        self.sentences += result["sentences"]
        rate = self.sentences / max(time.perf_counter() - self.t0, 1e-9)
        self.bar.set_postfix_str(f"{rate:.0f} sentences/s", refresh=False)
        self.bar.update(1)

    def close(self) -> None:
        self.bar.close()


def _threads(workers: int) -> int:
    return max(1, (os.cpu_count() or 1) // workers)


def _run_local(tasks, out, version, workers, loader, password, ray_address, progress):
    bar = _Bar(len(tasks), progress)
    try:
        if workers == 1 or len(tasks) == 1:
            init_worker(loader[0], loader[1], _threads(1), loader[2])
            for path, rid, sha in tasks:
                result = annotate_one(path, rid, sha, str(out), version, password)
                bar.update(result)
                yield result
            return
        import multiprocessing as mp
        from concurrent.futures import ProcessPoolExecutor, as_completed

        ctx = mp.get_context("spawn")  # a fresh interpreter: no torch threads inherited from this process
        with ProcessPoolExecutor(max_workers=min(workers, len(tasks)), mp_context=ctx, initializer=init_worker,
                                 initargs=(loader[0], loader[1], _threads(workers), loader[2])) as pool:
            futures = [pool.submit(annotate_one, path, rid, sha, str(out), version, password)
                       for path, rid, sha in tasks]
            for fut in as_completed(futures):
                result = fut.result()
                bar.update(result)
                yield result
    finally:
        bar.close()


def _run_ray(tasks, out, version, workers, loader, password, ray_address, progress):
    from .ray_engine import run

    bar = _Bar(len(tasks), progress)
    try:
        for result in run(tasks, out, version, workers, loader, password, ray_address):
            bar.update(result)
            yield result
    finally:
        bar.close()

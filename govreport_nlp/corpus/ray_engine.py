"""The same run on a Ray cluster, with Ray Data: the inputs as a dataset, annotated in an actor pool (one model per
actor), each actor writing its reports' tables as the local engine does (:func:`.run.annotate_one`).

The dataset folder must be one that every node of the cluster sees (a shared file system); ``RAY_ADDRESS`` or
``ray_address`` names the cluster, and without one a local Ray starts with ``workers`` CPUs. Ray is an optional
extra: ``pip install -e ".[ray]"``.
"""

from __future__ import annotations

import os

from ..errors import Errors, GovReportError

#: the fields of a task's result, the same for every row (Ray Data wants one schema)
RESULT_FIELDS = ("status", "path", "report_id", "sentences", "code", "message")


def run(tasks, out, version, workers, loader, password, ray_address):
    """Annotate ``tasks`` (path, report id, sha256) on Ray; yields each task's result as it comes.  ``loader``:
    (model folder, batch size, quantize), what each actor loads."""
    try:
        import ray
    except ImportError:
        raise GovReportError(Errors.E045) from None
    from .task import annotate_one, init_worker

    import logging

    address = ray_address or os.environ.get("RAY_ADDRESS")
    if not ray.is_initialized():
        kwargs = {"address": address} if address else {"num_cpus": workers}
        ray.init(include_dashboard=False, log_to_driver=False, configure_logging=False, **kwargs)
    logging.getLogger("ray.data").setLevel(logging.WARNING)  # the run has its own progress and summary
    ctx = ray.data.DataContext.get_current()
    ctx.enable_progress_bars = False  # the run has its own bar, over reports

    class Annotate:
        """One actor: the model loaded once, then one report a call."""

        def __init__(self):
            init_worker(loader[0], loader[1], 1, loader[2])

        def __call__(self, batch: dict) -> dict:
            rows = [annotate_one(str(p), str(r), str(s), str(out), version, password)
                    for p, r, s in zip(batch["path"], batch["report_id"], batch["sha256"])]
            return {k: [row.get(k) for row in rows] for k in RESULT_FIELDS}

    items = [{"path": p, "report_id": r, "sha256": s} for p, r, s in tasks]
    ds = ray.data.from_items(items, override_num_blocks=len(items))
    results = ds.map_batches(Annotate, batch_size=1, concurrency=min(workers, len(items)), num_cpus=1)
    for row in results.iter_rows():
        yield {k: row[k] for k in RESULT_FIELDS}

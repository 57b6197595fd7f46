"""``annotations/manifest.json``: where each annotated report comes from.

One entry per annotation file::

    {"file": "national-2023.jsonl", "report_id": "national-2023", "source": "data:national-2023",
     "level": "national", "year": 2023, "place": "中国", "sentences": 517,
     "annotator_pass": "first pass (LLM annotator, reviewed)", "guideline_version": "1.1"}

``source`` is a path relative to the repository (``corpus/hangzhou-2023.txt``) or
``data:<report id>`` for a report of the shared data folder (read with
:func:`govreport_nlp.reading.corpora.get_report`); it lets ``govreport validate`` check
that every annotated sentence is still what segmentation produces.
"""

from __future__ import annotations

import json
from pathlib import Path

from ..reading.metadata import LEVELS  # noqa: F401  (the manifest's levels)


def load_manifest(folder) -> dict[str, dict]:
    """Manifest entries of an annotation folder, by file name ({} if there is none)."""
    path = Path(folder) / "manifest.json"
    if not path.is_file():
        return {}
    return {e["file"]: e for e in json.loads(path.read_text(encoding="utf-8"))["reports"]}


def read_source(entry: dict, *, root=".", data_dir=None):
    """Segment the report a manifest entry names; ``None`` if its source is not available here."""
    from ..reading.corpora import get_report
    from ..reading import read

    src = entry["source"]
    if src.startswith("data:"):
        if data_dir is None or not Path(data_dir).is_dir():
            return None
        c = get_report(data_dir, src[5:])
        return read(c.text, report_id=entry["report_id"])
    path = Path(root) / src
    return read(path, report_id=entry["report_id"]) if path.is_file() else None

"""Converters between the project's JSONL records and other annotation formats.

Every converter returns what it made together with a :class:`collections.Counter`
of losses (``{"entity not aligned to tokens": 3}``): anything that could not be
carried over is counted, never dropped silently.

=================  ==========================================  =========================
format             module                                      notes
=================  ==========================================  =========================
spaCy ``DocBin``   :mod:`.docbin`                              one Doc per sentence; ``doc.ents``; span groups ``stype``/``domain``
HF ``Dataset``     :mod:`.hf`                                  ``ClassLabel`` features, character-level BIO tags
Label Studio JSON  :mod:`.labelstudio`                         tasks with annotations or predictions; labelling config
doccano JSONL      :mod:`.doccano`                             ``label`` spans + ``stype``/``domain`` metadata
Prodigy JSONL      :mod:`.prodigy`                             ``spans`` + ``stype``/``domain``; ``meta``; ``answer``
CoNLL BIO          :mod:`.conll`                               one character per line, sentence metadata in comments
=================  ==========================================  =========================
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from ...errors import Errors, GovReportError

FORMATS = ("jsonl", "spacy", "hf", "label-studio", "doccano", "prodigy", "conll")


def guess_format(path) -> str:
    p = Path(path)
    if p.is_dir():
        return "hf"
    suffix = "".join(p.suffixes[-1:]).lower()
    return {".spacy": "spacy", ".conll": "conll", ".bio": "conll", ".json": "label-studio"}.get(suffix, "jsonl")


def write_json(obj, path) -> None:
    """One JSON document (Label Studio's task list)."""
    Path(path).write_text(json.dumps(obj, ensure_ascii=False, indent=1), encoding="utf-8")


def write_json_lines(items, path) -> None:
    """One JSON object per line (doccano, Prodigy)."""
    Path(path).write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in items), encoding="utf-8")


def write(records, path, fmt: str):
    """Write records to ``path`` in ``fmt``; returns the losses."""
    from ..schema import write_jsonl

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "jsonl":
        write_jsonl(records, path)
        return Counter()
    if fmt == "spacy":
        from .docbin import to_docbin

        db, losses = to_docbin(records)
        db.to_disk(path)
    elif fmt == "hf":
        from .hf import to_dataset

        ds, losses = to_dataset(records)
        ds.save_to_disk(str(path))
    elif fmt == "label-studio":
        from .labelstudio import to_labelstudio

        tasks, losses = to_labelstudio(records)
        write_json(tasks, path)
    elif fmt == "doccano":
        from .doccano import to_doccano

        lines, losses = to_doccano(records)
        write_json_lines(lines, path)
    elif fmt == "prodigy":
        from .prodigy import to_prodigy

        lines, losses = to_prodigy(records)
        write_json_lines(lines, path)
    elif fmt == "conll":
        from .conll import to_conll

        text, losses = to_conll(records)
        path.write_text(text, encoding="utf-8")
    else:
        raise GovReportError(Errors.E015, path=path, fmt=fmt, choices=", ".join(FORMATS))
    return losses


def read(path, fmt: str):
    """``(records, losses)`` from ``path`` in ``fmt``."""
    from ..schema import read_jsonl

    if fmt == "jsonl":
        return read_jsonl(path), Counter()
    if fmt == "spacy":
        from .docbin import from_docbin as f
    elif fmt == "hf":
        from .hf import from_dataset as f
    elif fmt == "label-studio":
        from .labelstudio import from_labelstudio as f
    elif fmt == "doccano":
        from .doccano import from_doccano as f
    elif fmt == "prodigy":
        from .prodigy import from_prodigy as f
    elif fmt == "conll":
        from .conll import from_conll as f
    else:
        raise GovReportError(Errors.E015, path=path, fmt=fmt, choices=", ".join(FORMATS))
    return f(path)

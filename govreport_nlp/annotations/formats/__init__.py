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

#: the metadata every format carries alongside text and labels
META_KEYS = ("report_id", "sentence_id", "start", "end", "part", "kind", "heading_path")

FORMATS = ("jsonl", "spacy", "hf", "label-studio", "doccano", "prodigy", "conll")


def guess_format(path) -> str:
    from pathlib import Path

    p = Path(path)
    if p.is_dir():
        return "hf"
    suffix = "".join(p.suffixes[-1:]).lower()
    return {".spacy": "spacy", ".conll": "conll", ".bio": "conll", ".json": "label-studio"}.get(suffix, "jsonl")


def write(records, path, fmt: str):
    """Write records to ``path`` in ``fmt``; returns the losses."""
    import json
    from pathlib import Path

    from ..schema import write_jsonl

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "jsonl":
        write_jsonl(records, path)
        return __import__("collections").Counter()
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
        path.write_text(json.dumps(tasks, ensure_ascii=False, indent=1), encoding="utf-8")
    elif fmt == "doccano":
        from .doccano import to_doccano

        lines, losses = to_doccano(records)
        path.write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines), encoding="utf-8")
    elif fmt == "prodigy":
        from .prodigy import to_prodigy

        lines, losses = to_prodigy(records)
        path.write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines), encoding="utf-8")
    elif fmt == "conll":
        from .conll import to_conll

        text, losses = to_conll(records)
        path.write_text(text, encoding="utf-8")
    else:
        raise ValueError(fmt)
    return losses


def read(path, fmt: str):
    """``(records, losses)`` from ``path`` in ``fmt``."""
    from collections import Counter

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
        raise ValueError(fmt)
    return f(path)

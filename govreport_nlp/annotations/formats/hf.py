"""Hugging Face ``datasets.Dataset``: one row per sentence, character-level BIO tags.

Features: ``text``, ``chars`` (the sentence's characters), ``ner_tags``
(``Sequence(ClassLabel(BIO_TAGS))``), ``stype`` and ``domain`` (``ClassLabel`` with
the spec's label sets; ``-1`` = not annotated), ``entities_annotated`` and the
record's metadata.  Character tags align with every entity, so nothing is lost.
"""

from __future__ import annotations

from collections import Counter

from ...spec import DOMAINS, STYPES
from ..bio import BIO_TAGS, bio_to_spans, spans_to_bio
from ...document import Entity
from ..schema import Record


def features():
    from datasets import ClassLabel, Features, Sequence, Value

    return Features({
        "report_id": Value("string"), "sentence_id": Value("int32"), "text": Value("string"),
        "start": Value("int64"), "end": Value("int64"), "part": Value("string"), "kind": Value("string"),
        "heading_path": Sequence(Value("string")),
        "chars": Sequence(Value("string")), "ner_tags": Sequence(ClassLabel(names=list(BIO_TAGS))),
        "entities_annotated": Value("bool"),
        "stype": ClassLabel(names=list(STYPES)), "domain": ClassLabel(names=list(DOMAINS)),
    })


def to_dataset(records):
    """``(Dataset, losses)``."""
    from datasets import Dataset

    rows = {k: [] for k in features()}
    for r in records:
        for k in ("report_id", "sentence_id", "text", "start", "end", "part", "kind"):
            rows[k].append(getattr(r, k))
        rows["heading_path"].append(list(r.heading_path))
        rows["chars"].append(list(r.text))
        rows["ner_tags"].append([BIO_TAGS.index(t) for t in spans_to_bio(len(r.text), r.entities or [])])
        rows["entities_annotated"].append(r.entities is not None)
        rows["stype"].append(STYPES.index(r.stype) if r.stype is not None else -1)
        rows["domain"].append(DOMAINS.index(r.domain) if r.domain is not None else -1)
    return Dataset.from_dict(rows, features=features()), Counter()


def from_dataset(ds):
    """``(records, losses)`` from a ``Dataset`` made by :func:`to_dataset` (or a ``save_to_disk`` folder)."""
    from pathlib import Path

    if isinstance(ds, (str, Path)):
        from datasets import load_from_disk

        ds = load_from_disk(str(ds))
    out = []
    for row in ds:
        ents = None
        if row["entities_annotated"]:
            tags = [BIO_TAGS[i] for i in row["ner_tags"]]
            ents = [Entity(s, e, lab, row["text"][s:e]) for s, e, lab in bio_to_spans(tags)]
        out.append(Record(
            report_id=row["report_id"], sentence_id=row["sentence_id"], text=row["text"], start=row["start"],
            end=row["end"], part=row["part"], kind=row["kind"], heading_path=list(row["heading_path"]),
            stype=STYPES[row["stype"]] if row["stype"] >= 0 else None,
            domain=DOMAINS[row["domain"]] if row["domain"] >= 0 else None, entities=ents))
    return out, Counter()

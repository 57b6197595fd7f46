"""Character-level BIO tags ↔ entity spans (one tag per character of the sentence)."""

from __future__ import annotations

from ..spec import ENTITY_LABELS

#: tag names in a fixed order: O, then B-/I- for each label of the spec
BIO_TAGS: tuple[str, ...] = ("O",) + tuple(f"{p}-{lab}" for lab in ENTITY_LABELS for p in ("B", "I"))


def spans_to_bio(length: int, spans) -> list[str]:
    """``spans``: objects with ``start``, ``end``, ``label`` (non-overlapping)."""
    tags = ["O"] * length
    for e in spans:
        tags[e.start] = f"B-{e.label}"
        for i in range(e.start + 1, e.end):
            tags[i] = f"I-{e.label}"
    return tags


def bio_to_spans(tags) -> list[tuple[int, int, str]]:
    """``[(start, end, label)]``; an ``I-`` without a matching ``B-`` opens a span (as seqeval does)."""
    out, start, label = [], None, None
    for i, t in enumerate(list(tags) + ["O"]):
        if t == "O" or t.startswith("B-") or (t.startswith("I-") and t[2:] != label):
            if start is not None:
                out.append((start, i, label))
            start, label = (i, t[2:]) if t != "O" else (None, None)
    return out

"""doccano JSONL (sequence labelling projects): ``{"text", "label": [[start, end, LABEL], ...]}``.

doccano keeps extra keys as metadata, so the sentence labels travel as ``stype``
and ``domain`` keys beside the record's metadata.  On import, a line without a
``label`` key has no entity annotation.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from ...document import Entity
from ..schema import META_KEYS, Record


def to_doccano(records):
    """``(lines, losses)``: one dict per sentence, write one JSON object per line."""
    lines = []
    for r in records:
        d = {"text": r.text}
        if r.entities is not None:
            d["label"] = [[e.start, e.end, e.label] for e in r.entities]
        d |= {"stype": r.stype, "domain": r.domain} | {k: getattr(r, k) for k in META_KEYS}
        lines.append(d)
    return lines, Counter()


def from_doccano(lines):
    """``(records, losses)`` from dicts or a path to a doccano JSONL export.

    Accepts doccano's two span shapes: ``label: [[s, e, L]]`` and ``entities: [{start_offset, end_offset, label}]``.
    """
    if isinstance(lines, (str, Path)):
        lines = [json.loads(x) for x in Path(lines).read_text(encoding="utf-8").splitlines() if x.strip()]
    losses: Counter = Counter()
    out = []
    for d in lines:
        text = d["text"]
        spans = None
        if isinstance(d.get("label"), list):
            spans = []
            for x in d["label"]:
                if isinstance(x, (list, tuple)) and len(x) == 3:
                    spans.append(tuple(x))
                else:
                    losses["label that is not a span (ignored)"] += 1
        elif isinstance(d.get("entities"), list):
            spans = [(x["start_offset"], x["end_offset"], x["label"]) for x in d["entities"]]
        ents = None
        if spans is not None:
            ents = []
            for s, e, lab in sorted(spans):
                if not (0 <= s < e <= len(text)):
                    losses["span outside the text (dropped)"] += 1
                    continue
                ents.append(Entity(s, e, lab, text[s:e]))
        out.append(Record(
            report_id=d.get("report_id", ""), sentence_id=d.get("sentence_id", d.get("id", 0)), text=text,
            start=d.get("start", 0), end=d.get("end", len(text)), part=d.get("part", ""), kind=d.get("kind", "text"),
            heading_path=list(d.get("heading_path") or []), stype=d.get("stype"), domain=d.get("domain"),
            entities=ents))
    return out, losses

"""Prodigy-style JSONL: ``{"text", "spans": [{"start", "end", "label"}], "meta": {...}, "answer"}``.

The sentence labels travel as top-level ``stype`` and ``domain`` keys, the record's metadata in ``meta``
(Prodigy shows it under the task).  On import, only tasks answered ``accept`` (or with no ``answer``: not
from a Prodigy session) are records; ``reject`` and ``ignore`` are counted and skipped.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from ...document import Entity
from ..schema import META_KEYS, Record


def to_prodigy(records, scores=None):
    """``(lines, losses)``: one dict per sentence (``scores``: a per-sentence number kept in ``meta.score``)."""
    lines = []
    for i, r in enumerate(records):
        meta = {k: getattr(r, k) for k in META_KEYS}
        if scores is not None:
            meta["score"] = round(float(scores[i]), 4)
        d = {"text": r.text, "meta": meta, "stype": r.stype, "domain": r.domain}
        if r.entities is not None:
            d["spans"] = [{"start": e.start, "end": e.end, "label": e.label} for e in r.entities]
        lines.append(d)
    return lines, Counter()


def from_prodigy(lines):
    """``(records, losses)`` from dicts or a path to a Prodigy-style JSONL file (e.g. ``prodigy db-out``)."""
    if isinstance(lines, (str, Path)):
        lines = [json.loads(x) for x in Path(lines).read_text(encoding="utf-8").splitlines() if x.strip()]
    losses: Counter = Counter()
    out = []
    for d in lines:
        answer = d.get("answer", "accept")
        if answer != "accept":
            losses[f"task answered {answer!r} (skipped)"] += 1
            continue
        text, meta = d["text"], d.get("meta") or {}
        ents = None
        if isinstance(d.get("spans"), list):
            ents = []
            for sp in sorted(d["spans"], key=lambda x: (x.get("start", -1), x.get("end", -1))):
                s, e, lab = sp.get("start"), sp.get("end"), sp.get("label")
                if not (isinstance(s, int) and isinstance(e, int) and 0 <= s < e <= len(text)) or not lab:
                    losses["span with bad offsets or no label (dropped)"] += 1
                    continue
                ents.append(Entity(s, e, lab, text[s:e]))
        out.append(Record(
            report_id=meta.get("report_id", ""), sentence_id=meta.get("sentence_id", 0), text=text,
            start=meta.get("start", 0), end=meta.get("end", len(text)), part=meta.get("part", ""),
            kind=meta.get("kind", "text"), heading_path=list(meta.get("heading_path") or []),
            stype=d.get("stype"), domain=d.get("domain"), entities=ents))
    return out, losses

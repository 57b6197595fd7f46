"""Apply adjudication decisions to gold records: ``govreport adjudicate FILE... --decisions adjudication.json``.

The decisions file (``annotations/agreement/adjudication.json``) lists, per sentence
(``"<report_id>#<sentence_id>"``), labels to ``set``, entity surfaces to ``remove`` and
to ``add`` (``[surface, LABEL]`` or ``[surface, LABEL, k]`` for the k-th occurrence only,
placed like :mod:`.mentions`), with a ``reason``;
``rules`` apply a regular expression to every sentence (a span is added where it
overlaps no entity).  Applying the same decisions twice changes nothing.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from ..document import Entity
from .schema import Record, entities_from_mentions


def apply(records: list[Record], decisions: dict) -> list[str]:
    """Change ``records`` in place; returns one line per change made."""
    by = {f"{r.report_id}#{r.sentence_id}": r for r in records}
    log = []
    for d in decisions.get("decisions", []):
        r = by.get(d["id"])
        if r is None:
            continue
        for key, value in d.get("set", {}).items():
            if getattr(r, key) != value:
                log.append(f"{d['id']}: {key} {getattr(r, key)} -> {value}")
                setattr(r, key, value)
        for surface, label, *k in d.get("remove", []):
            # [surface, LABEL] removes every such entity; [surface, LABEL, k] the one at the k-th occurrence
            # of the surface in the sentence text
            starts = [i for i in range(len(r.text)) if r.text.startswith(surface, i)]
            at = {starts[k[0]]} if k and k[0] < len(starts) else None
            kept = [e for e in r.entities or []
                    if not (e.text == surface and e.label == label and (at is None or e.start in at))]
            if r.entities is not None and len(kept) != len(r.entities):
                log.append(f"{d['id']}: removed {label} {surface}" + (f" (occurrence {k[0]})" if k else ""))
                r.entities = kept
        if d.get("add"):
            new, _ = entities_from_mentions(r.text, [tuple(m) for m in d["add"]])
            for e in new:
                if r.entities is None:
                    r.entities = []
                if not any(e.start < x.end and x.start < e.end for x in r.entities):
                    r.entities.append(e)
                    log.append(f"{d['id']}: added {e.label} {e.text}")
            r.entities.sort(key=lambda e: e.start)
    for rule in decisions.get("rules", []):
        pattern = re.compile(rule["pattern"])
        for r in records:
            for m in pattern.finditer(r.text):
                if r.entities is None or any(e.start < m.end() and m.start() < e.end for e in r.entities):
                    continue
                r.entities.append(Entity(m.start(), m.end(), rule["label"], m.group()))
                r.entities.sort(key=lambda e: e.start)
                log.append(f"{r.report_id}#{r.sentence_id}: rule added {rule['label']} {m.group()}")
    return log


def load_decisions(path) -> dict:
    return json.loads(Path(path).read_text(encoding="utf-8"))

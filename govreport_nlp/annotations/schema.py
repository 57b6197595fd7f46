"""The gold-annotation record: one JSON object per sentence, one JSONL file per report.

::

    {"report_id": "hangzhou-2023", "sentence_id": 8, "text": "全市生产总值18753亿元、增长1.5%；…",
     "start": 312, "end": 420, "part": "review", "kind": "text",
     "heading_path": ["一、2022年工作回顾"],
     "stype": "achievement", "domain": "macroeconomics",
     "entities": [{"start": 6, "end": 14, "label": "METRIC", "text": "18753亿元"}, …]}

``start``/``end`` of the sentence index the report's normalized text; entity
offsets are relative to the sentence.  A task that was not annotated is ``null``
(``stype``, ``domain``) or ``null`` entities — not an empty list, which means
"annotated: no entities".
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

from ..document import Entity
from ..errors import Errors, GovReportError


@dataclass(slots=True)
class Record:
    report_id: str
    sentence_id: int
    text: str
    start: int
    end: int
    part: str
    kind: str
    heading_path: list[str] = field(default_factory=list)
    stype: str | None = None
    domain: str | None = None
    entities: list[Entity] | None = None

    def to_dict(self) -> dict:
        return {
            "report_id": self.report_id, "sentence_id": self.sentence_id, "text": self.text,
            "start": self.start, "end": self.end, "part": self.part, "kind": self.kind,
            "heading_path": list(self.heading_path), "stype": self.stype, "domain": self.domain,
            "entities": None if self.entities is None else [e.to_dict() for e in self.entities],
        }

    @classmethod
    def from_dict(cls, d: dict) -> "Record":
        ents = d.get("entities")
        return cls(
            report_id=d["report_id"], sentence_id=d["sentence_id"], text=d["text"], start=d["start"],
            end=d["end"], part=d.get("part", ""), kind=d.get("kind", "text"),
            heading_path=list(d.get("heading_path") or []), stype=d.get("stype"), domain=d.get("domain"),
            entities=None if ents is None else [Entity(e["start"], e["end"], e["label"], e["text"]) for e in ents],
        )


#: the metadata every annotation format carries alongside text and labels
META_KEYS = ("report_id", "sentence_id", "start", "end", "part", "kind", "heading_path")
REQUIRED_KEYS = ("report_id", "sentence_id", "text", "start", "end")


def read_jsonl(path) -> list[Record]:
    """Records of one annotation file; a malformed line raises ``GovReportError`` (E013)."""
    path = Path(path)
    if not path.is_file():
        raise GovReportError(Errors.E001 if not path.exists() else Errors.E002, path=path)
    out = []
    with open(path, encoding="utf-8") as fh:
        for i, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                d = json.loads(line)
            except json.JSONDecodeError as e:
                raise GovReportError(Errors.E013, path=path, line=i, reason=e.msg) from None
            if not isinstance(d, dict):
                raise GovReportError(Errors.E013, path=path, line=i, reason=type(d).__name__)
            missing = [k for k in REQUIRED_KEYS if k not in d]
            if missing:
                raise GovReportError(Errors.E013, path=path, line=i, reason="missing " + ", ".join(missing))
            try:
                out.append(Record.from_dict(d))
            except (KeyError, TypeError) as e:
                raise GovReportError(Errors.E013, path=path, line=i, reason=f"bad entity ({e})") from None
    return out


def write_jsonl(records: Iterable[Record], path) -> int:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    n = 0
    with open(path, "w", encoding="utf-8") as fh:
        for r in records:
            fh.write(json.dumps(r.to_dict(), ensure_ascii=False) + "\n")
            n += 1
    return n


def records_from_report(report) -> list[Record]:
    """Unlabelled records for every sentence of a :class:`~govreport_nlp.document.Report`."""
    return list(iter_report_records(report))


def iter_report_records(report) -> Iterator[Record]:
    """:func:`records_from_report` one at a time."""
    for s in report.sentences:
        yield Record(report.id, s.id, s.text, s.start, s.end, s.part, s.kind, list(s.heading_path))


def iter_records(paths) -> Iterator[Record]:
    for p in paths:
        yield from read_jsonl(p)


def entities_from_mentions(text: str, mentions) -> tuple[list[Entity], list[str]]:
    """Turn ``[(surface, label)]`` or ``[(surface, label, k)]`` (k-th occurrence only)
    into character spans of ``text``.

    Without ``k`` every occurrence is tagged (the spec tags every mention).  Longer
    mentions are placed first; an occurrence that overlaps a placed span is skipped.
    Returns the spans in text order and a problem message for every mention that
    could not be placed at all (never silently dropped).
    """
    taken = [False] * len(text)
    placed: list[Entity] = []
    problems = []
    order = sorted(range(len(mentions)), key=lambda i: -len(mentions[i][0]))
    for i in order:
        m = mentions[i]
        surface, label = m[0], m[1]
        k = m[2] if len(m) > 2 else None
        if not surface:
            problems.append(f"empty mention for {label}")
            continue
        starts, pos = [], text.find(surface)
        while pos >= 0:
            starts.append(pos)
            pos = text.find(surface, pos + 1)
        if k is not None:
            starts = starts[k:k + 1]
        n_placed = 0
        for s in starts:
            e = s + len(surface)
            if any(taken[s:e]):
                continue
            taken[s:e] = [True] * (e - s)
            placed.append(Entity(s, e, label, surface))
            n_placed += 1
        if not n_placed:
            problems.append(f"{label} {surface!r} not found" if not starts else f"{label} {surface!r} overlaps")
    placed.sort(key=lambda e: e.start)
    return placed, problems

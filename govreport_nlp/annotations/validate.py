"""Check annotation files against the label scheme and against segmentation.

Each problem is a :class:`Problem` (file, sentence id, code, message); nothing is
fixed silently.  Checks, by code:

- ``schema``: field types (ints, strings, lists), one report id per file, unique sentence ids
- ``label``: ``stype``/``domain``/entity labels outside the spec's sets
- ``offset``: entity offsets outside the sentence, ``end - start`` of the sentence ≠ its length
- ``span-text``: an entity's ``text`` ≠ the sentence text at its offsets
- ``overlap``: two entities share characters
- ``span-edge``: a span begins or ends with punctuation or whitespace (a closing bracket may end one)
- ``segmentation``: the sentence differs from what ``gr.read`` now produces for the report
  (needs the report's source: see :mod:`.manifest`)
- ``incomplete`` (only with ``complete=True``): a task left unannotated (``null``)
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from pathlib import Path

from ..spec import DOMAINS, ENTITY_LABELS, STYPES
from .schema import Record, read_jsonl

#: a span may end with one of these (a bracket that belongs to the name: 大数据中心（一期）)
CLOSING_BRACKETS = "）)】]"
#: signs that Unicode files under punctuation but that belong to a quantity (5%, 3‰)
UNIT_SIGNS = "%％‰‱°℃"


@dataclass(frozen=True)
class Problem:
    file: str
    sentence_id: int | None
    code: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}" + (f"#{self.sentence_id}" if self.sentence_id is not None else "")
        return f"{where}: {self.code}: {self.message}"


def _is_edge_char(ch: str) -> bool:
    return ch.isspace() or (unicodedata.category(ch).startswith(("P", "Z")) and ch not in UNIT_SIGNS)


def trim_span(text: str, start: int, end: int) -> tuple[int, int] | None:
    """``[start, end)`` of ``text`` without the characters the spec forbids at a span's edges (punctuation, quotes and
    spaces; a closing bracket may end a span), or ``None`` when nothing is left: what a predicted span is made into
    so that it passes :func:`check_record`."""
    while start < end and _is_edge_char(text[start]):
        start += 1
    while end > start and _is_edge_char(text[end - 1]) and text[end - 1] not in CLOSING_BRACKETS:
        end -= 1
    return (start, end) if start < end else None


def check_record(r: Record, file: str = "") -> list[Problem]:
    out = []

    def bad(code, msg):
        out.append(Problem(file, r.sentence_id if isinstance(r.sentence_id, int) else None, code, msg))

    if not isinstance(r.sentence_id, int) or not isinstance(r.start, int) or not isinstance(r.end, int):
        bad("schema", "sentence_id, start and end must be integers")
        return out
    if not isinstance(r.text, str) or not r.text:
        bad("schema", "text must be a non-empty string")
        return out
    if not isinstance(r.heading_path, list) or not all(isinstance(h, str) for h in r.heading_path):
        bad("schema", "heading_path must be a list of strings")
    if r.end - r.start != len(r.text):
        bad("offset", f"sentence offsets {r.start}-{r.end} do not span its {len(r.text)} characters")
    if r.stype is not None and r.stype not in STYPES:
        bad("label", f"stype {r.stype!r} is not one of {', '.join(STYPES)}")
    if r.domain is not None and r.domain not in DOMAINS:
        bad("label", f"domain {r.domain!r} is not a CAP label of the spec")
    if r.entities is None:
        return out
    prev = None
    for e in sorted(r.entities, key=lambda e: (e.start, e.end)):
        if e.label not in ENTITY_LABELS:
            bad("label", f"entity label {e.label!r} is not one of {', '.join(ENTITY_LABELS)}")
        if not (isinstance(e.start, int) and isinstance(e.end, int) and 0 <= e.start < e.end <= len(r.text)):
            bad("offset", f"entity {e.text!r} at {e.start}-{e.end} is outside the sentence (0-{len(r.text)})")
            continue
        if r.text[e.start:e.end] != e.text:
            bad("span-text", f"entity text {e.text!r} ≠ sentence text {r.text[e.start:e.end]!r} at {e.start}-{e.end}")
        if _is_edge_char(r.text[e.start]) or (_is_edge_char(r.text[e.end - 1])
                                              and r.text[e.end - 1] not in CLOSING_BRACKETS):
            bad("span-edge", f"{e.label} {r.text[e.start:e.end]!r} begins or ends with punctuation or space")
        if prev is not None and e.start < prev.end:
            bad("overlap", f"{e.label} {e.text!r} overlaps {prev.label} {prev.text!r}")
        prev = e if prev is None or e.end > prev.end else prev
    return out


def validate_records(records: list[Record], file: str = "", *, report=None, complete: bool = False) -> list[Problem]:
    """All problems of one report's records; ``report`` (a :class:`Report`) enables the segmentation check."""
    problems = []
    ids = set()
    report_ids = {r.report_id for r in records}
    if len(report_ids) > 1:
        problems.append(Problem(file, None, "schema", f"several report ids in one file: {sorted(report_ids)}"))
    for r in records:
        if r.sentence_id in ids:
            problems.append(Problem(file, r.sentence_id, "schema", "duplicate sentence id"))
        ids.add(r.sentence_id)
        problems += check_record(r, file)
        if complete:
            missing = [k for k in ("stype", "domain", "entities") if getattr(r, k) is None]
            if missing:
                problems.append(Problem(file, r.sentence_id, "incomplete", "not annotated: " + ", ".join(missing)))
    if report is not None:
        seg = {s.id: s for s in report.sentences}
        for r in records:
            s = seg.get(r.sentence_id)
            if s is None:
                problems.append(Problem(file, r.sentence_id, "segmentation", "no such sentence in the report"))
            elif (s.text, s.start, s.end) != (r.text, r.start, r.end):
                problems.append(Problem(file, r.sentence_id, "segmentation",
                                        f"segmentation now gives {s.text[:30]!r} at {s.start}-{s.end}"))
        missing = len(seg) - len(ids & set(seg))
        if missing:
            problems.append(Problem(file, None, "segmentation", f"{missing} sentence(s) of the report not annotated"))
    return problems


def validate_files(paths, *, data_dir=None, root=".", complete: bool = False):
    """Validate annotation files; returns ``(problems, notes)``.

    The segmentation check runs for files listed in the ``manifest.json`` beside
    them whose source is available (``data_dir`` for shared-data reports); a note
    says where it could not run.
    """
    from .manifest import load_manifest, read_source

    problems, notes = [], []
    for path in map(Path, paths):
        records = read_jsonl(path)
        entry = load_manifest(path.parent).get(path.name)
        report = None
        if entry is None:
            notes.append(f"{path}: not in a manifest.json; segmentation not checked")
        else:
            report = read_source(entry, root=root, data_dir=data_dir)
            if report is None:
                notes.append(f"{path}: source {entry['source']} not available; segmentation not checked")
        problems += validate_records(records, str(path), report=report, complete=complete)
    return problems, notes

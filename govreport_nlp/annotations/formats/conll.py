"""CoNLL-style BIO: one character and its tag per line, a blank line between
sentences, the record's labels and metadata in ``# key = value`` comments::

    # report_id = hangzhou-2023
    # sentence_id = 8
    # stype = achievement
    # domain = macroeconomics
    全	O
    市	O
    …

A whitespace character is written as ``<U+0020>`` (a line cannot hold it) and read back.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

from ..bio import bio_to_spans, spans_to_bio
from ...document import Entity
from ..schema import META_KEYS, Record

_ESC = re.compile(r"^<U\+([0-9A-F]{4,6})>$")


def _cell(ch: str) -> str:
    return f"<U+{ord(ch):04X}>" if ch.isspace() or ch == "#" else ch


def to_conll(records) -> tuple[str, Counter]:
    blocks = []
    for r in records:
        lines = [f"# {k} = {json.dumps(getattr(r, k), ensure_ascii=False)}" for k in META_KEYS + ("stype", "domain")]
        lines.append(f"# entities_annotated = {json.dumps(r.entities is not None)}")
        for ch, tag in zip(r.text, spans_to_bio(len(r.text), r.entities or [])):
            lines.append(f"{_cell(ch)}\t{tag}")
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + "\n", Counter()


def from_conll(text) -> tuple[list[Record], Counter]:
    """``(records, losses)`` from CoNLL text (or a path).  Files without our comments work too:
    such sentences get empty metadata and are counted."""
    if isinstance(text, Path) or (isinstance(text, str) and "\n" not in text and Path(text).is_file()):
        text = Path(text).read_text(encoding="utf-8")
    losses: Counter = Counter()
    out = []
    for block in re.split(r"\n\s*\n", text.strip("\n")):
        meta, chars, tags = {}, [], []
        for line in block.splitlines():
            if line.startswith("# ") and " = " in line:
                k, v = line[2:].split(" = ", 1)
                meta[k] = json.loads(v)
                continue
            cols = line.split("\t") if "\t" in line else line.split()
            if len(cols) < 2:
                losses["line without a tag (skipped)"] += 1
                continue
            m = _ESC.match(cols[0])
            chars.append(chr(int(m.group(1), 16)) if m else cols[0])
            tags.append(cols[-1])
        if not chars:
            continue
        if "report_id" not in meta:
            losses["sentence without metadata comments"] += 1
        s = "".join(chars)
        if len(s) != len(chars):
            losses["token longer than one character (offsets by token)"] += 1
        ents = None
        if meta.get("entities_annotated", True):
            ents = [Entity(a, b, lab, s[a:b]) for a, b, lab in bio_to_spans(tags)]
        out.append(Record(
            report_id=meta.get("report_id", ""), sentence_id=meta.get("sentence_id", len(out)), text=s,
            start=meta.get("start", 0), end=meta.get("end", len(s)), part=meta.get("part", ""),
            kind=meta.get("kind", "text"), heading_path=list(meta.get("heading_path") or []),
            stype=meta.get("stype"), domain=meta.get("domain"), entities=ents))
    return out, losses

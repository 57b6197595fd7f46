"""Sentence units, per the spec: text up to and including 。！？ (with closing
quotes or brackets after it), or the end of a paragraph.  A semicolon does not
end a sentence.  Title-block lines, headings, list items and glossary entries
end at their paragraph end, so they are units of their own; a ``①`` list item
that follows a colon starts a new unit.  A unit longer than :data:`MAX_SENTENCE_CHARS` (a page of text
without a full stop, a table flattened into one line) is cut at clause marks, or where there are none at that
length, and its pieces are marked ``Sentence.cut``.
"""

from __future__ import annotations

import re

from . import patterns as P
from ..document import OffsetMap, Sentence
from .structure import Structure


def split_paragraph(s: str) -> list[tuple[int, int]]:
    """Sentence spans inside one paragraph (relative offsets)."""
    cuts = {m.end() for m in P.SENTENCE_END.finditer(s)}
    cuts.update(m.start() for m in P.CIRCLED.finditer(s) if m.start() and s[m.start() - 1] in "：:")
    cuts.add(len(s))
    spans, prev = [], 0
    for c in sorted(cuts):
        if c > prev:
            spans.append((prev, c))
            prev = c
    return spans


#: the longest sentence kept whole (the longest in the gold corpus has 501 characters; the model reads a sentence in
#: pieces of 200 and averages them, so longer units only blur its labels)
MAX_SENTENCE_CHARS = 512
_CLAUSE_END = re.compile(r"[，；：、,;:）)]")


def cut_long(s: str, start: int, end: int, limit: int = MAX_SENTENCE_CHARS) -> list[tuple[int, int]]:
    """``[start, end)`` of ``s`` as pieces of at most ``limit`` characters, each ending after the last clause mark
    (，；：、) that fits, or at ``limit`` where none does."""
    pieces = []
    while end - start > limit:
        marks = [m.end() for m in _CLAUSE_END.finditer(s, start, start + limit)]
        cut = marks[-1] if marks else start + limit
        pieces.append((start, cut))
        start = cut
    pieces.append((start, end))
    return pieces


def build_sentences(text: str, offsets: OffsetMap, structure: Structure) -> list[Sentence]:
    sections = structure.sections
    out: list[Sentence] = []
    for k, para in enumerate(structure.paragraphs):
        s = text[para.start:para.end]
        spans = [(0, len(s))] if para.role == "title" else split_paragraph(s)
        spans = [(x, y, len(pieces) > 1) for a, b in spans for pieces in [cut_long(s, a, b)] for x, y in pieces]
        for j, (a, b, cut) in enumerate(spans):
            start, end = para.start + a, para.start + b
            sec = _innermost(sections, para.section, start)
            if para.role == "title":
                kind, part = "title", "title"
            else:
                part = sections[sec].part if sec is not None else "preamble"
                if para.role in ("part", "glossary_heading", "appendix") or (para.role == "section" and j == 0):
                    kind = "heading"
                elif para.role == "glossary_entry":
                    kind = "glossary"
                elif sec is not None and sections[sec].kind == "item":
                    kind = "item"
                else:
                    kind = "text"
            path = sections[sec].heading_path if sec is not None else ()
            raw_start, raw_end = offsets.to_raw(start, end)
            out.append(Sentence(len(out), text[start:end], start, end, raw_start, raw_end,
                                kind, part, path, k, sec, cut=cut))
    return out


def _innermost(sections, sec_id: int | None, pos: int) -> int | None:
    """The deepest section containing ``pos``, searched from the paragraph's own
    section (inline ``①`` items begin inside a paragraph)."""
    best = sec_id
    while best is not None and not sections[best].start <= pos < sections[best].end:
        best = sections[best].parent
    if best is None:
        return sec_id
    for s in sections[best + 1:]:
        if s.start > pos:
            break
        if s.start <= pos < s.end and s.level > sections[best].level:
            best = s.id
    return best

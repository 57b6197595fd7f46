"""The report's hierarchy, read from normalized paragraphs.

* title block: title, subtitle, date, meeting, speaker;
* parts (``一、2022年工作回顾``; unnumbered ``2026年重点工作`` where a report has no
  numbered parts), each marked ``review`` or ``plan`` (``closing`` for 结束语);
* sections (``（一）…``; the heading is the paragraph's first sentence, as in
  PDFs where the body runs on after it);
* numbered items (``①``, ``1.``, ``（1）``), inline ``①`` items included;
* appendices (``附件1``) and the glossary (``名词解释``), whose entries are split
  into term, page reference and definition.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import patterns as P
from ..document import GlossaryEntry, OffsetMap, Section, TitleBlock

_FIRST_SENTENCE = re.compile(r"^.*?[。！？]|^.*$")


@dataclass
class Paragraph:
    start: int
    end: int
    role: str  # "title" | "part" | "section" | "item" | "glossary_heading" | "appendix" | "glossary_entry" | "text"
    section: int | None  # innermost section id containing the paragraph start


@dataclass
class Structure:
    title_block: TitleBlock
    paragraphs: list[Paragraph]
    sections: list[Section]
    glossary: list[GlossaryEntry]


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    spans, pos = [], 0
    for chunk in text.split("\n"):
        spans.append((pos, pos + len(chunk)))
        pos += len(chunk) + 1
    return [s for s in spans if s[1] > s[0]]


def part_kind(heading: str, first: bool) -> str:
    if heading.startswith("结束语"):
        return "closing"
    review, plan = bool(P.REVIEW_WORDS.search(heading)), bool(P.PLAN_WORDS.search(heading))
    if first:
        return "plan" if plan and not review else "review"
    return "review" if review and not plan else "plan"


def parse_title_block(text: str, spans: list[tuple[int, int]]) -> TitleBlock:
    tb = TitleBlock()
    if not spans:
        return tb
    tb.start, tb.end = spans[0][0], spans[-1][1]
    subtitles = []
    for a, b in spans:
        s = text[a:b]
        m = P.MEETING.match(s)
        if m:
            date = P.DATE_IN_MEETING.search(s)
            tb.date = date.group(1) if date else None
            mm = re.search(r"在(.+?会议)上", s)
            tb.meeting = mm.group(1) if mm else None
            rest = s[s.find("会议上") + 3:].lstrip("）)")
            sp = P.SPEAKER.match(rest) if rest else None
            if sp:
                tb.speaker_role, tb.speaker = sp.group("role"), sp.group("name")
        elif tb.date is None and tb.meeting is None and (tb.title is None or "报告" not in tb.title):
            if tb.title is None:
                tb.title = s
            else:
                tb.title += s
        elif tb.meeting is None and tb.date is None:
            subtitles.append(s)
        else:
            sp = P.SPEAKER.match(s)
            if sp:
                tb.speaker_role, tb.speaker = sp.group("role"), sp.group("name")
            elif P.BARE_NAME.match(s) and tb.speaker is None:
                tb.speaker = s
    tb.subtitle = "".join(subtitles) or None
    return tb


class _Builder:
    """Opens and closes sections as paragraphs go by; a new section closes every
    open one at its level or deeper."""

    def __init__(self, offsets: OffsetMap):
        self.offsets = offsets
        self.sections: list[Section] = []
        self.open: dict[int, Section] = {}  # level -> open section

    def close(self, level: int, at: int) -> None:
        for lv in sorted(self.open, reverse=True):
            if lv >= level:
                sec = self.open.pop(lv)
                sec.end = max(sec.start, at)
                sec.raw_start, sec.raw_end = self.offsets.to_raw(sec.start, sec.end)

    def add(self, kind: str, level: int, number, heading, start: int, part: str) -> Section:
        self.close(level, start)
        parent = self.open[max(self.open)] if self.open else None
        path = parent.heading_path if parent else ()
        if heading:
            label = {"part": f"{number}、", "section": f"（{number}）"}.get(kind, "") if number else ""
            path = path + (label + heading,)
        sec = Section(len(self.sections), kind, level, number, heading, start, start, 0, 0, path, part,
                      parent.id if parent else None)
        self.sections.append(sec)
        self.open[level] = sec
        return sec

    def innermost(self) -> int | None:
        return self.open[max(self.open)].id if self.open else None


def parse(text: str, offsets: OffsetMap, n_title: int) -> Structure:
    spans = paragraph_spans(text)
    title_spans, body = spans[:n_title], spans[n_title:]
    paragraphs = [Paragraph(a, e, "title", None) for a, e in title_spans]
    b = _Builder(offsets)
    glossary: list[GlossaryEntry] = []
    numbered_parts = any(text[a] == "一" and _is_part(text[a:e], True, 0) for a, e in body)
    expected = 0  # index in P.CN_NUM of the next part number
    part, region, n_parts = "preamble", "body", 0
    appendix_title_pending = False
    if body:
        b.add("preamble", 1, None, None, body[0][0], "preamble")
    for a, e in body:
        s = text[a:e]
        role = "text"
        if P.GLOSSARY_HEADING.match(s) and len(s) <= 30:
            region, part, role = "glossary", "glossary", "glossary_heading"
            b.add("glossary", 1, None, s, a, part)
        elif P.APPENDIX_HEADING.match(s):
            region, part, role = "appendix", "appendix", "appendix"
            b.add("appendix", 1, s, s, a, part)
            appendix_title_pending = True
            paragraphs.append(Paragraph(a, e, role, b.innermost()))
            continue
        elif appendix_title_pending and len(s) <= 40 and not P.END_PUNCT.search(s):
            sec = b.open[1]
            sec.heading = f"{sec.number} {s}"
            sec.heading_path = (sec.heading,)
            role = "appendix"
        elif region == "glossary":
            m = P.GLOSSARY_ENTRY.match(s)
            if m:
                role = "glossary_entry"
                glossary.append(_entry(len(glossary), m, a, e, s, offsets))
            elif glossary:  # the definition goes on in another paragraph
                role = "glossary_entry"
                g = glossary[-1]
                g.end = g.definition_end = e
                g.definition = text[g.definition_start:e]
                g.raw_start, g.raw_end = offsets.to_raw(g.start, g.end)
        elif region == "body" and _is_part(s, numbered_parts, expected):
            m = P.PART_HEADING.match(s)
            number = m.group("num") if m else None
            heading = (m.group("title") if m else s).rstrip("。")
            part = part_kind(heading, first=n_parts == 0)
            n_parts += 1
            if number:
                expected = _cn_value(number)
            b.add("part", 1, number, heading, a, part)
            role = "part"
        elif m := (P.SECTION_HEADING.match(s) or (region == "appendix" and P.PART_HEADING.match(s))):
            heading = _FIRST_SENTENCE.match(s).group()[m.end():].rstrip("。：:")
            b.add("section", 2, m.group("num"), heading, a, part)
            role = "section"
        elif (m := P.ITEM_MARKER.match(s)) and not m.group("circled"):
            b.add("item", 3, m.group().strip(), None, a, part)
            role = "item"
        appendix_title_pending = False
        _inline_items(b, s, a, part)
        paragraphs.append(Paragraph(a, e, role, b.innermost()))
        b.close(3, e)  # an item ends with its paragraph
    b.close(1, len(text))
    return Structure(parse_title_block(text, title_spans), paragraphs, b.sections, glossary)


def _cn_value(number: str) -> int:
    """一 → 1, 十 → 10, 十二 → 12, 二十 → 20."""
    if number == "十":
        return 10
    if len(number) == 1:
        return P.CN_NUM.index(number) + 1
    if number.startswith("十"):
        return 10 + P.CN_NUM.index(number[1]) + 1
    tens = P.CN_NUM.index(number[0]) + 1
    return tens * 10 + (P.CN_NUM.index(number[2]) + 1 if len(number) == 3 else 0)


def _is_part(s: str, numbered_parts: bool, expected: int) -> bool:
    if len(s) > 60 or P.END_PUNCT.search(s.rstrip("。")):
        return False
    m = P.PART_HEADING.match(s)
    if m:
        # parts are numbered in order 一、二、三…; a stray 一、 inside a part is a list item
        return numbered_parts and _cn_value(m.group("num")) == expected + 1
    if s.startswith("结束语") and len(s) <= 5:
        return True
    return not numbered_parts and 4 <= len(s) <= 30 and not P.END_PUNCT.search(s) \
        and bool(P.PART_WORDS.search(s)) and not P.SECTION_HEADING.match(s) and not P.ITEM_MARKER.match(s)


def _inline_items(b: _Builder, s: str, a: int, part: str) -> None:
    """``①…②…`` at a paragraph start or after 。：；: one item per marker, up to the next one."""
    marks = [m.start() for m in P.CIRCLED.finditer(s) if m.start() == 0 or s[m.start() - 1] in "。：；"]
    for k, pos in enumerate(marks):
        if k + 1 < len(marks):
            end = marks[k + 1]
        else:  # the last item ends with its sentence; the paragraph may go on
            m = P.SENTENCE_END.search(s, pos)
            end = m.end() if m else len(s)
        b.add("item", 3, s[pos], None, a + pos, part)
        b.close(3, a + end)


def _entry(i: int, m: re.Match, a: int, e: int, s: str, offsets: OffsetMap) -> GlossaryEntry:
    ts, te = a + m.start("term"), a + m.end("term")
    ds = a + m.end()
    raw_s, raw_e = offsets.to_raw(a, e)
    number = m.group("num") or m.group("bnum")
    page = int(m.group("page")) if m.group("page") else None
    return GlossaryEntry(i, number, s[m.start("term"):m.end("term")], s[m.end():], page, a, e, raw_s, raw_e,
                         ts, te, ds, e)

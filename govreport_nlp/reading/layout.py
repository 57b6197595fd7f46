"""Line layout: which raw lines belong to the report, and which lines form a paragraph.

Works on raw lines before any character is changed:

1. **Body**: web-page chrome around the report (下载 打印 【字号】, 来源, 相关报道,
   wikisource footers...) and the clutter between the title block and
   ``各位代表`` (photo captions, dates of publication) are dropped.
2. **Furniture**: running headers (``市十四届人大三次会议文件(12)``), page numbers
   and, in hard-wrapped text, short lines repeated on many pages are dropped.
3. **Paragraphs**: text extracted from a PDF is hard-wrapped at the page width;
   lines are joined unless the line is short and ends a sentence, or the next
   line starts a heading, list item or glossary entry.  Web text has one line
   per paragraph, except where inline markup broke it (``以PM`` / ``2.5`` /
   ``浓度…``, ``…发展的`` / ``主要目标`` / ``是：…``); wikisource text puts blank
   lines between paragraphs and breaks lines inside them at hyperlinks.

Everything dropped is kept in :attr:`Layout.dropped` with its raw span and the
reason, so nothing disappears silently.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

import numpy as np

from . import patterns as P
from ..document import Dropped

# ---------------------------------------------------------------- thresholds (characters unless said otherwise)
#: a meeting line ("在杭州市第十四届人民代表大会第三次会议上") is at most this long; split over two lines, its first
#: line at most MEETING_FIRST_LINE and both together at most MEETING_TWO_LINES
MEETING_MAX = 60
MEETING_FIRST_LINE = 40
MEETING_TWO_LINES = 70
#: how many lines above the meeting line the title is looked for, and the longest line that can be part of it
TITLE_LOOKBACK = 14
TITLE_LINE_MAX = 60
#: a running header is narrower than this (and than RUNNING_HEADER_WIDTH of the text) and repeated this often
RUNNING_HEADER_MAX_WIDTH = 40
RUNNING_HEADER_WIDTH = 0.75
RUNNING_HEADER_REPEATS = 3
#: a numbered part heading (一、…) is at most this long; an unnumbered one (2026年重点工作) within this range
PART_HEADING_MAX = 40
UNNUMBERED_HEADING = (4, 30)
#: a page reference (见第3页) this close to the start of a line starts a glossary entry
PAGE_REF_WITHIN = 60
#: a line of at most this many characters without a Chinese character is chrome
CHROME_MAX_NON_CJK = 2
#: hard-wrapped text: at least WRAP_MIN_LINES lines, WRAP_MIN_OPEN of them not ending a sentence, WRAP_MIN_SHARE of
#: them within max(WRAP_TOLERANCE, WRAP_TOLERANCE_SHARE × width) of the median width, which is at least WRAP_MIN_WIDTH
WRAP_MIN_LINES = 10
WRAP_MIN_OPEN = 5
WRAP_TOLERANCE = 4
WRAP_TOLERANCE_SHARE = 0.08
WRAP_MIN_SHARE = 0.35
WRAP_MIN_WIDTH = 20
#: a wrapped line narrower than the full width by more than this ended its paragraph
SHORT_LINE_MARGIN = 3
#: paragraphs are separated by blank lines when at least this share of line breaks are
BLANK_SEPARATED_SHARE = 0.5
#: a salutation line (各位代表：) is at most this long
SALUTATION_MAX = 8
#: a line ending in 的 continues when the next line is at most this long (inline markup broke the paragraph)
MARKUP_BREAK_NEXT_MAX = 12

_STRIP = "".join(chr(c) for c in range(0x3001) if chr(c).isspace()) + P.ZERO_WIDTH + "".join(
    chr(c) for c in [*range(0, 9), *range(0x0E, 0x1C), 0x7F])
_SPACES = re.compile(r"[\s\u3000\xa0\u200b\u200c\u200d\u2060\ufeff]+")


@dataclass(slots=True)
class Line:
    start: int  # raw offset of the first visible character
    end: int  # raw offset after the last visible character
    text: str  # raw[start:end]
    eol: int | None  # raw offset of the line's "\n", None for the last line
    blank_before: bool  # an empty line separates it from the previous visible line
    #: the lines between it and the previous visible line hold zero-width characters and nothing else (a copied web
    #: page's ``\n\u200b\n`` inside a word: not a paragraph break)
    invisible_before: bool = False

    @property
    def squashed(self) -> str:
        return _SPACES.sub("", self.text)


@dataclass
class Layout:
    paragraphs: list[list[Line]]
    n_title: int  # the first n_title paragraphs are the title block
    dropped: list[Dropped] = field(default_factory=list)
    wrapped: bool = False


_LINE = re.compile(r"([^\r\n]*)(\r\n|\r|\n|$)")


def split_lines(raw: str) -> list[Line]:
    """Visible lines (stripped) with raw offsets; \n, \r\n and a lone \r all end a line."""
    lines: list[Line] = []
    blank = invisible = False
    for m in _LINE.finditer(raw):
        if m.start() == m.end():  # the final empty match
            break
        seg, pos = m.group(1), m.start()
        eol = m.start(2) if m.group(2) else None
        lstripped = seg.lstrip(_STRIP)
        if lstripped:
            start = pos + (len(seg) - len(lstripped))
            end = pos + len(seg.rstrip(_STRIP))
            lines.append(Line(start, end, raw[start:end], eol, blank, blank and invisible))
            blank = invisible = False
        elif lines:
            invisible = (invisible or not blank) and bool(seg) and not seg.strip(P.ZERO_WIDTH)
            blank = True
    return lines


def visual_width(s: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s if not c.isspace())


# ---------------------------------------------------------------- body finding

_CHROME_RUN = re.compile(
    "^(?:" + "|".join(re.escape(w) for w in sorted(P.CHROME_WORDS, key=len, reverse=True) if len(w) > 1)
    + r"|[【】|>\s])+$"
)


def is_chrome(text: str) -> bool:
    t = text.strip()
    return (
        t in P.CHROME_WORDS
        or bool(_CHROME_RUN.match(t))  # "下载打印全屏收藏【字号：加大还原减小】" on one line
        or bool(P.CHROME_LINE.match(t))
        or bool(P.DATETIME_LINE.match(t))
        or bool(P.PHOTO_CAPTION.search(t))
        or (len(t) <= CHROME_MAX_NON_CJK and not re.search(r"[\u4e00-\u9fff]", t))
    )


def _is_meeting(lines: list[Line], i: int) -> int:
    """Number of lines (1 or 2) that make up a meeting line at ``i``; 0 if none."""
    s = lines[i].squashed
    if is_chrome(lines[i].text):  # "省长XX在省十四届人大五次会议上作政府工作报告。本报记者摄"
        return 0
    if len(s) <= MEETING_MAX and P.MEETING.match(s):
        return 1
    if i + 1 < len(lines) and len(s) <= MEETING_FIRST_LINE and "在" in s and not is_chrome(lines[i + 1].text):
        pair = s + lines[i + 1].squashed
        if len(pair) <= MEETING_TWO_LINES and P.MEETING.match(pair):
            return 2
    return 0


@dataclass
class _Body:
    start: int
    end: int
    title: list[list[int]]  # title-block paragraphs, as lists of line indices
    drop: dict[int, str]  # line index -> reason


def find_body(lines: list[Line]) -> _Body:
    n = len(lines)
    drop: dict[int, str] = {}
    sal = next((i for i, ln in enumerate(lines) if P.SALUTATION.match(ln.squashed)), None)
    # a salutation far into the text is the closing "各位代表！", not the opening one
    if sal is not None and sal > max(40, n // 3):
        sal = None
    # the meeting line: the nearest one above the salutation, or the first in the opening lines
    candidates = range(sal - 1, max(-1, sal - 16), -1) if sal is not None else range(min(n, 40))
    meeting, meeting_len = None, 0
    for i in candidates:
        k = _is_meeting(lines, i)
        if k:
            meeting, meeting_len = i, k
            break
    title: list[list[int]] = []
    start = sal if sal is not None else 0
    if meeting is not None:
        start = meeting
        # walk back to the title line, skipping chrome
        collected: list[int] = []
        for i in range(meeting - 1, max(-1, meeting - TITLE_LOOKBACK), -1):
            text = lines[i].squashed
            if is_chrome(lines[i].text):
                continue
            if len(text) > TITLE_LINE_MAX:
                break
            collected.insert(0, i)
            if "报告" in "".join(lines[j].squashed for j in collected) or "纲要" in text:
                break
        else:
            collected = [i for i in collected if "报告" in lines[i].squashed]
        joined = "".join(lines[j].squashed for j in collected)
        if collected and ("报告" in joined or "纲要" in joined):
            start = collected[0]
            # title lines until the text contains 报告, then subtitles one per paragraph
            head: list[int] = []
            for j in collected:
                if head and "报告" in "".join(lines[h].squashed for h in head):
                    title.append(head)
                    head = []
                head.append(j)
            title.append(head)
            for i in range(start, meeting):
                if i not in collected:
                    drop[i] = "page chrome in the title block"
        title.append(list(range(meeting, meeting + meeting_len)))
        after = meeting + meeting_len
    else:
        after = start
    # speaker lines between the meeting line and the salutation; the rest there is chrome
    i = after
    limit = sal if sal is not None else min(n, after + 3)
    while i < limit:
        text = lines[i].squashed
        if (P.SPEAKER_ROLE.match(text) and i + 1 < limit and P.BARE_NAME.match(lines[i + 1].squashed)
                and not is_chrome(lines[i + 1].text)):
            title.append([i, i + 1])  # "国务院总理" / "李克强" on two lines
            i += 2
            continue
        if not is_chrome(lines[i].text) and (P.SPEAKER.match(text) or P.BARE_NAME.match(lines[i].text)):
            title.append([i])
        elif sal is None:
            break  # no salutation: the body starts here
        else:
            drop[i] = "page chrome in the title block"
        i += 1
    if sal is None and not title:
        # neither title block nor salutation: skip leading chrome only
        while start < n and is_chrome(lines[start].text):
            drop[start] = "page chrome before the report"
            start += 1
    for i in range(0, start):
        drop.setdefault(i, "running header" if P.RUNNING_HEADER.match(lines[i].squashed)
                        else "page chrome before the report")
    end = n
    body_from = sal if sal is not None else start
    for i in range(body_from + 1, n):
        if P.END_CHROME.match(lines[i].squashed):
            end = i
            break
    for i in range(end, n):
        drop[i] = "page chrome after the report"
    return _Body(start, end, title, drop)


# ---------------------------------------------------------------- furniture

def _furniture(lines: list[Line], idx: list[int], pdf_like: bool, full_width: float) -> dict[int, str]:
    out: dict[int, str] = {}
    for i in idx:
        s = lines[i].squashed
        if P.RUNNING_HEADER.match(s):
            out[i] = "running header"
        elif P.DASHED_PAGE_NUMBER.match(s) or P.PAGE_OF.match(s):
            out[i] = "page number"
        elif pdf_like and P.PAGE_NUMBER.match(s):
            out[i] = "page number"
    if pdf_like:
        # a running header is a short line, clearly narrower than the text, repeated on many pages
        limit = (min(RUNNING_HEADER_MAX_WIDTH, RUNNING_HEADER_WIDTH * full_width) if full_width
                 else RUNNING_HEADER_MAX_WIDTH)
        short = {i for i in idx if visual_width(lines[i].text) < limit}
        counts: dict[str, int] = {}
        for i in short:
            counts[lines[i].squashed] = counts.get(lines[i].squashed, 0) + 1
        for i in sorted(short):
            s = lines[i].squashed
            if (i not in out and counts[s] >= RUNNING_HEADER_REPEATS and not _starts_unit(s)
                    and not P.END_PUNCT.search(s)):
                out[i] = "running header (repeated on pages)"
    return out


# ---------------------------------------------------------------- paragraphs

def _starts_unit(s: str, in_glossary: bool = False) -> bool:
    """Does a (squashed) line start a heading, list item, glossary entry or speech unit?"""
    return bool(
        P.SECTION_HEADING.match(s)
        or (P.PART_HEADING.match(s) and len(s) <= PART_HEADING_MAX)
        or P.ITEM_MARKER.match(s)
        or s.startswith(("——", "—", "各位代表"))
        or P.GLOSSARY_HEADING.match(s)
        or P.APPENDIX_HEADING.match(s)
        or P.PAGE_REF.search(s[:PAGE_REF_WITHIN])
        or (in_glossary and P.GLOSSARY_ENTRY.match(s))
    )


def _is_heading_line(s: str, unnumbered: bool = True) -> bool:
    """A short line that stands alone: part heading, glossary or appendix title.

    Unnumbered part headings (``2026年重点工作``) are only recognised where lines
    are paragraphs: a hard-wrapped line of 28 characters can contain 目标 too."""
    if P.END_PUNCT.search(s):
        return False
    return bool(
        (P.PART_HEADING.match(s) and len(s) <= PART_HEADING_MAX)
        or (unnumbered and UNNUMBERED_HEADING[0] <= len(s) <= UNNUMBERED_HEADING[1]
            and not P.SECTION_HEADING.match(s) and P.PART_WORDS.search(s))
        or P.GLOSSARY_HEADING.match(s)
        or P.APPENDIX_HEADING.match(s)
    )


def _is_bare_term(s: str) -> bool:
    m = P.GLOSSARY_ENTRY.match(s)
    return bool(m) and m.end() == len(s)


def detect_wrapped(lines: list[Line], idx: list[int]) -> tuple[bool, float]:
    """Hard-wrapped (PDF) text: many lines of about the same width that do not end a sentence."""
    if len(idx) < WRAP_MIN_LINES:
        return False, 0.0
    widths = np.array([visual_width(lines[i].text) for i in idx])
    open_ = np.array([not P.END_PUNCT.search(lines[i].text) for i in idx])
    if open_.sum() < WRAP_MIN_OPEN:
        return False, 0.0
    full_width = float(np.median(widths[open_]))
    near_full = np.abs(widths - full_width) <= max(WRAP_TOLERANCE, WRAP_TOLERANCE_SHARE * full_width)
    share = float((near_full & open_).mean())
    return share >= WRAP_MIN_SHARE and full_width >= WRAP_MIN_WIDTH, full_width


def build(raw: str, *, pdf: bool = False) -> Layout:
    lines = split_lines(raw)
    body = find_body(lines)
    title_lines = {i for para in body.title for i in para}
    candidates = [i for i in range(body.start, body.end) if i not in body.drop and i not in title_lines]
    wrapped, full_width = detect_wrapped(lines, candidates)
    furniture = _furniture(lines, candidates, pdf_like=pdf or wrapped, full_width=full_width)
    drop = {**body.drop, **furniture}
    content = [i for i in candidates if i not in furniture]

    breaks = [(lines[a].blank_before) for a in content[1:]]
    blank_separated = bool(breaks) and sum(breaks) / len(breaks) >= BLANK_SEPARATED_SHARE

    paragraphs: list[list[Line]] = [[lines[i] for i in para] for para in body.title]
    current: list[Line] = []
    in_glossary = False
    for pos, i in enumerate(content):
        line = lines[i]
        current.append(line)
        s = line.squashed
        if P.GLOSSARY_HEADING.match(s):
            in_glossary = True
        if pos + 1 == len(content):
            break
        nxt = lines[content[pos + 1]]
        ns = nxt.squashed
        if _join(s, ns, line, nxt, wrapped, full_width, blank_separated, in_glossary):
            continue
        paragraphs.append(current)
        current = []
    if current:
        paragraphs.append(current)

    dropped = [Dropped(lines[i].start, lines[i].end, lines[i].text, reason) for i, reason in sorted(drop.items())]
    return Layout(paragraphs, len(body.title), dropped, wrapped)


def _join(s: str, ns: str, line: Line, nxt: Line, wrapped: bool, full_width: float,
          blank_separated: bool, in_glossary: bool) -> bool:
    """Should line ``s`` continue on the next line ``ns``?"""
    if P.SALUTATION.match(s) and len(s) <= SALUTATION_MAX:
        return False
    if in_glossary and _is_bare_term(s) and not _is_bare_term(ns) and not P.GLOSSARY_ENTRY.match(ns):
        return True
    if ns[0] in P.CLOSERS or s[-1] in P.OPENERS or P.CONTINUES_COPULA.match(ns):
        return True  # (a heading is never followed by 是：…)
    if _is_heading_line(s, unnumbered=not wrapped) and (
        not wrapped or visual_width(line.text) < full_width - SHORT_LINE_MARGIN
    ):
        return False
    ends_sentence = bool(P.END_PUNCT.search(s))
    if wrapped:
        if not ends_sentence:
            return True
        short = visual_width(line.text) < full_width - SHORT_LINE_MARGIN
        return not (short or _starts_unit(ns, in_glossary))
    if blank_separated and not nxt.blank_before and not ends_sentence:
        return not _starts_unit(ns, in_glossary)
    if nxt.invisible_before and not ends_sentence and not _starts_unit(ns, in_glossary):
        return True  # a word broken by a line of zero-width characters (copied web text)
    if not ends_sentence and not _starts_unit(ns, in_glossary) and (
        (P.WEB_BREAK_BEFORE_NUMBER.search(s) and ns[0].isdigit())
        or P.NUMBER_ONLY.match(s)
        or (s.endswith("的") and len(ns) <= MARKUP_BREAK_NEXT_MAX and not P.END_PUNCT.search(ns))
    ):
        return True  # one paragraph split by inline markup (PM<sub>2.5</sub>, bold runs)
    return False

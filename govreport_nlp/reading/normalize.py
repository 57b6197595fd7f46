"""Character-level normalization with an exact map back to the raw input.

Applied (``../shared/spec/labels.md``, "Normalization") to the paragraphs
chosen by :mod:`govreport_nlp.reading.layout`:

* line breaks inside a paragraph are removed; paragraphs are separated by one
  ``"\\n"`` (the raw newline that ended the paragraph);
* whitespace is removed (``1. 5%`` → ``1.5%``, ``政 府 工 作 报 告`` →
  ``政府工作报告``) except one space between two Latin letters or digits;
  zero-width characters are removed;
* full-width digits and Latin letters fold to ASCII (``２０２３`` → ``2023``),
  as do ``％`` and a full-width decimal point between digits;
* ASCII ``, : ; ! ?`` next to Chinese text become ``， ： ； ！ ？``, and ASCII
  parentheses around or next to Chinese text become ``（ ）``.

Every step deletes a character or replaces it by exactly one character, so the
result is a subsequence of the raw text and :class:`~govreport_nlp.document.OffsetMap`
is one array of raw positions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from .layout import Layout, Line, split_lines
from . import patterns as P
from ..document import OffsetMap

_DELETE_ALWAYS = re.compile(f"[{P.ZERO_WIDTH}{P.CONTROL}]+")
_SPACE_RUN = re.compile(r"[^\S\n]+")
_ALNUM = re.compile(r"[0-9A-Za-z\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]")

_WIDTH = {c: c - 0xFEE0 for c in range(0xFF10, 0xFF1A)}
_WIDTH.update({c: c - 0xFEE0 for c in range(0xFF21, 0xFF3B)})
_WIDTH.update({c: c - 0xFEE0 for c in range(0xFF41, 0xFF5B)})
_WIDTH[0xFF05] = ord("%")

_CJKISH = r"\u2e80-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff01-\uff0f\uff1a-\uff20\u2018-\u201d\u2014\u2026"
_PUNCT_FOLD = {",": "，", ":": "：", ";": "；", "!": "！", "?": "？", "(": "（", ")": "）"}
_NEAR_CJK = re.compile(rf"(?<=[{_CJKISH}])[,:;!?]|[,:;!?](?=[{_CJKISH}])")
_PAREN_PAIR = re.compile(r"\(([^()\n]{0,300})\)")
_LONE_PAREN = re.compile(rf"(?<=[{_CJKISH}])[()]|[()](?=[{_CJKISH}])")
_HAS_CJK = re.compile(rf"[{_CJKISH}]")
_FW_DECIMAL = re.compile(r"(?<=[0-9])．(?=[0-9])")


@dataclass(frozen=True)
class Normalized:
    text: str
    offsets: OffsetMap


def _keep_space(s: str, start: int, end: int) -> bool:
    return 0 < start and end < len(s) and bool(_ALNUM.match(s[start - 1])) and bool(_ALNUM.match(s[end]))


def normalize_chars(s: str, idx: np.ndarray) -> tuple[str, np.ndarray]:
    """Normalize ``s`` whose characters sit at raw offsets ``idx``."""
    keep = np.ones(len(s), dtype=bool)
    for m in _DELETE_ALWAYS.finditer(s):
        keep[m.start():m.end()] = False
    for m in _SPACE_RUN.finditer(s):
        a, b = m.start(), m.end()
        keep[a:b] = False
        if _keep_space(s, a, b):
            keep[a] = True
    codes = np.frombuffer(s.encode("utf-32-le"), dtype=np.uint32)[keep]
    out = codes.tobytes().decode("utf-32-le")
    out = _SPACE_RUN.sub(" ", out)  # a kept \u3000 or tab becomes a plain space (same length)
    out = out.translate(_WIDTH)
    out = _FW_DECIMAL.sub(".", out)
    out = fold_punctuation(out)
    return out, idx[keep]


def fold_punctuation(s: str) -> str:
    s = _NEAR_CJK.sub(lambda m: _PUNCT_FOLD[m.group()], s)

    def pair(m: re.Match) -> str:
        a, b = m.start(), m.end()
        context = m.group(1) + (s[a - 1] if a else "") + (s[b] if b < len(s) else "")
        return "（" + m.group(1) + "）" if _HAS_CJK.search(context) else m.group()

    s = _PAREN_PAIR.sub(pair, s)
    return _LONE_PAREN.sub(lambda m: _PUNCT_FOLD[m.group()], s)


def _join_spans(raw: str, paragraphs: list[list[Line]]) -> tuple[str, np.ndarray]:
    pieces: list[str] = []
    ranges: list[np.ndarray] = []
    for k, para in enumerate(paragraphs):
        if k:
            sep = paragraphs[k - 1][-1].eol
            pieces.append("\n")
            ranges.append(np.array([sep], dtype=np.int64))
        for line in para:
            pieces.append(line.text)
            ranges.append(np.arange(line.start, line.end, dtype=np.int64))
    idx = np.concatenate(ranges) if ranges else np.zeros(0, dtype=np.int64)
    return "".join(pieces), idx


def normalize(raw: str, layout: Layout) -> Normalized:
    """Normalized text of the paragraphs in ``layout`` with its offset map."""
    s, idx = _join_spans(raw, layout.paragraphs)
    text, idx = normalize_chars(s, idx)
    return Normalized(text, OffsetMap(idx, len(raw)))


def normalize_fragment(raw_fragment: str) -> str:
    """Normalize a raw slice that lies inside one paragraph (e.g. a sentence's raw span).

    Its lines are joined and lines of page furniture inside it are dropped, as
    the full pipeline does; used to check that raw offsets are exact."""
    kept = [ln for ln in split_lines(raw_fragment)
            if not (P.RUNNING_HEADER.match(ln.squashed) or P.DASHED_PAGE_NUMBER.match(ln.squashed)
                    or P.PAGE_OF.match(ln.squashed))]
    s = "".join(ln.text for ln in kept)
    text, _ = normalize_chars(s, np.arange(len(s), dtype=np.int64))
    return text

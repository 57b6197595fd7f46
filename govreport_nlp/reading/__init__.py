"""``read()``: the whole flow, read → layout → normalize → structure → sentences → words."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np

from . import layout as layout_mod
from . import words as _words  # noqa: F401  (registers Report.tokenize's segmenters)
from ..document import Dropped, OffsetMap, Report, TitleBlock
from ..errors import Errors, GovReportError
from .normalize import normalize
from .patterns import CONTROL_RUN
from .source import RawInput, load
from .sentences import build_sentences
from .structure import parse


def read(source, *, words: bool = False, segmenter: str = "auto", report_id: str | None = None,
         password: str | None = None) -> Report:
    """Read a report and return its structured, normalized :class:`Report`.

    ``source`` is the report text itself (a ``str``: never taken for a path), a file (a :class:`pathlib.Path` or
    any ``os.PathLike``: ``.txt`` in UTF-8, UTF-8 with BOM, UTF-16 or GB18030/GBK, ``.pdf`` or ``.html``) or a
    file's ``bytes``.  :func:`read_file` reads a file named by a ``str``.  Text of any length is read, one
    short sentence as well; empty or whitespace-only text gives a report without sentences.  A *file* must hold
    Chinese text (E005).  With ``words=True`` every sentence also gets its tokens (see
    :mod:`govreport_nlp.reading.words`); ``password`` opens an encrypted PDF.  Problems with the input raise
    :class:`~govreport_nlp.errors.GovReportError`.

    >>> import govreport_nlp as gr
    >>> report = gr.read("各位代表：\\n现在，我代表市人民政府向大会报告工作，请予审议。\\n一、2022年工作回顾\\n全市生产总值18753亿元、增长1. 5%。")
    >>> [s.text for s in report.sentences][-1]
    '全市生产总值18753亿元、增长1.5%。'
    >>> [s.text for s in gr.read("建设金融中心。").sentences], gr.read("   ").sentences
    (['建设金融中心。'], [])
    """
    return _build(load(source, password=password), words=words, segmenter=segmenter, report_id=report_id)


def read_text(text: str, **kwargs) -> Report:
    """``text`` read as a report's text even where it looks like a file name (the spaCy component reads a ``Doc``'s
    text with it); the options are :func:`read`'s."""
    if not isinstance(text, str):
        raise GovReportError(Errors.E011, what=type(text).__name__)
    return _build(RawInput(text, "<text>", "text"), **kwargs)


def _build(raw: RawInput, *, words: bool = False, segmenter: str = "auto", report_id: str | None = None) -> Report:
    if report_id is None:
        report_id = "report" if raw.source.startswith("<") else Path(raw.source).stem
    dropped = [Dropped(m.start(), m.end(), m.group(), "control characters") for m in CONTROL_RUN.finditer(raw.text)]
    lay = layout_mod.build(raw.text, pdf=raw.format == "pdf")
    norm = normalize(raw.text, lay)
    if not norm.text.strip():
        if raw.format != "text":
            raise GovReportError(Errors.E010, path=raw.source)
        return Report(id=report_id, source=raw.source, format=raw.format, encoding=None, raw_text=raw.text, text="",
                      offsets=OffsetMap(np.zeros(0, dtype=np.int64), len(raw.text)), title_block=TitleBlock(),
                      paragraphs=[], sections=[], sentences=[], glossary=[], dropped=dropped + lay.dropped,
                      notes=raw.notes)
    structure = parse(norm.text, norm.offsets, lay.n_title)
    sentences = build_sentences(norm.text, norm.offsets, structure)
    report = Report(
        id=report_id,
        source=raw.source,
        format=raw.format,
        encoding=raw.encoding,
        raw_text=raw.text,
        text=norm.text,
        offsets=norm.offsets,
        title_block=structure.title_block,
        paragraphs=[(p.start, p.end) for p in structure.paragraphs],
        sections=structure.sections,
        sentences=sentences,
        glossary=structure.glossary,
        dropped=sorted(dropped + lay.dropped, key=lambda d: (d.raw_start, d.raw_end)),
        notes=raw.notes + (["hard-wrapped lines joined"] if lay.wrapped else [])
        + ([f"{sum(d.raw_end - d.raw_start for d in dropped)} control characters dropped"] if dropped else []),
    )
    if words:
        report.tokenize(segmenter)
    return report


def read_file(path, **kwargs) -> Report:
    """Read the report in the file ``path`` (a ``str`` or any ``os.PathLike``); the options are :func:`read`'s.

    >>> import govreport_nlp as gr
    >>> gr.read_file("corpus/hangzhou-2023.txt").title_block.title     # doctest: +SKIP
    '政府工作报告'
    """
    if not isinstance(path, (str, os.PathLike)):
        raise GovReportError(Errors.E011, what=type(path).__name__)
    return read(Path(path), **kwargs)

"""``read()``: the whole flow, read → layout → normalize → structure → sentences → words."""

from __future__ import annotations

from pathlib import Path

from . import layout as layout_mod
from . import words as _words  # noqa: F401  (registers Report.tokenize's segmenters)
from ..document import Report
from ..errors import Errors, GovReportError
from .normalize import normalize
from .source import load
from .sentences import build_sentences
from .structure import parse


def read(source, *, words: bool = False, segmenter: str = "auto", report_id: str | None = None) -> Report:
    """Read a report and return its structured, normalized :class:`Report`.

    ``source`` is a path (``str`` or :class:`pathlib.Path`) to a ``.txt`` (UTF-8,
    UTF-8 with BOM, UTF-16, GB18030/GBK), ``.pdf`` or ``.html`` file, or the
    report text itself.  With ``words=True`` every sentence also gets its
    tokens (see :mod:`govreport_nlp.reading.words`).  Problems with the input raise
    :class:`~govreport_nlp.errors.GovReportError`.

    >>> import govreport_nlp as gr
    >>> report = gr.read("各位代表：\\n现在，我代表市人民政府向大会报告工作，请予审议。\\n一、2022年工作回顾\\n全市生产总值18753亿元、增长1. 5%。")
    >>> [s.text for s in report.sentences][-1]
    '全市生产总值18753亿元、增长1.5%。'
    """
    raw = load(source)
    lay = layout_mod.build(raw.text, pdf=raw.format == "pdf")
    norm = normalize(raw.text, lay)
    if not norm.text.strip():
        raise GovReportError(Errors.E010, path=raw.source)
    structure = parse(norm.text, norm.offsets, lay.n_title)
    sentences = build_sentences(norm.text, norm.offsets, structure)
    if report_id is None:
        report_id = "report" if raw.source.startswith("<") else Path(raw.source).stem
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
        dropped=lay.dropped,
        notes=raw.notes + (["hard-wrapped lines joined"] if lay.wrapped else []),
    )
    if words:
        report.tokenize(segmenter)
    return report

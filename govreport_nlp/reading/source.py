"""Readers: turn a file path or a string into raw report text.

``load(source)`` sniffs the format from the bytes (not only the file name):
PDF (text layer via pdfplumber), HTML (visible text of the page) or plain text
in UTF-8 (with or without BOM), UTF-16 or GB18030/GBK.  The returned
:class:`RawInput` keeps the text exactly as read; all repairs happen later in
:mod:`govreport_nlp.reading.normalize`, which maps every offset back to this text.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import Errors, GovReportError
from .pdf import read_pdf
from .text import check_chinese, decode_bytes, sniff_binary
from .web import html_to_text, looks_like_html

__all__ = ["RawInput", "load"]


@dataclass
class RawInput:
    text: str
    source: str  # file path, or "<text>"
    format: str  # "txt" | "pdf" | "html" | "text"
    encoding: str | None = None
    notes: list[str] = field(default_factory=list)


def _looks_like_text_argument(s: str) -> bool:
    """A str is report text (not a path) when it has a line break, is long, or is
    Chinese prose without a file extension."""
    if "\n" in s or len(s) > 255:
        return True
    if os.path.exists(s):
        return False
    cjk = sum("\u4e00" <= c <= "\u9fff" for c in s)
    return cjk >= 4 and not Path(s).suffix


def load(source) -> RawInput:
    """Read ``source`` (path, :class:`pathlib.Path`, bytes or report text)."""
    if isinstance(source, Path):
        return load_path(source)
    if isinstance(source, (bytes, bytearray)):
        return _from_bytes(bytes(source), "<bytes>", suffix="")
    if isinstance(source, str):
        if _looks_like_text_argument(source):
            check_chinese(source, "<text>")
            return RawInput(source, "<text>", "text")
        return load_path(Path(source))
    raise GovReportError(Errors.E011, what=type(source).__name__)


def load_path(path: Path) -> RawInput:
    name = str(path)
    if not path.exists():
        raise GovReportError(Errors.E001, path=name)
    if path.is_dir():
        raise GovReportError(Errors.E002, path=name)
    try:
        data = path.read_bytes()
    except OSError as exc:  # permissions, device files...
        raise GovReportError(Errors.E012, path=name, reason=exc.strerror or str(exc)) from None
    return _from_bytes(data, name, suffix=path.suffix.lower())


def _from_bytes(data: bytes, name: str, suffix: str) -> RawInput:
    if not data.strip():
        raise GovReportError(Errors.E003, path=name)
    if data[:5] == b"%PDF-":
        return RawInput(read_pdf(data, name), name, "pdf")
    sniff_binary(data, name)
    text, encoding = decode_bytes(data, name)
    notes = [] if encoding in ("utf-8", "ascii") else [f"decoded as {encoding}"]
    if suffix in (".html", ".htm", ".xhtml") or looks_like_html(text):
        text = html_to_text(text)
        check_chinese(text, name)
        return RawInput(text, name, "html", encoding, notes + ["visible text of an HTML page"])
    check_chinese(text, name)
    return RawInput(text, name, "txt", encoding, notes)

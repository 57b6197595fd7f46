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


#: suffixes of the files ``read`` takes: a one-line ``str`` that ends in one is a file name passed as text
FILE_SUFFIXES = (".txt", ".pdf", ".html", ".htm", ".xhtml")


def _looks_like_file_name(s: str) -> bool:
    """A ``str`` that is plainly a file name, not report text: one short line that ends in a report suffix or names
    an existing file (``"corpus/hangzhou-2023.txt"``, ``"杭州市政府工作报告.pdf"``).  Such a ``str`` is refused (E040)
    rather than annotated as the text of its own name; it is never read as a file."""
    s = s.strip()
    if not s or "\n" in s or len(s) > 255:
        return False
    return s.lower().endswith(FILE_SUFFIXES) or os.path.isfile(s)


def load(source, *, password: str | None = None) -> RawInput:
    """Read ``source``: a :class:`pathlib.Path` or any ``os.PathLike`` is a file; ``bytes`` are a file's content;
    a ``str`` is the report text itself (never a path: :func:`govreport_nlp.read_file` reads a file named by a
    ``str``).  ``password`` opens an encrypted PDF."""
    if isinstance(source, os.PathLike):
        return load_path(Path(source), password=password)
    if isinstance(source, (bytes, bytearray)):
        return _from_bytes(bytes(source), "<bytes>", suffix="", password=password)
    if isinstance(source, str):
        if _looks_like_file_name(source):
            raise GovReportError(Errors.E040, text=source)
        return RawInput(source, "<text>", "text")
    raise GovReportError(Errors.E011, what=type(source).__name__)


def load_path(path: Path, *, password: str | None = None) -> RawInput:
    name = str(path)
    if not path.exists():
        raise GovReportError(Errors.E001, path=name)
    if path.is_dir():
        raise GovReportError(Errors.E002, path=name)
    try:
        data = path.read_bytes()
    except OSError as exc:  # permissions, device files...
        raise GovReportError(Errors.E012, path=name, reason=exc.strerror or str(exc)) from None
    return _from_bytes(data, name, suffix=path.suffix.lower(), password=password)


def _from_bytes(data: bytes, name: str, suffix: str, password: str | None = None) -> RawInput:
    if not data.strip():
        raise GovReportError(Errors.E003, path=name)
    if data[:5] == b"%PDF-":
        text, notes = read_pdf(data, name, password=password)
        check_chinese(text, name)
        return RawInput(text, name, "pdf", notes=notes)
    sniff_binary(data, name)
    text, encoding = decode_bytes(data, name)
    notes = [] if encoding in ("utf-8", "ascii") else [f"decoded as {encoding}"]
    if suffix in (".html", ".htm", ".xhtml") or looks_like_html(text):
        text = html_to_text(text)
        check_chinese(text, name)
        return RawInput(text, name, "html", encoding, notes + ["visible text of an HTML page"])
    check_chinese(text, name)
    return RawInput(text, name, "txt", encoding, notes)

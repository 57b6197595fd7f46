"""PDF text layer: pdfplumber (pdfminer.six) first, pypdfium2 where pdfplumber gives no text.

Pages are joined with ``"\\n\\f\\n"`` so later stages see page breaks; running
headers and page numbers are removed by :mod:`govreport_nlp.reading.layout`.
"""

from __future__ import annotations

import io
import logging
import re
from contextlib import contextmanager

from ..errors import Errors, GovReportError
from .text import looks_chinese

_CID = re.compile(r"\(cid:\d+\)")


@contextmanager
def _quiet_pdfminer():
    """pdfminer logs a warning per odd font (missing FontBBox...); the text is what matters here."""
    log = logging.getLogger("pdfminer")
    level = log.level
    log.setLevel(logging.ERROR)
    try:
        yield
    finally:
        log.setLevel(level)


def read_pdf(data: bytes, name: str, *, password: str | None = None) -> tuple[str, list[str]]:
    """The text layer of a PDF, pages joined by ``"\\n\\f\\n"``; returns ``(text, notes)``.

    pdfplumber reads it first.  Where it fails or gives ``(cid:NNN)`` codes (fonts without a Unicode map, and PDFs
    protected by an owner password: copying "forbidden"), pypdfium2 reads it again, and its text is kept when it
    is text.  An encrypted PDF that needs a password raises E041 without one (or with a wrong one)."""
    try:
        text = _pdfplumber_text(data, name, password)
        error = None
    except GovReportError as exc:
        if exc.code == "E041":
            raise
        text, error = "", exc
    if error is None and _cid_share(text) <= MAX_CID_SHARE and len(_visible(text)) >= MIN_VISIBLE_CHARS:
        return text, []
    fallback = _pdfium_text(data, name, password)
    if fallback is not None and looks_chinese(fallback):  # not glyph numbers of a font without a Unicode map
        why = "pdfplumber could not open it" if error is not None else (
            "pdfplumber gave (cid:NNN) codes" if _cid_share(text) > MAX_CID_SHARE else "pdfplumber found no text")
        return fallback, [f"text extracted with pypdfium2 ({why})"]
    if error is not None:
        raise error
    if _cid_share(text) > MAX_CID_SHARE:
        raise GovReportError(Errors.E008, path=name, share=_cid_share(text))
    raise GovReportError(Errors.E007, path=name)


#: a text layer with more (cid:NNN) codes than this share of its visible characters is not text
MAX_CID_SHARE = 0.3
#: fewer visible characters than this: no text layer (a scan)
MIN_VISIBLE_CHARS = 20


def _visible(text: str) -> str:
    return re.sub(r"\s", "", text)


def _cid_share(text: str) -> float:
    visible = _visible(text)
    return sum(len(m) for m in _CID.findall(visible)) / len(visible) if visible else 0.0


def _pdfplumber_text(data: bytes, name: str, password: str | None) -> str:
    import pdfplumber
    from pdfminer.pdfparser import PDFSyntaxError

    try:
        with _quiet_pdfminer(), pdfplumber.open(io.BytesIO(data), password=password or "") as pdf:
            pages = [page.extract_text() or "" for page in pdf.pages]
    except PDFSyntaxError as exc:
        raise GovReportError(Errors.E009, path=name, reason=f"not a valid PDF: {exc}") from None
    except Exception as exc:  # encrypted, truncated... pdfminer raises many types
        if "PDFPasswordIncorrect" in repr(exc) or "PDFPasswordIncorrect" in type(exc).__name__:
            raise GovReportError(Errors.E041, path=name, problem=_password_problem(password)) from None
        reason = type(exc).__name__ + (f": {exc}" if str(exc) else "")
        raise GovReportError(Errors.E009, path=name, reason=reason) from None
    return "\n\f\n".join(pages)


def _pdfium_text(data: bytes, name: str, password: str | None) -> str | None:
    """The text of every page by pypdfium2 (``\\r\\n`` made ``\\n``), or ``None`` where it cannot open the PDF."""
    import pypdfium2 as pdfium

    try:
        doc = pdfium.PdfDocument(data, password=password or None)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise GovReportError(Errors.E041, path=name, problem=_password_problem(password)) from None
        return None
    try:
        pages = []
        for page in doc:
            textpage = page.get_textpage()
            pages.append(textpage.get_text_range().replace("\r\n", "\n").replace("\r", "\n"))
            textpage.close()
            page.close()
        return "\n\f\n".join(pages)
    finally:
        doc.close()


def _password_problem(password: str | None) -> str:
    return "needs a password to open" if not password else "the password given does not open it"

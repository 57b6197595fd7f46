"""PDF text layer via pdfplumber (pdfminer.six).

Pages are joined with ``"\\n\\f\\n"`` so later stages see page breaks; running
headers and page numbers are removed by :mod:`govreport_nlp.reading.layout`.
"""

from __future__ import annotations

import io
import logging
import re
from contextlib import contextmanager

from ..errors import Errors, GovReportError

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


def read_pdf(data: bytes, name: str) -> str:
    import pdfplumber
    from pdfminer.pdfparser import PDFSyntaxError

    try:
        with _quiet_pdfminer(), pdfplumber.open(io.BytesIO(data)) as pdf:
            pages = [page.extract_text() or "" for page in pdf.pages]
    except PDFSyntaxError as exc:
        raise GovReportError(Errors.E009, path=name, reason=f"not a valid PDF: {exc}") from None
    except Exception as exc:  # encrypted, truncated... pdfminer raises many types
        reason = type(exc).__name__ + (f": {exc}" if str(exc) else "")
        raise GovReportError(Errors.E009, path=name, reason=reason) from None
    text = "\n\f\n".join(pages)
    visible = re.sub(r"\s", "", text)
    cid_chars = sum(len(m) for m in _CID.findall(visible))
    if visible and cid_chars / len(visible) > 0.3:
        raise GovReportError(Errors.E008, path=name, share=cid_chars / len(visible))
    if len(visible) < 20:
        raise GovReportError(Errors.E007, path=name)
    return text

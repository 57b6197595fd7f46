"""Plain-text decoding with detection (never a silent guess) and input checks."""

from __future__ import annotations

import codecs
import logging
import re

from ..errors import Errors, GovReportError

logger = logging.getLogger("govreport_nlp")

_MAGIC = [
    (b"PK\x03\x04", "a ZIP archive or an Office .docx/.xlsx file; save the report as .txt or PDF"),
    (b"\xd0\xcf\x11\xe0", "an old Office .doc/.xls file; save the report as .txt or PDF"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"7z\xbc\xaf", "a 7z archive"),
    (b"Rar!", "a RAR archive"),
    (b"\x7fELF", "an executable"),
]
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LETTER = re.compile(r"[^\W\d_]")


#: a file whose first 8 KB hold more NUL and control bytes than this share is binary (E004); fewer are stray bytes
#: in a text file, dropped by the reader and listed in ``Report.dropped``
MAX_CONTROL_SHARE = 0.05


def sniff_binary(data: bytes, name: str) -> None:
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise GovReportError(Errors.E004, path=name, what=what)
    head = data[:8192]
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return
    controls = sum(b < 9 or 13 < b < 32 for b in head)
    if controls > len(head) * MAX_CONTROL_SHARE:
        raise GovReportError(Errors.E004, path=name, what=f"{controls} NUL or control bytes in its first {len(head)}")


def decode_bytes(data: bytes, name: str) -> tuple[str, str]:
    """Decode report bytes; returns ``(text, encoding)``.

    Tried in order, each strictly: UTF-8 (a BOM is dropped), UTF-16 (with BOM),
    GB18030 (a superset of GBK and GB2312).  A file that is none of these gets
    :data:`Errors.E006` naming the first byte that is not UTF-8.
    """
    if data.startswith(codecs.BOM_UTF8):
        try:
            return data[len(codecs.BOM_UTF8):].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError as exc:
            raise GovReportError(Errors.E006, path=name, offset=exc.start + 3) from None
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as exc:
            raise GovReportError(Errors.E006, path=name, offset=exc.start) from None
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as utf8_error:
        first_bad = utf8_error.start
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        raise GovReportError(Errors.E006, path=name, offset=first_bad) from None
    logger.info("%s: not UTF-8; decoded as GB18030 (GBK/GB2312 compatible)", name)
    return text, "gb18030"


#: a text is Chinese with at least this many CJK characters, making at least this share of its letters
MIN_CJK_CHARS = 8
MIN_CJK_SHARE = 0.3


def cjk_share(text: str) -> tuple[int, float]:
    """``(CJK characters, their share of all letters)``, counted without a list of matches (a 50 MB file has 17
    million)."""
    n_cjk = _CJK.subn("", text)[1]
    n_letters = _LETTER.subn("", text)[1]
    return n_cjk, (n_cjk / n_letters if n_letters else 0.0)


def looks_chinese(text: str) -> bool:
    n_cjk, share = cjk_share(text)
    return n_cjk >= MIN_CJK_CHARS and share >= MIN_CJK_SHARE


def check_chinese(text: str, name: str) -> None:
    """Refuse a file whose text is not Chinese: fewer than 8 CJK characters, or CJK characters under 30% of all
    letters (E005)."""
    if not looks_chinese(text):
        n_cjk, share = cjk_share(text)
        raise GovReportError(Errors.E005, path=name, n_cjk=n_cjk, share=share)

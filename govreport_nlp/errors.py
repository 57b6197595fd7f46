"""Errors a user can cause, each with a code and a one-line message.

Every problem with the *input* (a missing file, a PDF without text, bytes that
are not Chinese text...) raises :class:`GovReportError`.  The CLI prints its
message on one line and exits with status 1; library users can catch it.
Bugs in the library raise ordinary exceptions.
"""

from __future__ import annotations

from enum import Enum


class Errors(str, Enum):
    """Message templates, one per code (formatted with ``str.format``)."""

    E001 = "{path}: no such file"
    E002 = "{path}: is a directory, not a report file (pass the files inside it)"
    E003 = "{path}: file is empty"
    E004 = "{path}: looks like a binary file ({what}), not a text, HTML or PDF report"
    E005 = (
        "{path}: does not look like Chinese text ({n_cjk} CJK characters, "
        "{share:.1%} of its letters); govreport_nlp reads Chinese reports only"
    )
    E006 = (
        "{path}: cannot decode the bytes as UTF-8, UTF-16 or GB18030 "
        "(first bad byte at offset {offset}); re-save the file as UTF-8"
    )
    E007 = (
        "{path}: the PDF has no text layer (scanned pages?); run OCR first "
        "(e.g. ocrmypdf --language chi_sim) and pass the result"
    )
    E008 = (
        "{path}: the PDF's text comes out as (cid:NNN) codes ({share:.0%} of the text): "
        "its fonts carry no Unicode map; extract the text with another tool or OCR the PDF"
    )
    E009 = "{path}: cannot open the PDF ({reason})"
    E010 = "{path}: the report body is empty after removing page chrome and furniture"
    E011 = "cannot read {what!r}: pass a file path, a pathlib.Path or the report text itself"
    E012 = "{path}: cannot read the file ({reason})"
    E013 = "{path}, line {line}: not a JSON object ({reason})"
    E014 = "{path}: {n} annotation problem(s); first: {first}"
    E015 = "{path}: unknown annotation format {fmt!r}; use one of {choices}"

    def format(self, **kwargs) -> str:  # type: ignore[override]
        return f"[{self.name}] " + self.value.format(**kwargs)


class GovReportError(ValueError):
    """A problem with the input; ``code`` names the entry in :class:`Errors`."""

    def __init__(self, error: Errors, **kwargs):
        self.code = error.name
        self.details = kwargs
        super().__init__(error.format(**kwargs))

"""Errors a user can cause, each with a code and a one-line message.

Every problem a user can cause raises :class:`GovReportError` with a code of this one catalogue: problems with
the *input* (a missing file, a PDF without text, bytes that are not Chinese text, a model that is not there...)
and *bad usage* (a setting out of range, an unknown format; the codes in :data:`USAGE`).  The CLI prints the
message on one line and exits with status 1 for bad input, 2 for bad usage (as argparse does for bad options);
library users can catch it (it is a ``ValueError``).  Bugs in the library raise ordinary exceptions.
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
    E011 = "cannot read {what!r}: pass the report text (str), a file (pathlib.Path) or a file's bytes"
    E012 = "{path}: cannot read the file ({reason})"
    E013 = "{path}, line {line}: not a JSON object ({reason})"
    E014 = "{path}: {n} annotation problem(s); first: {first}"
    E015 = "{path}: unknown annotation format {fmt!r}; use one of {choices}"
    E016 = ("annotator model {name!r} not found: not a folder of models/ nor a model directory "
            "(local models: {listing}); train one with `govreport train`")
    E017 = "cannot load base model {name!r}: {reason}{listing}"
    E018 = "{option} {path}: no such directory"
    E019 = "{name}: no such file{hint}"
    E020 = "{path}: not in a manifest.json beside it, so its source report is unknown"
    E021 = "{path}: source {source} not available (--data {data})"
    E022 = "{path}: no labelled sentence in the export ({fmt}); nothing written"
    E023 = "--exclude leaves no sentence to score"
    E024 = "no pkuseg model (features.msgpack) {where}"
    E025 = "cannot run the annotator on device {device!r}: {reason}"
    E026 = "{path} has another vocabulary than the work folder's tokenizer; pretrain it with this work folder"
    E027 = "base model {name!r} does not fit: missing {missing}, unexpected {unexpected}"
    E028 = "{what}: no records to train on"
    E029 = "{data}: no cws/ folder there"
    E040 = ("{text!r} is a str, and a str is read as the report's text: to read the file, pass "
            "pathlib.Path({text!r}) or call gr.read_file({text!r})")
    E041 = ("{path}: the PDF is encrypted and {problem}; pass its password (password=… in Python, --password on "
            "the command line)")
    E042 = "{path}: not a valid indicator list: {problem} (docs/panel.md says how to write one)"
    E043 = "{what}: nothing to build a panel from{hint}"
    E044 = "--out {path}: is a file; give a folder for the dataset (it is made if missing)"
    E045 = 'the Ray engine needs Ray: pip install -e ".[ray]" (or pip install "ray[data]")'
    E046 = "{path}: an internal error while annotating it ({reason}); the run went on: please report this"
    E047 = 'exporting to ONNX needs {missing}: pip install -e ".[export]"'
    E048 = "{path}: {problem} (run: govreport export-onnx {path}; or use the torch model: backend='torch')"
    # bad usage (exit status 2)
    E030 = "invalid setting: {reason}"
    E031 = "-o {path}: is a directory; give a file name"
    E032 = "--threshold is a probability (0-1), not {value}"
    E033 = "{what} must be one of {choices}, not {value!r}"
    E034 = "render_html needs an annotated report: run gr.load() on it first"
    E035 = "leave-one-report-out needs {reason}"
    E036 = "govreport: cannot read doc {index} of this batch as a report: {reason}"
    E037 = "govreport: tasks must be a non-empty list of {choices}; got {tasks}"
    E038 = "govreport: the task 'metrics' needs 'entities' (records are read off METRIC entities)"
    E039 = "govreport: no annotator model in {path}"

    def format(self, **kwargs) -> str:  # type: ignore[override]
        return f"[{self.name}] " + self.value.format(**kwargs)


#: codes of bad usage (a setting, an option or a call that cannot work); the CLI exits with status 2 for them
USAGE = frozenset({"E015", "E030", "E040", "E031", "E032", "E033", "E034", "E035", "E037", "E038"})


class GovReportError(ValueError):
    """A problem a user caused; ``code`` names the entry in :class:`Errors`, ``usage`` says it is bad usage
    rather than bad input."""

    def __init__(self, error: Errors, **kwargs):
        self.code = error.name
        self.details = kwargs
        super().__init__(error.format(**kwargs))

    @property
    def usage(self) -> bool:
        return self.code in USAGE

    @property
    def exit_status(self) -> int:
        """What the CLI exits with: 2 for bad usage, 1 for bad input."""
        return 2 if self.usage else 1

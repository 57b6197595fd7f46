"""What several commands share: options made from a settings dataclass, the annotator of ``--model``, gold files."""

from __future__ import annotations

import argparse
import dataclasses
from pathlib import Path

from ..errors import Errors, GovReportError


def dataclass_options(parser: argparse.ArgumentParser, cls) -> None:
    """One --option per dataclass field, typed and with the field's default and help."""
    for f in dataclasses.fields(cls):
        default = f.default
        if isinstance(default, bool):
            parser.add_argument("--" + f.name.replace("_", "-"), dest=f.name, action=argparse.BooleanOptionalAction,
                                default=default, help=f"{f.metadata.get('help', '')} (default: {default})".strip())
            continue
        parser.add_argument("--" + f.name.replace("_", "-"), dest=f.name, type=type(default), default=default,
                            metavar=f.name.upper(), help=f"{f.metadata.get('help', '')} (default: {default})".strip())


def settings(cls, args):
    """``cls`` (a settings dataclass, which checks its values: E030) from the options of :func:`dataclass_options`."""
    return cls(**{f.name: getattr(args, f.name) for f in dataclasses.fields(cls)})


def add_model_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--model", default=None, help="annotator model: a models/ name or a directory "
                        "(default: govreport-annotator)")
    parser.add_argument("--batch-size", type=int, default=32)


def add_password_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--password", default=None, help="the password of encrypted PDFs")


def check_input_files(files) -> list[Path]:
    """Report files named on the command line, checked before any model loads: each must exist, be a file and be
    readable (E001, E002, E012, E003)."""
    import os

    out = []
    for f in files:
        path = Path(f)
        if not path.exists():
            raise GovReportError(Errors.E001, path=f)
        if path.is_dir():
            raise GovReportError(Errors.E002, path=f)
        if not os.access(path, os.R_OK):
            raise GovReportError(Errors.E012, path=f, reason="permission denied")
        if path.stat().st_size == 0:
            raise GovReportError(Errors.E003, path=f)
        out.append(path)
    return out


def annotator(args):
    """The annotator of ``--model`` and ``--batch-size`` (E016 when there is no such model)."""
    from ..annotate import load

    return load(args.model, batch_size=args.batch_size, quantize=getattr(args, "quantize", None))


def check_output_file(path) -> Path:
    """``-o`` must name a file, not a folder (E031)."""
    out = Path(path)
    if out.is_dir():
        raise GovReportError(Errors.E031, path=out)
    return out


def gold_records(files):
    """The gold records of annotation files, each of which must exist (E001, E002)."""
    from ..annotations.schema import iter_records

    for f in files:
        if not Path(f).is_file():
            raise GovReportError(Errors.E001 if not Path(f).exists() else Errors.E002, path=f)
    return list(iter_records(files))

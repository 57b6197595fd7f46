"""Base models: the project's own compact Chinese BERT, or any BERT a user names.

``load_base_model(name)`` accepts

* the name of a shipped model (``"govbert-small"``, the default; found as :mod:`.lookup` says);
* a local directory with ``config.json`` (a downloaded ``bert-base-chinese``,
  ``hfl/chinese-roberta-wwm-ext``, or a checkpoint of your own);
* a Hugging Face hub id, loaded with ``from_pretrained`` as usual (cache or network).

A name that cannot be loaded raises :class:`~govreport_nlp.errors.GovReportError` (E017), whose message lists
the local models that do exist.
"""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path

from ..errors import Errors, GovReportError
from ..shipped import find_model, local_models

DEFAULT_BASE_MODEL = "govbert-small"


def resolve(name: str | Path | None = None, dirs: list[Path] | None = None) -> str:
    """Path or hub id to hand to ``from_pretrained``."""
    name = str(name or DEFAULT_BASE_MODEL)
    found = find_model(name, dirs=dirs)
    if found is not None:
        return str(found)
    if Path(name).is_dir():
        raise GovReportError(Errors.E017, name=name, reason="a directory without config.json is not a model "
                             "checkpoint", listing=_listing(dirs))
    return name  # a hub id: from_pretrained decides


def _listing(dirs: list[Path] | None = None) -> str:
    local = local_models(dirs=dirs)
    if not local:
        return "; no local models"
    return "; local models: " + ", ".join(f"{n} ({p})" for n, p in local.items())


def resolve_device(name: str = "auto"):
    """``torch.device`` of ``name``: ``"auto"`` is the first CUDA GPU where there is one, else the CPU."""
    import torch

    if name == "auto":
        name = "cuda" if torch.cuda.is_available() else "cpu"
    return torch.device(name)


@contextmanager
def quiet_transformers():
    """Silence transformers' expected notices and its progress bars while loading or saving (the load report
    of an encoder taken out of a masked-LM checkpoint; the model-type notice of a tokenizer saved with our
    model; the bar of writing one small weights file)."""
    from transformers.utils import logging as hf_logging

    before, bars = hf_logging.get_verbosity(), hf_logging.is_progress_bar_enabled()
    hf_logging.set_verbosity_error()
    hf_logging.disable_progress_bar()
    try:
        yield
    finally:
        hf_logging.set_verbosity(before)
        if bars:
            hf_logging.enable_progress_bar()


def load_base_model(name: str | Path | None = None, *, head: str = "mlm", dirs: list[Path] | None = None,
                    local_files_only: bool = False):
    """``(tokenizer, model)`` for ``name``; ``head`` is ``"mlm"`` (masked LM) or ``"none"`` (encoder only).

    ``local_files_only=True`` never touches the network (a hub id must be in the local cache)."""
    from transformers import AutoModel, AutoModelForMaskedLM, AutoTokenizer

    target = resolve(name, dirs)
    cls = {"mlm": AutoModelForMaskedLM, "none": AutoModel}[head]
    try:
        with quiet_transformers():
            tokenizer = AutoTokenizer.from_pretrained(target, local_files_only=local_files_only)
            model = cls.from_pretrained(target, local_files_only=local_files_only)
    except OSError as exc:  # unreachable hub, unknown id, missing files
        first_line = str(exc).splitlines()[0][:200]
        reason = f"not a shipped model, not a local directory, and from_pretrained failed ({first_line})"
        raise GovReportError(Errors.E017, name=name, reason=reason, listing=_listing(dirs)) from None
    return tokenizer, model

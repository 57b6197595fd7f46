"""Base models: the project's own compact Chinese BERT, or any BERT a user names.

``load_base_model(name)`` accepts

* the name of a model shipped in this repository's ``models/`` folder
  (``"govbert-small"``, the default);
* a local directory with ``config.json`` (a downloaded ``bert-base-chinese``,
  ``hfl/chinese-roberta-wwm-ext``, or a checkpoint of your own);
* a Hugging Face hub id, loaded with ``from_pretrained`` as usual (cache or network).

A name that cannot be loaded raises :class:`BaseModelNotFound`, whose message lists
the local models that do exist.
"""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path

MODELS_DIR = Path(__file__).resolve().parent.parent.parent / "models"
DEFAULT_BASE_MODEL = "govbert-small"


class BaseModelNotFound(OSError):
    pass


def local_models(models_dir: Path = MODELS_DIR) -> dict[str, Path]:
    """Models shipped under ``models/``: name -> directory (those with a ``config.json``)."""
    if not models_dir.is_dir():
        return {}
    return {p.name: p for p in sorted(models_dir.iterdir()) if (p / "config.json").is_file()}


def resolve(name: str | Path | None = None, models_dir: Path = MODELS_DIR) -> str:
    """Path or hub id to hand to ``from_pretrained``."""
    name = str(name or DEFAULT_BASE_MODEL)
    local = local_models(models_dir)
    if name in local:
        return str(local[name])
    if Path(name).is_dir():
        if not (Path(name) / "config.json").is_file():
            raise BaseModelNotFound(f"{name}: a directory without config.json is not a model checkpoint"
                                    + _listing(local))
        return name
    return name  # a hub id: from_pretrained decides


def _listing(local: dict[str, Path]) -> str:
    if not local:
        return "; no local models in models/"
    return "; local models: " + ", ".join(f"{n} ({p})" for n, p in local.items())


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


def load_base_model(name: str | Path | None = None, *, head: str = "mlm", models_dir: Path = MODELS_DIR,
                    local_files_only: bool = False):
    """``(tokenizer, model)`` for ``name``; ``head`` is ``"mlm"`` (masked LM) or ``"none"`` (encoder only).

    ``local_files_only=True`` never touches the network (a hub id must be in the local cache)."""
    from transformers import AutoModel, AutoModelForMaskedLM, AutoTokenizer

    target = resolve(name, models_dir)
    cls = {"mlm": AutoModelForMaskedLM, "none": AutoModel}[head]
    try:
        with quiet_transformers():
            tokenizer = AutoTokenizer.from_pretrained(target, local_files_only=local_files_only)
            model = cls.from_pretrained(target, local_files_only=local_files_only)
    except OSError as exc:  # unreachable hub, unknown id, missing files
        raise BaseModelNotFound(
            f"cannot load base model {name!r}: not shipped in models/, not a local directory, and "
            f"from_pretrained failed ({str(exc).splitlines()[0][:200]})" + _listing(local_models(models_dir))
        ) from None
    return tokenizer, model

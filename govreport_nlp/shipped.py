"""Where the shipped models are, after any install.

A model named by its folder name (``govreport-annotator``, ``govbert-small``, ``pkuseg``) is looked up in order:

1. an explicit path: a folder holding the model (it wins over every name);
2. the folders in ``GOVREPORT_MODELS`` (``os.pathsep``-separated), each holding model folders;
3. the models installed with the package (``govreport_nlp/_models``: a ``pip install .`` or a wheel copies the
   repository's ``models/`` there; see ``setup.py``);
4. the repository checkout's ``models/`` (an editable install, or running from the source tree).

The first place that has the name wins.  :func:`local_models` lists them all.
"""

from __future__ import annotations

import os
from pathlib import Path

from .errors import Errors, GovReportError

#: the environment variable naming extra model folders
MODELS_ENV = "GOVREPORT_MODELS"
#: models installed with the package (filled by setup.py's build step)
INSTALLED_DIR = Path(__file__).resolve().parent / "_models"
#: the checkout's models/ folder, where the library runs from the source tree
CHECKOUT_DIR = Path(__file__).resolve().parent.parent / "models"
#: the model ``gr.load()`` opens when none is named
DEFAULT_ANNOTATOR = "govreport-annotator"
#: a folder is a model of a kind when it holds this file
MARKERS = {"transformers": "config.json", "pkuseg": "features.msgpack"}


def model_dirs() -> list[Path]:
    """The folders searched for models by name, in order."""
    env = [Path(p) for p in os.environ.get(MODELS_ENV, "").split(os.pathsep) if p]
    return [*env, INSTALLED_DIR, CHECKOUT_DIR]


def local_models(kind: str = "transformers", dirs: list[Path] | None = None) -> dict[str, Path]:
    """Models found by name: name -> folder (the first of :func:`model_dirs` that has it)."""
    marker = MARKERS[kind]
    found: dict[str, Path] = {}
    for d in model_dirs() if dirs is None else dirs:
        if d.is_dir():
            for p in sorted(d.iterdir()):
                if p.name not in found and (p / marker).is_file():
                    found[p.name] = p
    return found


def find_model(name, kind: str = "transformers", dirs: list[Path] | None = None) -> Path | None:
    """The folder of ``name`` (a path to a model folder, or a model's name), or ``None``."""
    name = str(name)
    path = Path(name)
    if path.is_dir() and (path / MARKERS[kind]).is_file():
        return path
    return local_models(kind, dirs).get(name)


def find_annotator(model=None) -> Path:
    """The annotator ``model`` names (default :data:`DEFAULT_ANNOTATOR`); E016 when there is none."""
    name = str(model or DEFAULT_ANNOTATOR)
    found = find_model(name)
    if found is None:
        raise GovReportError(Errors.E016, name=name, listing=", ".join(local_models()) or "none")
    return found


def checkout_annotations() -> Path | None:
    """The project's gold corpus (``annotations/``) where the library runs from a checkout, else ``None``."""
    folder = CHECKOUT_DIR.parent / "annotations"
    return folder if folder.is_dir() else None

"""Build step that puts the shipped models into the package: ``pip install .`` and wheels copy the repository's
``models/`` to ``govreport_nlp/_models`` (found there by :mod:`govreport_nlp.shipped`).  An editable install
copies nothing: the library finds the checkout's ``models/`` instead.  Everything else is in pyproject.toml."""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

#: the models a user gets with the package (folders of models/)
SHIPPED = ("govreport-annotator", "govbert-small", "pkuseg")
#: files of a model folder that the package does not need
LEFT_OUT = ("training_log*.json",)


class BuildWithModels(build_py):
    def run(self):
        super().run()
        if getattr(self, "editable_mode", False):
            return
        here = Path(__file__).resolve().parent
        target = Path(self.build_lib) / "govreport_nlp" / "_models"
        for name in SHIPPED:
            src = here / "models" / name
            if not src.is_dir():
                raise SystemExit(f"models/{name} is missing: the package cannot be built without its models")
            if (target / name).exists():
                shutil.rmtree(target / name)
            shutil.copytree(src, target / name, ignore=shutil.ignore_patterns(*LEFT_OUT))


setup(cmdclass={"build_py": BuildWithModels})

"""The package works when installed like any other: a wheel built with ``python -m build``, installed in a fresh
virtual environment outside the repository, annotates with its own models (no checkout on ``sys.path``, no
``../shared``)."""

import json
import os
import subprocess
import sys
import sysconfig
import venv
import zipfile

import pytest

from .conftest import ROOT, SAMPLE

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    out = tmp_path_factory.mktemp("dist")
    subprocess.run([sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(out), str(ROOT)],
                   check=True, capture_output=True, text=True)
    (whl,) = out.glob("govreport_nlp-*.whl")
    return whl


@pytest.fixture(scope="module")
def installed(wheel, tmp_path_factory):
    """A new venv holding the wheel; the libraries it depends on come from this interpreter's site-packages
    through a path file (their folders only: no .pth of theirs runs, so no editable checkout is on the path)."""
    home = tmp_path_factory.mktemp("venv")
    venv.create(home / "env", with_pip=True)
    env_python = home / "env" / "bin" / "python"
    site = subprocess.run([str(env_python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          check=True, capture_output=True, text=True).stdout.strip()
    deps = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    with open(os.path.join(site, "_govreport_test_deps.pth"), "w") as fh:
        fh.write("\n".join(sorted(deps)) + "\n")
    subprocess.run([str(env_python), "-m", "pip", "install", "--no-deps", "--no-index", str(wheel)], check=True,
                   capture_output=True, text=True)
    run_env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "GOVREPORT_MODELS",
                                                                "GOVREPORT_PKUSEG_MODEL")}
    return env_python, site, home, run_env


def test_the_wheel_carries_the_models(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    for model in ("govreport-annotator", "govbert-small", "pkuseg"):
        assert any(n.startswith(f"govreport_nlp/_models/{model}/") for n in names), model
    assert "govreport_nlp/spec/labels.json" in names and "govreport_nlp/track_scorer.json" in names


def test_installed_package_loads_its_own_models(installed):
    env_python, site, home, env = installed
    code = ("import sys, govreport_nlp as gr\n"
            f"assert not any(p.startswith({str(ROOT)!r}) for p in sys.path if p), sys.path\n"
            "from govreport_nlp.reading.words import find_pkuseg_model\n"
            "r = gr.load()('各位代表：\\n现在，我代表市人民政府向大会报告工作。\\n一、2022年工作回顾\\n"
            "全市生产总值18753亿元、增长1.5%。\\n')\n"
            "print(gr.__file__, gr.load().path, find_pkuseg_model(), [e.text for e in r.sentences[-1].entities])\n")
    out = subprocess.run([str(env_python), "-c", code], cwd=home, env=env, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr[-2000:]
    module, annotator, pkuseg, ents = out.stdout.split(maxsplit=3)
    assert module.startswith(site) and annotator.startswith(site) and pkuseg.startswith(site)
    assert "18753亿元" in ents


def test_installed_cli_annotates_the_sample(installed):
    env_python, site, home, env = installed
    sample = home / "hangzhou-2023.txt"
    sample.write_bytes(SAMPLE.read_bytes())
    out = subprocess.run([str(env_python.parent / "govreport"), "annotate", str(sample), "-o", str(home / "out.jsonl")],
                         cwd=home, env=env, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr[-2000:]
    rows = [json.loads(line) for line in (home / "out.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(rows) == 370 and rows[8]["stype"] == "achievement"

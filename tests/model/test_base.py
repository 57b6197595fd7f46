"""Naming a base model: shipped, local directory, or hub id with a clear error when unreachable."""

import pytest

from govreport_nlp.errors import GovReportError
from govreport_nlp.model.base import load_base_model, resolve
from govreport_nlp.shipped import local_models


def test_unreachable_hub_name_lists_local_models(tmp_path):
    (tmp_path / "govbert-small").mkdir()
    (tmp_path / "govbert-small" / "config.json").write_text("{}")
    with pytest.raises(GovReportError, match=r"E017.*cannot load base model 'bert-base-chinese'.*local models: "
                                             r"govbert-small"):
        load_base_model("bert-base-chinese", dirs=[tmp_path], local_files_only=True)


def test_directory_without_config_is_refused(tmp_path):
    with pytest.raises(GovReportError, match="without config.json"):
        resolve(str(tmp_path), dirs=[tmp_path / "none"])


def test_local_names_resolve(tmp_path):
    (tmp_path / "m").mkdir()
    (tmp_path / "m" / "config.json").write_text("{}")
    assert local_models(dirs=[tmp_path]) == {"m": tmp_path / "m"}
    assert resolve("m", dirs=[tmp_path]) == str(tmp_path / "m")
    assert resolve("hfl/chinese-roberta-wwm-ext", dirs=[tmp_path]) == "hfl/chinese-roberta-wwm-ext"


def test_lookup_order_path_then_environment_then_installed_then_checkout(tmp_path, monkeypatch):
    import govreport_nlp.shipped as shipped

    for folder in ("env", "installed", "checkout"):
        (tmp_path / folder / "m").mkdir(parents=True)
        (tmp_path / folder / "m" / "config.json").write_text("{}")
    (tmp_path / "checkout" / "only-here").mkdir()
    (tmp_path / "checkout" / "only-here" / "config.json").write_text("{}")
    monkeypatch.setattr(shipped, "INSTALLED_DIR", tmp_path / "installed")
    monkeypatch.setattr(shipped, "CHECKOUT_DIR", tmp_path / "checkout")
    monkeypatch.delenv(shipped.MODELS_ENV, raising=False)
    assert shipped.find_model("m") == tmp_path / "installed" / "m"
    monkeypatch.setenv(shipped.MODELS_ENV, str(tmp_path / "env"))
    assert shipped.find_model("m") == tmp_path / "env" / "m"
    assert shipped.find_model("only-here") == tmp_path / "checkout" / "only-here"
    assert shipped.find_model(str(tmp_path / "checkout" / "m")) == tmp_path / "checkout" / "m"  # a path wins
    assert shipped.find_model("nowhere") is None

"""Naming a base model: shipped, local directory, or hub id with a clear error when unreachable."""

import pytest

from govreport_nlp.model.base import BaseModelNotFound, load_base_model, local_models, resolve


def test_unreachable_hub_name_lists_local_models(tmp_path):
    (tmp_path / "govbert-small").mkdir()
    (tmp_path / "govbert-small" / "config.json").write_text("{}")
    with pytest.raises(BaseModelNotFound, match=r"cannot load base model 'bert-base-chinese'.*local models: govbert-small"):
        load_base_model("bert-base-chinese", models_dir=tmp_path, local_files_only=True)


def test_directory_without_config_is_refused(tmp_path):
    with pytest.raises(BaseModelNotFound, match="without config.json"):
        resolve(str(tmp_path), models_dir=tmp_path / "none")


def test_local_names_resolve(tmp_path):
    (tmp_path / "m").mkdir()
    (tmp_path / "m" / "config.json").write_text("{}")
    assert local_models(tmp_path) == {"m": tmp_path / "m"}
    assert resolve("m", models_dir=tmp_path) == str(tmp_path / "m")
    assert resolve("hfl/chinese-roberta-wwm-ext", models_dir=tmp_path) == "hfl/chinese-roberta-wwm-ext"

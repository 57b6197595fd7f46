import pytest

from ..conftest import SAMPLE


@pytest.fixture(scope="session")
def tiny_data(tmp_path_factory):
    """A data folder in the layout of ../shared/data holding two small reports."""
    root = tmp_path_factory.mktemp("data")
    text = SAMPLE.read_text(encoding="utf-8")
    hailar = root / "gwr_hailar_district"
    hailar.mkdir()
    half = len(text) // 2
    (hailar / "hailar_2015.txt").write_text(text[:half], encoding="utf-8")
    (hailar / "hailar_2016.txt").write_text(text[half:], encoding="utf-8")
    (hailar / "hailar_2019.txt").write_text("各位代表：这是保留给外部评测的报告，不得读取。" * 5, encoding="utf-8")
    return root

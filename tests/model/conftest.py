import pytest

from govreport_nlp.reading.corpora import _BUILTIN_RESERVED

from ..conftest import SAMPLE

# the reserved district report's file name, taken from the library's list rather than spelt here
RESERVED_DISTRICT_FILE = next(rel for rel, row in _BUILTIN_RESERVED if row is None).split("/")[-1]


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
    # a stand-in under the reserved file's name: the corpus readers must never read it
    (hailar / RESERVED_DISTRICT_FILE).write_text("各位代表：这是保留给外部评测的报告，不得读取。" * 5, encoding="utf-8")
    return root

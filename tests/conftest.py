import os
from pathlib import Path

import pytest

import govreport_nlp as gr

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "corpus" / "hangzhou-2023.txt"
SHARED_DATA = Path(os.environ.get("GOVREPORT_SHARED_DATA", ROOT.parent / "shared" / "data"))


@pytest.fixture(scope="session")
def hangzhou() -> gr.Report:
    return gr.read(SAMPLE)


@pytest.fixture(scope="session")
def hangzhou_raw() -> str:
    return SAMPLE.read_text(encoding="utf-8")


def pytest_collection_modifyitems(config, items):
    if not SHARED_DATA.is_dir():
        skip = pytest.mark.skip(reason=f"shared data not found at {SHARED_DATA} (set GOVREPORT_SHARED_DATA)")
        for item in items:
            if "shared_data" in item.keywords:
                item.add_marker(skip)


@pytest.fixture(scope="session")
def gold():
    """Every record of the gold corpus (annotations/*.jsonl)."""
    from govreport_nlp.annotations import read_jsonl

    return [r for p in sorted((ROOT / "annotations").glob("*.jsonl")) for r in read_jsonl(p)]

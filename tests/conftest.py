import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

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


# Hypothesis (tests/test_fuzz.py): a few dozen cases per property in the normal run, 10,000 with ``-m fuzz``
_FUZZ = dict(deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                                                      HealthCheck.large_base_example, HealthCheck.data_too_large])
settings.register_profile("quick", max_examples=25, **_FUZZ)
settings.register_profile("fuzz", max_examples=10_000, **_FUZZ)


def pytest_configure(config):
    settings.load_profile("fuzz" if config.getoption("markexpr", "") == "fuzz" else "quick")


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


@pytest.fixture(scope="session")
def hz_gold(gold):
    """The gold records of the sample report."""
    return [r for r in gold if r.report_id == "hangzhou-2023"]


@pytest.fixture(scope="session")
def tiny_base(tmp_path_factory):
    """A tiny randomly initialised BERT with the project's tokenizer (built from the sample report), saved
    as a standard checkpoint: a stand-in base model for tests."""
    from transformers import BertConfig, BertForMaskedLM

    from govreport_nlp.model.tokenizer import build_tokenizer

    out = tmp_path_factory.mktemp("tiny-base")
    build_tokenizer([SAMPLE], out, vocab_size=12000)
    from transformers import AutoTokenizer

    tok = AutoTokenizer.from_pretrained(str(out))
    torch_seed = __import__("torch").manual_seed(0)  # noqa: F841
    model = BertForMaskedLM(BertConfig(vocab_size=len(tok), hidden_size=32, num_hidden_layers=1, num_attention_heads=2,
                                       intermediate_size=64, max_position_embeddings=512, pad_token_id=tok.pad_token_id))
    model.save_pretrained(out)
    return out


@pytest.fixture(scope="session")
def tiny_annotator(tiny_base, gold, tmp_path_factory):
    """An annotator fine-tuned from the tiny base for one epoch on 120 gold sentences (fast, not accurate)."""
    from govreport_nlp.model.finetune import TrainConfig, save, train

    data = [r for r in gold if r.report_id == "national-2023"][:120]
    cfg = TrainConfig(base=str(tiny_base), epochs=1, batch_size=16, lr=1e-3, val_fraction=0.0, threads=1)
    tok, model, log = train(data, cfg, progress=False)
    return save(tok, model, log, tmp_path_factory.mktemp("annotator") / "m")


@pytest.fixture(scope="session")
def shipped_hangzhou():
    """The sample report annotated by the shipped model (models/govreport-annotator)."""
    return gr.load(threads=2)(SAMPLE)

"""Pretraining with a tiny config: runs, resumes exactly, and saves a standard checkpoint."""

import json

import numpy as np
import pytest
import torch
from transformers import AutoModelForMaskedLM, AutoTokenizer

from govreport_nlp.model.corpus import iter_documents, is_heldout
from govreport_nlp.model.pretrain import PretrainConfig, mask_whole_words, pretrain

from ..conftest import SAMPLE


class FakeTokenizer:
    """Just what masking needs: ids 0-4 are special, 4 is [MASK], a vocabulary of 100."""

    mask_token_id, pad_token_id, all_special_ids = 4, 0, [0, 1, 2, 3, 4]

    def __len__(self):
        return 100


def tiny(tmp_path, data, **kw):
    base = dict(corpus=str(data), out=str(tmp_path / "out"), work=str(tmp_path / "work"),
                sample_report=str(SAMPLE), vocab_size=8000, layers=1, hidden=32, heads=2, seq_len=32,
                batch_size=4, steps=6, eval_every=3, eval_blocks=8, checkpoint_every=2, log_every=1, threads=1)
    base.update(kw)
    return PretrainConfig(**base)


def test_corpus_leaves_reserved_out_and_holds_the_sample_out(tiny_data):
    docs = list(iter_documents(tiny_data, SAMPLE))
    ids = [d.id for d in docs]
    assert "report/hangzhou-2023" in ids and is_heldout("report/hangzhou-2023")
    assert not any("2019" in i for i in ids)
    assert not any("保留给外部评测" in line for d in docs for line in d.lines)


def test_resumed_run_equals_uninterrupted_run(tmp_path, tiny_data):
    a = pretrain(tiny(tmp_path / "a", tiny_data))
    assert a["finished"] and a["steps"] == 6
    stopped = pretrain(tiny(tmp_path / "b", tiny_data, max_minutes=1e-9))
    assert not stopped["finished"] and stopped["step"] == 1
    b = pretrain(tiny(tmp_path / "b", tiny_data))
    assert b["finished"] and b["steps"] == 6
    ma = AutoModelForMaskedLM.from_pretrained(tmp_path / "a" / "out")
    mb = AutoModelForMaskedLM.from_pretrained(tmp_path / "b" / "out")
    for (name, pa), (_, pb) in zip(ma.state_dict().items(), mb.state_dict().items()):
        assert torch.equal(pa, pb), name
    assert a["heldout_loss"] == b["heldout_loss"]
    log = json.loads((tmp_path / "a" / "out" / "training_log.json").read_text())
    assert log["untrained_heldout_perplexity"] > 0 and log["tokens_seen"] > 0
    tok = AutoTokenizer.from_pretrained(tmp_path / "a" / "out")
    out = ma(**tok("国内生产总值", return_tensors="pt"))
    assert out.logits.shape[-1] == len(tok)


def test_second_phase_starts_from_the_first_phase_on_longer_blocks(tmp_path, tiny_data):
    first = tiny(tmp_path, tiny_data)
    pretrain(first)
    second = tiny(tmp_path, tiny_data, out=str(tmp_path / "long"), init_from=first.out, seq_len=64, steps=2, lr=1e-12)
    res = pretrain(second)
    assert res["finished"] and (tmp_path / "work" / "checkpoint-long" / "state.pt").is_file()
    assert (tmp_path / "work" / "blocks-64.npz").is_file()
    ma = AutoModelForMaskedLM.from_pretrained(first.out)
    mb = AutoModelForMaskedLM.from_pretrained(second.out)
    # a learning rate of 1e-12 leaves the first phase's weights as they were
    for (name, pa), (_, pb) in zip(ma.state_dict().items(), mb.state_dict().items()):
        assert torch.allclose(pa, pb, atol=1e-6), name
    fresh = tiny(tmp_path / "other", tiny_data, init_from=first.out, vocab_size=6000)
    with pytest.raises(ValueError, match="another vocabulary"):
        pretrain(fresh)


def test_whole_word_masking_masks_whole_words():
    ids = np.arange(10, 30).reshape(1, 20)
    words = np.repeat(np.arange(10), 2).reshape(1, 20)  # ten two-token words
    masked, labels = mask_whole_words(ids, words, FakeTokenizer(), 0.3, np.random.default_rng(0))
    chosen = labels[0] != -100
    assert chosen.sum() == 6  # 3 words of 2 tokens
    for w in range(10):
        cols = words[0] == w
        assert chosen[cols].all() or not chosen[cols].any()


def test_config_is_validated():
    with pytest.raises(ValueError, match="multiple of heads"):
        PretrainConfig(hidden=100, heads=3)


def test_token_masking_masks_single_tokens():
    ids = np.arange(10, 50).reshape(1, 40)
    words = np.repeat(np.arange(10), 4).reshape(1, 40)  # ten four-token words
    _, labels = mask_whole_words(ids, words, FakeTokenizer(), 0.25, np.random.default_rng(1), masking="token")
    chosen = labels[0] != -100
    assert chosen.sum() == 10
    partly = [w for w in range(10) if 0 < chosen[words[0] == w].sum() < 4]
    assert partly  # words are no longer masked as wholes
    with pytest.raises(ValueError, match="masking must be"):
        PretrainConfig(masking="span")

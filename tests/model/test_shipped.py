"""The models shipped in models/: standard checkpoints that the ecosystem's loaders open, offline."""

import json
from pathlib import Path

import pytest
import torch
from transformers import AutoModel, AutoModelForMaskedLM, AutoTokenizer

from govreport_nlp.reading import words
from govreport_nlp.model.base import load_base_model
from govreport_nlp.shipped import CHECKOUT_DIR

BERT = CHECKOUT_DIR / "govbert-small"
PKUSEG = CHECKOUT_DIR / "pkuseg"
# skipped only in a checkout without the shipped model (e.g. a partial copy)
needs_bert = pytest.mark.skipif(not (BERT / "config.json").is_file(), reason="models/govbert-small not present")

# sentences of the Hangzhou 2023 report (held out of pretraining) with one character masked
# (可支配收[MASK] -> 入 was in the top 5 after the first pretraining phase, not after the second on 256-token
# blocks; the model card says so)
MASKED = [
    ("国内生产[MASK]值增长5%以上。", "总"),
    ("全市生产总[MASK]18753亿元、增长1.5%。", "值"),
    ("[MASK]位代表：", "各"),
    ("一般公共预算收入2451亿元、增[MASK]2.7%。", "长"),
    ("深入实施宋韵文化传世工[MASK]。", "程"),
]


@needs_bert
def test_bert_is_a_standard_small_checkpoint():
    for name in ("config.json", "model.safetensors", "tokenizer.json", "tokenizer_config.json", "README.md"):
        assert (BERT / name).is_file(), name
    assert (BERT / "model.safetensors").stat().st_size < 60 * 2**20
    model = AutoModel.from_pretrained(BERT)
    assert model.config.model_type == "bert"
    log = json.loads((BERT / "training_log.json").read_text())
    assert log["heldout_perplexity"] < log["untrained_heldout_perplexity"] / 10


@needs_bert
@pytest.mark.parametrize("text, expected", MASKED)
def test_bert_fills_masks_in_report_sentences(text, expected):
    tok = AutoTokenizer.from_pretrained(BERT)
    model = AutoModelForMaskedLM.from_pretrained(BERT).eval()
    enc = tok(text, return_tensors="pt")
    with torch.no_grad():
        logits = model(**enc).logits[0]
    pos = (enc["input_ids"][0] == tok.mask_token_id).nonzero()[0].item()
    top5 = tok.convert_ids_to_tokens(logits[pos].topk(5).indices.tolist())
    assert expected in top5, top5


@needs_bert
def test_load_base_model_default_is_the_shipped_bert():
    tok, model = load_base_model(local_files_only=True)
    assert model.config.vocab_size == len(tok)


def test_spacy_uses_the_shipped_pkuseg_model_offline(monkeypatch):
    monkeypatch.delenv("GOVREPORT_PKUSEG_MODEL", raising=False)
    assert words.find_pkuseg_model() == PKUSEG
    nlp = words.get_nlp()
    assert nlp.tokenizer.segmenter == "pkuseg"
    doc = nlp("全市生产总值18753亿元、增长1.5%；城乡居民人均可支配收入分别增长3.1%和5.8%。")
    toks = [t.text for t in doc]
    assert "".join(toks) == doc.text
    for word in ("城乡", "居民", "收入", "1.5%", "增长"):
        assert word in toks, toks
    assert len(toks) < len(doc.text) * 0.6  # words, not characters


ANNOTATOR = CHECKOUT_DIR / "govreport-annotator"
needs_annotator = pytest.mark.skipif(not (ANNOTATOR / "config.json").is_file(),
                                     reason="models/govreport-annotator not present")


@needs_annotator
def test_annotator_is_a_standard_checkpoint_with_a_card():
    from govreport_nlp.model.multitask import GovReportAnnotatorModel

    assert sum(p.stat().st_size for p in ANNOTATOR.rglob("*") if p.is_file()) < 60 * 2**20
    model = AutoModel.from_pretrained(ANNOTATOR)
    assert type(model) is GovReportAnnotatorModel and model.config.encoder["model_type"] == "bert"
    card = (ANNOTATOR / "README.md").read_text(encoding="utf-8")
    assert card.startswith("---\n") and "model-index:" in card and "leave-one-report-out" in card


@needs_annotator
def test_default_annotator_labels_the_sample_report(hangzhou):
    """gr.load() opens the shipped model offline. (The Hangzhou report is one of the ten reports the shipped
    model was trained on: this checks that it works end to end, not how well; docs/evaluation.md says that.)"""
    import govreport_nlp as gr

    nlp = gr.load()
    assert nlp.path == ANNOTATOR
    mix = nlp.linear_mix  # the linear models of the card, averaged into the BERT's probabilities
    assert mix.weight == 0.5 and None not in (mix.stype, mix.domain, mix.tagger)
    report = nlp(Path("corpus/hangzhou-2023.txt"))
    assert len(report.sentences) == len(hangzhou.sentences)
    assert all(s.stype and s.domain and len(s.domain_top3) == 3 for s in report.sentences)
    parts = {s.part: [x.stype for x in report.sentences if x.part == s.part] for s in report.sentences}
    assert parts["review"].count("achievement") > parts["review"].count("target")
    assert parts["plan"].count("measure") + parts["plan"].count("target") > parts["plan"].count("achievement")
    s = report.sentences[8]  # 全市生产总值18753亿元、增长1.5%；一般公共预算收入2451亿元…
    metrics = {e.text for e in s.entities if e.label == "METRIC"}
    assert {"18753亿元", "2451亿元"} <= metrics
    values = {m.value for m in s.metrics}
    assert 1.8753e12 in values and 2.451e11 in values


def test_shipped_annotator_spans_obey_the_boundary_rules(gold):
    """Over every sentence of the gold corpus, the shipped annotator predicts no span that the spec forbids
    (punctuation, quote or space at an edge, overlapping spans): the checks of ``govreport validate``."""
    import govreport_nlp as gr
    from govreport_nlp.annotations.schema import Record
    from govreport_nlp.annotations.validate import check_record
    from govreport_nlp.model.predict import predict_records

    nlp = gr.load(threads=2, batch_size=64)
    records = [Record(r.report_id, r.sentence_id, r.text, r.start, r.end, r.part, r.kind, r.heading_path)
               for r in gold]
    preds = predict_records(nlp.model, nlp.tokenizer, records, linear_mix=nlp.linear_mix, batch_size=64)
    problems = []
    for r, p in zip(records, preds):
        r.entities = p.entities
        problems += [x for x in check_record(r, r.report_id) if x.code in ("span-edge", "overlap", "span-text")]
    assert sum(len(p.entities) for p in preds) > 10_000
    assert problems == []

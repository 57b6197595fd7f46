"""Prediction without torch, transformers, scikit-learn or spaCy: the BERT exported to ONNX, the tokenizer through
Hugging Face tokenizers, the linear models on their weights, jieba's words directly; each checked against the
library it stands in for, on the sample report."""

import json
import logging
import shutil
import subprocess
import sys

import numpy as np
import pytest

import govreport_nlp as gr
from govreport_nlp.annotations.schema import iter_report_records
from govreport_nlp.errors import GovReportError
from govreport_nlp.model.features import encode
from govreport_nlp.model.linear import LinearSentenceClassifier, context_text, tagger_features
from govreport_nlp.model.predict import load_annotator, load_linear_mix, predict_records
from govreport_nlp.model.runtime import INT8_FILE, ONNX_FILE, PairTokenizer, export, read_config
from govreport_nlp.reading.words import get_nlp, word_boundaries
from govreport_nlp.shipped import find_annotator

from ..conftest import ROOT, SAMPLE, SHARED_DATA

SHIPPED = find_annotator(None)


@pytest.fixture(scope="module")
def records(hangzhou):
    return list(iter_report_records(hangzhou))


@pytest.fixture(scope="module")
def exported(tiny_annotator, tmp_path_factory):
    """A copy of the tiny annotator with both ONNX files."""
    out = tmp_path_factory.mktemp("exported") / "m"
    shutil.copytree(tiny_annotator, out)
    written = export(out)
    assert [f.name for f in written] == [ONNX_FILE, INT8_FILE]
    return out


def test_the_tokenizer_gives_transformers_pieces(records):
    from transformers import AutoTokenizer

    ours, theirs = PairTokenizer(SHIPPED), AutoTokenizer.from_pretrained(str(SHIPPED))
    assert ours.pad_token_id == theirs.pad_token_id
    for context in ("none", "part", "part+heading"):
        a, _ = encode(records, theirs, context=context)
        b, _ = encode(records, ours, context=context)
        assert len(a) > len(records) and a == b


def test_onnx_predicts_what_torch_predicts(exported, records):
    torch_model, tok, mix = load_annotator(exported, backend="torch")
    onnx_model, onnx_tok, _ = load_annotator(exported, backend="onnx")
    assert type(onnx_model).__name__ == "OnnxAnnotatorModel" and onnx_model.weights_sha256
    some = records[:150]
    a = predict_records(torch_model, tok, some, linear_mix=mix)
    b = predict_records(onnx_model, onnx_tok, some, linear_mix=mix)
    assert [(p.stype, p.domain, p.entities) for p in a] == [(p.stype, p.domain, p.entities) for p in b]
    for p, q in zip(a, b):
        assert max(abs(p.stype_scores[k] - q.stype_scores[k]) for k in p.stype_scores) < 1e-4
        assert max(abs(p.domain_scores[k] - q.domain_scores[k]) for k in p.domain_scores) < 1e-4
    int8, int8_tok, _ = load_annotator(exported, backend="onnx", quantize=True)
    c = predict_records(int8, int8_tok, some, linear_mix=mix)
    assert int8.file.name == INT8_FILE and len(c) == len(some)
    # int8 weights move probabilities a little, not wholesale
    agree = np.mean([p.stype == q.stype for p, q in zip(a, c)])
    assert agree > 0.9


def test_auto_backend_and_its_errors(exported, tiny_annotator, tmp_path):
    assert gr.load(exported).backend == "onnx" and gr.load(tiny_annotator).backend == "torch"
    assert gr.load(exported, backend="torch").backend == "torch"
    with pytest.raises(GovReportError, match="E048.*has no model.onnx"):
        load_annotator(tiny_annotator, backend="onnx")
    with pytest.raises(GovReportError, match="E033.*backend"):
        load_annotator(exported, backend="tensorrt")
    # an export of other torch weights than those beside it is not used
    stale = _stale_copy(exported, tmp_path)
    with pytest.raises(GovReportError, match="E048.*not exported from its model.safetensors"):
        load_annotator(stale, backend="onnx")


def _stale_copy(exported, tmp_path):
    """A copy whose ONNX files say they were exported from other weights."""
    from govreport_nlp.model.runtime import _stamp

    stale = tmp_path / "stale"
    shutil.copytree(exported, stale)
    for name in (ONNX_FILE, INT8_FILE):
        _stamp(stale / name, "0" * 64)
    return stale


def test_a_stale_export_falls_back_to_torch_with_a_warning(exported, tmp_path, caplog):
    stale = _stale_copy(exported, tmp_path)
    with caplog.at_level(logging.WARNING, logger="govreport_nlp"):
        assert gr.load(stale).backend == "torch"
    assert "export-onnx" in caplog.text


def test_saving_new_weights_removes_an_old_export(exported, tmp_path):
    from govreport_nlp.model.finetune import save

    model, tok, mix = load_annotator(exported, backend="torch")
    again = tmp_path / "again"
    shutil.copytree(exported, again)
    save(tok, model, {}, again, mix)
    assert not (again / ONNX_FILE).exists() and not (again / INT8_FILE).exists()


def test_export_onnx_command(tiny_annotator, tmp_path):
    from govreport_nlp.cli import main

    out = tmp_path / "m"
    shutil.copytree(tiny_annotator, out)
    assert main(["export-onnx", str(out), "--no-fp32"]) == 0
    assert (out / INT8_FILE).is_file() and not (out / ONNX_FILE).exists()
    assert main(["export-onnx", str(out), "--no-fp32", "--no-int8"]) == 2  # bad usage


def test_linear_models_give_scikit_learn_probabilities(records):
    mix = load_linear_mix(SHIPPED, read_config(SHIPPED))
    for clf in (mix.stype, mix.domain):
        vec, sk = clf.to_sklearn()
        want = sk.predict_proba(vec.transform([context_text(r, clf.context) for r in records]))
        assert np.abs(clf.predict_proba(records) - want).max() < 1e-9
    news = mix.tagger.news
    texts = [r.text for r in records]
    feats = [x for f in tagger_features(texts, news.lexicon, news.news) for x in f]
    sk, X = news.to_sklearn(feats)
    assert np.abs(np.concatenate(news.predict_proba(texts, list(news.classes))) - sk.predict_proba(X)).max() < 1e-9
    assert [t for ts in news.argmax_tags(texts) for t in ts] == list(map(str, sk.predict(X)))


def test_a_fitted_linear_classifier_predicts_as_scikit_learn(gold):
    train = [r for r in gold if r.report_id == "national-2023"]
    test = [r for r in gold if r.report_id == "hangzhou-2023"][:80]
    clf = LinearSentenceClassifier("stype").fit(train)
    vec, sk = clf.to_sklearn()
    want = sk.predict_proba(vec.transform([context_text(r, clf.context) for r in test]))
    assert np.abs(clf.predict_proba(test) - want).max() < 1e-9


def test_jieba_words_directly_are_spacys_jieba_words(records):
    texts = [r.text for r in records] + ["增长  5%", "上海  浦东 新区", " 开头", "末尾 ", "\t制表\u3000全角",
                                         "x \n y", "中 国", "", "   "]
    assert word_boundaries(texts, "jieba") == word_boundaries(texts, get_nlp("jieba"))


@pytest.mark.shared_data
@pytest.mark.slow
def test_jieba_words_directly_on_every_report_of_the_data_folder():
    from govreport_nlp.reading.corpora import iter_reports

    texts = [s.text for r in iter_reports(SHARED_DATA) for s in gr.read(r.text).sentences]
    assert len(texts) > 20_000
    assert word_boundaries(texts, "jieba") == word_boundaries(texts, get_nlp("jieba"))


def test_a_new_process_annotates_without_the_heavy_libraries():
    """Cold start: the shipped annotator (ONNX) labels the sample without importing torch, transformers,
    scikit-learn or spaCy (together about 9 s of a new process on a 2-core VM)."""
    code = ("import sys, govreport_nlp as gr; r = gr.load()(gr.read_file(sys.argv[1])); "
            "import json; print(json.dumps([len(r.sentences), sum(len(s.entities) for s in r.sentences), "
            "sorted(m for m in ('torch', 'transformers', 'sklearn', 'spacy', 'scipy') if m in sys.modules)]))")
    out = subprocess.run([sys.executable, "-c", code, str(SAMPLE)], capture_output=True, text=True, check=True,
                         cwd=ROOT)
    n, ents, heavy = json.loads(out.stdout.strip().splitlines()[-1])
    assert n == 370 and ents > 500 and heavy == []

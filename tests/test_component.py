"""The spaCy component ``govreport``: entry point, annotations on the Doc, serialization, batching."""

import inspect
import json
import subprocess
import sys

import pytest
import spacy
from spacy.tokens import DocBin

import govreport_nlp as gr
from govreport_nlp.component import pipeline
from govreport_nlp.spec import STYPES

from .conftest import SAMPLE


def library_view(report) -> dict:
    """The library API's annotations of a report, in raw-text characters (what a Doc's offsets are)."""
    sents = [s for s in report.sentences if s.stype is not None]
    ents, metrics = [], []
    for s in sents:
        for e in s.entities:
            a, b = report.raw_span(s.start + e.start, s.start + e.end)
            ents.append([a, b, e.label])
        for m in s.metrics:
            a, b = report.raw_span(s.start + m.start, s.start + m.end)
            metrics.append([a, b, m.indicator, m.value, m.unit, m.kind, m.qualifier, m.statement])
    return {"ents": sorted(ents), "metrics": sorted(metrics),
            "stype": [[s.raw_start, s.raw_end, s.stype] for s in sents],
            "domain": [[s.raw_start, s.raw_end, s.domain] for s in sents],
            "domain_top3": [[[d, round(p, 6)] for d, p in s.domain_top3] for s in sents]}


def doc_view(doc) -> dict:
    """The same, read off a Doc (run in a fresh interpreter too: its source is sent there)."""
    metrics = [[e.start_char, e.end_char] + [e._.metric[k] for k in ("indicator", "value", "unit", "kind",
               "qualifier", "statement")] for e in doc.ents if e._.metric is not None]
    return {"ents": sorted([e.start_char, e.end_char, e.label_] for e in doc.ents), "metrics": sorted(metrics),
            "stype": [[s.start_char, s.end_char, s.label_] for s in doc.spans["stype"]],
            "domain": [[s.start_char, s.end_char, s.label_] for s in doc.spans["domain"]],
            "domain_top3": [[[d, round(p, 6)] for d, p in top] for top in doc.spans["domain"].attrs["top3"]]}


@pytest.fixture(scope="module")
def nlp_tiny(tiny_annotator):
    nlp = spacy.blank("zh")
    nlp.add_pipe("govreport", config={"model": str(tiny_annotator), "threads": 1})
    return nlp


@pytest.fixture(scope="module")
def tiny_doc(nlp_tiny, hangzhou_raw):
    return nlp_tiny(hangzhou_raw)


def test_fresh_interpreter_finds_the_component_and_matches_the_library(shipped_hangzhou, tmp_path):
    """spacy.blank("zh").add_pipe("govreport") with no import of ours, on the sample, with the shipped model."""
    script = inspect.getsource(doc_view) + f'''
import json, sys
import spacy
assert "govreport_nlp" not in sys.modules
nlp = spacy.blank("zh")
nlp.add_pipe("govreport", config={{"threads": 2}})
doc = nlp(open({str(SAMPLE)!r}, encoding="utf-8").read())
print(json.dumps({{"view": doc_view(doc), "counts": doc._.govreport, "n_ents": len(doc.ents)}}))
'''
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=tmp_path, timeout=600)
    assert out.returncode == 0, out.stderr[-3000:]
    got = json.loads(out.stdout.strip().splitlines()[-1])
    want = library_view(shipped_hangzhou)
    assert len(want["ents"]) > 500 and len(want["metrics"]) > 200 and len(want["stype"]) == 370
    assert got["view"] == want
    assert got["counts"]["entities_snapped"] == got["counts"]["entities_overlapping"] == 0  # characters are tokens


def test_sentences_span_groups_and_scores(tiny_doc, hangzhou):
    stype, domain = tiny_doc.spans["stype"], tiny_doc.spans["domain"]
    assert len(stype) == len(domain) == len(hangzhou.sentences)
    starts = {s.start for s in tiny_doc.sents}
    ends = {s.end for s in tiny_doc.sents}
    assert all(sp.start in starts and sp.end in ends for sp in stype)  # each labelled sentence is a doc sentence
    assert [(sp.start_char, sp.end_char) for sp in stype] == [(s.raw_start, s.raw_end) for s in hangzhou.sentences]
    assert len(stype.attrs["scores"]) == len(stype) and all(0 < p <= 1 for p in stype.attrs["scores"])
    top3 = domain.attrs["top3"]
    assert all(t[0][0] == sp.label_ and t[0][1] == p for t, sp, p in zip(top3, domain, domain.attrs["scores"]))
    assert {sp.label_ for sp in stype} <= {"achievement", "target", "measure", "glossary", "other"}


def test_docbin_round_trip_keeps_every_annotation(nlp_tiny, tiny_doc):
    data = DocBin(store_user_data=True, docs=[tiny_doc]).to_bytes()
    back = list(DocBin().from_bytes(data).get_docs(nlp_tiny.vocab))[0]
    assert doc_view(back) == doc_view(tiny_doc)
    assert [s.start for s in back.sents] == [s.start for s in tiny_doc.sents]
    assert back.spans["stype"].attrs == tiny_doc.spans["stype"].attrs
    assert back._.govreport == tiny_doc._.govreport
    assert sum(e._.metric is not None for e in back.ents) == sum(e._.metric is not None for e in tiny_doc.ents) > 0


def test_to_disk_then_spacy_load_gives_identical_results(nlp_tiny, tiny_doc, hangzhou_raw, tmp_path):
    nlp_tiny.to_disk(tmp_path / "pipeline")
    assert (tmp_path / "pipeline" / "govreport" / "model" / "config.json").is_file()
    again = spacy.load(tmp_path / "pipeline")
    assert again.pipe_names == ["govreport"]
    doc = again(hangzhou_raw)
    assert doc_view(doc) == doc_view(tiny_doc)
    assert doc.spans["stype"].attrs == tiny_doc.spans["stype"].attrs


def test_pipe_runs_the_model_once_per_batch_of_docs(nlp_tiny, hangzhou_raw, monkeypatch):
    comp = nlp_tiny.get_pipe("govreport")
    half = hangzhou_raw[: len(hangzhou_raw) // 2]
    texts = [hangzhou_raw, half, "", hangzhou_raw]
    one_by_one = [doc_view(nlp_tiny(t)) if t else None for t in texts]
    calls = []
    real = comp.annotator.annotate_many
    monkeypatch.setattr(comp.annotator, "annotate_many", lambda reports, **kw: calls.append(len(reports)) or
                        real(reports, **kw))
    docs = list(nlp_tiny.pipe(texts, batch_size=4))
    assert calls == [4]  # one run of the model for the batch, the empty doc in it with no sentence
    assert [doc_view(d) if t else None for d, t in zip(docs, texts)] == one_by_one
    assert not docs[2].ents and len(docs[2].spans["stype"]) == 0 and docs[2]._.govreport["sentences"] == 0


def test_a_long_document(nlp_tiny, hangzhou_raw):
    text = "\n".join([hangzhou_raw] * 5)
    assert len(text) > 100_000
    doc = nlp_tiny(text)
    assert len(doc.spans["stype"]) > 4 * 370 and doc.ents


def test_entities_off_token_boundaries_are_snapped_or_set_aside_never_lost():
    from govreport_nlp.document import Entity

    nlp = pipeline(segmenter="jieba", tasks=["entities", "stype", "domain"])
    text = "各位代表：\n现在，我代表市人民政府向大会报告工作，请予审议。\n一、2022年工作回顾\n杭州市生产总值18753亿元，增长1.5%。"
    doc = nlp.make_doc(text)
    report = gr.read(text)
    s = report.sentences[-1]
    assert s.text.startswith("杭州市")
    for x in report.sentences:
        x.stype, x.stype_score, x.domain, x.domain_top3, x.entities, x.metrics = \
            "achievement", 0.9, "macroeconomics", [("macroeconomics", 0.9)], [], []
    # 杭州 and 州市 both end inside jieba's word 杭州市; 18753亿元 is whole words
    s.entities = [Entity(0, 2, "PLACE", "杭州"), Entity(1, 3, "PLACE", "州市"), Entity(7, 14, "METRIC", "18753亿元")]
    assert [t.text for t in doc if t.text.startswith("杭")] == ["杭州市"]
    nlp.get_pipe("govreport").set_annotations(doc, report)
    assert [(e.text, e.label_) for e in doc.ents] == [("杭州市", "PLACE"), ("18753亿元", "METRIC")]
    assert [(e.text, e.label_) for e in doc.spans["entities_overlapping"]] == [("杭州市", "PLACE")]
    assert doc._.govreport == {"sentences": len(report.sentences), "entities": 3, "entities_snapped": 2, "entities_overlapping": 1}


def test_tasks_and_bad_configs(tiny_annotator, hangzhou_raw):
    nlp = spacy.blank("zh")
    nlp.add_pipe("govreport", config={"model": str(tiny_annotator), "tasks": ["stype"], "threads": 1})
    doc = nlp(hangzhou_raw[:3000])
    assert "stype" in doc.spans and "domain" not in doc.spans and not doc.ents
    assert doc._.govreport == {"sentences": len(doc.spans["stype"])}
    with pytest.raises(ValueError, match="tasks must be"):
        spacy.blank("zh").add_pipe("govreport", config={"tasks": ["sentiment"]})
    with pytest.raises(ValueError, match="'metrics' needs 'entities'"):
        spacy.blank("zh").add_pipe("govreport", config={"tasks": ["metrics"]})

    # any text is read, as spaCy users expect: one short sentence, English, nothing at all (issue 17)
    for text, n in (("建设金融中心。", 1), ("This is an English sentence, not a report.", 1), ("", 0), ("   ", 0)):
        doc = nlp(text)
        assert len(doc.spans["stype"]) == n and all(sp.label_ in STYPES for sp in doc.spans["stype"])


def test_packaged_pipeline_keeps_the_pkuseg_tokenizer(tiny_annotator, hangzhou_raw, tmp_path):
    from govreport_nlp.reading.words import find_pkuseg_model

    if find_pkuseg_model() is None:
        pytest.skip("no pkuseg model (models/pkuseg)")
    nlp = pipeline(str(tiny_annotator), threads=1)
    assert nlp.tokenizer.segmenter == "pkuseg"
    text = hangzhou_raw[:4000]
    doc = nlp(text)
    nlp.to_disk(tmp_path / "zh_govreport")
    again = spacy.load(tmp_path / "zh_govreport")
    doc2 = again(text)
    assert [t.text for t in doc2] == [t.text for t in doc] and len(doc) < 0.8 * len(text)  # words, not characters
    assert doc_view(doc2) == doc_view(doc)
    assert doc2._.govreport == doc._.govreport

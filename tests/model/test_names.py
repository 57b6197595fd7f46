"""Names: the name lists as tagger features, the news-NER head, and place names carried across a report."""

import numpy as np

from govreport_nlp.annotations.schema import Record
from govreport_nlp.document import Entity
from govreport_nlp.model.lexicon import Lexicon, build_places, default_lexicon, short_form
from govreport_nlp.model.linear import LinearTagger
from govreport_nlp.model.news_ner import NewsSentence, _Span, news_corpus
from govreport_nlp.model.predict import carry_names

from ..conftest import SHARED_DATA


def test_lexicon_marks_every_name_covering_a_character():
    lx = Lexicon({"place": {"杭州", "杭州市"}, "abbr": {"浙"}})
    f = lx.features("浙江杭州市")
    assert f[0] == ["lx=S:abbr"] and f[1] == []
    assert sorted(f[2]) == ["lx=B:place", "lx=B:place"] and f[3] == ["lx=E:place", "lx=M:place"]
    assert f[4] == ["lx=E:place"]


def test_shipped_place_list_has_divisions_short_forms_and_abbreviations():
    lx = default_lexicon()
    assert {"杭州市", "杭州", "西湖区", "内蒙古自治区", "内蒙古", "海拉尔区", "海拉尔"} <= lx.lists["place"]
    assert {"沪", "粤", "浙"} <= lx.lists["abbr"]
    assert short_form("新疆维吾尔自治区") == "新疆" and short_form("东区") is None


def test_place_list_is_rebuilt_from_the_gazetteer_as_shipped():
    import pytest

    if not (SHARED_DATA / "gazetteer_admin_divisions").is_dir():
        pytest.skip("no gazetteer in the data folder")
    assert set(build_places(SHARED_DATA)) == default_lexicon().lists["place"]


def test_carry_names_tags_a_place_where_it_recurs_in_the_same_report_only():
    recs = [Record("a", 0, "推进杭州建设。", 0, 7, "plan", "text"), Record("a", 1, "杭州和杭州湾。", 8, 15, "plan", "text"),
            Record("b", 0, "杭州很美。", 0, 5, "plan", "text")]
    ents = [[Entity(2, 4, "PLACE", "杭州")], [Entity(3, 6, "PLACE", "杭州湾")], []]
    out = carry_names(recs, ents)
    assert [(e.start, e.end, e.label) for e in out[1]] == [(0, 2, "PLACE"), (3, 6, "PLACE")]  # no overlap made
    assert out[2] == [] and out[0] == ents[0]  # another report is untouched


def test_tagger_with_lexicon_and_news_head_round_trips(tmp_path, gold):
    news = [NewsSentence("北京大学在北京。", [_Span(0, 4, "ORG"), _Span(5, 7, "LOC")])] * 20
    head = LinearTagger(0, n_features=2 ** 16).fit(news)
    assert head.argmax_tags(["北京大学在北京。"])[0][:2] == ["B-ORG", "I-ORG"]
    data = [r for r in gold if r.report_id == "hangzhou-2023"][:60]
    tagger = LinearTagger(0, n_features=2 ** 16, lexicon="places", news=head).fit(data)
    tagger.save(tmp_path / "t")
    again = LinearTagger.load(tmp_path / "t")
    texts = [r.text for r in data[:5]]
    assert again.lexicon == "places" and again.news is not None
    assert all(np.allclose(a, b) for a, b in zip(tagger.predict_proba(texts), again.predict_proba(texts)))


def test_news_corpus_keeps_its_own_labels():
    import pytest

    if not (SHARED_DATA / "ner").is_dir():
        pytest.skip("no NER corpora in the data folder")
    sents = news_corpus(SHARED_DATA)
    labels = {e.label for s in sents for e in s.entities}
    assert labels == {"LOC", "ORG", "PER", "GOV", "COMPANY", "SCENE"} and len(sents) > 15000
    s = next(s for s in sents if s.entities)
    assert all(0 <= e.start < e.end <= len(s.text) for e in s.entities)


def test_crf_tagger_decodes_whole_spans_and_round_trips(tmp_path, gold):
    from govreport_nlp.annotations.bio import BIO_TAGS, bio_to_spans
    from govreport_nlp.model.linear import CrfTagger, load_tagger

    data = [r for r in gold if r.report_id == "hangzhou-2023"][:150]
    crf = CrfTagger("places", iterations=30).fit(data)
    texts = [r.text for r in data[:20]]
    p = crf.predict_proba(texts)
    assert all(q.shape == (len(t), len(BIO_TAGS)) and np.allclose(q.sum(1), 1) for q, t in zip(p, texts))
    tags = crf.tags(texts)
    assert all(len(tg) == len(t) for tg, t in zip(tags, texts))
    # trained on these very sentences: the spans it memorised come back whole (a check of the plumbing, not a score)
    found = {(i, s, e, lab) for i, tg in enumerate(tags) for s, e, lab in bio_to_spans(tg)}
    gold_spans = {(i, e.start, e.end, e.label) for i, r in enumerate(data[:20]) for e in r.entities}
    assert len(found & gold_spans) >= 0.8 * len(gold_spans)
    crf.save(tmp_path / "crf")
    again = load_tagger(tmp_path / "crf")
    assert isinstance(again, CrfTagger) and again.lexicon == "places"
    assert again.tags(texts) == tags
    assert all(np.allclose(a, b) for a, b in zip(again.predict_proba(texts), p))


def test_annotator_keeps_reports_of_one_batch_apart_for_carrying(tiny_annotator, monkeypatch):
    """Reports read from text all have the id "report": carrying names must not cross from one to another."""
    import govreport_nlp as gr
    import govreport_nlp.model.predict as predict

    nlp = gr.load(tiny_annotator)
    seen = []
    real = predict.iter_predictions

    def spy(model, tok, records, **kw):
        records = list(records)
        seen.extend(r.report_id for r in records)
        return real(model, tok, records, **kw)

    monkeypatch.setattr(predict, "iter_predictions", spy)
    reports = [gr.read("各位代表：\n一、2022年工作回顾\n杭州全市生产总值增长1.5%。\n") for _ in range(2)]
    assert {r.id for r in reports} == {"report"}
    nlp.annotate_many(reports)
    assert len(set(seen)) == 2


def test_train_tagger_gives_an_annotator_a_crf_and_keeps_its_bert(tiny_annotator, tmp_path):
    import json

    import torch

    import govreport_nlp as gr
    from govreport_nlp.cli import main
    from govreport_nlp.model.linear import CrfTagger
    from govreport_nlp.model.predict import load_annotator

    from ..conftest import ROOT

    data = [str(ROOT / "annotations" / "hailar-2018.jsonl")]
    out = tmp_path / "retagged"
    assert main(["train-tagger", "--from", str(tiny_annotator), "--data", *data, "--out", str(out)]) == 0
    assert main(["train-tagger", "--from", str(out), "--data", *data, "--out", str(out)]) == 2  # not onto itself
    model, _, mix = load_annotator(out)
    before, _, _ = load_annotator(tiny_annotator)
    assert isinstance(mix.tagger, CrfTagger) and mix.entities_weight == 1.0 and model.config.carry_names
    assert all(torch.equal(a, b) for a, b in zip(model.state_dict().values(), before.state_dict().values()))
    log = json.loads((out / "training_log.json").read_text(encoding="utf-8"))
    assert log["tagger"]["reports"] == ["hailar-2018"]
    report = gr.load(out)("各位代表：\n一、2022年工作回顾\n海拉尔区地区生产总值增长5%。\n")
    assert report.sentences[-1].entities is not None


def test_crf_gold_names_are_seen_only_from_other_reports(tmp_path, gold):
    """With ``gold_names`` the CRF's name lists come from its training records; in training, each report's
    sentences see only the names of the other reports (as a new report will), and the lists are saved with it."""
    from govreport_nlp.model.linear import CrfTagger, load_tagger

    a = [r for r in gold if r.report_id == "hangzhou-2023"][:80]
    b = [r for r in gold if r.report_id == "national-2024"][:80]
    lists = CrfTagger.name_lists(a + b, leave_out="hangzhou-2023")
    only_a = {e.text for r in a for e in r.entities if e.label == "PROJECT"} - {
        e.text for r in b for e in r.entities if e.label == "PROJECT"}
    assert only_a and not only_a & lists["gPROJECT"]
    crf = CrfTagger("places", iterations=20, gold_names=True).fit(a + b)
    assert crf.names.lists == CrfTagger.name_lists(a + b)
    texts = [r.text for r in a[:15]]
    crf.save(tmp_path / "crf")
    again = load_tagger(tmp_path / "crf")
    assert again.gold_names and again.names.lists == crf.names.lists
    assert again.tags(texts) == crf.tags(texts)

"""The multitask annotator with a tiny base: encoding, partial labels, training, saving and loading."""

import copy

import pytest
import torch

from govreport_nlp.annotations.bio import BIO_TAGS, bio_to_spans
from govreport_nlp.model.features import context_string, encode, pieces
from govreport_nlp.model.finetune import TrainConfig, length_batches, save, train
from govreport_nlp.model.multitask import GovReportAnnotatorModel
from govreport_nlp.model.predict import predict_records

from ..conftest import SAMPLE


def test_token_tags_give_back_every_gold_entity(tiny_base, hz_gold):
    tok, _ = GovReportAnnotatorModel.from_base(str(tiny_base))
    pcs, losses = encode(hz_gold, tok)
    assert not losses
    got = {}
    for p in pcs:
        idx = [j for j, o in enumerate(p.offsets) if o is not None]
        seq = [BIO_TAGS[p.ner[j]] for j in idx]
        for s, e, lab in bio_to_spans(seq):
            got.setdefault(p.record, []).append((p.offsets[idx[s]][0], p.offsets[idx[e - 1]][1], lab))
    want = {i: [(e.start, e.end, e.label) for e in r.entities] for i, r in enumerate(hz_gold) if r.entities}
    assert got == want


def test_context_and_pieces(hz_gold):
    r = hz_gold[8]
    assert context_string(r, "none") == "" and context_string(r, "part") == "回顾"
    assert context_string(r, "part+heading") == "回顾：一、2022年工作回顾"
    long = max(hz_gold, key=lambda r: len(r.text))
    cuts = pieces(long.text, 100)
    assert cuts[0][0] == 0 and cuts[-1][1] == len(long.text) and len(cuts) > 1
    assert all(b - a <= 100 for a, b in cuts) and all(cuts[k][1] == cuts[k + 1][0] for k in range(len(cuts) - 1))
    assert all(long.text[b - 1] in "，；、：" for a, b in cuts[:-1])


def test_length_batches_cover_every_piece_once_with_less_padding(tiny_base, hz_gold):
    import random

    from transformers import AutoTokenizer

    tok = AutoTokenizer.from_pretrained(str(tiny_base))
    lengths = [len(p.input_ids) for p in encode(hz_gold, tok)[0]]
    batches = length_batches(lengths, 16, random.Random(0), pool=4)
    flat = [i for b in batches for i in b]
    assert sorted(flat) == list(range(len(lengths))) and max(map(len, batches)) <= 16

    def padding(bs):
        return sum(max(lengths[i] for i in b) * len(b) - sum(lengths[i] for i in b) for b in bs)

    order = list(range(len(lengths)))
    random.Random(0).shuffle(order)
    assert padding(batches) < 0.5 * padding([order[a:a + 16] for a in range(0, len(order), 16)])
    assert batches != length_batches(lengths, 16, random.Random(1), pool=4)  # another epoch, another order


def test_base_weights_are_loaded_or_not(tiny_base):
    from transformers import AutoModel

    base = AutoModel.from_pretrained(str(tiny_base))
    _, m = GovReportAnnotatorModel.from_base(str(tiny_base))
    _, r = GovReportAnnotatorModel.from_base(str(tiny_base), pretrained=False)
    w = "embeddings.word_embeddings.weight"
    assert torch.equal(m.encoder.state_dict()[w], base.state_dict()[w])
    assert not torch.equal(r.encoder.state_dict()[w], base.state_dict()[w])


def test_missing_tasks_add_no_loss(tiny_base, hz_gold):
    from govreport_nlp.model.features import collate

    tok, m = GovReportAnnotatorModel.from_base(str(tiny_base))
    m.eval()
    recs = copy.deepcopy(hz_gold[5:9])
    full = collate(encode(recs, tok)[0], tok.pad_token_id)
    for r in recs:
        r.stype = r.domain = None
    ner_only = collate(encode(recs, tok)[0], tok.pad_token_id)
    out_full, out_ner = m(**full), m(**ner_only)
    ce = torch.nn.functional.cross_entropy
    assert torch.isclose(out_ner.loss, ce(out_ner.ner_logits.reshape(-1, 9), ner_only["ner_labels"].reshape(-1),
                                          ignore_index=-100))
    assert out_full.loss > out_ner.loss
    for r in recs:
        r.entities = None
    assert m(**collate(encode(recs, tok)[0], tok.pad_token_id)).loss is None


def test_train_save_load_predict(tiny_base, hz_gold, gold, tmp_path):
    data = hz_gold[:40] + [r for r in gold if r.report_id == "hailar-2018"][:40]
    partial = copy.deepcopy(data[60:])
    for r in partial:
        r.stype = r.domain = None  # entities only
    cfg = TrainConfig(base=str(tiny_base), epochs=2, batch_size=8, lr=1e-3, val_fraction=0.2, threads=1)
    tok, model, log = train(data[:60] + partial, cfg, progress=False)
    losses = [e["train_loss"] for e in log["epochs"]]
    assert len(losses) == 2 and losses[1] < losses[0]
    assert log["val_sentences"] == 16 and "summary" in log["epochs"][0]["val"]
    out = save(tok, model, log, tmp_path / "annotator")
    from transformers import AutoModel, AutoTokenizer

    again = AutoModel.from_pretrained(str(out))
    assert type(again) is GovReportAnnotatorModel and again.config.context == cfg.context == "part"
    a = predict_records(model, tok, hz_gold)
    b = predict_records(again, AutoTokenizer.from_pretrained(str(out)), hz_gold)
    assert [(p.stype, p.domain) for p in a] == [(p.stype, p.domain) for p in b]
    assert len(a) == len(hz_gold)
    assert all(abs(sum(p.stype_scores.values()) - 1) < 1e-4 for p in a)
    for r, p in zip(hz_gold, a):
        assert all(0 <= e.start < e.end <= len(r.text) and r.text[e.start:e.end] == e.text for e in p.entities)


def test_entity_spans_keep_to_the_words_of_the_segmenter_saved_with_the_model(tiny_base, hz_gold, tmp_path):
    from govreport_nlp.reading.words import word_boundaries

    cfg = TrainConfig(base=str(tiny_base), epochs=1, batch_size=8, lr=1e-3, val_fraction=0.0, threads=1)
    assert cfg.words == "jieba"
    tok, model, log = train(hz_gold[:60], cfg, progress=False)
    again = GovReportAnnotatorModel.from_pretrained(str(save(tok, model, log, tmp_path / "m")))
    assert again.config.entity_words == "jieba"
    test = hz_gold[60:160]
    bounds = word_boundaries([r.text for r in test], "jieba")
    saved = [(r, e) for r, p in zip(test, predict_records(again, tok, test)) for e in p.entities]
    per_token = [(r, e) for r, p in zip(test, predict_records(again, tok, test, words=None)) for e in p.entities]
    assert saved and per_token
    assert all({e.start, e.end} <= bounds[test.index(r)] for r, e in saved)
    assert not all({e.start, e.end} <= bounds[test.index(r)] for r, e in per_token)


def test_config_is_checked():
    with pytest.raises(ValueError, match="context"):
        TrainConfig(context="everything")
    with pytest.raises(ValueError, match="domain_weighting"):
        TrainConfig(domain_weighting="log")
    with pytest.raises(ValueError, match="words must be one of"):
        TrainConfig(words="thulac")


def test_load_annotates_every_sentence_of_the_sample(tiny_annotator, hangzhou):
    import govreport_nlp as gr
    from govreport_nlp.spec import DOMAINS, STYPES

    nlp = gr.load(tiny_annotator, batch_size=64)
    report = nlp(SAMPLE)
    assert len(report.sentences) == len(hangzhou.sentences)
    for s in report.sentences:
        assert s.stype in STYPES and s.domain in DOMAINS and len(s.domain_top3) == 3
        assert s.domain_top3[0][0] == s.domain and s.domain_top3[0][1] >= s.domain_top3[1][1]
        assert all(s.text[e.start:e.end] == e.text for e in s.entities)
        assert len(s.metrics) == sum(e.label == "METRIC" for e in s.entities)
    d = report.sentences[8].to_dict()
    assert {"stype", "domain", "domain_top3", "entities", "metrics"} <= set(d)
    again = gr.Sentence.from_dict(d)
    assert again.entities == report.sentences[8].entities and again.stype == report.sentences[8].stype
    short = "各位代表：\n现在，我代表市人民政府向大会报告工作。\n一、2022年工作回顾\n全市生产总值18753亿元、增长1.5%。"
    assert [len(r.sentences) for r in nlp.pipe([short, SAMPLE])] == [4, len(hangzhou.sentences)]


def test_annotate_command_writes_jsonl_and_metric_csv(tiny_annotator, tmp_path):
    import csv
    import json

    from govreport_nlp.cli import main

    out, table = tmp_path / "a.jsonl", tmp_path / "m.csv"
    assert main(["annotate", str(SAMPLE), "--model", str(tiny_annotator), "-o", str(out),
                 "--metrics-csv", str(table)]) == 0
    rows = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    n_metrics = sum(len(r["metrics"]) for r in rows)
    with open(table, encoding="utf-8") as fh:
        assert len(list(csv.DictReader(fh))) == n_metrics
    assert main(["annotate", str(SAMPLE), "--model", str(tmp_path / "nothing")]) == 1


def test_no_model_gives_a_clear_error(tmp_path):
    import govreport_nlp as gr

    with pytest.raises(gr.GovReportError, match=r"\[E016\].*local models: .*govreport-annotator"):
        gr.load(tmp_path / "missing")


def test_linear_mix_is_saved_loaded_and_averaged(tiny_base, gold, hz_gold, tmp_path):
    from govreport_nlp.model.finetune import fit_linear_mix
    from govreport_nlp.model.predict import load_annotator

    data = [r for r in gold if r.report_id == "national-2023"][:150]
    cfg = TrainConfig(base=str(tiny_base), epochs=1, batch_size=16, val_fraction=0.0, threads=1, linear_mix=0.5)
    tok, model, log = train(data, cfg, progress=False)
    mix = fit_linear_mix(data, cfg)
    out = save(tok, model, log, tmp_path / "mixed", mix)
    model2, tok2, mix2 = load_annotator(out)
    assert mix2.weight == 0.5 and mix2.domain.classes == mix.domain.classes and mix2.tagger is not None
    test = hz_gold[:60]
    bert = predict_records(model, tok, test)
    mixed = predict_records(model, tok, test, linear_mix=mix)
    again = predict_records(model2, tok2, test, linear_mix=mix2)
    for task, clf in (("domain", mix.domain), ("stype", mix.stype)):
        linear = clf.predict_proba(test)
        for b, m, row in zip(bert, mixed, linear):
            lin = dict(zip(clf.classes, row))
            got = m.domain_scores if task == "domain" else m.stype_scores
            want = b.domain_scores if task == "domain" else b.stype_scores
            assert all(abs(p - (0.5 * want[k] + 0.5 * lin.get(k, 0))) < 1e-6 for k, p in got.items())
    for m, a in zip(mixed, again):
        assert m.domain == m.domain_ranked[0] and abs(sum(m.domain_scores.values()) - 1) < 1e-4
        assert (a.stype, a.domain, a.entities) == (m.stype, m.domain, m.entities)
    # the tagger's probabilities are in the spans: the mix finds entities that the 1-epoch tiny BERT does not
    from govreport_nlp.evaluation.cv import score

    def entity_f1(preds):
        return score(test, preds)["entities"]["micro"]["f1"]

    assert entity_f1(mixed) > entity_f1(bert) + 0.1
    # without the mix weight a saved annotator is the BERT alone
    plain = save(tok, model, log, tmp_path / "plain")
    assert load_annotator(plain)[2] is None and not (plain / "linear").exists()


def test_train_and_evaluate_commands(tiny_base, tmp_path):
    import json

    from govreport_nlp.cli import main

    from ..conftest import ROOT

    data = [str(ROOT / "annotations" / "hailar-2018.jsonl")]
    out = tmp_path / "m"
    assert main(["train", "--base", str(tiny_base), "--data", *data, "--out", str(out), "--epochs", "1",
                 "--val-fraction", "0", "--threads", "1", "--linear-mix", "0.5"]) == 0
    assert (out / "linear" / "tagger" / "crf.json").is_file()  # the CRF tagger, the default of new annotators
    assert main(["evaluate", "--model", str(out), "--data", *data, "-o", str(tmp_path / "s.json")]) == 0
    pooled = json.loads((tmp_path / "s.json").read_text(encoding="utf-8"))["pooled"]
    # scored on its own training data, so only a check that the linear models are in the predictions:
    # the character tagger memorizes its training spans, the 1-epoch tiny BERT cannot
    assert pooled["entities"]["micro"]["f1"] > 0.5 and pooled["stype"]["n"] == 311
    assert main(["train", "--base", str(tiny_base), "--data", *data, "--out", str(out), "--linear-mix", "2"]) == 2  # bad usage


def test_pipe_batch_size_is_for_that_call_only(tiny_annotator):
    import govreport_nlp as gr

    nlp = gr.load(tiny_annotator, batch_size=32)
    texts = ["各位代表：\n现在，我代表市人民政府向大会报告工作。\n一、2022年工作回顾\n全市生产总值18753亿元、增长1.5%。\n"] * 2
    seen = []
    for report in nlp.pipe(texts, batch_size=4):
        seen.append(nlp.batch_size)
        assert all(s.stype is not None for s in report.sentences)
    assert seen == [4, 4] and nlp.batch_size == 32
    one = nlp(texts[0])
    assert [s.stype for s in one.sentences] and one.sentences[-1].entities is not None

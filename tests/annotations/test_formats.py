"""Each converter on real sentences, its loss counting, and the lossless round trip of the whole gold corpus."""

import json

import pytest

from govreport_nlp.annotations import formats
from govreport_nlp.annotations.formats.conll import from_conll, to_conll
from govreport_nlp.annotations.formats.docbin import blank_nlp, to_docbin
from govreport_nlp.annotations.formats.doccano import from_doccano
from govreport_nlp.annotations.formats.hf import to_dataset
from govreport_nlp.annotations.formats.labelstudio import from_labelstudio, label_config, to_labelstudio

FILES = {"spacy": "x.spacy", "hf": "ds", "label-studio": "x.json", "doccano": "x.jsonl", "prodigy": "p.jsonl",
         "conll": "x.conll"}


def round_trip(records, fmt, tmp_path):
    path = tmp_path / FILES[fmt]
    lost_out = formats.write(records, path, fmt)
    back, lost_in = formats.read(path, fmt)
    return back, lost_out + lost_in


@pytest.mark.parametrize("fmt", list(FILES))
def test_round_trip_on_labelled_sentences(labelled, fmt, tmp_path):
    labelled[2].entities = None  # one sentence not annotated for entities
    back, losses = round_trip(labelled, fmt, tmp_path)
    assert not losses
    assert [r.to_dict() for r in back] == [r.to_dict() for r in labelled]


@pytest.mark.parametrize("fmt", list(FILES))
def test_round_trip_of_the_gold_corpus_is_lossless(gold, fmt, tmp_path):
    back, losses = round_trip(gold, fmt, tmp_path)
    assert not losses
    assert len(back) == len(gold)
    diff = [a.to_dict() for a, b in zip(gold, back) if a.to_dict() != b.to_dict()]
    assert diff == []


def test_docbin_carries_entities_and_span_groups(labelled):
    db, losses = to_docbin(labelled)
    docs = list(db.get_docs(blank_nlp().vocab))
    assert [(e.text, e.label_) for e in docs[1].ents] == [("杭州亚运会", "PROJECT"), ("56个", "METRIC"), ("31个", "METRIC")]
    assert docs[1].spans["stype"][0].label_ == "achievement" and docs[1].spans["domain"][0].label_ == "culture"
    assert docs[1].spans["stype"][0].text == labelled[1].text


def test_docbin_with_words_counts_entities_that_cut_a_token(labelled):
    from govreport_nlp.annotations import Entity

    nlp = blank_nlp("jieba")  # 全力 筹办 杭州 亚运会 和 亚 残运会 ， 56 个 竞赛 场馆 …
    r = labelled[1]
    assert [t.text for t in nlp(r.text)][2:4] == ["杭州", "亚运会"]
    a, b = r.text.index("杭州亚"), r.text.index("运会")
    r.entities = [Entity(a, a + 3, "PROJECT", "杭州亚"),  # cuts 亚运会: snapped out to 杭州亚运会
                  Entity(b, b + 2, "PROJECT", "运会"),  # snaps to 亚运会, which collides: dropped
                  Entity(r.text.index("56个"), r.text.index("56个") + 3, "METRIC", "56个")]  # aligned
    db, losses = to_docbin([r], nlp)
    doc = next(db.get_docs(nlp.vocab))
    assert losses == {"entity snapped to token edges": 1, "entity not aligned to tokens (dropped)": 1}
    assert [(e.text, e.label_) for e in doc.ents] == [("杭州亚运会", "PROJECT"), ("56个", "METRIC")]


def test_hf_dataset_has_class_labels_and_bio(labelled):
    ds, _ = to_dataset(labelled)
    assert ds.features["stype"].names[ds[0]["stype"]] == "achievement"
    tags = ds.features["ner_tags"].feature.names
    row = ds[1]
    start = row["text"].index("杭州亚运会")
    assert [tags[t] for t in row["ner_tags"][start:start + 6]] == ["B-PROJECT"] + ["I-PROJECT"] * 4 + ["O"]


def test_labelstudio_import_uses_last_annotation_and_counts_problems(labelled):
    tasks, _ = to_labelstudio(labelled[:2])
    tasks[0]["annotations"].insert(0, {"result": [], "was_cancelled": False})  # an older annotation
    tasks[1]["annotations"][0]["was_cancelled"] = True
    tasks[0]["annotations"][-1]["result"].append({"from_name": "comment", "type": "textarea", "value": {}})
    back, losses = from_labelstudio(tasks)
    assert back[0].to_dict() == labelled[0].to_dict()
    assert back[1].stype is None and back[1].entities is None
    assert losses == {"task with several annotations (last one used)": 1,
                      "task without annotation (left unlabelled)": 1,
                      "unknown result 'comment' of type 'textarea' (ignored)": 1}


def test_labelstudio_counts_utf16_offsets_for_astral_characters():
    from govreport_nlp.annotations import Entity, Record

    text = "𠀋头村建成𠀋头公园。"  # 𠀋 (U+2000B) is two UTF-16 units
    r = Record("x", 0, text, 0, len(text), "review", "text", [], "achievement", "housing",
               [Entity(5, 9, "PROJECT", "𠀋头公园")])
    tasks, _ = to_labelstudio([r], predictions=True, scores=[0.4])
    value = tasks[0]["predictions"][0]["result"][0]["value"]
    assert (value["start"], value["end"]) == (6, 11) and tasks[0]["predictions"][0]["score"] == 0.4
    tasks[0]["annotations"] = tasks[0].pop("predictions")
    back, _ = from_labelstudio(tasks)
    assert back[0].entities == r.entities


def test_labelstudio_config_lists_every_label():
    cfg = label_config()
    for label in ("PROJECT", "METRIC", "achievement", "glossary", "government_operations", "none"):
        assert f'value="{label}"' in cfg


def test_doccano_entities_shape_and_bad_spans():
    lines = [{"text": "建成湖杭铁路。", "entities": [{"start_offset": 2, "end_offset": 6, "label": "PROJECT"}]},
             {"text": "各位代表：", "label": [[0, 9, "PLACE"], "oops"]}]
    back, losses = from_doccano(lines)
    assert [(e.text, e.label) for e in back[0].entities] == [("湖杭铁路", "PROJECT")]
    assert back[1].entities == []
    assert losses == {"span outside the text (dropped)": 1, "label that is not a span (ignored)": 1}


def test_conll_escapes_spaces_and_reads_plain_files():
    from govreport_nlp.annotations import Entity, Record

    text = "# 建成 Hangzhou East。"
    r = Record("x", 0, text, 0, len(text), "review", "text", [], "achievement", "transportation",
               [Entity(5, 18, "PLACE", "Hangzhou East")])
    out, _ = to_conll([r])
    back, losses = from_conll(out)
    assert back[0].to_dict() == r.to_dict() and not losses
    plain, losses = from_conll("湖\tB-PROJECT\n杭\tI-PROJECT\n铁\tI-PROJECT\n路\tI-PROJECT\n。\tO\n")
    assert [(e.text, e.label) for e in plain[0].entities] == [("湖杭铁路", "PROJECT")]
    assert losses == {"sentence without metadata comments": 1}


def test_convert_command_reports_losses(labelled, tmp_path, capsys):
    from govreport_nlp.annotations import write_jsonl
    from govreport_nlp.cli import main

    write_jsonl(labelled, tmp_path / "a.jsonl")
    assert main(["convert", str(tmp_path / "a.jsonl"), "--to", "doccano", "-o", str(tmp_path / "d.jsonl")]) == 0
    lines = [json.loads(x) for x in (tmp_path / "d.jsonl").read_text(encoding="utf-8").splitlines()]
    assert lines[1]["label"][0] == [4, 9, "PROJECT"] and lines[1]["stype"] == "achievement"
    (tmp_path / "bad.jsonl").write_text('{"text": "各位代表：", "label": [[0, 9, "PLACE"]]}\n', encoding="utf-8")
    assert main(["convert", str(tmp_path / "bad.jsonl"), "--from", "doccano", "--to", "jsonl",
                 "-o", str(tmp_path / "b.jsonl")]) == 0
    assert "1 x span outside the text (dropped)" in capsys.readouterr().err

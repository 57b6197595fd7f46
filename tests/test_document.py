"""Serialization of the document model."""

import io
import json

import govreport_nlp as gr


def test_to_dict_from_dict_round_trip(hangzhou):
    d = hangzhou.to_dict()
    text = json.dumps(d, ensure_ascii=False)
    back = gr.Report.from_dict(json.loads(text))
    assert back.to_dict() == d
    assert back.sentences == hangzhou.sentences
    assert back.glossary == hangzhou.glossary
    assert back.offsets.to_raw(100, 120) == hangzhou.offsets.to_raw(100, 120)


def test_round_trip_keeps_tokens():
    report = gr.read("各位代表：\n全市生产总值18753亿元、增长1.5%。", words=True)
    back = gr.Report.from_dict(report.to_dict())
    assert back.sentences[1].tokens == report.sentences[1].tokens


def test_jsonl_export(hangzhou):
    fh = io.StringIO()
    n = hangzhou.to_jsonl(fh)
    rows = [json.loads(line) for line in fh.getvalue().splitlines()]
    assert n == len(rows) == len(hangzhou.sentences)
    row = rows[8]
    assert set(row) == {"report", "id", "text", "start", "end", "raw_start", "raw_end", "kind", "part", "cut",
                        "heading_path", "paragraph", "section"}
    assert row["report"] == "hangzhou-2023"
    assert hangzhou.text[row["start"]:row["end"]] == row["text"]

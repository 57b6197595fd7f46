import pytest

from govreport_nlp.annotations import read_jsonl, write_jsonl
from govreport_nlp.annotations.mentions import apply_answers
from govreport_nlp.annotations.schema import entities_from_mentions
from govreport_nlp.errors import GovReportError


def test_mentions_tag_every_occurrence_longest_first():
    text = "杭州亚运会在杭州举办，杭州亚运会场馆56个。"
    ents, problems = entities_from_mentions(text, [("杭州", "PLACE"), ("杭州亚运会", "PROJECT"), ("56个", "METRIC")])
    assert [(e.text, e.label, e.start) for e in ents] == [
        ("杭州亚运会", "PROJECT", 0), ("杭州", "PLACE", 6), ("杭州亚运会", "PROJECT", 11), ("56个", "METRIC", 18)]
    assert problems == []


def test_mentions_kth_occurrence_and_problems_are_reported():
    text = "增长5%，其中出口增长5%。"
    ents, problems = entities_from_mentions(text, [("增长5%", "METRIC", 1), ("进口", "METRIC")])
    assert [(e.start, e.end) for e in ents] == [(9, 13)]
    assert problems == ["METRIC '进口' not found"]


def test_jsonl_round_trip_keeps_unannotated_tasks_apart_from_empty_ones(labelled, tmp_path):
    labelled[2].entities = None
    write_jsonl(labelled, tmp_path / "a.jsonl")
    back = read_jsonl(tmp_path / "a.jsonl")
    assert [r.to_dict() for r in back] == [r.to_dict() for r in labelled]
    assert back[2].entities is None and back[0].entities


@pytest.mark.parametrize("line, reason", [
    ("not json", "Expecting value"),
    ("[1, 2]", "list"),
    ('{"report_id": "x", "text": "各位代表："}', "missing sentence_id, start, end"),
])
def test_bad_lines_name_file_and_line(tmp_path, line, reason):
    p = tmp_path / "bad.jsonl"
    p.write_text('{"report_id": "x", "sentence_id": 0, "text": "a", "start": 0, "end": 1}\n' + line + "\n",
                 encoding="utf-8")
    with pytest.raises(GovReportError, match=rf"E013.*line 2.*{reason}"):
        read_jsonl(p)


def test_apply_answers_counts_what_it_cannot_place(hangzhou):
    from govreport_nlp.annotations import records_from_report

    recs = records_from_report(hangzhou)[:10]
    answers = {f"{recs[8].report_id}#8": {"stype": "achievement", "domain": "macroeconomics",
                                         "entities": [["18753亿元", "METRIC"], ["19000亿元", "METRIC"]]}}
    out, problems = apply_answers(recs, answers)
    assert out[8].stype == "achievement" and [e.text for e in out[8].entities] == ["18753亿元"]
    assert "METRIC '19000亿元' not found" in problems[-1] or any("19000亿元" in p for p in problems)
    assert sum("no answer" in p for p in problems) == 9
    assert out[0].stype is None and out[0].entities is None

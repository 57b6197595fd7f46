import copy

import pytest

from govreport_nlp.annotations import Entity, validate_records


def codes(records, **kw):
    return [p.code for p in validate_records(records, **kw)]


def test_hand_labelled_sentences_are_valid(labelled, hangzhou):
    assert validate_records(labelled) == []
    problems = validate_records(labelled, report=hangzhou)
    assert [(p.code, p.message) for p in problems] == [
        ("segmentation", f"{len(hangzhou.sentences) - 3} sentence(s) of the report not annotated")]


@pytest.mark.parametrize("mutate, code", [
    (lambda r: setattr(r, "stype", "goal"), "label"),
    (lambda r: setattr(r, "domain", "economy"), "label"),
    (lambda r: r.entities.append(Entity(0, 2, "PERSON", "全市")), "label"),
    (lambda r: r.entities.append(Entity(40, 400, "METRIC", "x")), "offset"),
    (lambda r: setattr(r.entities[0], "text", "18754亿元"), "span-text"),
    (lambda r: r.entities.append(Entity(8, 13, "METRIC", "53亿元、")), "overlap"),
    (lambda r: setattr(r, "end", r.end + 1), "offset"),
])
def test_each_kind_of_problem_is_found(labelled, mutate, code):
    r = copy.deepcopy(labelled[0])
    mutate(r)
    assert code in codes([r])


def test_span_edges(labelled):
    r = copy.deepcopy(labelled[0])  # 全市生产总值18753亿元、增长1.5%；…
    i = r.text.index("增长1.5%")
    r.entities = [Entity(i - 1, i + 6, "METRIC", r.text[i - 1:i + 6])]  # begins with 、
    assert codes([r]) == ["span-edge"]
    r.entities = [Entity(i, i + 6, "METRIC", "增长1.5%")]  # % ends a quantity: fine
    assert codes([r]) == []


def test_closing_bracket_may_end_a_name():
    from govreport_nlp.annotations import Record

    text = "建成大数据中心（一期）。"
    r = Record("x", 0, text, 0, len(text), "review", "text", [], "achievement", "technology",
               [Entity(2, 11, "PROJECT", "大数据中心（一期）")])
    assert codes([r]) == []


def test_segmentation_and_duplicates_and_completeness(labelled, hangzhou):
    r = copy.deepcopy(labelled[0])
    r.text = r.text.replace("全市", "全省")
    assert "segmentation" in codes([r], report=hangzhou)
    dup = copy.deepcopy(labelled[2])
    assert "schema" in codes([labelled[2], dup])
    blank = copy.deepcopy(labelled[2])
    blank.domain = None
    assert codes([blank]) == [] and codes([blank], complete=True) == ["incomplete"]

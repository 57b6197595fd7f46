"""The sample report's hierarchy, as the foundation issue fixes it."""

import re


def test_parts_and_glossary(hangzhou):
    parts = [s for s in hangzhou.sections if s.kind == "part"]
    assert [(p.number, p.heading, p.part) for p in parts] == [
        ("一", "2022年工作回顾", "review"),
        ("二", "2023年政府工作安排", "plan"),
        ("三", "切实加强政府自身建设", "plan"),
    ]
    assert [s.kind for s in hangzhou.parts] == ["preamble", "part", "part", "part", "glossary"]


def test_sections_per_part(hangzhou):
    by_part = {}
    for sec in hangzhou.sections:
        if sec.kind == "section":
            parent = hangzhou.sections[sec.parent]
            by_part.setdefault(parent.number, []).append(sec.number)
    assert by_part == {"一": list("一二三四五六七八"), "二": list("一二三四五六七八九")}
    first = next(s for s in hangzhou.sections if s.kind == "section")
    assert first.heading == "打好疫情防控硬仗，最大限度降低疫情对经济社会发展的影响"
    assert first.heading_path == ("一、2022年工作回顾", "（一）打好疫情防控硬仗，最大限度降低疫情对经济社会发展的影响")


def test_glossary_entries_split_into_term_and_definition(hangzhou):
    g = hangzhou.glossary
    assert len(g) == 27
    first = g[0]
    assert (first.term, first.page) == ("数字经济“1248”计划", 3)
    assert first.definition.startswith("“1”，即高水平重塑全国数字经济第一城；")
    assert first.definition.endswith("数字治理变革等8大行动。")
    assert g[-1].term == "新型经营主体培育“双千万”工程" and g[-1].definition.endswith("培育农创客2400人。")
    for e in g:
        assert hangzhou.text[e.term_start:e.term_end] == e.term
        assert hangzhou.text[e.definition_start:e.definition_end] == e.definition
        assert "见第" not in e.term and not e.definition.startswith(("：", ":"))
        assert hangzhou.raw_text[e.raw_start:e.raw_end].replace(" ", "").startswith(e.term.replace(" ", "")[:3])


def test_title_block(hangzhou):
    tb = hangzhou.title_block
    assert tb.title == "政府工作报告"
    assert tb.date == "2023年2月19日"
    assert tb.meeting == "杭州市第十四届人民代表大会第三次会议"
    assert (tb.speaker_role, tb.speaker) == ("杭州市人民政府市长", "姚高员")


def test_inline_numbered_items(hangzhou):
    items = [s for s in hangzhou.sections if s.kind == "item"]
    assert [i.number for i in items] == list("①②③④⑤⑥⑦⑧⑨⑩")
    for item in items:
        text = hangzhou.text[item.start:item.end]
        assert text.startswith(item.number) and text.endswith("。")
    assert hangzhou.text[items[0].start:items[0].end] == "①新建中小学幼儿园85所，新增学位70680个。"


def test_every_sentence_knows_its_part_and_path(hangzhou):
    for s in hangzhou.sentences:
        if s.part in ("review", "plan"):
            assert re.match(r"[一二三]、", s.heading_path[0])
        if s.part == "glossary":
            assert s.heading_path == ("名词解释",)
    review = [s for s in hangzhou.sentences if s.part == "review"]
    assert review[0].text == "一、2022年工作回顾" and review[0].kind == "heading"

"""Sentence units per the spec."""

import govreport_nlp as gr
from govreport_nlp.reading.sentences import split_paragraph


def test_semicolons_do_not_split_and_quotes_stay_attached():
    s = "全市生产总值18753亿元、增长1.5%；一般公共预算收入2451亿元。他说：“要安全。”下一句！"
    assert [s[a:b] for a, b in split_paragraph(s)] == [
        "全市生产总值18753亿元、增长1.5%；一般公共预算收入2451亿元。", "他说：“要安全。”", "下一句！"]


def test_list_item_after_colon_is_its_own_unit():
    s = "主要做了以下工作：①新建学校85所。②完成安置1万户。"
    assert [s[a:b] for a, b in split_paragraph(s)] == ["主要做了以下工作：", "①新建学校85所。", "②完成安置1万户。"]


def test_units_in_the_sample(hangzhou):
    texts = [s.text for s in hangzhou.sentences]
    kinds = {s.text: s.kind for s in hangzhou.sentences}
    assert texts[:5] == ["政府工作报告", "（2023年2月19日在杭州市第十四届人民代表大会第三次会议上）",
                         "杭州市人民政府市长姚高员", "各位代表：",
                         "现在，我代表市人民政府向大会报告工作，请予审议，并请市政协委员和其他列席人员提出意见。"]
    assert kinds["（一）聚焦稳进提质，全力打好经济翻身仗。"] == "heading"
    assert kinds["二、2023年政府工作安排"] == "heading"
    assert kinds["①新建中小学幼儿园85所，新增学位70680个。"] == "item"
    glossary = [s for s in hangzhou.sentences if s.kind == "glossary"]
    assert glossary[0].text.startswith("数字经济“1248”计划（见第3页）：")
    assert all(not s.text.startswith(("，", "。", "、")) for s in hangzhou.sentences)
    assert all(s.text.endswith(("。", "！", "？", "：", "”")) or s.kind in ("title", "heading")
               for s in hangzhou.sentences)
    assert max(len(t) for t in texts) < 400
    assert sum(len(s.text) for s in hangzhou.sentences) == len(hangzhou.text.replace("\n", ""))


def test_web_text_broken_by_inline_markup_is_one_sentence():
    # as the Guangdong 2026 page comes out of its HTML: PM<sub>2.5</sub> and bold runs on lines of their own
    text = ("各位代表：\n现在，我代表省人民政府，向大会报告工作。\n一、2025年工作回顾\n"
            "持续改善空气质量，以PM\n2.5\n浓度持续下降为主线，推动氮氧化物和挥发性有机物协同减排。\n"
            "二、2026年工作安排\n今年经济社会发展的\n主要预期目标\n是：地区生产总值增长4.5%—5%。\n"
            "主要目标\n")
    texts = [s.text for s in gr.read(text).sentences]
    assert "持续改善空气质量，以PM2.5浓度持续下降为主线，推动氮氧化物和挥发性有机物协同减排。" in texts
    assert "今年经济社会发展的主要预期目标是：地区生产总值增长4.5%—5%。" in texts
    assert texts[-1] == "主要目标"  # a short line on its own stays a unit

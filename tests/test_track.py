"""Target tracking on the gold annotations of consecutive reports, the met / missed rules, report metadata."""

import json

import pytest

import govreport_nlp as gr
from govreport_nlp.cli import main
from govreport_nlp.reading.metadata import ReportMeta, level_of, report_meta
from govreport_nlp.metrics import parse_metric
from govreport_nlp.track import Item, LINK_COLUMNS, items_from_records, judge, link_targets, split_items

from .conftest import ROOT, SAMPLE


def _gold_links(gold, y, y1):
    by = lambda rid: [r for r in gold if r.report_id == rid]  # noqa: E731
    return link_targets(*split_items(items_from_records(by(y)), items_from_records(by(y1))))


def test_national_targets_find_next_years_results_on_gold_annotations(gold):
    links = _gold_links(gold, "national-2024", "national-2025")
    got = {(l.target.metric.text, l.achievement.metric.text if l.achievement else None, l.status) for l in links}
    # the headline targets of 2024 and what the 2025 report says of them (annotations/tracking/ has them all)
    assert {("增长5%左右", "增长5%", "met"), ("5.5%左右", "5.1%", "met"), ("3%左右", "上涨0.2%", "met"),
            ("1.3万亿斤以上", "1.4万亿斤", "met")} <= got
    assert all(l.target.report_id == "national-2024" and l.target.metric.statement == "target" for l in links)
    assert all(l.achievement is None or l.achievement.part == "review" for l in links)
    assert {tuple(l.to_row()) for l in links} == {LINK_COLUMNS}


def test_links_agree_with_the_hand_made_gold_on_the_national_pairs(gold):
    for pair in ("national-2023--national-2024", "national-2024--national-2025"):
        hand = [json.loads(x) for x in (ROOT / "annotations" / "tracking" / f"{pair}.jsonl").read_text().splitlines()]
        links = _gold_links(gold, *pair.split("--"))
        assert [(l.target.sentence_id, l.target.metric.start) for l in links] == \
               [(g["target"]["sentence_id"], g["target"]["start"]) for g in hand]
        for link, g in zip(links, hand):
            want = g["achievement"] and (g["achievement"]["sentence_id"], g["achievement"]["start"])
            got = link.achievement and (link.achievement.sentence_id, link.achievement.metric.start)
            assert got == want, g["indicator"]


def _item(sentence, number, stype, sentence_id=0):
    start = sentence.index(number)
    return Item("r", sentence_id, sentence, "plan" if stype == "target" else "review",
                parse_metric(sentence, start, start + len(number), stype=stype))


@pytest.mark.parametrize("target, result, status", [
    (("国内生产总值增长5%左右", "增长5%左右"), ("国内生产总值增长4.9%", "增长4.9%"), "met"),  # about: within 2%
    (("国内生产总值增长5%左右", "增长5%左右"), ("国内生产总值增长4.5%", "增长4.5%"), "missed"),
    (("城镇调查失业率5.5%左右", "5.5%左右"), ("城镇调查失业率平均5.9%", "5.9%"), "missed"),  # lower is better
    (("城镇调查失业率5.5%左右", "5.5%左右"), ("城镇调查失业率平均5.1%", "5.1%"), "met"),
    (("粮食产量1.3万亿斤以上", "1.3万亿斤以上"), ("粮食产量1.29万亿斤", "1.29万亿斤"), "missed"),  # at least
    (("单位国内生产总值能耗降低2.5%左右", "降低2.5%左右"), ("单位国内生产总值能耗降低3.1%", "降低3.1%"), "met"),
    (("单位国内生产总值能耗降低2.5%左右", "降低2.5%左右"), ("单位国内生产总值能耗上升0.5%", "上升0.5%"), "missed"),
])
def test_met_or_missed(target, result, status):
    assert judge(_item(*target, "target"), _item(*result, "achievement")) == status
    assert judge(_item(*target, "target"), None) == "not_reported"


def test_a_result_of_another_kind_or_unit_is_not_linked():
    target = _item("城镇新增就业1200万人以上", "1200万人以上", "target")
    wrong_unit = _item("城镇新增就业增长5%", "增长5%", "achievement", 1)
    right = _item("城镇新增就业1256万人", "1256万人", "achievement", 2)
    links = link_targets([target], [wrong_unit, right])
    assert links[0].achievement is right and links[0].status == "met"
    assert link_targets([target], [wrong_unit])[0].status == "not_reported"


def test_report_metadata():
    hz = gr.read(SAMPLE)
    assert (report_meta(hz).place, report_meta(hz).level, report_meta(hz).year) == ("杭州市", "city", 2023)
    opening = "各位代表：\n现在，我代表国务院，向大会报告政府工作，请予审议。\n一、2024年工作回顾\n过去一年，国内生产总值增长5%。"
    assert report_meta(gr.read(opening)) == ReportMeta("全国", "national", 2025)
    assert [level_of(p) for p in ("广东省", "上海市", "杭州市", "海拉尔区", "全国", None)] == \
           ["province", "municipality", "city", "district", "national", None]


def test_track_command_writes_links_and_a_chart(tiny_annotator, tmp_path, capsys):
    y = "各位代表：\n现在，我代表市人民政府向大会报告工作。\n一、2023年工作安排\n今年全市生产总值增长5%左右，城镇新增就业10万人以上。"
    y1 = "各位代表：\n现在，我代表市人民政府向大会报告工作。\n一、2023年工作回顾\n过去一年，全市生产总值增长5.5%，城镇新增就业12万人。"
    (tmp_path / "y.txt").write_text(y, encoding="utf-8")
    (tmp_path / "y1.txt").write_text(y1, encoding="utf-8")
    argv = ["track", str(tmp_path / "y.txt"), str(tmp_path / "y1.txt"), "-o", str(tmp_path / "links.csv"),
            "--chart", str(tmp_path / "pair.png"), "--model", str(tiny_annotator)]
    assert main(argv) == 0
    header = (tmp_path / "links.csv").read_text(encoding="utf-8").splitlines()[0]
    assert header.split(",") == list(LINK_COLUMNS)
    assert (tmp_path / "pair.png").read_bytes()[:4] == b"\x89PNG"
    assert "targets of y" in capsys.readouterr().err
    assert main(argv[:1] + [str(tmp_path / "missing.txt")] + argv[2:]) == 1


def test_metric_table_has_place_year_and_the_year_a_figure_is_about(shipped_hangzhou, tmp_path):
    from govreport_nlp.outputs import METRIC_COLUMNS, metric_table, write_table

    rows = metric_table([shipped_hangzhou])
    assert {(r["place"], r["level"], r["year"]) for r in rows} == {("杭州市", "city", 2023)}
    assert {r["refers_to_year"] for r in rows if r["statement"] == "achievement"} == {2022}
    assert {r["refers_to_year"] for r in rows if r["statement"] == "target"} == {2023}
    write_table(rows, tmp_path / "m.parquet", METRIC_COLUMNS)
    import pandas as pd

    back = pd.read_parquet(tmp_path / "m.parquet")
    assert list(back.columns) == list(METRIC_COLUMNS) and len(back) == len(rows)


def test_only_plan_targets_count_and_a_fall_does_not_meet_a_rise_of_something_else():
    plan = _item("单位国内生产总值能耗降低3%左右", "降低3%左右", "target")
    review_figure = Item("r", 5, "城镇新增就业超过6000万人", "review",
                         parse_metric("城镇新增就业超过6000万人", 6, 14, stype="target"))
    five_years = _item("今后五年，城镇新增就业5000万人以上", "5000万人以上", "target")
    targets, _ = split_items([plan, review_figure, five_years], [])
    assert targets == [plan]  # a figure of the review, or of a five-year plan, labelled target is not the year's
    gdp = _item("国内生产总值增长8.1%", "增长8.1%", "achievement", 1)
    energy = _item("单位国内生产总值能耗降低2.7%", "降低2.7%", "achievement", 2)
    assert link_targets([plan], [gdp])[0].achievement is None  # shares 国内生产总值, but a fall is not a rise
    assert link_targets([plan], [gdp, energy])[0].achievement is energy


def test_the_scorer_prefers_the_years_figure_to_a_five_year_average_and_keeps_a_restated_target_once():
    gdp = _item("主要预期目标是：国内生产总值增长8%左右", "增长8%左右", "target")
    again = _item("今年国内生产总值增长8%左右，是综合考虑各方面因素确定的", "增长8%左右", "target", 1)
    jobs = _item("城镇新增就业900万人以上", "900万人以上", "target", 2)
    targets, _ = split_items([gdp, again, jobs], [])
    assert targets == [gdp, jobs]  # the plan states the target, then comes back to it
    average = _item("国内生产总值达到39.8万亿元，年均增长11.2%", "增长11.2%", "achievement", 5)
    year = _item("去年国内生产总值比上年增长10.3%", "增长10.3%", "achievement", 6)
    link, = link_targets([gdp], [average, year])
    assert link.achievement is year and link.status == "met" and 0.2 <= link.score <= 1
    # named by the same standard indicator (gdp_growth), the year's figure is taken whatever the threshold; the
    # scorer alone keeps to its threshold
    assert link_targets([gdp], [average, year], threshold=1.0)[0].achievement is year
    assert link_targets([gdp], [average, year], threshold=1.0, indicators=False)[0].achievement is None
    assert link_targets([gdp], [average])[0].achievement is None  # a five-year average is no year's result


def test_the_shipped_pair_scorer_loads_saves_and_says_what_it_needs(tmp_path):
    from govreport_nlp.track import PAIR_FEATURES, PairScorer, default_scorer

    scorer = default_scorer()
    assert set(scorer.weights) == set(PAIR_FEATURES) and 0 < scorer.threshold < 1 and "track_scorer.py" in scorer.about
    scorer.save(tmp_path / "s.json")
    back = PairScorer.load(tmp_path / "s.json")
    assert (back.weights, back.intercept, back.threshold) == (scorer.weights, scorer.intercept, scorer.threshold)
    with pytest.raises(ValueError, match="no weight for"):
        PairScorer({"name": 1.0}, 0.0, 0.5)


def test_track_refuses_a_threshold_that_is_not_a_probability(capsys):
    assert main(["track", "a.txt", "b.txt", "-o", "x.csv", "--threshold", "5"]) == 2
    assert "--threshold is a probability" in capsys.readouterr().err


def test_the_growth_target_of_older_reports_finds_the_gdp_result():
    target = _item("中央提出今年经济增长预期目标为7%左右", "7%左右", "target")
    sentence = "国内生产总值达到13.65万亿元，比上年增长9.5%"
    level = parse_metric(sentence, 8, 16, stype="achievement")  # the growth rate takes the level's indicator
    gdp = Item("r", 3, sentence, "review", parse_metric(sentence, 20, 26, stype="achievement", previous=level))
    jobs = _item("城镇新增就业980万人", "980万人", "achievement", 4)
    link, = link_targets([target], [jobs, gdp])
    assert link.achievement is gdp and link.status == "met"  # 经济增长 is read as 国内生产总值增长


@pytest.mark.parametrize("first_part, body, year", [
    ("一、1994年国内工作的回顾", "过去的一年，国内生产总值比上年增长百分之十一点八。", 1995),  # the year in the heading
    ("一、一九八九年的回顾", "国民生产总值比上年增长百分之三点九。", 1990),  # in Chinese numerals
    # a five-year review: the latest year it names twice (到2020年 is a goal, not a year reviewed)
    ("一、过去五年工作回顾", "2008年以来，经济平稳发展。2012年，国内生产总值增长7.8%。2012年，城镇新增就业1266万人。"
                           "到2020年实现翻番。", 2013),
    ("一、扩大和培育内需", "2001年国内生产总值增长7.3%。1999年以来，投资增长。", None),  # not a review: no guess
])
def test_the_year_of_a_report_without_a_date(first_part, body, year):
    text = f"各位代表：\n现在，我代表国务院向大会作政府工作报告，请予审议。\n{first_part}\n{body}\n二、今年的工作\n今年国内生产总值增长7.5%左右。\n"
    assert report_meta(gr.read(text)) == ReportMeta("全国", "national", year)

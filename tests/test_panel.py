"""The panel of targets and results: the indicator list, naming figures, values, target/result, met, bad input."""

import json

import pandas as pd
import pytest

import govreport_nlp as gr
from govreport_nlp.cli import main
from govreport_nlp.metrics import cn_number, metric_records, parse_metric
from govreport_nlp.panel import COLUMNS, ReportInfo, load_indicators, panel_rows
from govreport_nlp.panel.table import missed_percentages, name_figures, report_rows

from .conftest import ROOT, SAMPLE

IND = load_indicators()


def _ids(name):
    return [(i.id, scope) for i, scope in IND.match(name)]


def test_the_list_has_the_issues_indicators_with_units_and_directions():
    want = {"gdp_growth", "industrial_value_added_growth", "fixed_asset_investment_growth", "retail_sales_growth",
            "foreign_trade_growth", "fiscal_revenue_growth", "cpi", "urban_new_jobs", "unemployment_surveyed",
            "unemployment_registered", "disposable_income_growth", "energy_intensity", "carbon_intensity",
            "grain_output"}
    assert want <= {i.id for i in IND}
    assert IND["cpi"].better == IND["unemployment_surveyed"].better == "lower"
    assert IND["urban_new_jobs"].unit == "人" and IND["grain_output"].convert["斤"] == 0.0005
    assert set(IND["disposable_income_growth"].scopes) >= {"urban", "rural"}


@pytest.mark.parametrize("name, expected", [
    ("国民生产总值比上年增长", [("gdp_growth", "")]),  # the early 1990s
    ("今年经济增长速度的调控目标定为", [("gdp_growth", "")]),
    ("全市生产总值", [("gdp_growth", "")]),
    ("消费对经济增长的贡献率达到", []),  # a share of growth, not growth
    ("单位国内生产总值能耗下降", [("energy_intensity", "")]),  # the longer wording wins over 国内生产总值
    ("单位国内生产总值能耗和二氧化碳排放分别降低", [("energy_intensity", ""), ("carbon_intensity", "")]),
    ("二氧化碳排放总量", []),  # carbon needs 单位 or 强度
    ("城乡居民人均可支配收入分别增长", [("disposable_income_growth", "urban"), ("disposable_income_growth", "rural")]),
    ("农民人均纯收入", [("disposable_income_growth", "rural")]),
    ("全国居民人均可支配收入实际增长", [("disposable_income_growth", "all")]),
    ("城镇调查失业率", [("unemployment_surveyed", "")]),
    ("规模以上工业增加值增长", [("industrial_value_added_growth", "")]),
    ("高技术制造业增加值增长", []),
    ("固定资产投资率定为", []),
])
def test_a_clause_maps_to_its_indicators_in_the_order_written(name, expected):
    assert _ids(name) == expected


@pytest.mark.parametrize("text, value", [("四点五", 4.5), ("十二点八", 12.8), ("三点九", 3.9), ("八千", 8000),
                                         ("两点", None)])
def test_chinese_numerals_with_decimals(text, value):
    assert cn_number(text) == value


def test_percentages_written_out_are_read_and_completed():
    s = "1989年国民生产总值15677亿元，比上年增长百分之三点九。"
    cut = gr.Entity(s.index("增长"), s.index("增长") + 4, "METRIC", "增长百分")  # the tagger stops inside the number
    growth = metric_records(s, [cut])[0]
    assert (growth.text, growth.value, growth.unit, growth.kind) == ("增长百分之三点九", 3.9, "%", "growth")
    s = "今年经济增长速度的宏观调控目标，定为百分之八至九。"
    r = parse_metric(s, s.index("百分之"), s.index("。"))
    assert (r.value, r.value_max, r.unit, r.qualifier) == (8.0, 9.0, "%", "range")
    s = "粮食产量八千亿斤左右"
    r = parse_metric(s, 4, len(s))
    assert (r.value, r.unit, r.qualifier) == (8e11, "斤", "about")


def test_figures_take_the_name_of_their_clause_or_the_previous_figure():
    s = "全市生产总值18753亿元、增长1.5%；单位国内生产总值能耗和二氧化碳排放分别降低13.5%、18%。"
    records = [parse_metric(s, s.index(t), s.index(t) + len(t)) for t in ("18753亿元", "增长1.5%", "13.5%", "18%")]
    got = [(i.id if i else None) for _, i, _ in name_figures(s, records, IND)]
    assert got == ["gdp_growth", "gdp_growth", "energy_intensity", "carbon_intensity"]


def test_the_panel_reads_a_percentage_the_tagger_missed_only_where_an_indicator_names_it():
    s = "今年国民生产总值计划增长百分之八，是留有余地的，百分之九十的企业扭亏。"
    (r,) = missed_percentages(s, [], IND)
    assert (r.text, r.value, r.unit) == ("增长百分之八", 8.0, "%")


class _S:
    def __init__(self, id, text, part, stype, entities=None, metrics=None):
        self.id, self.text, self.part, self.stype, self.stype_score = id, text, part, stype, 0.9
        self.metrics = metrics if metrics is not None else metric_records(text, entities or [], stype)


def _metric(text, span):
    return gr.Entity(text.index(span), text.index(span) + len(span), "METRIC", span)


def _report(rid, sentences):
    class R:
        id = rid
    R.sentences = sentences
    return R


def test_targets_results_values_and_met_over_two_years():
    t24 = "今年发展主要预期目标是：国内生产总值增长5%左右；城镇新增就业1200万人以上，城镇调查失业率5.5%左右；居民消费价格涨幅3%左右。"
    five = "今后五年，国内生产总值年均增长6%以上。"
    r24 = "国内生产总值超过126万亿元，增长5.2%。"
    y24 = _report("national-2024", [
        _S(1, r24, "review", "achievement", [_metric(r24, "126万亿元"), _metric(r24, "增长5.2%")]),
        _S(2, t24, "plan", "target", [_metric(t24, x) for x in ("增长5%左右", "1200万人以上", "5.5%左右", "3%左右")]),
        _S(3, five, "plan", "target", [_metric(five, "增长6%以上")])])
    r25 = "全年国内生产总值增长4.8%，城镇新增就业1256万人，城镇调查失业率平均5.1%，居民消费价格上涨0.2%。"
    y25 = _report("national-2025", [_S(1, r25, "review", "achievement",
                                       [_metric(r25, x) for x in ("增长4.8%", "1256万人", "5.1%", "上涨0.2%")])])
    infos = [ReportInfo("national-2024", "全国", "national", 2024), ReportInfo("national-2025", "全国", "national", 2025)]
    rows, summary = panel_rows([y24, y25], IND, infos)
    got = {(r["year"], r["indicator"], r["kind"]): (r["low"], r["high"], r["unit"], r["qualifier"], r["met"]) for r in rows}
    assert got[(2023, "gdp_growth", "result")] == (5.2, 5.2, "%", "", None)  # the 126万亿元 level is not growth
    assert got[(2024, "gdp_growth", "target")] == (5.0, 5.0, "%", "左右", False)  # 4.8 < 5 - 2% of 5
    assert got[(2024, "gdp_growth", "result")] == (4.8, 4.8, "%", "", False)
    assert got[(2024, "urban_new_jobs", "target")] == (12_000_000, 12_000_000, "人", "以上", True)
    assert got[(2024, "unemployment_surveyed", "target")][-1] is True  # lower is better: 5.1 <= 5.5
    assert got[(2024, "cpi", "target")][-1] is True
    assert not any(r["low"] == 6.0 for r in rows)  # a five-year figure is no year's target
    assert all(list(r) == list(COLUMNS) for r in rows) and summary == {"skipped": 0, "unknown": []}


def test_a_plan_of_the_1990s_labelled_other_is_still_the_years_target():
    s = "今年计划要求，国民生产总值增长百分之六，全社会固定资产投资增长百分之八。"
    rows, _ = report_rows(ReportInfo("national-1992", "全国", "national", 1992),
                          [_S(85, s, "plan", "other", [_metric(s, "增长百分之六"), _metric(s, "增长百分之八")])], IND)
    assert {(r["indicator"], r["kind"], r["year"], r["low"]) for r in rows} == {
        ("gdp_growth", "target", 1992, 6.0), ("fixed_asset_investment_growth", "target", 1992, 8.0)}


def test_unknown_place_or_year_gives_empty_fields_and_an_unreadable_number_is_counted():
    s = "地区生产总值增长若干。"
    unreadable = parse_metric(s, s.index("增长"), s.index("。"))
    assert unreadable.value is None
    t = "今年地区生产总值增长6%左右。"
    rows, summary = panel_rows([_report("nowhere", [_S(1, s, "plan", "target", metrics=[unreadable]),
                                                    _S(2, t, "plan", "target", [_metric(t, "增长6%左右")])])], IND,
                               [ReportInfo("nowhere", None, None, None)])
    assert summary == {"skipped": 1, "unknown": ["nowhere"]}
    assert [(r["place"], r["year"], r["indicator"], r["low"]) for r in rows] == [(None, None, "gdp_growth", 6.0)]


def test_the_shipped_model_on_the_sample_report(shipped_hangzhou):
    df = gr.panel([shipped_hangzhou], progress=False)
    assert list(df.columns) == list(COLUMNS)
    assert set(df.place) == {"杭州市"} and set(df.level) == {"city"}
    gdp = df[df.indicator == "gdp_growth"].set_index("kind")
    # the 2023 report: 2022's growth (1.5%) and 2023's target (5%以上)
    assert (gdp.loc["result", "year"], gdp.loc["result", "low"]) == (2022, 1.5)
    assert (gdp.loc["target", "year"], gdp.loc["target", "low"], gdp.loc["target", "qualifier"]) == (2023, 5.0, "以上")
    assert df.met.isna().all()  # one report: no year has both


def test_an_extended_list_is_used_and_a_broken_one_refused(tmp_path):
    d = json.loads((ROOT / "govreport_nlp" / "panel" / "indicators.json").read_text(encoding="utf-8"))
    d["indicators"].append({"id": "forest_coverage", "zh": "森林覆盖率", "en": "forest coverage", "measure": "rate",
                            "unit": "%", "better": "higher", "wordings": ["森林覆盖率"]})
    path = tmp_path / "mine.json"
    path.write_text(json.dumps(d, ensure_ascii=False), encoding="utf-8")
    mine = load_indicators(path)
    s = "今年森林覆盖率达到62%以上。"
    rows, _ = report_rows(ReportInfo("x", "某市", "city", 2024), [_S(1, s, "plan", "target", [_metric(s, "62%以上")])],
                          mine)
    assert [(r["indicator"], r["low"], r["qualifier"]) for r in rows] == [("forest_coverage", 62.0, "以上")]
    d["indicators"][-1]["measure"] = "speed"
    path.write_text(json.dumps(d, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(gr.GovReportError, match="E042.*measure"):
        load_indicators(path)
    with pytest.raises(gr.GovReportError, match="E001"):
        load_indicators(tmp_path / "missing.json")


def test_gr_panel_refuses_a_missing_file_before_any_work(tmp_path):
    with pytest.raises(gr.GovReportError, match="E019"):
        gr.panel([SAMPLE, tmp_path / "missing.txt"])


def test_cli_panel_writes_csv_and_parquet_and_charts(tmp_path, capsys):
    out = tmp_path / "panel.csv"
    assert main(["panel", str(SAMPLE), "-o", str(out), "--chart", str(tmp_path / "charts")]) == 0
    assert (tmp_path / "charts" / "杭州市-gdp_growth.png").stat().st_size > 1000  # 2022's result, 2023's target
    df = pd.read_csv(out)
    assert list(df.columns) == list(COLUMNS) and (df.indicator == "gdp_growth").sum() == 2
    assert "rows" in capsys.readouterr().err
    assert main(["panel", str(SAMPLE), "-o", str(tmp_path / "p.txt")]) == 2
    assert main(["panel", str(tmp_path / "nope.txt"), "-o", str(out)]) == 1


def test_the_words_before_date_a_figure_whatever_its_label():
    """The 1996 report's plan part: a heading naming 1996, then a paragraph on the past year whose figures the
    classifier calls targets; then this year's target, another year's, and a forecast."""
    class P(_S):
        def __init__(self, id, paragraph, text, stype, spans=()):
            super().__init__(id, text, "plan", stype, [_metric(text, x) for x in spans])
            self.paragraph = paragraph

    sentences = [
        P(475, 90, "九、努力做好1996年的工作，为“九五”创造一个良好开端", "other"),
        P(476, 91, "过去的一年，我国改革开放和经济、社会发展取得新的成就。", "achievement"),
        P(477, 91, "国内生产总值比上年增长10.2%，实现了年初预定的调控目标。", "target", ["增长10.2%"]),
        P(478, 92, "今年经济增长速度的调控目标定为8%。", "target", ["8%"]),
        P(479, 93, "2000年国内生产总值增长8%左右。", "target", ["增长8%左右"]),
        P(480, 94, "预计今年城镇新增就业超过1000万人。", "target", ["超过1000万人"]),
    ]
    rows, _ = report_rows(ReportInfo("national-1996", "全国", "national", 1996), sentences, IND)
    assert {(r["sentence_index"], r["kind"], r["year"], r["low"]) for r in rows} == {
        (477, "result", 1995, 10.2), (478, "target", 1996, 8.0)}


def test_tracking_links_through_the_standard_indicator():
    from govreport_nlp.track import Item, link_targets

    def item(text, span, stype, sid, part):
        return Item("r", sid, text, part, parse_metric(text, text.index(span), text.index(span) + len(span),
                                                        stype=stype))

    target = item("今年城镇调查失业率5.5%左右。", "5.5%左右", "target", 1, "plan")
    other_rate = item("城镇登记失业率4.9%。", "4.9%", "achievement", 2, "review")
    surveyed = item("全年城镇调查失业率平均5.2%。", "5.2%", "achievement", 3, "review")
    link, = link_targets([target], [other_rate, surveyed])
    assert link.achievement is surveyed and link.status == "met"
    # with only the registered rate, the surveyed target finds nothing: another standard indicator answers no other
    assert link_targets([target], [other_rate])[0].achievement is None

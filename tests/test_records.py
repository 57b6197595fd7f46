"""Metric records on real report sentences."""

import json

import pytest

from govreport_nlp.metrics import cn_number, metric_records, parse_metric

from .annotations.conftest import ANNOTATIONS


def spans(sentence, *texts):
    for t in texts:
        i = sentence.index(t)
        yield i, i + len(t)


@pytest.mark.parametrize("s, expected", [("十", 10), ("两", 2), ("二十三", 23), ("三百五十", 350), ("一千二百", 1200),
                                         ("百", 100), ("一二", None), ("十亿", None)])
def test_chinese_numerals(s, expected):
    assert cn_number(s) == (None if expected is None else float(expected))


def test_the_first_sentence_of_results(hangzhou):
    s = hangzhou.sentences[8].text  # 全市生产总值18753亿元、增长1.5%；一般公共预算收入2451亿元、增长2.7%；…
    from govreport_nlp.annotations.schema import entities_from_mentions

    ents, _ = entities_from_mentions(s, [("18753亿元", "METRIC"), ("增长1.5%", "METRIC"), ("2451亿元", "METRIC"),
                                         ("增长2.7%", "METRIC"), ("1.71", "METRIC")])
    recs = metric_records(s, ents, "achievement")
    got = [(r.indicator, r.value, r.unit, r.kind, r.direction, r.qualifier, r.statement) for r in recs]
    assert got[:4] == [
        ("全市生产总值", 1.8753e12, "元", "level", None, "point", "achievement"),
        ("全市生产总值", 1.5, "%", "growth", "up", "point", "achievement"),
        ("一般公共预算收入", 2.451e11, "元", "level", None, "point", "achievement"),
        ("一般公共预算收入", 2.7, "%", "growth", "up", "point", "achievement"),
    ]
    assert got[4][:4] == ("城乡居民收入比", 1.71, "", "share")


def test_targets_ranges_counts_and_ranks():
    s = "今年经济社会发展的主要预期目标是：地区生产总值增长4.5%—5%，城镇新增就业110万人以上，居民消费价格涨幅2%左右。"
    r1, r2, r3 = (parse_metric(s, a, b, stype="target") for a, b in spans(s, "增长4.5%—5%", "110万人以上", "2%左右"))
    assert (r1.value, r1.value_max, r1.qualifier, r1.kind, r1.indicator) == (4.5, 5.0, "range", "growth", "地区生产总值")
    assert (r2.value, r2.unit, r2.kind, r2.qualifier, r2.indicator) == (1.1e6, "人", "count", "at_least", "城镇新增就业")
    assert (r3.kind, r3.direction, r3.qualifier, r3.statement) == ("growth", "up", "about", "target")
    s = "落实2139张重症床位，连续20年位居全国第一，出口突破5000亿元。"
    a, b, c = (parse_metric(s, x, y) for x, y in spans(s, "2139张", "第一", "5000亿元"))
    assert (a.indicator, a.kind) == ("重症床位", "count")
    assert (b.kind, b.value, b.indicator) == ("rank", 1.0, None)
    assert (c.qualifier, c.statement) == ("at_least", None)
    s = "电信网络诈骗案件受理数下降16%。"
    (d,) = (parse_metric(s, x, y) for x, y in spans(s, "下降16%"))
    assert (d.direction, d.indicator) == ("down", "电信网络诈骗案件受理数")


def test_more_than_between_number_and_magnitude_full_width_ranges_and_bare_counts():
    s = "全年再为企业和个人减税8000多亿元，国内生产总值增长6.5%－7%，今年再减少农村贫困人口1000万以上。"
    a, b, c = (parse_metric(s, x, y, stype="target") for x, y in spans(s, "8000多亿元", "增长6.5%－7%", "1000万以上"))
    assert (a.value, a.unit, a.kind, a.qualifier) == (8e11, "元", "level", "at_least")  # 多 before 亿 is "more than"
    assert (b.value, b.value_max, b.qualifier) == (6.5, 7.0, "range")
    assert (c.value, c.unit, c.kind) == (1e7, "", "count")  # 1000万 (people), not a ratio like 收入比1.71


def test_every_metric_of_the_corpus_parses(gold):
    n = parsed = 0
    for r in gold:
        for rec in metric_records(r.text, r.entities, r.stype):
            n += 1
            parsed += rec.value is not None
    assert n > 1500 and parsed / n > 0.97


def test_gold_metric_records_sit_on_gold_metric_spans(gold):
    spans_ = {(r.report_id, r.sentence_id, e.start, e.end) for r in gold for e in r.entities if e.label == "METRIC"}
    rows = [json.loads(x) for x in (ANNOTATIONS / "metrics" / "records.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(rows) == 320 and {r["split"] for r in rows} == {"dev", "test"}
    assert all((r["report_id"], r["sentence_id"], r["start"], r["end"]) in spans_ for r in rows)

"""Panel rows: the targets and results of the standard indicators in annotated reports.

One row per place, level, year, indicator, scope and kind (``target`` or ``result``), with the columns of
:data:`COLUMNS`. Where they come from (docs/panel.md):

- a **target** of year Y is a metric record of Y's report in a sentence labelled *target* in its plan or an
  appendix, unless the sentence is about several years (十四五, 今后五年, 年均, 到2025年) and does not say 今年;
- a **result** of year Y is a metric record in a sentence labelled *achievement* of Y+1's report (in its review
  mostly), or of any report whose sentence names the year Y itself (2024年，全市生产总值增长5%); never a figure of
  several years (年均, 五年, 比2012年, 与2000年相比, “九五”期间) nor a restated target (虽然略低于8％的预定目标);
- where a key has several candidates, the first one in the report wins, and a result from Y+1's review wins over
  one from Y's own report;
- ``met`` is set on both rows of a key that has a target and a result: by the target's qualifier (以上: at least;
  以内: at most; 左右: within 2% of the value), its range and which direction is better for the indicator.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..document import MetricRecord
from ..reading.metadata import cn_year
from .indicators import Indicator, IndicatorList

#: a result "about" a target (左右) meets it within this share of the target's value
ABOUT_TOLERANCE = 0.02
#: where targets are: every gold target of the corpus is in the plan or an appendix (never in the review)
TARGET_PARTS = ("plan", "appendix")
#: a sentence about several years (a five-year plan, 到2025年) sets no target for the year, unless it says 今年
MULTI_YEAR = re.compile(r"十[一二三四五六七八九]五|五年|年均|到20\d\d年|20\d\d年(?:前|以前)|与(?:19|20)\d\d年相比")
#: words before a result that make it a figure of several years (年均增长, 平均每年, 比2002年增长)
SEVERAL_YEARS = re.compile(r"年均|平均每年|五年|十[一二三四五六七八九]五|[比从由](?:19|20)\d\d年")

COLUMNS = ("place", "level", "year", "indicator", "scope", "kind", "low", "high", "unit", "qualifier", "met",
           "report_id", "sentence_index", "text", "confidence")
#: the written qualifier of each record qualifier (docs/metric-records.md): at least → 以上, about → 左右, at most → 以内
QUALIFIER_WORDS = {"at_least": "以上", "about": "左右", "at_most": "以内", "range": "", "point": ""}
#: clause delimiters: the name of a figure is what stands between the last of these (or the previous figure) and it
_CLAUSE_END = re.compile(r"[，；。：;,:！？]")
CLAUSE_CHARS = 30
#: a figure in the review that restates a target rather than reporting a result
_TARGET_WORDS = re.compile(r"目标|预期|计划|力争|要求")
_GROWTH_WORDS = re.compile(r"增长|增速|增幅|涨幅|上涨|速度|增长率|目标|预期|调控|降低|下降|提高")
#: a sentence about several years, beyond track.MULTI_YEAR: the plans of the 1990s (“八五”计划, 平均每年)
SEVERAL_YEARS_TEXT = re.compile(r"平均每年|每年平均|每年递增|[六七八九十]五”?(?:计划|期间|时期)")
_YEAR = re.compile(r"(?<![\d到至比从由与])((?:19|20)\d\d)年")
_DIGIT_SPACE = re.compile(r"(?<=\d) (?=\d)")


@dataclass
class ReportInfo:
    """Who and when: the place, level and year of a report (any of them None where unknown)."""

    report_id: str
    place: str | None
    level: str | None
    year: int | None


@dataclass
class Figure:
    """One metric record of a sentence, named: its indicator and scope (None where it maps to none)."""

    sentence_index: int
    sentence: str
    part: str
    stype: str | None
    stype_score: float | None
    record: MetricRecord
    name: str
    indicator: Indicator | None
    scope: str


def name_figures(sentence: str, records: list[MetricRecord], indicators: IndicatorList) -> list[tuple[str, Indicator | None, str]]:
    """``(name, indicator, scope)`` for each record of one sentence, in order.  A record's name is its clause (from
    the last clause mark or the previous figure, at most CLAUSE_CHARS characters).  A figure whose clause names
    nothing of its own (``、18%``; ``增长1.5%`` after ``全市生产总值18753亿元``) takes the previous figure's name, and
    where that name holds several entries, the next one (能耗和二氧化碳排放分别降低13.5%、18% → energy, then carbon)."""
    out = []
    prev_end, name, entries, position = 0, "", [], 0
    for r in sorted(records, key=lambda r: r.start):
        verb = re.match(r"\D*?(?=\d|百分之|[零〇一二两三四五六七八九十])", r.text)  # 增长 of 增长8.8%: 去年经济|增长
        clause = clause_of(sentence, r.start + (len(verb.group()) if verb else 0), prev_end, first=not name)
        found = indicators.match(clause)
        if found or re.search(r"[\u4e00-\u9fff]{2}", _strip_verbs(clause)) or not name:
            name, entries, position = clause, found, 0
        elif len(entries) > 1:
            position += 1
        out.append((name, *(entries[position] if position < len(entries) else (None, ""))))
        prev_end = r.end
    return out


def clause_of(sentence: str, end: int, floor: int = 0, first: bool = True) -> str:
    """The clause before ``end``: from the last clause mark (or ``floor``, the end of the previous figure), at most
    CLAUSE_CHARS characters.  The first figure of a sentence whose clause says nothing but a verb (…宏观调控目标，
    定为百分之八至九) takes the clause before as well."""
    start = max(floor, end - CLAUSE_CHARS)
    text = sentence[start:end]
    cut = [m.end() for m in _CLAUSE_END.finditer(text)]
    if not cut:
        return text
    clause = text[cut[-1]:]
    if first and len(cut) > 1 and not re.search(r"[\u4e00-\u9fff]{2}", _strip_verbs(clause)):
        return text[cut[-2]:]
    if first and len(cut) == 1 and start > floor and not re.search(r"[\u4e00-\u9fff]{2}", _strip_verbs(clause)):
        return clause_of(sentence, start + cut[0], max(floor, end - 2 * CLAUSE_CHARS), first=False) + clause
    return clause


def _strip_verbs(clause: str) -> str:
    """A clause without the words that only say how a figure moves (增长, 下降, 分别, 比上年 …)."""
    return re.sub(r"分别|比上年|同比|增长|下降|提高|降低|增加|减少|达到|为|和|、|约|超过|左右|以上|以内|实际|名义|"
                  r"按可比价格计算|可比价|上年|去年|全年|今年|上涨|回落|到|至|定为|控制在|保持在|\s", "", clause)


def value_of(fig: Figure) -> tuple[float, float] | None:
    """``(low, high)`` in the indicator's unit (percent as a number of percent), or None when the record is not a
    figure of that kind (an amount in yuan named 生产总值 is not GDP growth) or its number cannot be read."""
    ind, r = fig.indicator, fig.record
    if ind is None or r.value is None:
        return None
    low, high = r.value, r.value_max if r.value_max is not None else r.value
    if ind.measure == "amount":
        unit = r.unit.lstrip("余多")
        factor = ind.convert.get(unit)
        if factor is None or r.kind not in ("count", "level", "growth"):
            return None
        return low * factor, high * factor
    if r.unit != "%" or r.kind not in ("growth", "share"):
        return None
    if ind.measure in ("growth", "reduction") and r.kind == "share" and not _GROWTH_WORDS.search(fig.name):
        return None  # a share named like the indicator (生产总值的4%) is not its change
    if ind.measure == "growth" and r.direction == "down":
        return -high, -low
    if ind.measure == "reduction" and r.direction == "up":
        return -high, -low
    return low, high


_CN_YEAR = re.compile(r"(?<![到至比从由与])([一二三四五六七八九〇零]{4})年")


def _years_in(text: str) -> set[int]:
    """The years a text names (2024年, 一九九一年), not those of a span or comparison (到2025年, 比2012年)."""
    years = {int(y) for y in _YEAR.findall(_DIGIT_SPACE.sub("", text))}
    return years | {cn_year(y) for y in _CN_YEAR.findall(text)}


def _latest_date(text: str, year: int | None) -> str | None:
    """"this" or "last": which year the last dating words of ``text`` point to (今年, 2024年; 去年, 过去一年)."""
    cues = [(m.end(), "this") for m in THIS_YEAR.finditer(text)] + [(m.end(), "last") for m in LAST_YEAR.finditer(text)]
    if year is not None:
        for m in list(_YEAR.finditer(_DIGIT_SPACE.sub("", text))):  # positions shift a little where digits were spaced
            y = int(m.group(1))
            cues += [(m.end(), "this")] if y == year else [(m.end(), "last")] if y == year - 1 else []
        for m in _CN_YEAR.finditer(text):
            y = cn_year(m.group(1))
            cues += [(m.end(), "this")] if y == year else [(m.end(), "last")] if y == year - 1 else []
    return max(cues)[1] if cues else None


def _year_named(sentence: str, before: int) -> int | None:
    """The single year a sentence names before a figure (2024年，全市生产总值…), None if none or several."""
    years = _years_in(sentence[:before])
    return years.pop() if len(years) == 1 else None


#: words that make a figure this year's (a target), or last year's (a result), whatever the sentence's label: the
#: classifier, trained on recent reports, calls the plans of the 1990s (今年计划国内生产总值增长百分之九) "other"
THIS_YEAR = re.compile(r"今年|本年度")
LAST_YEAR = re.compile(r"去年|(?<!比)上年|过去一年|过去的一年")  # 比上年增长 compares; it does not date


def classify(fig: Figure, info: ReportInfo, previous: str = "") -> tuple[str, int | None] | None:
    """``(kind, year)`` of a named figure, or None when it is neither a year's target nor a year's result.
    ``previous``: the text before its sentence (:func:`with_context`: 过去一年，我们的各项工作取得了很大成绩。|
    国内生产总值增长10.3%…)."""
    r, s = fig.record, fig.sentence
    clause_before = s[max(0, r.start - 20):r.start]
    named = _year_named(s, r.start)
    before = s[:r.start]  # …国内生产总值增长7.8%，…，为今年经济发展打下好的基础: what follows does not date it
    own_last = bool(LAST_YEAR.search(before)) or (named is not None and info.year is not None
                                                  and named == info.year - 1)
    context = _latest_date(previous, info.year)  # the text before: the cue nearest to the sentence wins
    this_year = bool(THIS_YEAR.search(before)) or (named is not None and named == info.year) or (
        # 一九九一年国民经济和社会发展的主要目标是：|——…国民生产总值增长4.5%。
        fig.part in TARGET_PARTS and not own_last and context == "this")
    # 九、努力做好1996年的工作…|过去的一年，…。|国内生产总值比上年增长10.2%
    last_year = not this_year and (own_last or (fig.stype != "achievement" and context == "last"))
    forecast = "预计" in _CLAUSE_END.split(before)[-1]  # 预计今年高校毕业生超过1170万人: a forecast, not a target
    if fig.part in TARGET_PARTS and not last_year and not forecast and (fig.stype == "target" or this_year):
        if (MULTI_YEAR.search(s) or SEVERAL_YEARS_TEXT.search(s)) and not this_year:
            return None
        if SEVERAL_YEARS_TEXT.search(clause_before):  # 今年…, 由原定平均每年百分之六调高到…
            return None
        if named is not None and info.year is not None and named != info.year:
            return None  # 2000年粮食总产量要保证达到4900亿公斤 in 1996: another year's target
        return "target", info.year
    if (fig.stype == "achievement" and not this_year) or last_year:
        if not is_years_result(fig):
            return None
        if named is not None:
            return "result", named
        return "result", info.year - 1 if info.year else None
    return None


def is_years_result(fig: Figure) -> bool:
    """Whether a figure of an achievement can be one year's result: not a figure of several years (年均, 五年,
    比2012年, 与2000年相比, “九五”期间) nor a target restated in the review (虽然略低于8％的预定目标)."""
    r, s = fig.record, fig.sentence
    before = s[:r.start]
    return not (SEVERAL_YEARS.search(s[max(0, r.start - 20):r.start]) or MULTI_YEAR.search(before)
                or SEVERAL_YEARS_TEXT.search(before) or _TARGET_WORDS.search(fig.name))


def report_rows(info: ReportInfo, sentences, indicators: IndicatorList) -> tuple[list[dict], int]:
    """Panel rows of one report (before the choice among candidates) and the count of figures skipped: named
    by an indicator, a target or a result, but with a number that cannot be read.

    ``sentences``: objects with ``id``, ``text``, ``part``, ``stype``, ``stype_score`` and ``metrics``."""
    rows, skipped = [], 0
    for s, previous in with_context(sentences):
        records = sorted((s.metrics or []) + missed_percentages(s.text, s.metrics or [], indicators),
                         key=lambda r: r.start)
        for r, (name, ind, scope) in zip(records, name_figures(s.text, records, indicators)):
            if ind is None:
                continue
            fig = Figure(s.id, s.text, s.part, s.stype, s.stype_score, r, name, ind, scope)
            kind_year = classify(fig, info, previous)
            if kind_year is None:
                continue
            if r.value is None:  # the number cannot be read
                skipped += 1
                continue
            value = value_of(fig)
            if value is None:  # another kind of figure (an amount in yuan named 生产总值)
                continue
            kind, year = kind_year
            rows.append({"place": info.place, "level": info.level, "year": year, "indicator": ind.id,
                         "scope": scope, "kind": kind, "low": _round(value[0]), "high": _round(value[1]),
                         "unit": ind.unit, "qualifier": QUALIFIER_WORDS.get(r.qualifier, ""), "met": None,
                         "report_id": info.report_id, "sentence_index": s.id, "text": r.text,
                         "confidence": round(s.stype_score, 3) if s.stype_score is not None else None,
                         "_qualifier": r.qualifier, "_own": year is not None and info.year is not None
                         and (kind == "target" or year == info.year - 1)})
    return rows, skipped


def with_context(sentences):
    """Each sentence with the text before it that may date its figures: the earlier sentences of its paragraph
    and the sentence before the paragraph (过去的一年，…完成了…任务。|国内生产总值比上年增长10.2%…。|粮食总产量达到…;
    一九九一年…主要目标是：|——…国民生产总值增长4.5%).  Sentences without a ``paragraph`` attribute: the one before."""
    before_paragraph, paragraph, same = "", None, []
    for s in sentences:
        p = getattr(s, "paragraph", None)
        if p is None or p != paragraph:
            before_paragraph = same[-1] if same else before_paragraph
            paragraph, same = p, []
        yield s, (before_paragraph + "".join(same)) if p is not None else (same[-1] if same else before_paragraph)
        same.append(s.text)


#: a percentage, in digits or written out, with the verb and qualifier around it: 增长百分之八, 定为8%左右
_PERCENT = re.compile(r"(?:增长|下降|降低|提高|上涨)?(?:百分之[零〇一二两三四五六七八九十百点]+"
                      r"(?:[至到—－\-](?:百分之)?[零〇一二两三四五六七八九十百点]+)?"
                      r"|\d+(?:\.\d+)?%(?:[—－\-~～至到]\d+(?:\.\d+)?%)?)(?:左右|以上|以内|以下)?")


def missed_percentages(sentence: str, records: list[MetricRecord], indicators: IndicatorList) -> list[MetricRecord]:
    """Percentages of a sentence that no METRIC span covers but whose clause names a standard indicator (the
    tagger, trained on figures in digits, misses some written out: 今年国民生产总值计划增长百分之八).  Records of
    the panel only: the report's entities are not changed."""
    from ..metrics import parse_metric

    out = []
    for m in _PERCENT.finditer(sentence):
        if any(r.start < m.end() and m.start() < r.end for r in records):
            continue
        if indicators.match(clause_of(sentence, m.start())):
            out.append(parse_metric(sentence, m.start(), m.end()))
    return out


def _round(x: float) -> float:
    return round(x, 6)


def choose(rows: list[dict]) -> list[dict]:
    """One row per key (place, level, year, indicator, scope, kind): the first of a report, a result from the next
    year's review before one from another report.  Rows whose place or year is unknown are all kept."""
    best: dict[tuple, dict] = {}
    kept = []
    for row in rows:
        if row["place"] is None or row["year"] is None:
            kept.append(row)
            continue
        key = tuple(row[c] for c in ("place", "level", "year", "indicator", "scope", "kind"))
        old = best.get(key)
        if old is None or (row["_own"] and not old["_own"]):
            best[key] = row
    return list(best.values()) + kept


def judge_met(target: dict, result: dict, indicator: Indicator) -> bool:
    """Whether the result meets the target, by the target's qualifier and the indicator's better direction."""
    q, low, high, got = target["_qualifier"], target["low"], target["high"], result["low"]
    slack = ABOUT_TOLERANCE * abs(low) if q == "about" else 0.0
    if indicator.better == "higher":
        if q == "at_most":  # 增长控制在…以内 for a higher-is-better indicator: read as a point
            return got >= high
        return got >= low - slack
    if q == "at_least":
        return got >= low
    return got <= high + slack


def add_met(rows: list[dict], indicators: IndicatorList) -> None:
    pairs: dict[tuple, dict[str, dict]] = {}
    for row in rows:
        if row["place"] is not None and row["year"] is not None:
            key = tuple(row[c] for c in ("place", "level", "year", "indicator", "scope"))
            pairs.setdefault(key, {})[row["kind"]] = row
    for pair in pairs.values():
        if "target" in pair and "result" in pair:
            met = judge_met(pair["target"], pair["result"], indicators[pair["target"]["indicator"]])
            pair["target"]["met"] = pair["result"]["met"] = met


def finish(rows: list[dict], indicators: IndicatorList) -> list[dict]:
    """The chosen rows with ``met``, sorted by place, year, indicator (in the list's order), scope and kind."""
    rows = choose(rows)
    add_met(rows, indicators)
    order = {ind.id: k for k, ind in enumerate(indicators)}
    rows.sort(key=lambda r: (r["place"] or "", r["level"] or "", r["year"] or 0, order[r["indicator"]], r["scope"],
                             r["kind"] != "target"))
    return [{c: row[c] for c in COLUMNS} for row in rows]


def item_figures(items, indicators: IndicatorList) -> list[Figure]:
    """A named :class:`Figure` for each :class:`~govreport_nlp.track.Item`, the figures of one sentence named
    together (:func:`name_figures`)."""
    by_sentence: dict[tuple, list[int]] = {}
    for k, item in enumerate(items):
        by_sentence.setdefault((item.report_id, item.sentence_id), []).append(k)
    out: list[Figure | None] = [None] * len(items)
    for ks in by_sentence.values():
        ks.sort(key=lambda k: items[k].metric.start)
        names = name_figures(items[ks[0]].sentence, [items[k].metric for k in ks], indicators)
        for k, (name, ind, scope) in zip(ks, names):
            i = items[k]
            out[k] = Figure(i.sentence_id, i.sentence, i.part, i.metric.statement, None, i.metric, name, ind, scope)
    return out


def standard_names(items, indicators: IndicatorList) -> list[tuple[str, str] | None]:
    """For each :class:`~govreport_nlp.track.Item`, ``(indicator id, scope)`` of the standard indicator that names
    it and whose kind of figure it is (a growth rate for ``gdp_growth``, not an amount in yuan), else None."""
    return [(fig.indicator.id, fig.scope)
            if fig.indicator is not None and value_of(fig) is not None
            and (fig.stype != "achievement" or is_years_result(fig)) else None
            for fig in item_figures(items, indicators)]

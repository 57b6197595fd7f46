"""Target tracking: was last year's target met?

Given the reports of one place for year Y and Y+1, every metric record of Y that is a target is linked to the
metric record of Y+1's review that reports the same indicator, and judged met / missed / not reported.

>>> import govreport_nlp as gr
>>> from govreport_nlp.track import track
>>> nlp = gr.load()                                                         # doctest: +SKIP
>>> links = track(nlp(Path("national-2024.txt")), nlp(Path("national-2025.txt")))     # doctest: +SKIP
>>> [(l.target.metric.indicator, l.target.metric.text, l.achievement.metric.text, l.status) for l in links][:1]
... # doctest: +SKIP

How a target finds its achievement:

- targets are the figures :mod:`govreport_nlp.panel` takes as year Y's targets (a *target* sentence of the plan or
  an appendix, or one dated this year by its words; never a figure of several years, of another year or a
  forecast), except restatements of an earlier target (the same figure under nearly the same name); candidates are
  the figures the panel takes as year Y's results in Y+1's report (an *achievement* sentence, or one dated last
  year by its words);
- a target named by one of the panel's standard indicators (``gdp_growth``, ``cpi`` …) takes the comparable result
  named by the same indicator and scope, the likeliest by the scorer below, whatever its probability; a result
  named by a standard indicator answers no other target;
- a pair can only link if the two can report the same quantity (:func:`comparable`: the same unit; a growth rate
  with a growth rate or a share; a level or count with its own kind, or with an absolute change in its unit);
- a :class:`PairScorer` (logistic regression, weights in ``track_scorer.json``) gives each pair a probability
  from :data:`PAIR_FEATURES`: the character-bigram overlap (Dice) of the two names (the parser's indicator and
  the clause before the number, without words of scope and manner such as 全国, 城乡, 增长), of the wider context
  and of the indicators alone; how near the two values are; whether the kinds are the same and the directions
  opposite; how far the pair is behind this target's best candidate; whether the target is an amount of money
  (budget lines are seldom reported back); whether the result says it is about the year (去年, 全年) or about
  several (年均, 比2002年);
- every other target takes its likeliest result if that is at least ``threshold`` (the scorer's, 0.2); one result
  may answer several targets (城镇和农村居民人均可支配收入分别增长…).

The scorer's weights and threshold were fitted on the hand-made development links by
``benchmarks/track_scorer.py``, which cross-validates them over the pairs; docs/adaptation.md gives those scores
and the scores on pairs linked by hand afterwards and run once.

Met or missed follows the target's qualifier (以上 at least, 以内 at most, 左右 about: within 2% of the value),
the direction of a growth target (下降 5%: a fall of at least 5%), and whether lower is better for the
indicator (失业率, 价格, 能耗, 排放, 赤字…: at or under the target is met).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import Path

from .metrics import COUNT_UNITS, MetricRecord, metric_records
from .panel.indicators import load_indicators
from .panel.table import (ABOUT_TOLERANCE, MULTI_YEAR, SEVERAL_YEARS, TARGET_PARTS,  # noqa: F401 (the panel's rules)
                          ReportInfo, classify, item_figures, missed_percentages, standard_names, with_context)

#: words that say where or how, not what: dropped from indicators before they are compared
SCOPE_WORDS = ("全国", "全省", "全市", "全区", "全县", "全旗", "我国", "我省", "我市", "我区", "全年", "城乡", "总体",
               "年均", "平均", "同比", "比上年", "累计", "增长", "增速", "增加", "提高", "下降", "降低", "规模", "总量",
               "总额", "达到", "实现", "保持", "控制", "力争", "预期", "目标", "左右", "以上", "以内", "分别")
#: other names of an indicator, read as its usual name (the growth target of older reports is 经济增长速度)
ALIASES = {"经济增长": "国内生产总值增长", "GDP": "国内生产总值"}
#: indicators where a lower value is the better outcome
LOWER_IS_BETTER = ("失业率", "价格", "物价", "涨幅", "CPI", "能耗", "排放", "赤字", "债务", "负债率", "事故", "死亡",
                   "发生率", "贫困", "PM2.5", "PM10", "污染", "下降")
#: the kinds of figure that may be compared (others only with their own kind)
_COMPATIBLE = {("growth", "share"), ("share", "growth")}
#: characters before a metric read as its clause (its name) and as its wider context
CLAUSE_CHARS = 20
CONTEXT_CHARS = 40
#: for rates and shares, values this many points apart have closeness 0
CLOSENESS_POINTS = 10
#: a target whose name is this similar (bigram Dice) to an earlier target's with the same figure restates it
RESTATED_NAME_DICE = 0.7


@dataclass
class Item:
    """One metric record in its context."""

    report_id: str
    sentence_id: int
    sentence: str
    part: str
    metric: MetricRecord
    #: the sentence before (过去一年，…。|国内生产总值增长10.3%: it dates the figure) and the report's year, where known
    previous: str = ""
    year: int | None = None


@dataclass
class Link:
    target: Item
    achievement: Item | None
    score: float
    status: str  # met | missed | not_reported | unclear

    def to_row(self) -> dict:
        t, a = self.target, self.achievement
        return {"report_y": t.report_id, "target_sentence_id": t.sentence_id, "indicator": t.metric.indicator,
                "target": t.metric.text, "target_value": t.metric.value, "target_value_max": t.metric.value_max,
                "unit": t.metric.unit, "kind": t.metric.kind, "qualifier": t.metric.qualifier,
                "report_y1": a.report_id if a else None, "achievement_sentence_id": a.sentence_id if a else None,
                "achievement_indicator": a.metric.indicator if a else None,
                "achievement": a.metric.text if a else None, "achieved_value": a.metric.value if a else None,
                "status": self.status, "score": round(self.score, 3),
                "target_sentence": t.sentence, "achievement_sentence": a.sentence if a else None}


#: the columns of :meth:`Link.to_row` (the CSV of ``govreport track``)
LINK_COLUMNS = ("report_y", "target_sentence_id", "indicator", "target", "target_value", "target_value_max", "unit",
                "kind", "qualifier", "report_y1", "achievement_sentence_id", "achievement_indicator", "achievement",
                "achieved_value", "status", "score", "target_sentence", "achievement_sentence")


def items_from_report(report) -> list[Item]:
    """The metric records of an annotated :class:`~govreport_nlp.Report` (``gr.load()(…)``), with the
    percentages of standard indicators its tagger missed (:func:`govreport_nlp.panel.table.missed_percentages`)."""
    from .reading.metadata import report_meta

    year = report_meta(report).year
    return [Item(report.id, s.id, s.text, s.part, m, previous, year)
            for s, previous in with_context(report.sentences) for m in _with_missed(s.text, s.metrics or [], s.stype)]


def items_from_records(records, year: int | None = None) -> list[Item]:
    """Metric records parsed from gold (or predicted) records of one report: their METRIC entities and statement
    types (``year``: the report's, where known)."""
    return [Item(r.report_id, r.sentence_id, r.text, r.part, m, previous, year)
            for r, previous in with_context(records) if r.entities
            for m in _with_missed(r.text, metric_records(r.text, r.entities, r.stype), r.stype)]


def _with_missed(text: str, metrics: list[MetricRecord], stype) -> list[MetricRecord]:
    from dataclasses import replace

    statement = stype if stype in ("achievement", "target") else None
    missed = [replace(m, statement=statement) for m in missed_percentages(text, metrics, load_indicators())]
    return sorted(metrics + missed, key=lambda m: m.start) if missed else metrics


def clause_before(item: Item, limit: int = CLAUSE_CHARS) -> str:
    """The words of the metric's clause before it (from the last 。；，： up to the number, at most ``limit``)."""
    before = item.sentence[max(0, item.metric.start - limit):item.metric.start]
    return re.split(r"[。；，：;,:]", before)[-1]


def _name(item: Item) -> str:
    """The indicator and the clause it stands in, without scope words, numbers and punctuation."""
    name = (item.metric.indicator or "") + clause_before(item)
    for word, alias in ALIASES.items():
        name = name.replace(word, alias)
    for w in SCOPE_WORDS:
        name = name.replace(w, "")
    return re.sub(r"[\s\d.%，、；：,;:（）()“”]+", "", name)


def _bigrams(s: str) -> set[str]:
    return {s[i:i + 2] for i in range(len(s) - 1)} if len(s) > 1 else {s} if s else set()


def _unit_core(unit: str) -> str:
    return unit.lstrip("多余")


def comparable(target: Item, achievement: Item) -> bool:
    """Whether two figures can report the same quantity: the same unit (a measure word may be followed by a stray
    character of the span: 条 and 条背), and kinds that meet (a growth rate with a growth rate or a share; an
    absolute change such as 减少1232万人 with a count or level in the same unit)."""
    t, a = target.metric, achievement.metric
    tu, au = _unit_core(t.unit), _unit_core(a.unit)
    percent = {tu, au} & {"%", "‰"}
    if tu and au and tu != au and (percent or tu[0] != au[0] or tu[0] not in COUNT_UNITS):
        return False
    if t.kind == a.kind or (t.kind, a.kind) in _COMPATIBLE:
        return True
    return bool(tu and tu == au and not percent and {t.kind, a.kind} <= {"growth", "level", "count"})


def _context(item: Item, limit: int = CONTEXT_CHARS) -> str:
    """The sentence's words before the metric (across clauses, at most ``limit`` characters), without scope
    words, numbers and punctuation."""
    ctx = item.sentence[max(0, item.metric.start - limit):item.metric.start]
    for w in SCOPE_WORDS:
        ctx = ctx.replace(w, "")
    return re.sub(r"[\s\d.%，、；：,;:（）()“”。]+", "", ctx)


def _dice(a: str, b: str) -> float:
    x, y = _bigrams(a), _bigrams(b)
    return 2 * len(x & y) / (len(x) + len(y)) if x and y else 0.0


def _closeness(target: Item, achievement: Item) -> float:
    """How near the two values are (1 = equal, 0 when either is missing): for rates and shares, one minus their
    difference in points over CLOSENESS_POINTS; for amounts and counts, the smaller over the larger."""
    t, a = target.metric.value, achievement.metric.value
    if t is None or a is None:
        return 0.0
    t, a = abs(t), abs(a)
    if target.metric.unit in ("%", "‰") or target.metric.kind in ("growth", "share"):
        return max(0.0, 1 - abs(t - a) / CLOSENESS_POINTS)
    return min(t, a) / max(t, a) if t and a else 0.0


def _of_year(item: Item, year: str | None) -> bool:
    """Whether the sentence says it is about the year under review (去年, 全年, 2023年) rather than several."""
    return bool(re.search(r"去年|全年|过去一年|上一年" + (f"|{year}年" if year else ""), item.sentence))


#: the features of a (target, achievement) pair that :class:`PairScorer` weighs
PAIR_FEATURES = ("name", "context", "indicator", "closeness", "same_kind", "opposite_direction", "best_name",
                 "best_closeness", "name_x_closeness", "margin", "money", "said_of_year", "several_years")


def pair_features(target: Item, achievements: list[Item]) -> list[list[float] | None]:
    """For each achievement: the features of (target, it), or None where the two cannot be compared (another
    unit, or kinds of figure that do not meet)."""
    year = re.search(r"(?:19|20)\d\d", target.report_id)
    year = year.group() if year else None
    t = target.metric
    name, context, money = _name(target), _context(target), float(_unit_core(t.unit) == "元")
    rows = []
    for a in achievements:
        m = a.metric
        if not comparable(target, a):
            rows.append(None)
            continue
        rows.append([_dice(name, _name(a)), _dice(context, _context(a)),
                     _dice(t.indicator or "", m.indicator or ""), _closeness(target, a), float(t.kind == m.kind),
                     float(t.kind == m.kind == "growth" and bool(t.direction and m.direction)
                           and t.direction != m.direction), 0.0, 0.0, 0.0, 0.0,
                     money, float(_of_year(a, year)),
                     float(bool(SEVERAL_YEARS.search(a.sentence[max(0, m.start - 20):m.start])))])
    ok = [r for r in rows if r is not None]
    if ok:  # how far each is from the best candidate of this target
        best_name, best_close = max(r[0] for r in ok), max(r[3] for r in ok)
        for r in ok:
            r[6], r[7], r[8] = r[0] - best_name, r[3] - best_close, r[0] * r[3]
        joint = sorted((r[8] for r in ok), reverse=True) + [0.0]
        for r in ok:  # how much better than the runner-up (negative: behind the best)
            r[9] = r[8] - (joint[1] if r[8] == joint[0] else joint[0])
    return rows


def lower_is_better(item: Item) -> bool:
    name = (item.metric.indicator or "") + item.sentence[max(0, item.metric.start - 12):item.metric.start]
    return any(w in name for w in LOWER_IS_BETTER)


def judge(target: Item, achievement: Item | None) -> str:
    """met / missed / not_reported / unclear, from the two numbers."""
    if achievement is None:
        return "not_reported"
    t, a = target.metric, achievement.metric
    if t.value is None or a.value is None or (t.unit != a.unit and t.unit and a.unit):
        return "unclear"
    tv, av = t.value, a.value
    if t.kind == "growth" and t.direction == "down":  # a target fall: compare the sizes of the falls
        if a.direction == "up":
            return "missed"
        lower, tv, av = False, abs(tv), abs(av)
    else:
        if a.kind == "growth" and a.direction == "down":
            av = -abs(av)
        lower = lower_is_better(target)
    if t.qualifier == "at_least":
        return "met" if av >= tv else "missed"
    if t.qualifier == "at_most":
        return "met" if av <= tv else "missed"
    if t.qualifier == "range" and t.value_max is not None:
        return "met" if (av <= t.value_max if lower else av >= tv) else "missed"
    slack = ABOUT_TOLERANCE * abs(tv) if t.qualifier == "about" else 0.0
    return "met" if (av <= tv + slack if lower else av >= tv - slack) else "missed"


class PairScorer:
    """How likely a target and a candidate result report the same indicator: a logistic regression over
    :data:`PAIR_FEATURES`, fitted on the hand-made links of ``annotations/tracking/`` by
    ``benchmarks/track_scorer.py``, which also chose its threshold (cross-validated over the pairs).  The shipped
    weights are in ``govreport_nlp/track_scorer.json``; :meth:`fit` and :meth:`save` make new ones."""

    def __init__(self, weights: dict[str, float], intercept: float, threshold: float, about: str = ""):
        missing = set(PAIR_FEATURES) - set(weights)
        if missing:
            raise ValueError(f"the pair scorer has no weight for {sorted(missing)}")
        self.weights, self.intercept, self.threshold, self.about = weights, intercept, threshold, about

    @classmethod
    def load(cls, path=None) -> PairScorer:
        import json

        d = json.loads(Path(path or SCORER_PATH).read_text(encoding="utf-8"))
        return cls(d["weights"], d["intercept"], d["threshold"], d.get("about", ""))

    def save(self, path) -> None:
        import json

        d = {"features": list(PAIR_FEATURES), "weights": self.weights, "intercept": self.intercept,
             "threshold": self.threshold, "about": self.about}
        Path(path).write_text(json.dumps(d, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")

    @classmethod
    def fit(cls, rows: list[list[float]], labels: list[bool], threshold: float, about: str = "",
            C: float = 1.0) -> PairScorer:
        """Fit on feature rows (:func:`pair_features`) labelled right (True) or wrong."""
        from sklearn.linear_model import LogisticRegression

        m = LogisticRegression(C=C, max_iter=1000).fit(rows, labels)
        return cls({f: round(float(w), 6) for f, w in zip(PAIR_FEATURES, m.coef_[0])},
                   round(float(m.intercept_[0]), 6), threshold, about)

    def probabilities(self, target: Item, achievements: list[Item]) -> list[float]:
        """For each achievement, the probability that it reports the target's outcome (0 where not comparable)."""
        w = [self.weights[f] for f in PAIR_FEATURES]
        return [0.0 if r is None else 1 / (1 + math.exp(-(self.intercept + sum(x * y for x, y in zip(w, r)))))
                for r in pair_features(target, achievements)]


SCORER_PATH = Path(__file__).with_name("track_scorer.json")
_DEFAULT: list[PairScorer] = []


def default_scorer() -> PairScorer:
    """The shipped :class:`PairScorer` (read once)."""
    if not _DEFAULT:
        _DEFAULT.append(PairScorer.load())
    return _DEFAULT[0]


def link_targets(targets: list[Item], achievements: list[Item], threshold: float | None = None,
                 scorer: PairScorer | None = None, indicators=True) -> list[Link]:
    """One :class:`Link` per target, in the targets' order; one result may answer several targets
    (城镇和农村居民收入分别增长…).

    Through the standard indicator first (``indicators``: True for the shipped list of :mod:`govreport_nlp.panel`,
    an ``IndicatorList``, or False for none): a target named by a standard indicator takes the comparable result
    named by the same indicator and scope that the scorer finds likeliest, whatever its probability.  Otherwise a
    target takes, among the results named by no standard indicator, the one the scorer finds likeliest, if that is
    at least ``threshold`` (default: the scorer's)."""
    scorer = scorer or default_scorer()
    threshold = scorer.threshold if threshold is None else threshold
    t_names, a_names = [None] * len(targets), [None] * len(achievements)
    if indicators is not False:
        indicators = load_indicators() if indicators is True else indicators
        t_names, a_names = standard_names(targets, indicators), standard_names(achievements, indicators)
    links = []
    for t, name in zip(targets, t_names):
        probs = scorer.probabilities(t, achievements)
        if name is not None:
            same = [j for j, n in enumerate(a_names) if n == name and probs[j] > 0]
            if same:
                j = max(same, key=probs.__getitem__)
                links.append(Link(t, achievements[j], probs[j], judge(t, achievements[j])))
                continue
        # a result of a standard indicator answers only a target of that indicator
        probs = [p if n is None else 0.0 for p, n in zip(probs, a_names)]
        j = max(range(len(probs)), key=probs.__getitem__, default=None)
        a = achievements[j] if j is not None and probs[j] >= threshold else None
        links.append(Link(t, a, probs[j] if a is not None else 0.0, judge(t, a)))
    return links


def _repeats(item: Item, earlier: Item) -> bool:
    """Whether a target restates an earlier one (the plan's summary of targets, then the same figure again in
    its section: 把居民消费价格涨幅控制在3%左右): the same figure and nearly the same name."""
    a, b = item.metric, earlier.metric
    return (a.value, a.value_max, a.unit, a.kind, a.direction) == (b.value, b.value_max, b.unit, b.kind, b.direction) \
        and _dice(_name(item), _name(earlier)) >= RESTATED_NAME_DICE


def split_items(items_y: list[Item], items_y1: list[Item]) -> tuple[list[Item], list[Item]]:
    """Targets of year Y and results of year Y reported in Y+1's report, by the rules of the panel
    (:func:`govreport_nlp.panel.table.classify`: the statement type, corrected by the words that date a figure;
    no figure of several years)."""
    kinds_y, kinds_y1 = _kinds(items_y), _kinds(items_y1)
    targets: list[Item] = []
    for i, k in zip(items_y, kinds_y):
        if k is None or k[0] != "target" or (i.year is not None and k[1] != i.year):
            continue
        if not any(_repeats(i, t) for t in targets):
            targets.append(i)
    achievements = [i for i, k in zip(items_y1, kinds_y1)
                    if k is not None and k[0] == "result" and (i.year is None or k[1] == i.year - 1)]
    return targets, achievements


def _kinds(items: list[Item]) -> list[tuple[str, int | None] | None]:
    """The panel's (kind, year) of each item, named together with the other figures of its sentence."""
    return [classify(fig, ReportInfo(i.report_id, None, None, i.year), i.previous)
            for i, fig in zip(items, item_figures(items, load_indicators()))]


def track(report_y, report_y1, threshold: float | None = None, scorer: PairScorer | None = None,
          indicators=True) -> list[Link]:
    """Links from the targets of annotated report ``report_y`` to the achievements of ``report_y1``
    (``indicators``: as :func:`link_targets`)."""
    return link_targets(*split_items(items_from_report(report_y), items_from_report(report_y1)),
                        threshold=threshold, scorer=scorer, indicators=indicators)

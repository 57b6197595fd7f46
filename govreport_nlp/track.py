"""Target tracking: was last year's target met?

Given the reports of one place for year Y and Y+1, every metric record of Y that is a target is linked to the
metric record of Y+1's review that reports the same indicator, and judged met / missed / not reported.

>>> import govreport_nlp as gr
>>> from govreport_nlp.track import track
>>> nlp = gr.load()                                                         # doctest: +SKIP
>>> links = track(nlp("national-2024.txt"), nlp("national-2025.txt"))     # doctest: +SKIP
>>> [(l.target.metric.indicator, l.target.metric.text, l.achievement.metric.text, l.status) for l in links][:1]
... # doctest: +SKIP

How a target finds its achievement:

- targets are the metric records of Y's sentences labelled *target* in its plan or appendices (every gold target
  of the corpus is there), except sentences about several years (十四五, 五年, 到2025年) that do not say 今年;
  candidates are those of Y+1's sentences labelled *achievement* in its review part;
- the score is the character-bigram overlap (Dice) of the two names, a name being the parser's indicator and
  the words of the clause before the number, after dropping words of scope and manner that do not name the
  thing measured (全国, 全市, 全区, 城乡, 增长, 年均…);
- the two must be the same kind of figure (a growth rate with a growth rate; a level, share or count with the
  same; growth and share with a percent unit may meet, at a discount) and have the same unit; a fall asked for
  and a rise reported count half;
- each target takes its best-scoring achievement above ``threshold`` (0.5); one achievement may answer several
  targets (城镇和农村居民人均可支配收入分别增长…).

The rules were written before the hand-made links were read; the clause words, the many-to-one answer, the
plan-part restriction, the direction discount and the multi-year filter came after looking at errors
(docs/adaptation.md gives the scores before and after, and on pairs linked by hand afterwards and run once).

Met or missed follows the target's qualifier (以上 at least, 以内 at most, 左右 about: within 2% of the value),
the direction of a growth target (下降 5%: a fall of at least 5%), and whether lower is better for the
indicator (失业率, 价格, 能耗, 排放, 赤字…: at or under the target is met).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .records import MetricRecord, metric_records

#: words that say where or how, not what: dropped from indicators before they are compared
SCOPE_WORDS = ("全国", "全省", "全市", "全区", "全县", "全旗", "我国", "我省", "我市", "我区", "全年", "城乡", "总体",
               "年均", "平均", "同比", "比上年", "累计", "增长", "增速", "增加", "提高", "下降", "降低", "规模", "总量",
               "总额", "达到", "实现", "保持", "控制", "力争", "预期", "目标", "左右", "以上", "以内", "分别")
#: indicators where a lower value is the better outcome
LOWER_IS_BETTER = ("失业率", "价格", "物价", "涨幅", "CPI", "能耗", "排放", "赤字", "债务", "负债率", "事故", "死亡",
                   "发生率", "贫困", "PM2.5", "PM10", "污染", "下降")
#: the kinds of figure that may be compared (others only with their own kind)
_COMPATIBLE = {("growth", "share"), ("share", "growth")}
ABOUT_TOLERANCE = 0.02
#: where targets are: every gold target of the corpus is in the plan or an appendix (never in the review)
TARGET_PARTS = ("plan", "appendix")
#: a sentence about several years (a five-year plan, 到2025年) sets no target for the year, unless it says 今年
MULTI_YEAR = re.compile(r"十[一二三四五六七八九]五|五年|到20\d\d年|20\d\d年(?:前|以前)")


@dataclass
class Item:
    """One metric record in its context."""

    report_id: str
    sentence_id: int
    sentence: str
    part: str
    metric: MetricRecord


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
    """The metric records of an annotated :class:`~govreport_nlp.Report` (``gr.load()(…)``)."""
    return [Item(report.id, s.id, s.text, s.part, m) for s in report.sentences for m in s.metrics or []]


def items_from_records(records) -> list[Item]:
    """Metric records parsed from gold (or predicted) records: their METRIC entities and statement types."""
    return [Item(r.report_id, r.sentence_id, r.text, r.part, m)
            for r in records if r.entities for m in metric_records(r.text, r.entities, r.stype)]


def clause_before(item: Item, limit: int = 20) -> str:
    """The words of the metric's clause before it (from the last 。；，： up to the number, at most ``limit``)."""
    before = item.sentence[max(0, item.metric.start - limit):item.metric.start]
    return re.split(r"[。；，：;,:]", before)[-1]


def _name(item: Item) -> str:
    """The indicator and the clause it stands in, without scope words, numbers and punctuation."""
    name = (item.metric.indicator or "") + clause_before(item)
    for w in SCOPE_WORDS:
        name = name.replace(w, "")
    return re.sub(r"[\s\d.%，、；：,;:（）()“”]+", "", name)


def _bigrams(s: str) -> set[str]:
    return {s[i:i + 2] for i in range(len(s) - 1)} if len(s) > 1 else {s} if s else set()


def similarity(target: Item, achievement: Item) -> float:
    """How likely two metric records measure the same thing (0–1)."""
    t, a = target.metric, achievement.metric
    if t.unit != a.unit and t.unit and a.unit:
        return 0.0
    if t.kind != a.kind and (t.kind, a.kind) not in _COMPATIBLE:
        return 0.0
    x, y = _bigrams(_name(target)), _bigrams(_name(achievement))
    if not x or not y:
        return 0.0
    dice = 2 * len(x & y) / (len(x) + len(y))
    if t.kind == a.kind == "growth" and t.direction and a.direction and t.direction != a.direction:
        dice *= 0.5  # a fall asked for, a rise reported: only when the names are all but the same (能耗 vs 总值)
    return dice * (1.0 if t.kind == a.kind else 0.8)


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


def link_targets(targets: list[Item], achievements: list[Item], threshold: float = 0.5) -> list[Link]:
    """One :class:`Link` per target, in the targets' order (see the module's documentation)."""
    pairs = sorted(((similarity(t, a), i, j) for i, t in enumerate(targets) for j, a in enumerate(achievements)),
                   key=lambda x: (-x[0], x[1], x[2]))
    chosen: dict[int, tuple[float, int]] = {}
    for s, i, j in pairs:
        if s < threshold:
            break
        chosen.setdefault(i, (s, j))  # its best; one result may answer several targets (城镇和农村居民收入)
    links = []
    for i, t in enumerate(targets):
        s, j = chosen.get(i, (0.0, None))
        a = achievements[j] if j is not None else None
        links.append(Link(t, a, s, judge(t, a)))
    return links


def split_items(items_y: list[Item], items_y1: list[Item]) -> tuple[list[Item], list[Item]]:
    """Targets of year Y (metric records of target statements) and achievements reported in Y+1's review."""
    targets = [i for i in items_y if i.metric.statement == "target" and i.part in TARGET_PARTS
               and ("今年" in i.sentence or not MULTI_YEAR.search(i.sentence))]
    achievements = [i for i in items_y1 if i.metric.statement == "achievement" and i.part == "review"]
    return targets, achievements


def track(report_y, report_y1, threshold: float = 0.5) -> list[Link]:
    """Links from the targets of annotated report ``report_y`` to the achievements of ``report_y1``."""
    return link_targets(*split_items(items_from_report(report_y), items_from_report(report_y1)), threshold=threshold)


def _cjk_font() -> str | None:
    """A font family with Chinese glyphs that matplotlib can use here, if there is one."""
    from matplotlib import font_manager

    wanted = ("Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", "WenQuanYi Zen Hei", "SimHei",
              "Microsoft YaHei", "PingFang SC", "Heiti SC", "AR PL UMing CN")
    have = {f.name for f in font_manager.fontManager.ttflist}
    if not any(w in have for w in wanted):  # installed after matplotlib's font cache was built
        for f in font_manager.findSystemFonts():
            if re.search(r"wqy|cjk|simhei|yahei|pingfang|uming", Path(f).name, re.I):
                font_manager.fontManager.addfont(f)
        have = {f.name for f in font_manager.fontManager.ttflist}
    return next((w for w in wanted if w in have), None)


def chart(links: list[Link], path, fmt: str | None = None) -> None:
    """One bar per target: the result as a share of the target (100% = exactly the target), coloured met /
    missed / unclear; targets without a reported result are listed at 0, grey.  Chinese labels need a CJK font
    (Noto Sans CJK, WenQuanYi…); without one the bars are labelled by sentence number."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    colours = {"met": "#2e7d32", "missed": "#c62828", "unclear": "#f9a825", "not_reported": "#bdbdbd"}
    font = _cjk_font()
    rows = []
    for k, l in enumerate(links):
        t, a = l.target.metric, l.achievement.metric if l.achievement else None
        ratio = 0.0
        if a is not None and t.value and a.value is not None:
            ratio = 100 * (abs(a.value) if t.direction == "down" else a.value) / abs(t.value)
        label = (f"{t.indicator or ''} {t.text}" if font else f"#{l.target.sentence_id} target {k + 1}").strip()
        note = (f"{a.text}" if font else f"{a.value:g}") if a is not None else "not reported"
        rows.append((label, ratio, l.status, note))
    fig, ax = plt.subplots(figsize=(9, 0.32 * len(rows) + 1.5), constrained_layout=True)
    ys = range(len(rows))
    ax.barh(list(ys), [r[1] for r in rows], color=[colours[r[2]] for r in rows])
    ax.axvline(100, color="black", linewidth=0.8, linestyle="--")
    for y, r in zip(ys, rows):  # the result as written, or "not reported", beside each bar
        ax.text(r[1] + 1, y, r[3], va="center", fontsize=7, color="#424242", fontfamily=font or "sans-serif")
    ax.set_yticks(list(ys), [r[0] for r in rows], fontsize=8, fontfamily=font or "sans-serif")
    ax.invert_yaxis()
    ax.set_xlabel("result as % of the target (dashed: the target)")
    title = f"{links[0].target.report_id} targets → next year's results" if links else "no targets"
    ax.set_title(title, fontsize=10, fontfamily=font or "sans-serif")
    from matplotlib.patches import Patch

    ax.legend(handles=[Patch(color=c, label=s.replace("_", " ")) for s, c in colours.items()], fontsize=8,
              loc="lower right")
    fig.savefig(path, format=fmt, dpi=130)
    plt.close(fig)

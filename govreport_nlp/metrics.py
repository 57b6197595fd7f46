"""Metric records: every METRIC span becomes indicator, value, unit, kind, direction,
qualifier and statement (achievement / target), as defined in ``docs/metric-records.md``.

>>> from govreport_nlp.metrics import parse_metric
>>> s = "全市生产总值18753亿元、增长1.5%；"
>>> r = parse_metric(s, 6, 13, stype="achievement")
>>> (r.indicator, r.value, r.unit, r.kind, r.qualifier)
('全市生产总值', 1875300000000.0, '元', 'level', 'point')
>>> r = parse_metric(s, 14, 20, stype="achievement", previous=r)
>>> (r.indicator, r.value, r.unit, r.kind, r.direction)
('全市生产总值', 1.5, '%', 'growth', 'up')
"""

from __future__ import annotations

import re
from .document import MetricRecord

_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}
MULTIPLIERS = {"万亿": 1e12, "亿": 1e8, "万": 1e4, "千": 1e3, "百": 1e2}

UP_VERBS = ("增长", "提高", "增加", "上涨", "增产", "上升", "提升", "扩大")
DOWN_VERBS = ("下降", "降低", "减少", "压减", "下调", "缩小", "减量", "净减少")
AT_LEAST = ("超过", "不少于", "不低于", "超", "逾", "突破")
ABOUT = ("约", "近", "大约", "接近")
AT_MOST = ("不超过", "不高于", "控制在")
COUNT_UNITS = set("个家张人项所座条套户台件辆批次场支名列艘只位处栋间") | {"人次", "万人次", "余家", "余个"}
_NUM = r"(?:\d+(?:\.\d+)?|[零〇一二两三四五六七八九十百千]+(?:点[零〇一二三四五六七八九]+)?)"
_DELIM = "，；。：、（）“”！？,;:"
_LEAD = ("全年 累计 共 新 再 已 分别 其中 力争 确保 争取 完成 实现 落实 建成投用 建成 新建 新增 培育 创建 打造 建设 推动 "
         "引进 招引 安排 组织 参加 吸引 开工 改造 提供 发放 帮助 带动 惠及 支持 设立 布局 举办 办好 开通 达到 达").split()
_LEAD_VERBS = re.compile(r"^(?:连续\d+年)?(?:" + "|".join(sorted(_LEAD, key=len, reverse=True)) + ")+")
_RANK_TAIL = re.compile(r"(?:连续\d+年)?(?:稳居|位居|位列|居|排名|排|列)(?:全国|全省|全市|全球|世界|同类城市)?(?:第|前)?$")
_TAIL_WORDS = re.compile(
    r"(?:分别|同比|比上年|年均|均|总量|总额|规模)?(?:达到|达|为|突破|增长|下降|提高到|提高|提升至|提升到|提升|增至|降至|降低|"
    r"减少|增加|占|超过|约|近|完成|实现|稳定在|控制在|保持在|保持|缩小至|缩小到|扩大到|超|逾|新增|居|位居|排|列)+$")


def cn_number(s: str) -> float | None:
    """Chinese numerals (一, 十, 二十三, 三百五十, 两, 四点五) → number; None if ``s`` is not one."""
    if "点" in s:  # 四点五, 十二点八: the digits after 点 are read one by one
        whole, _, frac = s.partition("点")
        w = cn_number(whole)
        if w is None or not frac or any(c not in _CN_DIGITS or c == "两" for c in frac):
            return None
        return float(f"{int(w)}." + "".join(str(_CN_DIGITS[c]) for c in frac))
    if not s or any(c not in _CN_DIGITS and c not in _CN_UNITS for c in s):
        return None
    total, cur, prev_digit = 0, 0, False
    for c in s:
        if c in _CN_DIGITS:
            if prev_digit and c not in "零〇":
                return None  # 一二: two digits in a row is not a numeral
            cur = _CN_DIGITS[c]
            prev_digit = c not in "零〇"
            continue
        prev_digit = False
        total += (cur or 1) * _CN_UNITS[c]
        cur = 0
    return float(total + cur)


def _number(s: str) -> float | None:
    try:
        return float(s)
    except ValueError:
        return cn_number(s)


_SPAN = re.compile(
    rf"^(?P<verb>{'|'.join(UP_VERBS + DOWN_VERBS)})?\s*(?P<pre>{'|'.join(AT_LEAST + ABOUT)})?(?P<pct>百分之)?"
    rf"(?P<n1>{_NUM})(?P<a1>多|余)?(?P<m1>万亿|亿|万|千)?(?P<u1>%|‰)?"
    rf"(?:\s*[—\-–－~～至到]\s*(?:百分之)?(?P<n2>{_NUM})(?P<m2>万亿|亿|万|千)?)?"
    rf"(?P<unit>.*?)(?P<post>以上|左右|以内|以下|多|余)?$")
_RANK = re.compile(rf"^(?:第(?P<n>{_NUM})(?:位|名)?|首位)")


def _clause_before(sentence: str, start: int) -> str:
    i = start
    while i > 0 and sentence[i - 1] not in _DELIM:
        i -= 1
    return sentence[i:start]


def _clause_after(sentence: str, end: int) -> str:
    j = end
    while j < len(sentence) and sentence[j] not in _DELIM:
        j += 1
    return sentence[end:j]


#: word classes (jieba's tags) that cannot begin or end the name of an indicator: verbs, adverbs,
#: prepositions, time and number words, measure words, particles, conjunctions, pronouns, punctuation
_EDGE_FLAGS = ("v", "d", "p", "t", "m", "q", "u", "c", "r", "x", "w", "f", "y", "e", "o")
#: at the end only these go (a measure word, locative or verb-like noun there is part of the name:
#: 机械化率, 托位, 隐患点, 预算收入, 新增就业); trailing verbs are the fixed list of _TAIL_WORDS
_END_FLAGS = ("d", "p", "t", "m", "u", "c", "r", "x", "w", "y", "e", "o")


def _trim(phrase: str, *, keep_leading_nominal_verbs: bool = True) -> str:
    """Strip words of the classes above from both ends of a phrase (jieba part-of-speech tags)."""
    import logging

    import jieba
    import jieba.posseg

    jieba.setLogLevel(logging.WARNING)
    words = list(jieba.posseg.cut(phrase))

    def edge(w, flags) -> bool:
        if keep_leading_nominal_verbs and w.flag == "vn":
            return False
        return w.flag.startswith(flags) or not w.word.strip()

    while words and edge(words[0], _EDGE_FLAGS):
        words.pop(0)
    while words and words[-1].word != "比" and (  # 比 at the end names a ratio: 城乡居民收入比
            edge(words[-1], _END_FLAGS) or words[-1].word in ("年均", "预计", "同比", "累计")):
        words.pop()
    return "".join(w.word for w in words)


def _indicator(sentence: str, start: int, end: int, kind: str, previous) -> str | None:
    before = _clause_before(sentence, start)
    before = re.split(r"分别", before)[0]
    if kind == "rank":
        before = _RANK_TAIL.sub("", before)
    before = _trim(_TAIL_WORDS.sub("", _LEAD_VERBS.sub("", before)))
    after = _clause_after(sentence, end)
    after = re.split(r"(?:全部|均|分别|已|实现|达到|完成|建成|增长|下降|提高|开工|投用|竣工|验收|的|，)", after)[0]
    after = _trim(after) if after else after
    if kind == "count" and after and re.match(r"[\u4e00-\u9fff“]", after) and len(after) <= 16:
        return after
    if before and len(before) >= 2:
        return before
    if previous is not None and previous.indicator:
        return previous.indicator
    return after if after and len(after) >= 2 and re.match(r"[\u4e00-\u9fff]", after) else None


def parse_metric(sentence: str, start: int, end: int, *, stype: str | None = None,
                 previous: MetricRecord | None = None) -> MetricRecord:
    """The record of the METRIC span ``sentence[start:end]``; ``previous`` is the record of the
    sentence's previous metric (its indicator is reused when the clause names none)."""
    text = _DIGIT_SPACE.sub("", sentence[start:end])  # 7 4 7 7 2亿元: a space kept between digits by normalization
    before2 = sentence[max(0, start - 3):start]
    statement = stype if stype in ("achievement", "target") else None
    rank = _RANK.match(text)
    if rank or text in ("第一", "首位"):
        n = _number(rank.group("n")) if rank and rank.group("n") else 1.0
        return MetricRecord(text, start, end, _indicator(sentence, start, end, "rank", previous), n, None, "位",
                            "rank", None, "point", statement)
    m = _SPAN.match(text)
    if not m:
        return MetricRecord(text, start, end, _indicator(sentence, start, end, "level", previous), None, None, text,
                            "level", None, "point", statement)
    n1 = _number(m.group("n1"))
    mult = MULTIPLIERS.get(m.group("m1") or m.group("m2") or "", 1.0)
    unit = m.group("unit") or ""
    if m.group("u1"):
        unit = m.group("u1") + ("" if m.group("n2") else unit)
    elif m.group("pct"):  # 百分之五, 百分之八至九: percent written out
        unit = "%" + unit
    n2 = _number(m.group("n2")) if m.group("n2") else None
    value = n1 * mult if n1 is not None else None  # 5000至6000亿元: the range's multiplier scales both ends
    value_max = n2 * mult if n2 is not None else None
    verb = m.group("verb") or next((v for v in UP_VERBS + DOWN_VERBS if before2.endswith(v)), None)
    change_word = re.search(r"(?:增速|增幅|涨幅|降幅|增长速度|增长(?:预期)?目标)(?:稳定在|保持在|定为|为|达)?$",
                            sentence[max(0, start - 10):start])
    unit_core = unit.lstrip("余多")
    if verb or change_word or unit == "个百分点":
        kind = "growth"
    elif unit in ("%", "‰") or (unit == "" and not (m.group("m1") or m.group("m2"))) \
            or re.search(r"每[千万百]人", sentence[max(0, start - 12):start]):  # a bare 1.71; 1000万 is a count
        kind = "share"
    elif unit == "" or unit_core in COUNT_UNITS or (unit_core[:1] in COUNT_UNITS and len(unit_core) <= 2):
        kind = "count"
    else:
        kind = "level"
    direction = None
    if kind == "growth":
        down = (verb in DOWN_VERBS) if verb else bool(change_word and "降" in change_word.group())
        direction = "down" if down else "up"
    pre, post = m.group("pre") or "", m.group("post") or ""
    if value_max is not None:
        qualifier = "range"
    elif pre in AT_LEAST or post in ("以上", "多", "余") or m.group("a1") or any(before2.endswith(w) for w in AT_LEAST):
        qualifier = "at_least"
    elif pre in ABOUT or post == "左右":
        qualifier = "about"
    elif post in ("以内", "以下") or any(sentence[max(0, start - 4):start].endswith(w) for w in AT_MOST) \
            or sentence[end:end + 1] == "内":
        qualifier = "at_most"
    else:
        qualifier = "point"
    indicator = _indicator(sentence, start - (len(verb) if verb and not m.group("verb") else 0), end, kind, previous)
    return MetricRecord(text, start, end, indicator, value, value_max, unit, kind, direction, qualifier, statement)


_DIGIT_SPACE = re.compile(r"(?<=\d) (?=\d)")
#: a percentage written out in Chinese numerals, with its range and qualifier: 百分之四点五, 百分之八至九, 百分之五左右
_WRITTEN_PERCENT = re.compile(r"百分之[零〇一二两三四五六七八九十百点]+(?:[至到—－\-](?:百分之)?[零〇一二两三四五六七八九十百点]+)?"
                              r"(?:左右|以上|以内|以下)?")


def complete_span(sentence: str, start: int, end: int) -> tuple[int, int]:
    """A METRIC span widened to the whole percentage it cuts into, when that is written out in Chinese numerals
    (the tagger, trained on figures in digits, often stops inside 增长百分之三点九); other spans are unchanged."""
    for m in _WRITTEN_PERCENT.finditer(sentence, max(0, start - 3)):
        if m.start() >= end:
            break
        if m.end() > start:  # the span and the written percentage overlap
            return min(start, m.start()) if m.start() >= start - 3 else start, max(end, m.end())
    return start, end


def metric_records(sentence: str, entities, stype: str | None = None) -> list[MetricRecord]:
    """Records of every METRIC entity of a sentence, in order (``entities``: objects with start, end, label)."""
    out, prev = [], None
    for e in sorted((e for e in entities if e.label == "METRIC"), key=lambda e: e.start):
        prev = parse_metric(sentence, *complete_span(sentence, e.start, e.end), stype=stype, previous=prev)
        out.append(prev)
    return out

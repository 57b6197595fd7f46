"""Who and when: the place, its level of government and the year of a report, read off its text.

>>> import govreport_nlp as gr
>>> from govreport_nlp.reading.metadata import report_meta
>>> report_meta(gr.read_file("corpus/hangzhou-2023.txt"))
ReportMeta(place='杭州市', level='city', year=2023)

The place comes from the meeting in the title block (杭州市第十四届人民代表大会… → 杭州市; …全国人民代表大会… →
全国), else from the speaker's office (广东省省长 → 广东省), else from the opening (我代表国务院 → 全国). The year is
the year the report was given (its date), else the year after the one its first part reviews (一、2024年工作回顾
→ 2025): its targets are for that year, its achievements for the year before.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import patterns as P

#: levels of government, highest first (a municipality is a province-level city: 北京市, 上海市)
LEVELS = ("national", "province", "municipality", "city", "district")
MUNICIPALITIES = ("北京市", "天津市", "上海市", "重庆市")


@dataclass(frozen=True)
class ReportMeta:
    place: str | None  # 全国 for the State Council's reports
    level: str | None  # one of LEVELS
    year: int | None  # the year the report was given


def level_of(place: str | None) -> str | None:
    if not place:
        return None
    if place == "全国":
        return "national"
    if place in MUNICIPALITIES:
        return "municipality"
    if place.endswith(("省", "自治区", "特别行政区")):
        return "province"
    if place.endswith(("市", "州", "盟", "地区")):
        return "city"
    if place.endswith(("区", "县", "旗")):
        return "district"
    return None


def report_meta(report) -> ReportMeta:
    """Place, level and year of a :class:`~govreport_nlp.Report` (``None`` where the text does not say)."""
    tb = report.title_block
    head = report.text[:600]
    place = None
    if tb.meeting:
        m = re.match(r"^(.+?)第[一二三四五六七八九十百]+届", tb.meeting)
        place = "全国" if "全国人民代表大会" in tb.meeting else (m.group(1) if m else None)
    if place is None and tb.speaker_role:
        m = re.match(r"^(.+?[省市区县旗州盟])(?:人民政府)?(?:代理?)?" + P.LEADER_TITLE, tb.speaker_role)
        place = "全国" if "国务院" in tb.speaker_role else (m.group(1) if m else None)
    if place is None and re.search(r"代表国务院", head):
        place = "全国"
    year = None
    if tb.date and (m := re.match(r"(\d{4})年", tb.date)):
        year = int(m.group(1))
    elif m := re.search(r"(\d{4})年(?:政府)?工作回顾", head + " ".join(s.heading or "" for s in report.parts)):
        year = int(m.group(1)) + 1
    else:
        year = _year_reviewed(report)
        year = year + 1 if year else None
    return ReportMeta(place, level_of(place), year)


_YEAR = re.compile(r"(?<![\d到至])((?:19|20)\d\d)年")
_CN_YEAR = re.compile(r"([一二三四五六七八九〇零]{4})年")
_REVIEW_HEADING = re.compile(r"回顾|总结|执行情况|过去|成就")


def cn_year(digits: str) -> int:
    """A year written in Chinese digits (一九八九 → 1989)."""
    return int("".join(str("〇一二三四五六七八九".index(c if c != "零" else "〇")) for c in digits))


def _year_reviewed(report) -> int | None:
    """The year the first part reviews: the first year in its heading (一、1998年工作回顾和1999年工作的总体要求,
    一、一九八九年的回顾), else, when the heading says it is a review (过去五年工作回顾), the latest year its text
    names twice or more (once, if none twice), not counting years of goals (到2020年)."""
    parts = [s for s in report.parts if s.kind == "part"]
    if not parts:
        return None
    first = parts[0]
    heading = (first.heading or "").replace(" ", "")
    if m := _YEAR.search(heading):
        return int(m.group(1))
    if m := _CN_YEAR.search(heading):
        return cn_year(m.group(1))
    if not _REVIEW_HEADING.search(heading):
        return None  # the first part found is not the review: better no year than a wrong one
    text = re.sub(r"(?<=\d) (?=\d)", "", report.text[first.start:first.end])  # 1 9 9 7年
    years = [int(y) for y in _YEAR.findall(text)]
    if not years:
        return None
    twice = [y for y in set(years) if years.count(y) >= 2]
    return max(twice or years)

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
    return ReportMeta(place, level_of(place), year)

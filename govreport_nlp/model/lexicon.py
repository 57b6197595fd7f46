"""Name lists as features of the character tagger (a lexicon-enhanced tagger, after SoftLexicon, Ma et al. 2020):
every character gets, for each listed name that covers it, its position in the name (B, M, E, or S for a
one-character name) and the list's type.  The lists are features, not rules: the tagger learns from the gold
corpus how much each is worth.

``places.txt`` (shipped with the package) holds the administrative divisions of China down to counties, with their
short forms (杭州市 → 杭州, 西湖区 → 西湖, 内蒙古自治区 → 内蒙古) and the provinces' one-character abbreviations (浙,
粤, 沪); it is built from the gazetteer of the data folder (NBS 2023 division names, modood/Administrative-divisions-
of-China, WTFPL) by::

    python -m govreport_nlp.model.lexicon --data ../shared/data

(A list of the names written in quotes in the other public reports was tried as a third list and left out: it
changed no score, leave-one-report-out; docs/evaluation.md.)
"""

from __future__ import annotations

import csv
from functools import lru_cache
from pathlib import Path

PLACES_FILE = Path(__file__).with_name("places.txt")
#: suffixes stripped to make a division's short form, longest first
SUFFIXES = ("维吾尔自治区", "壮族自治区", "回族自治区", "特别行政区", "自治区", "自治州", "自治县", "地区", "省", "市",
            "区", "县", "旗", "盟", "州")
#: the provinces' short names and their one-character abbreviations
PROVINCE_ABBREVIATIONS = {
    "北京": "京", "天津": "津", "上海": "沪", "重庆": "渝", "河北": "冀", "河南": "豫", "云南": "滇", "辽宁": "辽",
    "黑龙江": "黑", "湖南": "湘", "安徽": "皖", "山东": "鲁", "新疆": "新", "江苏": "苏", "浙江": "浙", "江西": "赣",
    "湖北": "鄂", "广西": "桂", "甘肃": "甘", "山西": "晋", "内蒙古": "蒙", "陕西": "陕", "吉林": "吉", "福建": "闽",
    "贵州": "黔", "广东": "粤", "青海": "青", "西藏": "藏", "四川": "川", "宁夏": "宁", "海南": "琼", "香港": "港",
    "澳门": "澳", "台湾": "台"}
ABBREVIATIONS = "".join(PROVINCE_ABBREVIATIONS.values())
#: longest name looked up
MAX_LEN = 12


def short_form(name: str) -> str | None:
    for suffix in SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return None


def build_places(data_dir) -> list[str]:
    """Division names (provinces, cities, counties) and their short forms, from ``gazetteer_admin_divisions``."""
    folder = Path(data_dir) / "gazetteer_admin_divisions"
    names = set()
    for file in ("provinces.csv", "cities.csv", "areas.csv"):
        with open(folder / file, encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                name = row["name"].strip()
                if name in ("市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划") or len(name) < 2:
                    continue
                names.add(name)
                if short := short_form(name):
                    names.add(short)
    return sorted(names)


class Lexicon:
    """Typed name lists; :meth:`features` gives each character of a text its lexicon features."""

    def __init__(self, lists: dict[str, set[str]]):
        self.lists = lists
        self.max_len = max((len(w) for words in lists.values() for w in words), default=1)

    def features(self, text: str) -> list[list[str]]:
        out: list[list[str]] = [[] for _ in text]
        for kind, words in self.lists.items():
            for i in range(len(text)):
                for n in range(1, min(self.max_len, len(text) - i) + 1):
                    if text[i:i + n] in words:
                        if n == 1:
                            out[i].append(f"lx=S:{kind}")
                            continue
                        out[i].append(f"lx=B:{kind}")
                        for k in range(i + 1, i + n - 1):
                            out[k].append(f"lx=M:{kind}")
                        out[i + n - 1].append(f"lx=E:{kind}")
        return out


@lru_cache(maxsize=1)
def default_lexicon() -> Lexicon:
    """The shipped lists: ``place`` (divisions and short forms) and ``abbr`` (one-character abbreviations)."""
    return Lexicon({"place": set(PLACES_FILE.read_text(encoding="utf-8").split()), "abbr": set(ABBREVIATIONS)})


if __name__ == "__main__":
    import argparse

    ap = argparse.ArgumentParser(description="write places.txt from the data folder's gazetteer")
    ap.add_argument("--data", default="../shared/data")
    names = build_places(ap.parse_args().data)
    PLACES_FILE.write_text("\n".join(names) + "\n", encoding="utf-8")
    print(f"{len(names)} names -> {PLACES_FILE}")

"""Rule baseline, written once from the spec (labels.md) without looking at the gold data.

- ``stype``: glossary part/kind → glossary; title, preamble, closing → other; review → achievement
  (other with problem cues); plan → target when a number with a unit follows a goal word, else measure.
- ``domain``: the keywords of the spec's domain table, counted in the sentence and its innermost heading;
  the most frequent topic wins, ``none`` when no keyword occurs.
- entities: METRIC by regular expression; PLACE from the administrative-division gazetteer
  (``gazetteer_admin_divisions`` of a data folder) plus a few regions; INSTITUTION and PROJECT from
  name suffixes and quoted names.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from pathlib import Path

from ..document import Entity
from ..document import Prediction

#: the spec's "typical content" column, as keywords
DOMAIN_KEYWORDS = {
    "macroeconomics": "生产总值 经济增长 财政收入 预算 物价 CPI 专项债 政府债务 产业政策 投资 稳增长 GDP 经济运行 扩大内需",
    "civil_rights": "民族 宗教 妇女 儿童权益 个人信息保护",
    "health": "医疗 医院 医保 疫情 公共卫生 中医药 健康 药品",
    "agriculture": "粮食 农田 农业 种业 渔业 食品安全 农产品",
    "labor": "就业 失业 工资 技能培训 安全生产 高校毕业生",
    "education": "学校 学位 高校 职业教育 学前教育 教育",
    "environment": "污染 空气 水质 垃圾分类 生态 碳达峰 碳中和 减污降碳 湿地 环境",
    "energy": "电网 电力 光伏 抽水蓄能 天然气 能源",
    "immigration": "移民 出入境 外籍",
    "transportation": "地铁 铁路 高速公路 机场 港口 交通 公交 轨道",
    "law_crime": "治安 扫黑除恶 诈骗 执法 司法 矛盾纠纷 法治 平安",
    "social_welfare": "养老 托育 低保 社会救助 残疾人 慈善 共同富裕",
    "housing": "住房 保障房 老旧小区 城市更新 社区 城乡风貌 城市规划 乡村建设 集体经济",
    "domestic_commerce": "营商环境 市场主体 民营经济 中小企业 上市公司 金融 消费 平台经济 服务业 旅游 知识产权",
    "defense": "国防 双拥 退役军人 人民防空 人防",
    "technology": "科技 创新 实验室 研发 数字经济 人工智能 高新技术 科创",
    "foreign_trade": "出口 外贸 外资 跨境电商 数字贸易 进出口",
    "international_affairs": "外事 国际交流 港澳 台湾 国际化 对口支援",
    "government_operations": "政府自身建设 党建 依法行政 政务服务 改革 廉政 督查 规划编制 区域协作 国企",
    "public_lands": "国土空间 土地 水利 防洪 水资源 森林 自然资源",
    "culture": "文化 文物 非遗 博物馆 文明 体育 全民健身 亚运 文旅",
}
_KW = {d: words.split() for d, words in DOMAIN_KEYWORDS.items()}

_NUM = r"(?:\d+(?:\.\d+)?|[一二两三四五六七八九十百千万亿]+)"
_UNIT = (r"(?:%|‰|个百分点|万亿元|亿元|万元|元|亿美元|万美元|美元|万亩|亩|公里|千米|万人次|万人|人次|人|个|家|项|张|所|座|条|"
         r"套|户|台|件|辆|吨|万吨|千瓦|万千瓦|亿千瓦时|倍|岁|年|微克/立方米|平方米|万平方米|公顷|批|次|场|支|位)")
METRIC_RE = re.compile(
    rf"(?:(?:增长|下降|提高|降低|增加|减少)\s*)?(?:超过|约|近|不少于)?{_NUM}(?:[—\-~至到]{_NUM})?{_UNIT}(?:以上|左右|以内|以下)?"
    rf"|第{_NUM}位?|首位")
_GOAL = re.compile(r"增长|达到|新增|控制在|突破|提高到|提升到|降至|以上|左右|以内|不低于|不少于|力争|确保")
_PROBLEM = re.compile(r"问题|不足|短板|困难|差距|矛盾|压力|挑战")
INSTITUTION_RE = re.compile(r"[\u4e00-\u9fff]{2,10}?(?:大学|学院|实验室|研究院|研究所|委员会|人民政府|人大常委会|银行|集团|基金)"
                            r"|国务院|党中央|市委|省委|区委|市政府|省政府|区政府|市人大|市政协|省人大|省政协")
PROJECT_RE = re.compile(r"“([^”]{2,12})”|[\u4e00-\u9fff]{2,10}?(?:工程|行动|计划|战略|博览会|运动会|亚运会|高铁|铁路|机场三期|规划)")
_REGIONS = ["长三角", "珠三角", "京津冀", "粤港澳大湾区", "长江经济带", "黄河流域", "中国", "亚洲", "香港", "澳门", "台湾"]


def load_gazetteer(data_dir) -> list[str]:
    """Place names of the administrative-division lists (and their forms without 省/市/区/县), longest first."""
    names = set(_REGIONS)
    folder = Path(data_dir) / "gazetteer_admin_divisions" if data_dir else None
    if folder and folder.is_dir():
        for fname in ("provinces.csv", "cities.csv", "areas.csv"):
            with open(folder / fname, encoding="utf-8") as fh:
                for row in csv.DictReader(fh):
                    n = row["name"]
                    if n in ("市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"):
                        continue
                    names.add(n)
                    short = re.sub(r"(?:省|市|自治区|特别行政区|区|县)$", "", n)
                    if len(short) >= 2:
                        names.add(short)
    return sorted(names, key=len, reverse=True)


class RuleSystem:
    name = "rules"

    def __init__(self, data_dir=None):
        self.places = load_gazetteer(data_dir)
        self._place_re = re.compile("|".join(map(re.escape, self.places)))

    def fit(self, records):  # nothing to learn
        return self

    def stype(self, r) -> str:
        if r.part == "glossary" or r.kind == "glossary":
            return "glossary"
        if r.part in ("title", "preamble", "closing"):
            return "other"
        if r.part == "review":
            return "other" if _PROBLEM.search(r.text) else "achievement"
        m = METRIC_RE.search(r.text)
        return "target" if m and _GOAL.search(r.text) else "measure"

    def domain(self, r) -> list[str]:
        text = r.text + (r.heading_path[-1] if r.heading_path else "")
        counts = Counter({d: sum(text.count(w) for w in words) for d, words in _KW.items()})
        ranked = [d for d, c in counts.most_common() if c > 0]
        return ranked + ["none"] if ranked else ["none"] + [d for d, _ in counts.most_common()]

    def entities(self, text: str) -> list[Entity]:
        found = []
        for label, rx in (("METRIC", METRIC_RE), ("INSTITUTION", INSTITUTION_RE), ("PROJECT", PROJECT_RE),
                          ("PLACE", self._place_re)):
            for m in rx.finditer(text):
                s, e = (m.start(1), m.end(1)) if m.lastindex else (m.start(), m.end())
                if e > s and not any(s < b and a < e for a, b, _ in found):
                    found.append((s, e, label))
        return [Entity(s, e, lab, text[s:e]) for s, e, lab in sorted(found)]

    def predict(self, records) -> list[Prediction]:
        out = []
        for r in records:
            ranked = self.domain(r)
            out.append(Prediction(self.stype(r), ranked[0], ranked, self.entities(r.text)))
        return out

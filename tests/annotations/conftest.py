
import pytest

from govreport_nlp.annotations import records_from_report
from govreport_nlp.annotations.schema import entities_from_mentions

from ..conftest import ROOT

ANNOTATIONS = ROOT / "annotations"
GOLD_FILES = sorted(p for p in ANNOTATIONS.glob("*.jsonl"))


@pytest.fixture()
def labelled(hangzhou):
    """Real Hangzhou sentences with hand-placed labels (independent of the corpus files)."""
    recs = records_from_report(hangzhou)
    r1 = next(r for r in recs if r.text.startswith("全市生产总值18753亿元"))
    r1.stype, r1.domain = "achievement", "macroeconomics"
    r1.entities, _ = entities_from_mentions(r1.text, [("18753亿元", "METRIC"), ("增长1.5%", "METRIC")])
    r2 = next(r for r in recs if r.text.startswith("全力筹办杭州亚运会"))
    r2.stype, r2.domain = "achievement", "culture"
    r2.entities, _ = entities_from_mentions(r2.text, [("杭州亚运会", "PROJECT"), ("56个", "METRIC"), ("31个", "METRIC")])
    r3 = recs[3]  # 各位代表：
    r3.stype, r3.domain, r3.entities = "other", "none", []
    return [r1, r2, r3]

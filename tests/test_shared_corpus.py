"""Every non-reserved report in ../shared/data: body found, parts found, no chrome, sane sentences.

Skipped when the shared data folder is absent (set GOVREPORT_SHARED_DATA to point elsewhere)."""

import re

import pytest

import govreport_nlp as gr
from govreport_nlp.reading.corpora import _BUILTIN_RESERVED, iter_reports, reserved
from govreport_nlp.reading.normalize import normalize_fragment

from .conftest import SHARED_DATA

pytestmark = [pytest.mark.shared_data, pytest.mark.slow]

CHROME = re.compile(
    r"^(下载|打印|全屏|收藏|加大|还原|减小|分享到?[:：]?|首页|关闭窗口|打印本页)$|【字号|【字体|^来源[:：]|^时间[:：]|责任编辑|"
    r"^(相关报道|相关文档)[:：]?$|扫一扫在手机|Public domain|维基文库|本作品是中华人民共和国"
)


def _reports():
    if not SHARED_DATA.is_dir():
        return []
    return list(iter_reports(SHARED_DATA))


REPORTS = _reports()


def test_reserved_reports_are_left_out():
    res = reserved(SHARED_DATA)
    assert res >= _BUILTIN_RESERVED  # RESERVED.md adds to the built-in list, never removes from it
    sources = {r.source for r in REPORTS}  # "path" for a file, "path#row" for a row of a JSONL file
    for rel, row in res:
        assert (f"{rel}#{row}" if row else rel) not in sources
    assert len([r for r in REPORTS if r.level == "province"]) == 26
    assert {r.id for r in REPORTS if r.level == "municipality"} == {"provincial-2026-北京市", "provincial-2026-天津市"}
    assert {r.year for r in REPORTS if r.level == "national"} >= set(range(2000, 2026)) - {2020}


@pytest.mark.parametrize("cr", REPORTS, ids=[r.id for r in REPORTS])
def test_report_body_parts_and_sentences(cr):
    report = gr.read(cr.text, report_id=cr.id)
    body = [s for s in report.sentences if s.kind != "title"]
    assert body[0].text.startswith("各位代表"), body[0].text
    assert report.sentences[0].kind == "title" or report.sentences[0].text.startswith("各位代表")
    parts = [s for s in report.sections if s.kind == "part"]
    assert len(parts) >= 2
    assert parts[0].part == "review" and any(p.part == "plan" for p in parts)
    for s in report.sentences:
        assert not CHROME.search(s.text), s.text
        assert normalize_fragment(report.raw_text[s.raw_start:s.raw_end]) == s.text
        if len(s.text) > 400:
            # only where the source has one: a single source line without a sentence end inside
            raw = report.raw_text[s.raw_start:s.raw_end]
            assert "\n" not in raw.strip() and not re.search(r"[。！？]", s.text[:-1]), s.text[:60]

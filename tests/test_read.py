"""Readers: encodings, PDF and HTML, on the sample report's own text."""


import pytest

import govreport_nlp as gr
from govreport_nlp.errors import GovReportError

from .pdfs import blank_pdf, chinese_pdf, cid_garbage_pdf


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "gbk", "utf-16"])
def test_encodings_give_the_same_report(tmp_path, hangzhou, hangzhou_raw, encoding):
    text = hangzhou_raw.replace("\u3000", " ") if encoding == "gbk" else hangzhou_raw
    path = tmp_path / f"report-{encoding}.txt"
    path.write_bytes(text.encode(encoding))
    report = gr.read(path)
    assert report.text == hangzhou.text
    assert report.encoding == {"utf-8": "utf-8", "utf-8-sig": "utf-8-sig", "utf-16": "utf-16"}.get(encoding, "gb18030")
    if encoding in ("gb18030", "gbk"):
        assert report.notes[0] == "decoded as gb18030"


def test_text_argument_is_read_as_text():
    report = gr.read("各位代表：\n现在，我代表市人民政府向大会报告工作。\n一、2022年工作回顾\n全市生产总值18753亿元、增长1. 5%。")
    assert report.source == "<text>"
    assert report.sentences[-1].text == "全市生产总值18753亿元、增长1.5%。"


def test_pdf_text_layer_matches_the_text_file(tmp_path, hangzhou):
    # the sample's own paragraphs, typeset hard-wrapped with headers and page numbers
    paragraphs = [hangzhou.text[a:b] for a, b in hangzhou.paragraphs[:40]]
    paragraphs = [p.replace("·", "") for p in paragraphs]  # STSong-Light has no glyph for ·
    report = gr.read(chinese_pdf(tmp_path / "report.pdf", paragraphs))
    assert report.format == "pdf"
    expected = [s.text.replace("·", "") for s in hangzhou.sentences if s.paragraph < 40]
    assert [s.text for s in report.sentences] == expected
    reasons = {d.reason for d in report.dropped}
    assert reasons == {"running header", "page number"}
    assert not any("会议文件" in s.text or "—" in s.text[:2] and s.text[2:3].isdigit() for s in report.sentences)


def test_pdf_without_text_layer_is_refused(tmp_path):
    with pytest.raises(GovReportError, match=r"\[E007\].*no text layer") as exc:
        gr.read(blank_pdf(tmp_path / "scan.pdf"))
    assert exc.value.code == "E007"


def test_pdf_with_cid_codes_is_refused(tmp_path):
    with pytest.raises(GovReportError, match=r"\[E008\].*\(cid:NNN\)"):
        gr.read(cid_garbage_pdf(tmp_path / "cid.pdf"))


def test_html_page_body_found_and_chrome_recorded(tmp_path, hangzhou):
    body = "".join(f"<p>{hangzhou.text[a:b]}</p>\n" for a, b in hangzhou.paragraphs[:30])
    html = (
        "<!DOCTYPE html><html><head><title>杭州市政府工作报告</title><script>var x=1;</script></head><body>"
        "<div class='tools'><a>下载</a><a>打印</a><a>全屏</a><a>收藏</a><span>【字号：</span><a>加大</a><a>还原</a>"
        "<a>减小</a><span>】</span></div><div>来源：杭州日报</div><div>时间：2023-02-20</div>"
        f"<article>{body}</article>"
        "<div>相关报道：</div><ul><li>杭州两会开幕</li></ul><div>责任编辑：张三</div>"
        "<div>扫一扫在手机打开当前页</div></body></html>"
    )
    path = tmp_path / "page.html"
    path.write_text(html, encoding="utf-8")
    report = gr.read(path)
    assert report.format == "html"
    assert [s.text for s in report.sentences] == [s.text for s in hangzhou.sentences if s.paragraph < 30]
    dropped = " ".join(d.text for d in report.dropped)
    for chrome in ("下载", "打印", "【字号：", "来源：杭州日报", "时间：2023-02-20", "相关报道：", "杭州两会开幕",
                   "责任编辑：张三", "扫一扫在手机打开当前页"):
        assert chrome in dropped
    assert "下载打印全屏收藏【字号：加大还原减小】" in dropped  # inline links end up on one line
    assert "var x" not in report.raw_text


def test_web_text_chrome_is_dropped_but_recorded():
    text = ("下载\n打印\n全屏\n收藏\n【字号：\n加大\n还原\n减小\n】\n2026年某省政府工作报告\n"
            "——2026年1月26日在某省第十四届人民代表大会第四次会议上\n来源：某省日报\n时间：2026-02-02\n"
            "某省省长 王某某\n王某某作政府工作报告。本报记者 李某摄\n各位代表：\n"
            "现在，我代表省人民政府向大会报告工作，请予审议。\n一、2025年工作回顾\n全省生产总值增长5%。\n相关报道：\n某某新闻")
    report = gr.read(text)
    assert report.title_block.title == "2026年某省政府工作报告"
    assert report.title_block.date == "2026年1月26日"
    assert report.title_block.meeting == "某省第十四届人民代表大会第四次会议"
    assert (report.title_block.speaker_role, report.title_block.speaker) == ("某省省长", "王某某")
    assert [s.text for s in report.sentences if s.kind != "title"][0] == "各位代表："
    assert report.sentences[-1].text == "全省生产总值增长5%。"
    dropped = {d.text: d.reason for d in report.dropped}
    assert dropped["王某某作政府工作报告。本报记者 李某摄"] == "page chrome in the title block"
    assert dropped["某某新闻"] == "page chrome after the report"
    assert dropped["下载"] == "page chrome before the report"


def test_crlf_and_cr_line_endings_give_the_same_text(tmp_path, hangzhou, hangzhou_raw):
    for name, eol in (("crlf", "\r\n"), ("cr", "\r")):
        path = tmp_path / f"{name}.txt"
        path.write_bytes(hangzhou_raw.replace("\n", eol).encode("utf-8"))
        report = gr.read(path)
        assert report.text == hangzhou.text
        assert [s.text for s in report.sentences] == [s.text for s in hangzhou.sentences]


def test_title_block_without_salutation():
    text = ("政府工作报告\n——2024年1月10日在某市第十届人民代表大会第三次会议上\n市长 张某\n"
            "一、2023年工作回顾\n全市生产总值增长5%。\n二、2024年工作安排\n新增城镇就业10万人。")
    report = gr.read(text)
    assert report.title_block.date == "2024年1月10日" and report.title_block.speaker == "张某"
    assert [p.part for p in report.sections if p.kind == "part"] == ["review", "plan"]
    assert not report.dropped

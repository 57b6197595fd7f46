"""Words: spaCy's Chinese tokenizer, offline."""

import logging

import pytest

import govreport_nlp as gr
from govreport_nlp.errors import GovReportError
from govreport_nlp.reading import words


def test_tokens_cover_each_sentence_with_exact_offsets(hangzhou):
    report = gr.read(hangzhou.text)
    report.tokenize()
    for s in report.sentences:
        assert "".join(t.text for t in s.tokens) == s.text.replace(" ", "")
        for t in s.tokens:
            assert report.text[t.start:t.end] == t.text
            assert (t.raw_start, t.raw_end) == report.offsets.to_raw(t.start, t.end)
    toks = [t.text for t in report.sentences[8].tokens]
    assert "1.5%" in toks and "增长" in toks and len(toks) < len(report.sentences[8].text) / 1.5


def test_fallback_is_logged_once_and_offline(monkeypatch, caplog, tmp_path):
    monkeypatch.setenv("GOVREPORT_PKUSEG_MODEL", str(tmp_path))  # an empty dir: no model there
    monkeypatch.setattr(words, "find_model", lambda *a, **k: None)  # no shipped pkuseg model either
    monkeypatch.setattr(words, "_warned", set())
    with caplog.at_level(logging.WARNING, logger="govreport_nlp"):
        words.get_nlp()
        words.get_nlp()
    messages = [r.getMessage() for r in caplog.records if r.name == "govreport_nlp"]
    assert len(messages) == 1 and "jieba" in messages[0] and "pkuseg" in messages[0]


def test_explicit_pkuseg_without_model_says_why(monkeypatch, tmp_path):
    monkeypatch.delenv("GOVREPORT_PKUSEG_MODEL", raising=False)
    monkeypatch.setattr(words, "find_model", lambda *a, **k: None)
    with pytest.raises(GovReportError, match=r"\[E024\].*offline"):
        words.get_nlp("pkuseg")
    with pytest.raises(GovReportError, match=r"\[E033\] segmenter must be one of"):
        words.get_nlp("stanza")


def test_char_segmenter():
    report = gr.read("各位代表：\n现在，我代表市人民政府向大会报告工作，请予审议，并请提出意见。", words=True, segmenter="char")
    assert [t.text for t in report.sentences[0].tokens] == list("各位代表：")

"""Normalization repairs and the exact map from normalized offsets back to raw ones."""

import numpy as np
import pytest

from govreport_nlp.reading.normalize import fold_punctuation, normalize_fragment
from govreport_nlp.document import OffsetMap


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("增长 1. 5%;一般公共预算收入 2451 亿元", "增长1.5%；一般公共预算收入2451亿元"),
        ("政 府 工 作 报 告", "政府工作报告"),
        ("“TOD 模式” (以公共交通为\n\n导向的城市空间开发模式)", "“TOD模式”（以公共交通为导向的城市空间开发模式）"),
        ("各位代表:", "各位代表："),
        ("全国第一!", "全国第一！"),
        ("１９９１年增长１０．５％", "1991年增长10.5%"),
        ("ＧＤＰ增速", "GDP增速"),
        ("Public domain", "Public domain"),
        ("1,000 万元", "1,000万元"),
        ("PM2.5浓度", "PM2.5浓度"),
        ("见\u200b第\u3000\u30003页", "见第3页"),
    ],
)
def test_fragment_repairs(raw, expected):
    assert normalize_fragment(raw) == expected


def test_ascii_parentheses_around_latin_stay_ascii():
    assert fold_punctuation("(a+b)") == "(a+b)"
    assert fold_punctuation("设立(杭州)基金") == "设立（杭州）基金"


def test_sample_repairs(hangzhou):
    text = hangzhou.text
    assert "1.5%" in text and "1. 5%" not in text
    assert "政府工作报告" in text and " " not in text.replace("\n", "")
    assert "市十四届人大三次会议文件" not in text
    assert "," not in text and ":" not in text  # folded to ， and ：
    # line breaks inside sentences are gone: every line is a whole paragraph
    assert all(text[a:b] for a, b in hangzhou.paragraphs)
    assert "最具幸福感城市" in text  # a word broken across a page in the PDF extraction


def test_every_sentence_raw_span_normalizes_back(hangzhou):
    for s in hangzhou.sentences:
        raw = hangzhou.raw_text[s.raw_start:s.raw_end]
        assert normalize_fragment(raw) == s.text, s.id


def test_offset_map_is_exact_per_character(hangzhou):
    idx = hangzhou.offsets.raw_index
    assert np.all(np.diff(idx) > 0)
    raw, text = hangzhou.raw_text, hangzhou.text
    for i, ch in enumerate(text):
        r = raw[idx[i]]
        # same character, or its width/punctuation fold, or "\n" for a paragraph break
        assert r == ch or normalize_fragment("中" + r + "中")[1:-1] == ch or (ch == " " and r.isspace()), i


def test_offset_map_runs_round_trip(hangzhou):
    m = hangzhou.offsets
    back = OffsetMap.from_runs(m.to_runs(), m.raw_length)
    assert np.array_equal(back.raw_index, m.raw_index)
    assert m.to_raw(0, 0) == (int(m.raw_index[0]),) * 2
    assert m.to_raw(len(m), len(m)) == (m.raw_length, m.raw_length)
    with pytest.raises(IndexError):
        m.to_raw(5, len(m) + 1)


def test_to_normalized_inverts_to_raw(hangzhou):
    for s in hangzhou.sentences[::7]:
        assert hangzhou.offsets.to_normalized(s.raw_start) == s.start

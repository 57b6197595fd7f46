"""pkuseg training data and word-F1 scoring."""

import pytest

from govreport_nlp.model.segmenter import read_segmented, word_f1


def test_word_f1():
    gold = [["全市", "生产", "总值", "增长"]]
    assert word_f1(gold, gold).f1 == 1.0
    s = word_f1(gold, [["全市", "生产总值", "增长"]])
    assert (s.precision, s.recall) == (2 / 3, 2 / 4)
    with pytest.raises(ValueError, match="changed the text"):
        word_f1(gold, [["全市"]])


def test_readers_fold_width(tmp_path):
    seg = tmp_path / "a.seg"
    seg.write_text("增长 ２５％ 。\n\n", encoding="utf-8")
    conll = tmp_path / "b.conll"
    conll.write_text("# text\n1\t看似\t_\n2\t简单\t_\n\n1\t好\t_\n", encoding="utf-8")
    wp = tmp_path / "c.wordpos"
    wp.write_text("第一_OD 章_M\n", encoding="utf-8")
    assert read_segmented(seg) == [["增长", "25%", "。"]]
    assert read_segmented(conll) == [["看似", "简单"], ["好"]]
    assert read_segmented(wp) == [["第一", "章"]]

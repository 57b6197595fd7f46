"""The WordPiece tokenizer: a standard BertTokenizerFast directory, one token per CJK character."""

from transformers import AutoTokenizer

from govreport_nlp.model.tokenizer import build_tokenizer, gb2312_chars, unk_rate


def test_build_and_load(tmp_path, hangzhou):
    text = tmp_path / "train.txt"
    text.write_text("\n".join(s.text for s in hangzhou.sentences[:200]), encoding="utf-8")
    build_tokenizer([text], tmp_path / "tok", vocab_size=9000)
    tok = AutoTokenizer.from_pretrained(tmp_path / "tok")
    sentence = "全市生产总值18753亿元、增长1.5%；GDP增速高于全国。"
    pieces = tok.tokenize(sentence)
    cjk = [c for c in sentence if "\u4e00" <= c <= "\u9fff"]
    assert [p for p in pieces if "\u4e00" <= p[0] <= "\u9fff"] == cjk  # every CJK character is a token
    assert "gdp" in pieces or "g" in pieces  # Latin is lower-cased like bert-base-chinese
    ids = tok("国内生产总值")["input_ids"]
    assert ids[0] == tok.cls_token_id and ids[-1] == tok.sep_token_id and len(ids) == 8
    # characters absent from the training text but in GB2312 are still known
    unseen = "鳄鱼蜥蜴嚼蜡"
    assert not set(unseen) & set(text.read_text(encoding="utf-8"))
    assert unk_rate(tok, [unseen]) == (0, 6)
    assert len(gb2312_chars()) > 7000

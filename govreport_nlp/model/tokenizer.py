"""A BERT WordPiece tokenizer in the style of ``bert-base-chinese``.

Built with Hugging Face ``tokenizers``: the BERT normalizer puts spaces around every
CJK character (so each is a token of its own) and lower-cases Latin letters; the BERT
pre-tokenizer splits punctuation; WordPiece learns sub-words for digits and Latin
words.  The alphabet is every character of the training text plus the whole of
GB2312, so common characters absent from the corpus are not ``[UNK]``.  Saved as a
``BertTokenizerFast`` directory that ``AutoTokenizer.from_pretrained(dir)`` opens.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

SPECIAL_TOKENS = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]


def gb2312_chars() -> set[str]:
    chars = set()
    for hi in range(0xA1, 0xF8):
        for lo in range(0xA1, 0xFF):
            try:
                chars.add(bytes([hi, lo]).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    return chars


def build_tokenizer(text_files: list[Path], out_dir: Path, vocab_size: int = 12000, min_char_count: int = 1):
    """Train the tokenizer on ``text_files`` and save it to ``out_dir``; returns the fast tokenizer."""
    from tokenizers import Tokenizer, decoders, models, normalizers, pre_tokenizers, trainers
    from transformers import BertTokenizerFast

    counts: Counter = Counter()
    for path in text_files:
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                counts.update(line.strip().lower())
    alphabet = {c for c, n in counts.items() if n >= min_char_count and not c.isspace()} | gb2312_chars()
    alphabet = {c.lower() for c in alphabet}

    tok = Tokenizer(models.WordPiece(unk_token="[UNK]", max_input_chars_per_word=100))
    tok.normalizer = normalizers.BertNormalizer(clean_text=True, handle_chinese_chars=True,
                                                strip_accents=False, lowercase=True)
    tok.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
    tok.decoder = decoders.WordPiece(prefix="##")
    trainer = trainers.WordPieceTrainer(
        vocab_size=max(vocab_size, len(alphabet) + len(SPECIAL_TOKENS) + 100),
        special_tokens=SPECIAL_TOKENS,
        initial_alphabet=sorted(alphabet),
        limit_alphabet=len(alphabet),
        min_frequency=2,
        continuing_subword_prefix="##",
    )
    tok.train([str(p) for p in text_files], trainer)
    fast = BertTokenizerFast(tokenizer_object=tok, unk_token="[UNK]", sep_token="[SEP]", pad_token="[PAD]",
                             cls_token="[CLS]", mask_token="[MASK]", do_lower_case=True,
                             tokenize_chinese_chars=True, strip_accents=False)
    from tokenizers import processors

    fast.backend_tokenizer.post_processor = processors.TemplateProcessing(
        single="[CLS] $A [SEP]", pair="[CLS] $A [SEP] $B:1 [SEP]:1",
        special_tokens=[("[CLS]", fast.cls_token_id), ("[SEP]", fast.sep_token_id)],
    )
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    fast.save_pretrained(str(out_dir))
    return fast


def unk_rate(tokenizer, texts) -> tuple[int, int]:
    """(number of [UNK] tokens, number of tokens) over ``texts``."""
    unk = total = 0
    for enc in tokenizer(list(texts), add_special_tokens=False)["input_ids"]:
        total += len(enc)
        unk += sum(t == tokenizer.unk_token_id for t in enc)
    return unk, total

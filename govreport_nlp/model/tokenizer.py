"""A BERT WordPiece tokenizer in the style of ``bert-base-chinese``.

Built with Hugging Face ``tokenizers``: the BERT normalizer puts spaces around every
CJK character (so each is a token of its own) and lower-cases Latin letters; the BERT
pre-tokenizer splits punctuation; the WordPiece model spells digits and Latin words
from frequent whole words and ``##`` single characters.  The alphabet is every character of the training text plus the whole of
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


def build_tokenizer(text_files: list[Path], out_dir: Path, vocab_size: int = 12000, min_count: int = 2):
    """Build the tokenizer from ``text_files`` and save it to ``out_dir``; returns the fast tokenizer.

    The vocabulary is chosen deterministically (the same files always give the same ids):
    special tokens; every character of the text and of GB2312, sorted; ``##`` + each ASCII
    letter and digit, so any Latin or number string can be spelled; then the most frequent
    whole non-CJK words (``gdp``, ``2023``, ``5g``...) up to ``vocab_size``, by count, then
    alphabetically.  (``tokenizers``' WordPiece trainer orders tied pieces differently from
    run to run, which would make pretraining irreproducible.)"""
    from tokenizers import Tokenizer, decoders, models, normalizers, pre_tokenizers, processors
    from transformers import BertTokenizerFast

    normalizer = normalizers.BertNormalizer(clean_text=True, handle_chinese_chars=True,
                                            strip_accents=False, lowercase=True)
    pre = pre_tokenizers.BertPreTokenizer()
    chars: set[str] = set(c.lower() for c in gb2312_chars())
    words: Counter = Counter()
    for path in text_files:
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                norm = normalizer.normalize_str(line.strip())
                for word, _ in pre.pre_tokenize_str(norm):
                    if len(word) == 1:
                        chars.add(word)
                    else:
                        chars.update(word)
                        words[word] += 1
    chars = {c for c in chars if not c.isspace()}
    continuation = [f"##{c}" for c in "0123456789abcdefghijklmnopqrstuvwxyz"]
    vocab = SPECIAL_TOKENS + sorted(chars) + continuation
    room = max(0, vocab_size - len(vocab))
    frequent = sorted(((n, w) for w, n in words.items() if n >= min_count), key=lambda x: (-x[0], x[1]))
    seen = set(vocab)
    vocab += [w for _, w in frequent if w not in seen][:room]

    tok = Tokenizer(models.WordPiece({t: i for i, t in enumerate(vocab)}, unk_token="[UNK]",
                                     max_input_chars_per_word=100))
    tok.normalizer = normalizer
    tok.pre_tokenizer = pre
    tok.decoder = decoders.WordPiece(prefix="##")
    tok.post_processor = processors.TemplateProcessing(
        single="[CLS] $A [SEP]", pair="[CLS] $A [SEP] $B:1 [SEP]:1",
        special_tokens=[("[CLS]", vocab.index("[CLS]")), ("[SEP]", vocab.index("[SEP]"))],
    )
    fast = BertTokenizerFast(tokenizer_object=tok, unk_token="[UNK]", sep_token="[SEP]", pad_token="[PAD]",
                             cls_token="[CLS]", mask_token="[MASK]", do_lower_case=True,
                             tokenize_chinese_chars=True, strip_accents=False)
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

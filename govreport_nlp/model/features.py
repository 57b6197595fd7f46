"""Model inputs: a sentence with its context, in pieces that fit the encoder.

Each sentence is encoded as ``[CLS] sentence-piece [SEP] context [SEP]``, where the
context says where the sentence sits (``回顾：一、2022年工作回顾 › （一）…``): the same
clause is an achievement in the review and a target in the plan.  A sentence longer
than ``piece_chars`` characters is cut into pieces (at a comma or semicolon where
possible); each piece carries the sentence's labels, and at prediction time the
sentence logits of its pieces are averaged and their entity spans joined.

Entity tags are per token (the tokenizer's WordPiece tokens; a CJK character is one
token): a token takes the BIO tag of its first character.  An entity whose edge falls
inside a token (rare: ``1.5%`` is ``1 . 5 %``) cannot be represented and is counted.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import numpy as np

from ..annotations.bio import BIO_TAGS, spans_to_bio
from ..spec import DOMAINS, STYPES

PART_NAMES = {"title": "标题", "preamble": "开场", "review": "回顾", "plan": "部署", "closing": "结束语",
              "appendix": "附件", "glossary": "名词解释"}
CONTEXTS = ("none", "part", "part+heading")
_CUT = "，；、：,;"


def context_string(record, context: str = "part+heading") -> str:
    if context == "none":
        return ""
    out = PART_NAMES.get(record.part, record.part or "")
    if context == "part+heading" and record.heading_path:
        out += "：" + " › ".join(record.heading_path[-2:])
    return out


def pieces(text: str, piece_chars: int) -> list[tuple[int, int]]:
    """Character ranges of at most ``piece_chars`` covering ``text``, cut after punctuation where possible."""
    out, start = [], 0
    while len(text) - start > piece_chars:
        end = start + piece_chars
        cut = max((i + 1 for i in range(start + piece_chars // 2, end) if text[i] in _CUT), default=end)
        out.append((start, cut))
        start = cut
    out.append((start, len(text)))
    return out


@dataclass
class Piece:
    record: int  # index of the record
    start: int  # character range of the sentence this piece covers
    end: int
    input_ids: list[int]
    token_type_ids: list[int]
    offsets: list[tuple[int, int] | None]  # sentence-relative char range of each token; None outside the sentence
    stype: int
    domain: int
    ner: list[int]  # per token; -100 outside the sentence or when entities are not annotated


def encode(records, tokenizer, *, context: str = "part+heading", max_length: int = 256,
           piece_chars: int = 200) -> tuple[list[Piece], Counter]:
    """Pieces of every record, with labels (``-100`` where a task is not annotated)."""
    losses: Counter = Counter()
    out = []
    for ri, r in enumerate(records):
        ctx = context_string(r, context)
        tags = spans_to_bio(len(r.text), r.entities) if r.entities is not None else None
        for a, b in pieces(r.text, piece_chars):
            enc = tokenizer(r.text[a:b], ctx or None, truncation="only_second" if ctx else True,
                            max_length=max_length, return_offsets_mapping=True, return_token_type_ids=True)
            seq = enc.sequence_ids()
            offsets, ner = [], []
            for k, (s, e) in enumerate(enc["offset_mapping"]):
                if seq[k] == 0 and e > s:
                    offsets.append((a + s, a + e))
                    ner.append(BIO_TAGS.index(tags[a + s]) if tags is not None else -100)
                else:
                    offsets.append(None)
                    ner.append(-100)
            if tags is not None:
                starts = {o[0] for o in offsets if o is not None}
                ends = {o[1] for o in offsets if o is not None}
                for e in r.entities:
                    if a <= e.start and e.end <= b and not (e.start in starts and e.end in ends):
                        losses["entity edge inside a token"] += 1
                    elif e.start < b <= e.end - 1 and e.start >= a:
                        losses["entity across a piece boundary"] += 1
            out.append(Piece(ri, a, b, enc["input_ids"], enc["token_type_ids"], offsets,
                             STYPES.index(r.stype) if r.stype is not None else -100,
                             DOMAINS.index(r.domain) if r.domain is not None else -100, ner))
    return out, losses


def model_inputs(batch: list[Piece], pad_id: int) -> dict[str, np.ndarray]:
    """The encoder's inputs for a batch of pieces, padded to the longest, as int64 arrays (what an ONNX Runtime
    session takes; :func:`collate` makes torch tensors of them)."""
    n = max(len(p.input_ids) for p in batch)

    def pad(seqs, value):
        return np.array([s + [value] * (n - len(s)) for s in seqs], dtype=np.int64)

    return {"input_ids": pad([p.input_ids for p in batch], pad_id),
            "attention_mask": pad([[1] * len(p.input_ids) for p in batch], 0),
            "token_type_ids": pad([p.token_type_ids for p in batch], 0)}


def collate(batch: list[Piece], pad_id: int):
    """Tensors for a batch of pieces (padded to the longest), labels included."""
    import torch

    n = max(len(p.input_ids) for p in batch)
    out = {k: torch.from_numpy(v) for k, v in model_inputs(batch, pad_id).items()}
    out["stype_labels"] = torch.tensor([p.stype for p in batch], dtype=torch.long)
    out["domain_labels"] = torch.tensor([p.domain for p in batch], dtype=torch.long)
    out["ner_labels"] = torch.tensor([p.ner + [-100] * (n - len(p.ner)) for p in batch], dtype=torch.long)
    return out

"""Run the annotator model over records: sentence labels with scores, entity spans."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ..annotations.bio import bio_to_spans, viterbi_bio
from ..annotations.schema import Entity
from .features import collate, encode


@dataclass
class SentencePrediction:
    stype: str
    domain: str
    stype_scores: dict[str, float]
    domain_ranked: list[tuple[str, float]]  # all domains, best first, with probabilities
    entities: list[Entity] = field(default_factory=list)


def predict_records(model, tokenizer, records, *, batch_size: int = 32, progress: bool = False) -> list[SentencePrediction]:
    """One :class:`SentencePrediction` per record (the model sees the record's text, part and headings)."""
    import torch
    from tqdm.auto import tqdm

    cfg = model.config
    pieces, _ = encode(records, tokenizer, context=cfg.context, max_length=cfg.max_tokens, piece_chars=cfg.piece_chars)
    order = sorted(range(len(pieces)), key=lambda i: len(pieces[i].input_ids))
    n_st, n_dm = len(cfg.stype_labels), len(cfg.domain_labels)
    st_sum = np.zeros((len(records), n_st))
    dm_sum = np.zeros((len(records), n_dm))
    n_pieces = np.zeros(len(records))
    spans: list[list[Entity]] = [[] for _ in records]
    model.eval()
    with torch.no_grad():
        for a in tqdm(range(0, len(order), batch_size), desc="annotating", unit="batch", disable=not progress):
            batch = [pieces[i] for i in order[a:a + batch_size]]
            t = collate(batch, tokenizer.pad_token_id)
            out = model(input_ids=t["input_ids"], attention_mask=t["attention_mask"], token_type_ids=t["token_type_ids"])
            st = torch.softmax(out.stype_logits.float(), -1).numpy()
            dm = torch.softmax(out.domain_logits.float(), -1).numpy()
            ner_lp = torch.log_softmax(out.ner_logits.float(), -1).numpy()
            for k, p in enumerate(batch):
                st_sum[p.record] += st[k]
                dm_sum[p.record] += dm[k]
                n_pieces[p.record] += 1
                idx = [j for j, o in enumerate(p.offsets) if o is not None]
                seq = viterbi_bio(ner_lp[k][idx], cfg.ner_labels)
                text = records[p.record].text
                for s, e, lab in bio_to_spans(seq):
                    cs, ce = p.offsets[idx[s]][0], p.offsets[idx[e - 1]][1]
                    spans[p.record].append(Entity(cs, ce, lab, text[cs:ce]))
    out = []
    for i in range(len(records)):
        st = st_sum[i] / max(n_pieces[i], 1)
        dm = dm_sum[i] / max(n_pieces[i], 1)
        ranked = [(cfg.domain_labels[j], float(dm[j])) for j in np.argsort(-dm)]
        out.append(SentencePrediction(
            stype=cfg.stype_labels[int(st.argmax())], domain=ranked[0][0],
            stype_scores={lab: float(st[j]) for j, lab in enumerate(cfg.stype_labels)},
            domain_ranked=ranked, entities=sorted(spans[i], key=lambda e: e.start)))
    return out

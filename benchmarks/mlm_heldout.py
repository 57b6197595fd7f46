"""Held-out masked-LM loss and perplexity of a model, against an untrained model of the same shape.

    python benchmarks/mlm_heldout.py [--model models/govbert-small] [--data ../shared/data] [--seq-len 64 128 256]

Rebuilds the held-out documents exactly as pretraining split them (a hash of each document
id; the Hangzhou sample always held out), packs them in blocks of the model's training length,
(or ``--seq-len``; several lengths are measured in turn), masks 15% of the tokens (BERT's rate, whatever rate the model was trained with) with a fixed
seed, and reports the mean cross-entropy per masked token and its exponential (perplexity). Also prints the tokenizer's [UNK] rate on every non-reserved
report and the top-5 fillers for a few masked report sentences.
"""

import argparse
import json
import math
import tempfile
from pathlib import Path

import torch
from transformers import AutoModelForMaskedLM, AutoTokenizer, BertForMaskedLM

import govreport_nlp as gr
from govreport_nlp.reading.corpora import iter_reports
from govreport_nlp.model.corpus import write_corpus
from govreport_nlp.model.pretrain import PretrainConfig, _read_docs, evaluate, pack_blocks
from govreport_nlp.model.tokenizer import unk_rate

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ["国内生产[MASK]值增长5%以上。", "全市生产总[MASK]18753亿元、增长1.5%。", "[MASK]位代表：",
            "城乡居民人均可支配收[MASK]分别为77043元和45183元。", "一般公共预算收入2451亿元、增[MASK]2.7%。",
            "加快建设城西科创大走[MASK]。"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", default=str(ROOT / "models" / "govbert-small"))
    ap.add_argument("--data", default=str(ROOT.parent / "shared" / "data"))
    ap.add_argument("--blocks", type=int, default=256)
    ap.add_argument("--seq-len", type=int, nargs="*", help="block lengths (default: the model's training length)")
    ap.add_argument("--mask-prob", type=float, default=0.15, help="masked share of tokens (BERT's 15%%)")
    args = ap.parse_args()
    log = json.loads((Path(args.model) / "training_log.json").read_text())
    tok = AutoTokenizer.from_pretrained(args.model)
    model = AutoModelForMaskedLM.from_pretrained(args.model)
    with tempfile.TemporaryDirectory() as tmp:
        write_corpus(args.data, tmp, ROOT / "corpus" / "hangzhou-2023.txt")
        docs = _read_docs(Path(tmp) / "heldout.txt")
    for seq_len in args.seq_len or [log["config"]["seq_len"]]:
        cfg = PretrainConfig(**{**log["config"], "eval_blocks": args.blocks, "mask_prob": args.mask_prob,
                                "masking": "token", "seq_len": seq_len})
        ids, words = pack_blocks(docs, tok, cfg.seq_len)
        ids, words = ids[:args.blocks], words[:args.blocks]
        trained = evaluate(model, ids, words, tok, cfg)
        torch.manual_seed(cfg.seed)
        untrained = evaluate(BertForMaskedLM(model.config), ids, words, tok, cfg)
        print(f"held-out blocks: {len(ids)} x {cfg.seq_len} tokens, {cfg.mask_prob:.0%} of tokens masked")
        print(f"trained   MLM loss {trained:.3f}  perplexity {math.exp(trained):,.1f}")
        print(f"untrained MLM loss {untrained:.3f}  perplexity {math.exp(untrained):,.1f}")
    unk = total = 0
    for cr in iter_reports(args.data):
        u, t = unk_rate(tok, [s.text for s in gr.read(cr.text).sentences])
        unk, total = unk + u, total + t
    u, t = unk_rate(tok, [s.text for s in gr.read(ROOT / "corpus" / "hangzhou-2023.txt").sentences])
    print(f"[UNK] rate: {unk}/{total} = {unk / total:.4%} on the non-reserved reports; "
          f"{u}/{t} = {u / max(t, 1):.4%} on the held-out Hangzhou report")
    for text in EXAMPLES:
        enc = tok(text, return_tensors="pt")
        with torch.no_grad():
            logits = model(**enc).logits[0]
        pos = (enc["input_ids"][0] == tok.mask_token_id).nonzero()[0].item()
        top = tok.convert_ids_to_tokens(logits[pos].topk(5).indices.tolist())
        print(f"{text}  ->  {' '.join(top)}")


if __name__ == "__main__":
    main()

"""Training speed of candidate BERT shapes on this machine: how the shipped shape was chosen.

    python benchmarks/pretrain_shapes.py [--threads 2] [--seq-len 256] [--batch-size 16] [--bf16]

One optimizer step of whole-word MLM (loss at 15% of positions) on random ids, best of 3
after a warm-up step; prints parameters, seconds per step and tokens per second. The
shipped model's budget (about 90 minutes on 2 cores) divided by the step time gives the
number of tokens each shape can see.
"""

import argparse
import time

import torch
from transformers import BertConfig, BertForMaskedLM

SHAPES = [(4, 256), (6, 256), (4, 384), (6, 384)]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--seq-len", type=int, default=256)
    ap.add_argument("--batch-size", type=int, default=16)
    ap.add_argument("--vocab-size", type=int, default=10760)
    ap.add_argument("--budget-minutes", type=float, default=90)
    ap.add_argument("--bf16", action="store_true", help="bfloat16 autocast, as govreport pretrain --bf16")
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    print("| layers | hidden | parameters | fp32 size | s/step | tokens/s | tokens in budget |")
    print("|---|---|---|---|---|---|---|")
    for layers, hidden in SHAPES:
        cfg = BertConfig(vocab_size=args.vocab_size, hidden_size=hidden, num_hidden_layers=layers,
                         num_attention_heads=hidden // 64, intermediate_size=4 * hidden)
        model = BertForMaskedLM(cfg)
        opt = torch.optim.AdamW(model.parameters(), lr=1e-4)
        x = torch.randint(5, args.vocab_size, (args.batch_size, args.seq_len))
        times = []
        for _ in range(4):
            t = time.perf_counter()
            with torch.autocast("cpu", dtype=torch.bfloat16, enabled=args.bf16):
                hidden_states = model.bert(input_ids=x)[0]
                sel = torch.rand(x.shape) < 0.15
                loss = torch.nn.functional.cross_entropy(model.cls(hidden_states[sel]), x[sel])
            loss.backward()
            opt.step()
            opt.zero_grad()
            times.append(time.perf_counter() - t)
        step = min(times[1:])
        n = sum(p.numel() for p in model.parameters())
        tps = args.batch_size * args.seq_len / step
        print(f"| {layers} | {hidden} | {n / 1e6:.1f} M | {n * 4 / 2**20:.0f} MB | {step:.2f} | {tps:,.0f} | "
              f"{tps * args.budget_minutes * 60 / 1e6:.1f} M |")


if __name__ == "__main__":
    main()

"""Two checks behind docs/models.md's reading of the pretraining curves.

    python benchmarks/pretrain_sanity.py [--work work/pretrain] [--seq-len 256] [--steps 175]

1. The unigram entropy (nats) of the training tokens: the loss of a model that ignores context.
2. Whether the training loop can learn at all: the shipped shape (4 x 256) trained on only 32
   blocks, token masking at 15%, lr 1e-3; its loss should fall far below the unigram entropy.
Needs the blocks that `govreport pretrain` writes to --work.
"""

import argparse
import collections
import math
import time

import numpy as np
import torch
from transformers import AutoTokenizer

from govreport_nlp.model.pretrain import PretrainConfig, build_model, mask_whole_words, mlm_loss


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--work", default="work/pretrain")
    ap.add_argument("--seq-len", type=int, default=256)
    ap.add_argument("--steps", type=int, default=175)
    args = ap.parse_args()
    torch.set_num_threads(2)
    torch.manual_seed(0)
    tok = AutoTokenizer.from_pretrained(f"{args.work}/tokenizer")
    data = np.load(f"{args.work}/blocks-{args.seq_len}.npz")
    ids, words = data["train_ids"], data["train_words"]
    counts = collections.Counter(ids[:20000].ravel().tolist())
    for special in tok.all_special_ids:
        counts.pop(special, None)
    n = sum(counts.values())
    print(f"unigram entropy of the tokens of 20,000 training blocks: "
          f"{-sum(c / n * math.log(c / n) for c in counts.values()):.2f} nats")
    model = build_model(PretrainConfig(), len(tok), tok.pad_token_id)
    opt = torch.optim.AdamW(model.parameters(), lr=1e-3)
    small_ids, small_words = ids[:32], words[:32]
    t = time.time()
    for step in range(args.steps + 1):
        batch = np.random.default_rng(step).choice(32, 16, replace=False)
        x, labels = mask_whole_words(small_ids[batch], small_words[batch], tok, 0.15,
                                     np.random.default_rng(step), "token")
        xt = torch.from_numpy(x.astype(np.int64))
        loss, _ = mlm_loss(model, xt, torch.from_numpy(labels.astype(np.int64)), (xt != tok.pad_token_id).long())
        loss.backward()
        opt.step()
        opt.zero_grad()
        if step % 25 == 0:
            print(f"32-block overfit check: step {step} loss {float(loss.detach()):.2f} ({time.time() - t:.0f} s)")


if __name__ == "__main__":
    main()

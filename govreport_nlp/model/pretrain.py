"""Masked-language-model pretraining of a compact Chinese BERT, on the CPU, resumable.

``govreport pretrain --corpus ../shared/data --out models/govbert-small`` runs the
whole recipe:

1. write the pretraining text (:mod:`govreport_nlp.model.corpus`) to ``--work``;
2. build the WordPiece tokenizer (:mod:`govreport_nlp.model.tokenizer`);
3. segment every line into words with jieba and pack the tokens into blocks of
   ``--seq-len`` (``[CLS] … [SEP]``), keeping a word id per token;
4. train ``BertForMaskedLM`` with masked tokens (15% of a block; 80% ``[MASK]``, 10%
   random, 10% unchanged), chosen token by token (``--masking token``, the default), by
   whole jieba words (``wwm``) or either per block (``mixed``); the loss is computed only
   at masked positions; AdamW, linear warm-up and decay;
5. every ``--checkpoint-every`` steps, and when ``--max-minutes`` is spent, save a
   checkpoint (model, optimizer, scheduler, data position, random states) in
   ``--work/checkpoint``; a new run with the same arguments resumes from it;
6. ``--init-from MODEL`` starts from a finished model instead (a second phase, e.g. on
   longer blocks so that later positions are trained), with its checkpoint in
   ``--work/checkpoint-<name of --out>``;
7. at the end, save a standard checkpoint (``config.json``, ``model.safetensors``,
   tokenizer files) to ``--out`` with ``training_log.json``.

Held-out MLM loss is measured on fixed masks (same seed every time) over held-out
documents, so numbers from different runs are comparable.
"""

from __future__ import annotations

import json
import logging
import math
import os
import random
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np

from ..errors import Errors, GovReportError
from .base import resolve_device

logger = logging.getLogger("govreport_nlp")


@dataclass
class PretrainConfig:
    corpus: str = field(default="../shared/data", metadata={"help": "data folder with the public corpora"})
    out: str = field(default="models/govbert-small", metadata={"help": "where the finished model goes"})
    work: str = field(default="work/pretrain", metadata={"help": "corpus, tokenized blocks and checkpoints"})
    sample_report: str = field(default="corpus/hangzhou-2023.txt", metadata={"help": "held out entirely"})
    vocab_size: int = 12000
    layers: int = 4
    hidden: int = 256
    heads: int = 4
    seq_len: int = 256
    batch_size: int = 16
    lr: float = 5e-4
    warmup: float = 0.05
    weight_decay: float = 0.01
    steps: int = 4000
    mask_prob: float = 0.15
    masking: str = field(default="token", metadata={"help": "token (BERT), wwm (whole jieba words) or mixed"})
    seed: int = 42
    checkpoint_every: int = 200
    eval_every: int = 500
    eval_blocks: int = 256
    log_every: int = 25
    max_minutes: float = 0.0  # 0 = no limit; otherwise checkpoint and stop after this long
    threads: int = 0  # torch threads; 0 = torch's default
    bf16: bool = field(default=False, metadata={"help": "bfloat16 autocast (about 1.8x faster on CPUs with AVX512-BF16)"})
    device: str = field(default="auto", metadata={"help": "cpu, cuda or auto (a GPU where there is one)"})
    init_from: str = field(default="", metadata={"help": "start from this model's weights (a second phase, e.g. on "
                                                          "longer blocks); its tokenizer must be the work folder's"})

    def __post_init__(self):
        if self.hidden % self.heads:
            raise GovReportError(Errors.E030,
                                 reason=f"hidden ({self.hidden}) must be a multiple of heads ({self.heads})")
        if self.seq_len > 512:
            raise GovReportError(Errors.E030, reason="seq_len must be at most 512")
        if self.masking not in ("token", "wwm", "mixed"):
            raise GovReportError(Errors.E030,
                                 reason=f"masking must be token, wwm or mixed, not {self.masking!r}")


# ------------------------------------------------------------------ data

def _read_docs(path: Path) -> list[list[str]]:
    docs, cur = [], []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            line = line.rstrip("\n")
            if line:
                cur.append(line)
            elif cur:
                docs.append(cur)
                cur = []
    if cur:
        docs.append(cur)
    return docs


def pack_blocks(docs: list[list[str]], tokenizer, seq_len: int) -> tuple[np.ndarray, np.ndarray]:
    """Tokenize lines, give each token the id of its jieba word, and pack into blocks.

    Returns ``(input_ids, word_ids)`` of shape (n_blocks, seq_len); ``word_ids`` is -1
    for [CLS], [SEP] and padding."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    body = seq_len - 2
    ids_out, words_out = [], []
    buf_ids: list[int] = []
    buf_words: list[int] = []
    word_counter = 0

    def flush():
        ids = [tokenizer.cls_token_id] + buf_ids[:body] + [tokenizer.sep_token_id]
        wds = [-1] + buf_words[:body] + [-1]
        pad = seq_len - len(ids)
        ids_out.append(ids + [tokenizer.pad_token_id] * pad)
        words_out.append(wds + [-1] * pad)

    for doc in docs:
        enc = tokenizer(doc, add_special_tokens=False, return_offsets_mapping=True)
        for line, ids, offsets in zip(doc, enc["input_ids"], enc["offset_mapping"]):
            # char -> word index from jieba
            char_word = np.empty(len(line), dtype=np.int64)
            pos = 0
            for w in jieba.cut(line, HMM=True):
                char_word[pos:pos + len(w)] = word_counter
                word_counter += 1
                pos += len(w)
            for tok, (a, _) in zip(ids, offsets):
                buf_ids.append(tok)
                buf_words.append(int(char_word[a]) if a < len(line) else word_counter)
            buf_ids.append(tokenizer.sep_token_id)  # a line break becomes [SEP] inside a block
            buf_words.append(-1)
            while len(buf_ids) >= body:
                flush()
                del buf_ids[:body], buf_words[:body]
        if buf_ids:  # blocks do not cross documents
            flush()
            buf_ids.clear()
            buf_words.clear()
    return np.array(ids_out, dtype=np.int32), np.array(words_out, dtype=np.int64)


def mask_whole_words(input_ids, word_ids, tokenizer, mask_prob: float, rng: np.random.Generator,
                     masking: str = "wwm"):
    """Masking on a batch (numpy); returns ``(masked_ids, labels)``, labels -100 where unmasked.

    ``wwm`` masks whole words (every token of a chosen jieba word), ``token`` masks tokens
    independently (each token is its own word), ``mixed`` picks one of the two per block."""
    ids = input_ids.copy()
    labels = np.full_like(ids, -100)
    vocab = len(tokenizer)
    specials = set(tokenizer.all_special_ids)
    for b in range(ids.shape[0]):
        w = word_ids[b]
        mode = masking if masking != "mixed" else ("wwm" if rng.random() < 0.5 else "token")
        if mode == "token":
            w = np.where(w >= 0, np.arange(w.size), -1)
        uniq = np.unique(w[w >= 0])
        if uniq.size == 0:
            continue
        n = max(1, int(round(uniq.size * mask_prob)))
        chosen = rng.choice(uniq, size=n, replace=False)
        pos = np.flatnonzero(np.isin(w, chosen))
        pos = np.array([p for p in pos if ids[b, p] not in specials], dtype=np.int64)
        if pos.size == 0:
            continue
        labels[b, pos] = ids[b, pos]
        r = rng.random(pos.size)
        ids[b, pos[r < 0.8]] = tokenizer.mask_token_id
        rand_pos = pos[(r >= 0.8) & (r < 0.9)]
        ids[b, rand_pos] = rng.integers(len(specials), vocab, size=rand_pos.size)
    return ids, labels


# ------------------------------------------------------------------ model

def param_groups(model, weight_decay: float) -> list[dict]:
    """AdamW parameter groups: no weight decay on biases and LayerNorm weights (BERT's recipe)."""
    no_decay = ("bias", "LayerNorm.weight")
    return [
        {"params": [p for n, p in model.named_parameters() if not n.endswith(no_decay)], "weight_decay": weight_decay},
        {"params": [p for n, p in model.named_parameters() if n.endswith(no_decay)], "weight_decay": 0.0},
    ]


def build_model(cfg: PretrainConfig, vocab_size: int, pad_id: int):
    from transformers import BertConfig, BertForMaskedLM

    config = BertConfig(
        vocab_size=vocab_size, hidden_size=cfg.hidden, num_hidden_layers=cfg.layers,
        num_attention_heads=cfg.heads, intermediate_size=4 * cfg.hidden,
        max_position_embeddings=512, pad_token_id=pad_id,
    )
    return BertForMaskedLM(config)


def _load_weights(model, path: str, tokenizer) -> None:
    from transformers import AutoTokenizer, BertForMaskedLM

    if AutoTokenizer.from_pretrained(path).get_vocab() != tokenizer.get_vocab():
        raise GovReportError(Errors.E026, path=path)
    src = BertForMaskedLM.from_pretrained(path)
    model.load_state_dict(src.state_dict())
    logger.info("weights initialised from %s", path)


def mlm_loss(model, input_ids, labels, attention_mask):
    """Cross-entropy at masked positions only (the decoder runs on those rows alone)."""
    import torch

    hidden = model.bert(input_ids=input_ids, attention_mask=attention_mask)[0]
    sel = labels != -100
    if not sel.any():
        return hidden.sum() * 0.0, 0
    logits = model.cls(hidden[sel])
    return torch.nn.functional.cross_entropy(logits, labels[sel]), int(sel.sum())


def evaluate(model, blocks, words, tokenizer, cfg: PretrainConfig) -> float:
    """Mean held-out MLM loss per masked token on fixed masks."""
    import torch

    rng = np.random.default_rng(cfg.seed + 1)
    model.eval()
    total, count = 0.0, 0
    with torch.no_grad():
        for a in range(0, len(blocks), cfg.batch_size):
            ids, labels = mask_whole_words(blocks[a:a + cfg.batch_size], words[a:a + cfg.batch_size],
                                           tokenizer, cfg.mask_prob, rng, cfg.masking)
            ids_t = torch.from_numpy(ids.astype(np.int64)).to(model.device)
            loss, n = mlm_loss(model, ids_t, torch.from_numpy(labels.astype(np.int64)).to(model.device),
                               (ids_t != tokenizer.pad_token_id).long())
            total += float(loss) * n
            count += n
    model.train()
    return total / max(count, 1)


# ------------------------------------------------------------------ run

def prepare(cfg: PretrainConfig):
    """Corpus, tokenizer and packed blocks in ``cfg.work`` (each built once, then reused)."""
    from transformers import AutoTokenizer

    from .corpus import write_corpus
    from .tokenizer import build_tokenizer

    work = Path(cfg.work)
    work.mkdir(parents=True, exist_ok=True)
    if not (work / "train.txt").exists():
        logger.info("writing the pretraining corpus to %s", work)
        write_corpus(cfg.corpus, work, Path(cfg.sample_report))
    tok_dir = work / "tokenizer"
    if not (tok_dir / "tokenizer.json").exists():
        logger.info("building the tokenizer")
        build_tokenizer([work / "train.txt"], tok_dir, vocab_size=cfg.vocab_size)
    tokenizer = AutoTokenizer.from_pretrained(str(tok_dir))
    data = work / f"blocks-{cfg.seq_len}.npz"
    if not data.exists():
        logger.info("tokenizing and packing blocks of %d", cfg.seq_len)
        tr_ids, tr_words = pack_blocks(_read_docs(work / "train.txt"), tokenizer, cfg.seq_len)
        ho_ids, ho_words = pack_blocks(_read_docs(work / "heldout.txt"), tokenizer, cfg.seq_len)
        np.savez(data, train_ids=tr_ids, train_words=tr_words, heldout_ids=ho_ids, heldout_words=ho_words)
    d = np.load(data)
    return tokenizer, d["train_ids"], d["train_words"], d["heldout_ids"], d["heldout_words"]


def pretrain(cfg: PretrainConfig) -> dict:
    import torch
    from transformers import get_linear_schedule_with_warmup, set_seed

    t_start = time.time()
    if cfg.threads:
        torch.set_num_threads(cfg.threads)
    set_seed(cfg.seed)
    tokenizer, tr_ids, tr_words, ho_ids, ho_words = prepare(cfg)
    ho_ids, ho_words = ho_ids[:cfg.eval_blocks], ho_words[:cfg.eval_blocks]
    model = build_model(cfg, len(tokenizer), tokenizer.pad_token_id)
    if cfg.init_from:
        _load_weights(model, cfg.init_from, tokenizer)
    device = resolve_device(cfg.device)
    model.to(device)
    optimizer = torch.optim.AdamW(param_groups(model, cfg.weight_decay), lr=cfg.lr, betas=(0.9, 0.98), eps=1e-6)
    scheduler = get_linear_schedule_with_warmup(optimizer, int(cfg.warmup * cfg.steps), cfg.steps)
    # a second phase (--init-from) keeps its own checkpoint next to the first phase's
    ckpt_dir = Path(cfg.work) / ("checkpoint" if not cfg.init_from else f"checkpoint-{Path(cfg.out).name}")
    state = {"step": 0, "epoch": 0, "cursor": 0, "log": [], "tokens_seen": 0, "seconds": 0.0}
    if (ckpt_dir / "state.pt").exists():
        saved = torch.load(ckpt_dir / "state.pt", weights_only=False, map_location="cpu")
        if saved["config"] != asdict(cfg) | {"max_minutes": saved["config"]["max_minutes"]}:
            logger.warning("checkpoint in %s was made with other settings; resuming anyway", ckpt_dir)
        model.load_state_dict(saved["model"])
        optimizer.load_state_dict(saved["optimizer"])
        scheduler.load_state_dict(saved["scheduler"])
        state = saved["state"]
        random.setstate(saved["py_rng"])
        torch.set_rng_state(saved["torch_rng"])
        logger.info("resumed from step %d", state["step"])
    n_params = sum(p.numel() for p in model.parameters())
    logger.info("model: %d layers, hidden %d, %.1f M parameters; %d training blocks of %d",
                cfg.layers, cfg.hidden, n_params / 1e6, len(tr_ids), cfg.seq_len)

    def order(epoch):
        return np.random.default_rng(cfg.seed + 1000 + epoch).permutation(len(tr_ids))

    def save_checkpoint():
        ckpt_dir.mkdir(parents=True, exist_ok=True)
        tmp = ckpt_dir / "state.pt.tmp"
        torch.save({"model": model.state_dict(), "optimizer": optimizer.state_dict(),
                    "scheduler": scheduler.state_dict(), "state": state, "config": asdict(cfg),
                    "py_rng": random.getstate(), "torch_rng": torch.get_rng_state()}, tmp)
        os.replace(tmp, ckpt_dir / "state.pt")

    perm = order(state["epoch"])
    model.train()
    run_start = time.time()
    window_loss, window_n, window_t = 0.0, 0, time.time()
    while state["step"] < cfg.steps:
        if state["cursor"] + cfg.batch_size > len(perm):
            state["epoch"] += 1
            state["cursor"] = 0
            perm = order(state["epoch"])
        idx = np.sort(perm[state["cursor"]:state["cursor"] + cfg.batch_size])
        state["cursor"] += cfg.batch_size
        # masks drawn from (seed, step): a resumed run masks exactly as an uninterrupted one
        mask_rng = np.random.default_rng([cfg.seed, state["step"]])
        ids, labels = mask_whole_words(tr_ids[idx], tr_words[idx], tokenizer, cfg.mask_prob, mask_rng, cfg.masking)
        ids_t = torch.from_numpy(ids.astype(np.int64)).to(device)
        attn = (ids_t != tokenizer.pad_token_id).long()
        with torch.autocast(device_type=device.type, dtype=torch.bfloat16, enabled=cfg.bf16):
            loss, _ = mlm_loss(model, ids_t, torch.from_numpy(labels.astype(np.int64)).to(device), attn)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        scheduler.step()
        optimizer.zero_grad(set_to_none=True)
        state["step"] += 1
        state["tokens_seen"] += int(attn.sum())
        window_loss += float(loss.detach())
        window_n += 1
        if state["step"] % cfg.log_every == 0:
            dt = time.time() - window_t
            entry = {"step": state["step"], "loss": round(window_loss / window_n, 4),
                     "lr": scheduler.get_last_lr()[0], "tokens_seen": state["tokens_seen"],
                     "sec_per_step": round(dt / window_n, 3)}
            state["log"].append(entry)
            logger.info("step %(step)d loss %(loss).4f lr %(lr).2e tokens %(tokens_seen)d %(sec_per_step).2fs/step", entry)
            window_loss, window_n, window_t = 0.0, 0, time.time()
        if state["step"] % cfg.eval_every == 0 or state["step"] == cfg.steps:
            ho = evaluate(model, ho_ids, ho_words, tokenizer, cfg)
            state["log"].append({"step": state["step"], "heldout_loss": round(ho, 4),
                                 "heldout_perplexity": round(math.exp(ho), 2)})
            logger.info("step %d held-out MLM loss %.4f perplexity %.2f", state["step"], ho, math.exp(ho))
        if state["step"] % cfg.checkpoint_every == 0:
            state["seconds"] += time.time() - run_start
            run_start = time.time()
            save_checkpoint()
        if cfg.max_minutes and time.time() - t_start > cfg.max_minutes * 60 and state["step"] < cfg.steps:
            state["seconds"] += time.time() - run_start
            save_checkpoint()
            logger.info("time budget spent at step %d; checkpoint saved, run again to resume", state["step"])
            return {"finished": False, "step": state["step"]}
    state["seconds"] += time.time() - run_start
    save_checkpoint()
    return finish(cfg, model.to("cpu"), tokenizer, state, n_params, ho_ids, ho_words)


def finish(cfg, model, tokenizer, state, n_params, ho_ids, ho_words) -> dict:
    """Save the finished model with its tokenizer and a training log."""
    out = Path(cfg.out)
    out.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(str(out))
    tokenizer.save_pretrained(str(out))
    untrained = build_model(cfg, len(tokenizer), tokenizer.pad_token_id)
    final = [e for e in state["log"] if "heldout_loss" in e][-1]
    baseline = evaluate(untrained, ho_ids, ho_words, tokenizer, cfg)
    summary = {
        "config": asdict(cfg),
        "parameters": n_params,
        "steps": state["step"],
        "tokens_seen": state["tokens_seen"],
        "train_seconds": round(state["seconds"]),
        "heldout_loss": final["heldout_loss"],
        "heldout_perplexity": final["heldout_perplexity"],
        "untrained_heldout_loss": round(baseline, 4),
        "untrained_heldout_perplexity": round(math.exp(baseline), 2),
        "heldout_blocks": int(len(ho_ids)),
        "log": state["log"],
    }
    (out / "training_log.json").write_text(json.dumps(summary, ensure_ascii=False, indent=1), encoding="utf-8")
    return {"finished": True, **{k: v for k, v in summary.items() if k != "log"}}

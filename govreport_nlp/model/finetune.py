"""Fine-tune the annotator on gold records: ``govreport train --base … --data … --out …``.

A plain PyTorch loop (AdamW, linear warm-up and decay, gradient clipping), seeded.
A validation split (``val_fraction`` of the sentences, drawn with the seed) is
scored after every epoch — mean of stype macro-F1, domain weighted-F1 and entity
micro-F1 — and training stops when it has not improved for ``patience`` epochs;
the best epoch's weights are kept.  Rare CAP topics get larger loss weights
(``domain_weighting``: inverse square root of their frequency by default).  Tasks
missing from a record (``null``) are left out of its loss.  With ``linear_mix`` (0.5 by
default) the linear baseline's models are trained on the same records and saved with the
BERT, to be averaged with it at prediction time (:class:`~.predict.LinearMix`).
"""

from __future__ import annotations

import json
import logging
import random
import time
from collections import Counter
from dataclasses import asdict, dataclass, field, replace
from functools import lru_cache
from pathlib import Path

import numpy as np

from ..document import Prediction
from ..errors import Errors, GovReportError
from ..evaluation.cv import score
from ..reading.words import SEGMENTERS
from ..spec import DOMAINS
from .base import resolve_device
from .features import CONTEXTS

logger = logging.getLogger("govreport_nlp")


@dataclass
class TrainConfig:
    base: str = field(default="govbert-small", metadata={"help": "base checkpoint: a models/ name, a directory or a hub id"})
    out: str = field(default="models/govreport-annotator", metadata={"help": "where the fine-tuned model goes"})
    context: str = field(default="part", metadata={"help": "none, part or part+heading (docs/evaluation.md: ablation)"})
    epochs: int = 10
    batch_size: int = 16
    lr: float = 5e-4
    weight_decay: float = 0.01
    warmup: float = 0.1
    val_fraction: float = 0.1
    patience: int = 2
    seed: int = 42
    domain_weighting: str = field(default="sqrt", metadata={"help": "none, sqrt (1/sqrt(freq)) or balanced (1/freq)"})
    pretrained: bool = field(default=True, metadata={"help": "--no-pretrained: same shape, random encoder (baseline)"})
    max_tokens: int = 256
    piece_chars: int = 200
    threads: int = 0
    bf16: bool = field(default=False, metadata={"help": "bfloat16 autocast for training (fast on CPUs with AVX512-BF16)"})
    device: str = field(default="cpu", metadata={"help": "where to train: cpu, cuda or auto (a GPU where there is one); "
                                                         "the model comes back on the CPU"})
    linear_mix: float = field(default=0.5, metadata={
        "help": "weight of linear models (TF-IDF + logistic regression per sentence task, a character tagger for "
                "entities) trained alongside the BERT and averaged with its probabilities (0: the BERT alone; "
                "docs/evaluation.md)"})
    tagger: str = field(default="crf", metadata={
        "help": "the character tagger mixed in for entities: crf (a linear-chain CRF) or sgd (a per-character "
                "logistic regression, the recipe of the 10-report annotator; docs/evaluation.md)"})
    entity_mix: float = field(default=1.0, metadata={
        "help": "weight of the character tagger beside the BERT for entities (1: the tagger alone, a CRF decoding "
                "whole sentences: the best measured, docs/evaluation.md; the 10-report annotator: 0.5, as linear_mix)"})
    tagger_lexicon: bool = field(default=True, metadata={
        "help": "the character tagger also sees the shipped name lists (administrative divisions and their short "
                "forms, provincial abbreviations; govreport_nlp.model.lexicon; docs/evaluation.md)"})
    tagger_gold_names: bool = field(default=False, metadata={
        "help": "the CRF also sees name lists made from its training records' PROJECT, INSTITUTION and PLACE names, "
                "each training report seeing only the other reports' (model.linear.CrfTagger gold_names; "
                "docs/evaluation.md)"})
    news_data: str = field(default="", metadata={
        "help": "data folder whose NER corpora (ner/: CLUENER2020, MSRA and People's Daily dev, Resume) train a "
                "news-NER head whose tags the character tagger also sees (govreport_nlp.model.news_ner; the shipped "
                "recipe: ../shared/data); empty: no head"})
    carry_names: bool = field(default=True, metadata={
        "help": "a place name found in one sentence is also tagged where it recurs in the report (saved with the "
                "model; docs/evaluation.md)"})
    words: str = field(default="jieba", metadata={
        "help": "segmenter whose word boundaries entity spans keep to at prediction, saved with the model: jieba "
                "(light and fast), pkuseg (models/pkuseg: 0.003 more entity F1, +600 MB), auto or none (per token)"})

    def __post_init__(self):
        if self.context not in CONTEXTS:
            raise GovReportError(Errors.E030, reason=f"context must be one of {', '.join(CONTEXTS)}, not "
                                 f"{self.context!r}")
        if self.domain_weighting not in ("none", "sqrt", "balanced"):
            raise GovReportError(Errors.E030, reason=f"domain_weighting must be none, sqrt or balanced, not "
                                 f"{self.domain_weighting!r}")
        if not 0 <= self.val_fraction < 1:
            raise GovReportError(Errors.E030, reason="val_fraction must be in [0, 1)")
        if not 0 <= self.entity_mix <= 1:
            raise GovReportError(Errors.E030, reason="entity_mix must be in [0, 1]")
        if not 0 <= self.linear_mix <= 1:
            raise GovReportError(Errors.E030, reason="linear_mix must be in [0, 1]")
        if self.tagger not in ("crf", "sgd"):
            raise GovReportError(Errors.E030, reason=f"tagger must be crf or sgd, not {self.tagger!r}")
        if self.words not in (*SEGMENTERS, "none"):
            raise GovReportError(Errors.E030, reason=f"words must be one of {', '.join(SEGMENTERS)} or none, not "
                                 f"{self.words!r}")


def domain_weights(records, how: str) -> list[float] | None:
    if how == "none":
        return None
    counts = Counter(r.domain for r in records if r.domain is not None)
    n = sum(counts.values())
    w = []
    for d in DOMAINS:
        c = counts.get(d, 0)
        w.append(0.0 if c == 0 else (n / c) ** (0.5 if how == "sqrt" else 1.0))
    mean = sum(x for x in w if x) / max(sum(1 for x in w if x), 1)
    return [x / mean if x else 1.0 for x in w]


def length_batches(lengths: list[int], batch_size: int, rng: random.Random, pool: int = 50) -> list[list[int]]:
    """Shuffled batches of indices whose lengths are close (less padding): shuffle, sort pools of
    ``pool`` batches by length, cut them into batches, shuffle the batches."""
    order = list(range(len(lengths)))
    rng.shuffle(order)
    batches = []
    for a in range(0, len(order), batch_size * pool):
        chunk = sorted(order[a:a + batch_size * pool], key=lambda i: lengths[i])
        batches += [chunk[b:b + batch_size] for b in range(0, len(chunk), batch_size)]
    rng.shuffle(batches)
    return batches


def summary(scores: dict) -> float:
    parts = []
    if "stype" in scores:
        parts.append(scores["stype"]["macro_f1"])
    if "domain" in scores:
        parts.append(scores["domain"]["weighted_f1"])
    if "entities" in scores:
        parts.append(scores["entities"]["micro"]["f1"])
    return float(np.mean(parts)) if parts else 0.0


def train(records, cfg: TrainConfig, *, progress: bool = True, init=None):
    """``(tokenizer, model, log)`` fine-tuned on ``records``: from ``cfg.base`` with new heads, or, with
    ``init`` (a saved annotator's directory), continuing from that annotator (its context and heads)."""
    import torch
    from tqdm.auto import tqdm
    from transformers import get_linear_schedule_with_warmup, set_seed

    from .features import collate, encode
    from .multitask import GovReportAnnotatorModel
    from .predict import predict_records
    from .pretrain import param_groups

    if cfg.threads:
        torch.set_num_threads(cfg.threads)
    set_seed(cfg.seed)
    records = list(records)
    rng = random.Random(cfg.seed)
    idx = list(range(len(records)))
    rng.shuffle(idx)
    n_val = int(round(cfg.val_fraction * len(records)))
    val = [records[i] for i in sorted(idx[:n_val])]
    tr = [records[i] for i in sorted(idx[n_val:])]
    if init is not None:
        from .predict import load_annotator

        model, tokenizer, _ = load_annotator(init)
        model.config.domain_class_weights = domain_weights(tr, cfg.domain_weighting)
        cfg = replace(cfg, context=model.config.context, max_tokens=model.config.max_tokens,
                      piece_chars=model.config.piece_chars)
    else:
        tokenizer, model = GovReportAnnotatorModel.from_base(
            cfg.base, pretrained=cfg.pretrained, context=cfg.context, max_tokens=cfg.max_tokens,
            piece_chars=cfg.piece_chars, domain_class_weights=domain_weights(tr, cfg.domain_weighting),
            entity_words=None if cfg.words == "none" else cfg.words, carry_names=cfg.carry_names)
    pieces, losses = encode(tr, tokenizer, context=cfg.context, max_length=cfg.max_tokens, piece_chars=cfg.piece_chars)
    if losses:
        logger.info("training data: %s", dict(losses))
    lengths = [len(p.input_ids) for p in pieces]
    steps_per_epoch = len(length_batches(lengths, cfg.batch_size, random.Random(0)))  # the same every epoch
    total = steps_per_epoch * cfg.epochs
    device = resolve_device(cfg.device)
    model.to(device)
    optimizer = torch.optim.AdamW(param_groups(model, cfg.weight_decay), lr=cfg.lr)
    scheduler = get_linear_schedule_with_warmup(optimizer, int(cfg.warmup * total), total)
    log = {"config": asdict(cfg), "init": None if init is None else str(init), "train_sentences": len(tr),
           "val_sentences": len(val), "pieces": len(pieces), "alignment_losses": dict(losses), "epochs": []}
    best, best_state, bad = -1.0, None, 0
    t0 = time.time()
    for epoch in range(cfg.epochs):
        model.train()
        batches = length_batches(lengths, cfg.batch_size, random.Random(cfg.seed + epoch))
        total_loss = 0.0
        bar = tqdm(batches, desc=f"epoch {epoch + 1}/{cfg.epochs}", unit="batch", disable=not progress)
        for k, batch_idx in enumerate(bar):
            batch = {k: v.to(device) for k, v in collate([pieces[i] for i in batch_idx], tokenizer.pad_token_id).items()}
            with torch.autocast(device_type=device.type, dtype=torch.bfloat16, enabled=cfg.bf16):
                out = model(**batch)
            out.loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimizer.step()
            scheduler.step()
            optimizer.zero_grad(set_to_none=True)
            total_loss += float(out.loss.detach())
            bar.set_postfix(loss=f"{total_loss / (k + 1):.3f}")
        entry = {"epoch": epoch + 1, "train_loss": round(total_loss / steps_per_epoch, 4),
                 "seconds": round(time.time() - t0, 1)}
        if val:
            s = score(val, predict_records(model, tokenizer, val))
            entry["val"] = {k: round(v, 4) for k, v in {
                "stype_macro_f1": s.get("stype", {}).get("macro_f1"), "domain_weighted_f1": s.get("domain", {}).get("weighted_f1"),
                "entity_f1": s.get("entities", {}).get("micro", {}).get("f1"), "summary": summary(s)}.items() if v is not None}
            logger.info("epoch %d: loss %.4f, validation %s", epoch + 1, entry["train_loss"], entry["val"])
            if entry["val"]["summary"] > best:
                best, bad = entry["val"]["summary"], 0
                best_state = {k: v.detach().clone() for k, v in model.state_dict().items()}
            else:
                bad += 1
        log["epochs"].append(entry)
        if val and bad >= cfg.patience:
            logger.info("no improvement for %d epochs: stopping", bad)
            break
    if best_state is not None:
        model.load_state_dict(best_state)
        log["best_epoch"] = max(log["epochs"], key=lambda e: e.get("val", {}).get("summary", -1))["epoch"]
    model.to("cpu")  # back on the CPU for saving and predicting, wherever it trained
    return tokenizer, model, log


@lru_cache(maxsize=2)
def news_head(data_dir: str, seed: int = 0):
    """The news-NER head trained on ``data_dir``'s NER corpora (once per process), or ``None`` (logged) when there
    are none."""
    from .linear import LinearTagger
    from .news_ner import news_corpus

    sentences = news_corpus(data_dir) if data_dir and Path(data_dir, "ner").is_dir() else []
    if not sentences:
        logger.info("no NER corpora in %r: the character tagger has no news-NER head", data_dir)
        return None
    logger.info("training the news-NER head on %d sentences of %s", len(sentences), data_dir)
    return LinearTagger(seed).fit(sentences)


def fit_linear_mix(records, cfg: TrainConfig):
    """The linear models to average with the BERT (``None`` when ``cfg.linear_mix`` is 0)."""
    from .linear import LinearSentenceClassifier
    from .predict import LinearMix

    if not cfg.linear_mix:
        return None
    logger.info("training the linear models to mix in (weight %.2f)", cfg.linear_mix)

    def sentence(task):
        return LinearSentenceClassifier(task, cfg.context).fit(records) if any(
            getattr(r, task) is not None for r in records) else None

    tagger = fit_tagger(records, cfg) if any(r.entities is not None for r in records) else None
    return LinearMix(sentence("stype"), sentence("domain"), tagger, cfg.linear_mix, cfg.entity_mix)


def fit_tagger(records, cfg: TrainConfig):
    """The character tagger of ``cfg`` (a CRF or the per-character SGD tagger, with the name lists and the news
    head it names) trained on ``records``."""
    from .linear import CrfTagger, LinearTagger

    lexicon, news = "places" if cfg.tagger_lexicon else None, news_head(cfg.news_data, cfg.seed)
    tagger = (CrfTagger(lexicon, news, gold_names=cfg.tagger_gold_names) if cfg.tagger == "crf"
              else LinearTagger(cfg.seed, lexicon=lexicon, news=news))
    return tagger.fit(records)


def retrain_tagger(init, records, cfg: TrainConfig):
    """``(tokenizer, model, log, linear_mix)``: the annotator ``init`` with a new entity tagger trained on
    ``records`` (:func:`fit_tagger`), weighed ``cfg.entity_mix`` beside its BERT, and ``cfg.carry_names``; its BERT
    and sentence models are kept as they are (no BERT training: about two minutes on a CPU)."""
    from .predict import LinearMix, load_annotator

    model, tokenizer, mix = load_annotator(init)
    if mix is None:  # an annotator without linear models: the tagger joins for entities only
        mix = LinearMix(weight=cfg.linear_mix)
    mix.tagger = fit_tagger(records, cfg)
    mix.entity_weight = cfg.entity_mix
    model.config.carry_names = cfg.carry_names
    log_path = Path(init) / "training_log.json"
    log = json.loads(log_path.read_text(encoding="utf-8")) if log_path.is_file() else {}
    log["tagger"] = {"init": str(init), "sentences": sum(r.entities is not None for r in records),
                     "reports": sorted({r.report_id for r in records}),
                     "config": {k: v for k, v in asdict(cfg).items()
                                if k in ("tagger", "tagger_lexicon", "tagger_gold_names", "news_data", "entity_mix",
                                         "carry_names", "seed")}}
    return tokenizer, model, log, mix


def adapt(records, init, cfg: TrainConfig, *, replay=(), replay_ratio: float = 2.0, new_weight: int = 5,
          progress: bool = True):
    """``(tokenizer, model, log, linear_mix)``: the annotator ``init`` (a saved annotator's directory) trained
    further on ``records`` (a new report's corrected sentences; tasks may be missing per record).

    So that it keeps what it knew, ``replay_ratio`` × ``len(records)`` sentences drawn (seeded) from ``replay``
    (the gold corpus it was trained on) are mixed into the BERT's training data, and the linear models are
    fitted again on all of ``replay`` plus ``records`` (docs/adaptation.md measures both).  Without ``replay``
    the BERT trains on ``records`` alone and ``init``'s linear models are kept as they are.  ``new_weight``
    repeats the new records that many times in both (the replay sample stays ``replay_ratio`` × their number);
    5 was chosen on one development report (provincial-2026-浙江省, 100 sentences; docs/adaptation.md).  The
    refitted linear models weigh ``cfg.linear_mix`` beside the BERT (``govreport finetune`` uses 0.75, chosen on
    the same report: the models fitted with the new sentences know its words)."""
    records, replay = list(records), list(replay)
    if not records:
        raise GovReportError(Errors.E028, what="adapt")
    n_replay = min(len(replay), int(round(replay_ratio * len(records))))
    mixed = records * new_weight + random.Random(cfg.seed).sample(replay, n_replay)
    tokenizer, model, log = train(mixed, cfg, progress=progress, init=init)
    log.update(new_sentences=len(records), replay_sentences=n_replay)
    if not replay:  # init's linear models, read without loading its BERT a second time
        from .predict import load_linear_mix

        return tokenizer, model, log, load_linear_mix(init, model.config)
    return tokenizer, model, log, fit_linear_mix(records * new_weight + replay,
                                                 replace(cfg, context=model.config.context))


def save(tokenizer, model, log, out, linear_mix=None) -> Path:
    """Write a fine-tuned annotator (and the linear models mixed into it, if any) to ``out``; read it back
    with :func:`~.predict.load_annotator`."""
    from .base import quiet_transformers
    from .predict import LINEAR_DIR
    from .runtime import remove_exports

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    remove_exports(out)  # an ONNX file of earlier weights would be stale (govreport export-onnx makes new ones)
    model.config.linear_mix_weight = linear_mix.weight if linear_mix else 0.0
    model.config.linear_mix_entity_weight = linear_mix.entity_weight if linear_mix else None
    with quiet_transformers():  # no "Writing model shards" bar for one small file
        model.save_pretrained(out)
        tokenizer.save_pretrained(out)
    if linear_mix:
        linear_mix.save(out / LINEAR_DIR)
    (out / "training_log.json").write_text(json.dumps(log, ensure_ascii=False, indent=1), encoding="utf-8")
    return out


class BertSystem:
    """The fine-tuned annotator as a system of the evaluation harness (fit on records, predict records).

    ``words``: the segmenter whose word boundaries entity spans keep to (``"model"``: the one saved with the
    model, ``None``: per token; see :func:`~govreport_nlp.model.predict.predict_records`)."""

    def __init__(self, cfg: TrainConfig, progress: bool = False, words="model"):
        self.cfg = cfg
        self.progress = progress
        self.words = words
        self.name = "bert" if cfg.pretrained else "bert (no pretraining)"

    def fit(self, records):
        self.tokenizer, self.model, self.log = train(records, self.cfg, progress=self.progress)
        self.linear_mix = fit_linear_mix(records, self.cfg)
        return self

    def save(self, out) -> None:
        save(self.tokenizer, self.model, self.log, out, self.linear_mix)

    def load(self, path) -> "BertSystem":
        """Use a model saved by :meth:`save` instead of training one."""
        from .predict import load_annotator

        self.model, self.tokenizer, self.linear_mix = load_annotator(path)
        return self

    def predict(self, records) -> list[Prediction]:
        from .predict import predict_records

        return predict_records(self.model, self.tokenizer, records, words=self.words, linear_mix=self.linear_mix,
                               consistent=self.cfg.carry_names)

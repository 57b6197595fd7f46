"""Run the annotator model over records: sentence labels with scores, entity spans.

The BERT gives per-sentence probabilities (averaged over a long sentence's pieces) and per-token tag
probabilities, spread to characters.  A saved annotator may also hold linear models (a
:class:`LinearMix`), whose probabilities are averaged in; entity tags are then decoded once per
sentence as valid BIO over whole words (:func:`~govreport_nlp.annotations.bio.viterbi_bio`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

import numpy as np

from ..annotations.bio import bio_to_spans, inside_words, viterbi_bio
from ..annotations.validate import trim_span
from ..document import Entity, Prediction
from ..errors import Errors, GovReportError
from .features import encode, model_inputs

#: the folder of a saved annotator that holds its linear models, when it has them
LINEAR_DIR = "linear"


@dataclass
class LinearMix:
    """Linear models whose probabilities are averaged with the BERT's, ``(1 - weight) * bert + weight * linear``:
    a :class:`~govreport_nlp.model.linear.LinearSentenceClassifier` per sentence task and a character tagger for
    entity tags (:class:`~govreport_nlp.model.linear.CrfTagger` or :class:`~govreport_nlp.model.linear.LinearTagger`;
    any may be ``None``)."""

    stype: object = None
    domain: object = None
    tagger: object = None
    weight: float = 0.5
    #: the tagger's weight for entities where it differs from ``weight`` (1: the tagger alone decides; a CRF then
    #: decodes whole sentences itself)
    entity_weight: float | None = None

    @property
    def entities_weight(self) -> float:
        return self.weight if self.entity_weight is None else self.entity_weight

    def save(self, out) -> None:
        for name in ("stype", "domain", "tagger"):
            if getattr(self, name) is not None:
                getattr(self, name).save(Path(out) / name)

    @classmethod
    def load(cls, path, weight: float, entity_weight: float | None = None) -> "LinearMix":
        from .linear import LinearSentenceClassifier, load_tagger

        parts = {name: load(Path(path) / name) if (Path(path) / name).is_dir() else None
                 for name, load in (("stype", LinearSentenceClassifier.load), ("domain", LinearSentenceClassifier.load),
                                    ("tagger", load_tagger))}
        return cls(**parts, weight=weight, entity_weight=entity_weight)


#: what :func:`load_annotator` runs the BERT in
BACKENDS = ("auto", "torch", "onnx")


def load_annotator(path, *, backend: str = "torch", quantize: bool | None = False, threads: int = 0):
    """``(model, tokenizer, linear_mix)`` of an annotator saved by :func:`~.finetune.save`
    (``linear_mix`` is ``None`` when the annotator is the BERT alone).

    ``backend``: ``"torch"`` (the transformers model, what fine-tuning starts from), ``"onnx"`` (the exported
    graph in ONNX Runtime, :mod:`.runtime`: ``model.int8.onnx`` with ``quantize``, else ``model.onnx``), or
    ``"auto"``: ONNX where the folder has that file and onnxruntime is installed, else torch.  ``quantize`` in
    torch: dynamic int8 of its Linear layers; ``None``: :func:`default_quantize`.  ``threads``: CPU threads (0: the
    library's default)."""
    from .runtime import OnnxAnnotatorModel, PairTokenizer, onnx_file, read_config, weights_sha256

    path = Path(path)
    if backend not in BACKENDS:
        raise GovReportError(Errors.E033, what="backend", choices=", ".join(BACKENDS), value=backend)
    if quantize is None:
        quantize = default_quantize(path)
    file = onnx_file(path, quantize)
    if backend == "onnx" or (backend == "auto" and file.is_file() and _onnxruntime_installed()):
        if not file.is_file():
            raise GovReportError(Errors.E048, path=path, problem=f"has no {file.name}")
        if not _onnxruntime_installed():
            raise GovReportError(Errors.E048, path=path, problem="onnxruntime is not installed (pip install "
                                 "onnxruntime)")
        config = read_config(path)
        model = OnnxAnnotatorModel(file, config, threads)
        if (path / "model.safetensors").is_file() and model.weights_sha256 != weights_sha256(path):
            if backend == "onnx":
                raise GovReportError(Errors.E048, path=path, problem=f"its {file.name} was not exported from its "
                                     "model.safetensors")
            _warn_once(f"{file}: not exported from the torch weights beside it (model.safetensors changed?); "
                       f"running torch instead: govreport export-onnx {path}")
        else:
            return model, PairTokenizer(path), load_linear_mix(path, config)
    import torch
    from transformers import AutoTokenizer

    from .base import quiet_transformers
    from .multitask import GovReportAnnotatorModel

    if threads:
        torch.set_num_threads(threads)
    with quiet_transformers():
        model = GovReportAnnotatorModel.from_pretrained(str(path))
        tokenizer = AutoTokenizer.from_pretrained(str(path))
    model.eval()
    if quantize:
        import warnings

        with warnings.catch_warnings():  # torch.ao.quantization says it will move to torchao one day
            warnings.simplefilter("ignore")
            model = torch.ao.quantization.quantize_dynamic(model, {torch.nn.Linear}, dtype=torch.qint8)
    return model, tokenizer, load_linear_mix(path, model.config)


def default_quantize(path) -> bool:
    """Whether the annotator in ``path`` runs in int8 by default: where it has an int8 export (``model.int8.onnx``;
    the shipped model does: leave-one-group-of-reports-out its int8 BERT scored within 0.1 point of float32 on every
    task, docs/scale.md) and onnxruntime is installed; float32 otherwise."""
    from .runtime import onnx_file

    return onnx_file(path, True).is_file() and _onnxruntime_installed()


_WARNED: set[str] = set()


def _warn_once(message: str) -> None:
    import logging

    if message not in _WARNED:
        _WARNED.add(message)
        logging.getLogger("govreport_nlp").warning(message)


def _onnxruntime_installed() -> bool:
    from importlib.util import find_spec

    return find_spec("onnxruntime") is not None


def load_linear_mix(path, config) -> LinearMix | None:
    """The linear models saved with the annotator in ``path`` (``config``: its model config), or ``None``."""
    weight = getattr(config, "linear_mix_weight", 0.0)
    linear = Path(path) / LINEAR_DIR
    entity_weight = getattr(config, "linear_mix_entity_weight", None)
    return LinearMix.load(linear, weight, entity_weight) if weight and linear.is_dir() else None


def _mix(bert: np.ndarray, labels, clf, weight: float, records) -> np.ndarray:
    """``bert`` probabilities (rows: records, columns: ``labels``) averaged with ``clf``'s."""
    if clf is None:
        return bert
    proba = clf.predict_proba(records)
    linear = np.zeros_like(bert)
    col = {lab: j for j, lab in enumerate(labels)}
    for k, lab in enumerate(clf.classes):
        if lab in col:
            linear[:, col[lab]] = proba[:, k]
    return (1 - weight) * bert + weight * linear


#: records run through the model together: the per-character arrays of one chunk are all that is held at once,
#: so memory stays flat however long the input (a report of 2,000 sentences or fewer is one chunk)
CHUNK_RECORDS = 2000


def predict_records(model, tokenizer, records, **kwargs) -> list[Prediction]:
    """One :class:`Prediction` per record, as a list: :func:`iter_predictions`, whose options it takes."""
    return list(iter_predictions(model, tokenizer, records, **kwargs))


def iter_predictions(model, tokenizer, records: Iterable, *, total: int | None = None, batch_size: int = 32,
                     progress: bool = False, words="model", linear_mix: LinearMix | None = None, consistent="model",
                     chunk: int = CHUNK_RECORDS) -> Iterator[Prediction]:
    """One :class:`Prediction` per record, in order (the model sees the record's text, part and headings).

    Entity tags are decoded as valid BIO over whole words: ``words`` is the segmenter whose word boundaries
    spans must respect (a name from :data:`govreport_nlp.reading.words.SEGMENTERS` or a spaCy ``Language``; gold
    spans fall on word boundaries 98–99% of the time), ``"model"`` (default) for the one saved with the
    model (``config.entity_words``), or ``None`` to decode per token.
    ``linear_mix`` averages linear models' probabilities into the BERT's; ``consistent`` (``"model"``: as saved
    with the model, ``config.carry_names``) tags a place name where it recurs in the same report (records with the
    same ``report_id``; :func:`carry_names`).  Records are read and run ``chunk`` at a time (``records`` may be a
    generator; ``total`` sizes the progress bar), so memory stays flat however many there are; a name is carried
    within its chunk and into every later one."""
    from itertools import islice

    from tqdm.auto import tqdm

    cfg = model.config
    if words == "model":
        words = getattr(cfg, "entity_words", "auto")
    carrying = getattr(cfg, "carry_names", False) if consistent == "model" else consistent
    if total is None and hasattr(records, "__len__"):
        total = len(records)
    records = iter(records)
    seen: dict = {}
    done = 0
    with tqdm(total=total, desc="annotating", unit="sent", disable=not progress or total == 0) as bar:
        while part := list(islice(records, chunk)):
            preds, bounds = _predict_chunk(model, tokenizer, part, batch_size, words, linear_mix, bar)
            if carrying:
                for p, ents in zip(preds, carry_names(part, [p.entities for p in preds], bounds, seen)):
                    p.entities = ents
            done += len(part)
            bar.update(done - bar.n)  # the share left after the model's batches: decoding
            del part
            release_freed_memory()
            yield from preds


def release_freed_memory() -> None:
    """Hand freed heap memory back to the system (glibc only; elsewhere nothing happens).  Without it the
    process grew by ~30 MB per new report, memory glibc kept after each report's arrays were freed
    (docs/benchmarks.md); called after each batch and each chunk of records (a batch's freed activations, kept
    by glibc, added 560 MB over a chunk of 2,000 sentences)."""
    import ctypes
    import sys

    if sys.platform.startswith("linux"):
        try:
            ctypes.CDLL(None).malloc_trim(0)
        except (OSError, AttributeError):  # not glibc (musl has no malloc_trim)
            pass


#: the share of a chunk's progress given to the model's batches (the rest: decoding, names, records)
_MODEL_SHARE = 0.9


def _probabilities(model, batch, pad_id: int, ner: bool) -> tuple:
    """``(stype, domain, ner)`` probabilities of a batch of pieces, from a torch model or an ONNX one
    (``ner``: ``None`` unless asked for)."""
    from .runtime import OnnxAnnotatorModel

    inputs = model_inputs(batch, pad_id)
    if isinstance(model, OnnxAnnotatorModel):
        return model.probabilities(inputs, ner)
    import torch

    with torch.no_grad():
        out = model(**{k: torch.from_numpy(v).to(model.device) for k, v in inputs.items()})

    def soft(logits):
        return torch.softmax(logits.float(), -1).cpu().numpy()

    return soft(out.stype_logits), soft(out.domain_logits), soft(out.ner_logits) if ner else None


def _predict_chunk(model, tokenizer, records, batch_size, words, linear_mix, bar):
    """Predictions for ``records`` (no names carried) and each record's word boundaries (or ``None``)."""
    from ..reading.words import word_boundaries

    cfg = model.config
    # the CRF alone decides the entities: the BERT's tag probabilities are not needed
    crf_alone = (linear_mix is not None and linear_mix.tagger is not None and linear_mix.entities_weight == 1.0
                 and getattr(linear_mix.tagger, "decodes_sentences", False))
    pieces, _ = encode(records, tokenizer, context=cfg.context, max_length=cfg.max_tokens, piece_chars=cfg.piece_chars)
    order = sorted(range(len(pieces)), key=lambda i: len(pieces[i].input_ids))
    tags = list(cfg.ner_labels)
    carry = [tags.index(t if t == "O" else f"I-{t[2:]}") for t in tags]  # a tag as seen inside its token
    st_sum = np.zeros((len(records), len(cfg.stype_labels)))
    dm_sum = np.zeros((len(records), len(cfg.domain_labels)))
    n_pieces = np.zeros(len(records))
    # per character: tag probabilities, and whether the character continues a token
    if not crf_alone:
        ner = [np.tile(np.eye(len(tags))[tags.index("O")], (len(r.text), 1)) for r in records]
        in_token = [np.zeros(len(r.text), dtype=bool) for r in records]
    step, done, start = _MODEL_SHARE * len(records) / max(len(pieces), 1), 0.0, bar.n
    if hasattr(model, "eval"):
        model.eval()
    for a in range(0, len(order), batch_size):
        batch = [pieces[i] for i in order[a:a + batch_size]]
        st, dm, tag_p = _probabilities(model, batch, tokenizer.pad_token_id, ner=not crf_alone)
        for k, p in enumerate(batch):
            st_sum[p.record] += st[k]
            dm_sum[p.record] += dm[k]
            n_pieces[p.record] += 1
            if crf_alone:
                continue
            for j, o in enumerate(p.offsets):
                if o is None:
                    continue
                ner[p.record][o[0]] = tag_p[k, j]
                if o[1] - o[0] > 1:
                    ner[p.record][o[0] + 1:o[1]] = np.bincount(carry, weights=tag_p[k, j], minlength=len(tags))
                    in_token[p.record][o[0] + 1:o[1]] = True
        done += step * len(batch)
        bar.update(int(done) - bar.n + start)
        release_freed_memory()  # the model's freed activations: kept by glibc, 560 MB over 2,000 sentences
    n = np.maximum(n_pieces, 1)[:, None]
    st_p, dm_p = st_sum / n, dm_sum / n
    if linear_mix is not None:
        st_p = _mix(st_p, cfg.stype_labels, linear_mix.stype, linear_mix.weight, records)
        dm_p = _mix(dm_p, cfg.domain_labels, linear_mix.domain, linear_mix.weight, records)
    bounds = word_boundaries([r.text for r in records], words) if words is not None else None
    tagger_tags = None
    if linear_mix is not None and linear_mix.tagger is not None:
        w, texts = linear_mix.entities_weight, [r.text for r in records]
        if crf_alone:  # the CRF alone: its own Viterbi
            ner, tagger_tags = linear_mix.tagger.decode(texts, tags)
        else:
            ner = [(1 - w) * p + w * q for p, q in zip(ner, linear_mix.tagger.predict_proba(texts, tags))]
    out = []
    for i, r in enumerate(records):
        char_p = ner[i]
        if tagger_tags is not None:
            seq = tagger_tags[i]
        else:
            inside = in_token[i]
            if bounds is not None:
                inside = inside | np.array(inside_words(len(r.text), bounds[i]), dtype=bool)
            seq = viterbi_bio(np.log(np.clip(char_p, 1e-12, None)), tags, inside)
        ranked = [(cfg.domain_labels[j], float(dm_p[i, j])) for j in np.argsort(-dm_p[i])]
        out.append(Prediction(
            stype=cfg.stype_labels[int(st_p[i].argmax())], domain=ranked[0][0],
            stype_scores={lab: float(st_p[i, j]) for j, lab in enumerate(cfg.stype_labels)},
            domain_ranked=[d for d, _ in ranked], domain_scores=dict(ranked),
            entities=spans_to_entities(r.text, seq),
            entity_confidence=float(char_p.max(1).min()) if len(char_p) else 1.0))
    return out, bounds


def spans_to_entities(text: str, tags) -> list[Entity]:
    """The entities of a BIO tag sequence over ``text``, each trimmed to the spec's boundary rules
    (:func:`~govreport_nlp.annotations.validate.trim_span`: no punctuation, quote or space at an edge)."""
    out = []
    for s, e, lab in bio_to_spans(tags):
        if (span := trim_span(text, s, e)) is not None:
            out.append(Entity(span[0], span[1], lab, text[span[0]:span[1]]))
    return out


#: the labels carried across a report (places only: carrying projects and institutions as well lowered their F1,
#: leave-one-report-out with the character tagger, benchmarks/name_features.py), and the shortest name carried
#: (one-character abbreviations recur inside other words)
CARRIED_LABELS = ("PLACE",)
CARRY_MIN_CHARS = 2


def carry_names(records, entities: list[list[Entity]], bounds: list[set[int]] | None = None,
                seen: dict | None = None) -> list[list[Entity]]:
    """Consistency within a report: a name predicted in one sentence is also tagged where its text recurs in the
    report's sentences, unless that place overlaps a predicted span (or, with ``bounds``, each record's word
    boundaries, would cut a word); a name given several labels takes the most frequent.  ``records`` and
    ``entities`` are parallel; returns new entity lists.  ``seen`` (report id → name → label counts) carries the
    names of earlier records of the same reports in, and is updated with these."""
    from collections import Counter, defaultdict

    by_report: dict[str, list[int]] = defaultdict(list)
    for i, r in enumerate(records):
        by_report[r.report_id].append(i)
    seen = {} if seen is None else seen
    out = [list(ents) for ents in entities]
    for report_id, idx in by_report.items():
        labels: dict[str, Counter] = seen.setdefault(report_id, defaultdict(Counter))
        for i in idx:
            for e in entities[i]:
                if e.label in CARRIED_LABELS and len(e.text) >= CARRY_MIN_CHARS:
                    labels[e.text][e.label] += 1
        names = sorted(labels, key=len, reverse=True)
        for i in idx:
            text, taken = records[i].text, [(e.start, e.end) for e in out[i]]
            for name in names:
                start = text.find(name)
                while start != -1:
                    end = start + len(name)
                    on_words = bounds is None or (start in bounds[i] and end in bounds[i])
                    if on_words and all(end <= s or e <= start for s, e in taken):
                        out[i].append(Entity(start, end, labels[name].most_common(1)[0][0], name))
                        taken.append((start, end))
                    start = text.find(name, start + 1)
            out[i].sort(key=lambda e: (e.start, e.end))
    return out

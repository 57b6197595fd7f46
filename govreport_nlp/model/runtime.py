"""The annotator's BERT in ONNX Runtime: exported once, it predicts without importing torch or transformers.

A saved annotator folder may hold, beside the torch weights (``model.safetensors``, which fine-tuning and the
adaptation loop start from):

- ``model.onnx``: the BERT with its three heads, float32, giving the torch model's probabilities to about 1e-6;
- ``model.int8.onnx``: the same with its weights in int8 (ONNX Runtime's dynamic quantization).

:func:`export` writes them (``govreport export-onnx DIR``; needs the ``[export]`` extra, ``onnx``).  At prediction
a process then loads ``onnxruntime`` and Hugging Face ``tokenizers`` (a few hundred ms) instead of torch and
transformers (about 5 s on a 2-core VM), which is most of what a new process waited for before its first report
(docs/scale.md).  :func:`~govreport_nlp.model.predict.load_annotator` picks the file; the torch model stays the
reference, and a folder without ONNX files (a model you fine-tuned and did not export) runs in torch.

>>> from govreport_nlp.model.predict import load_annotator
>>> model, tokenizer, mix = load_annotator("models/govreport-annotator", backend="onnx")   # doctest: +SKIP
"""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import numpy as np

from ..errors import Errors, GovReportError

#: file names in a saved annotator folder
ONNX_FILE = "model.onnx"
INT8_FILE = "model.int8.onnx"
INPUTS = ("input_ids", "attention_mask", "token_type_ids")
#: the graph's outputs: probabilities (softmax of the heads' logits) of statement type, domain, entity tags
OUTPUTS = ("stype", "domain", "ner")
OPSET = 17


def onnx_file(path, quantize: bool) -> Path:
    return Path(path) / (INT8_FILE if quantize else ONNX_FILE)


#: the ONNX files' metadata key holding the sha256 of the torch weights they were exported from
WEIGHTS_KEY = "govreport_weights_sha256"


def weights_sha256(path) -> str:
    """sha256 of a saved annotator's torch weights (``model.safetensors``), what an export is stamped with."""
    import hashlib

    h = hashlib.sha256()
    with open(Path(path) / "model.safetensors", "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


class OnnxAnnotatorModel:
    """An exported annotator BERT in an ONNX Runtime session; ``config`` holds the saved model's settings
    (``config.json``: label sets, context, piece length...) as the torch model's ``config`` does."""

    def __init__(self, file, config, threads: int = 0):
        import onnxruntime as ort

        options = ort.SessionOptions()
        if threads:
            options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        options.log_severity_level = 3  # errors only
        self.file = Path(file)
        self.session = ort.InferenceSession(str(file), options, providers=["CPUExecutionProvider"])
        self.config = config
        #: the sha256 of the torch weights this file was exported from (``None`` if it was not stamped)
        self.weights_sha256 = self.session.get_modelmeta().custom_metadata_map.get(WEIGHTS_KEY)

    def __repr__(self) -> str:
        return f"<OnnxAnnotatorModel {self.file}>"

    def probabilities(self, inputs: dict[str, np.ndarray], ner: bool = True) -> tuple:
        """``(stype, domain, ner)`` probabilities of a padded batch (``ner`` is ``None`` when not asked for)."""
        names = list(OUTPUTS if ner else OUTPUTS[:2])
        out = self.session.run(names, {k: inputs[k] for k in INPUTS})
        return out[0], out[1], out[2] if ner else None


def read_config(path) -> SimpleNamespace:
    """A saved annotator's ``config.json`` as attributes (what prediction reads of it), without transformers."""
    file = Path(path) / "config.json"
    try:
        return SimpleNamespace(**json.loads(file.read_text(encoding="utf-8")))
    except (OSError, ValueError):  # a folder whose config.json is missing or not JSON is no annotator
        raise GovReportError(Errors.E039, path=path) from None


class PairTokenizer:
    """The annotator's ``tokenizer.json`` through Hugging Face ``tokenizers``, called the way
    :func:`~govreport_nlp.model.features.encode` calls a transformers tokenizer (same ids and offsets: a test
    checks every piece of the sample report), without importing transformers."""

    def __init__(self, path):
        from tokenizers import Tokenizer

        self._tok = Tokenizer.from_file(str(Path(path) / "tokenizer.json"))
        self._tok.no_padding()
        special = json.loads((Path(path) / "tokenizer_config.json").read_text(encoding="utf-8"))
        self.pad_token_id = self._tok.token_to_id(special.get("pad_token", "[PAD]"))
        self._truncation = None

    def __call__(self, text: str, pair: str | None = None, *, truncation=True, max_length: int = 512, **_):
        strategy = "only_second" if truncation == "only_second" else "longest_first"
        if self._truncation != (strategy, max_length):
            self._tok.enable_truncation(max_length, strategy=strategy)
            self._truncation = (strategy, max_length)
        return _Encoding(self._tok.encode(text, pair))


class _Encoding(dict):
    def __init__(self, enc):
        super().__init__(input_ids=enc.ids, token_type_ids=enc.type_ids, offset_mapping=enc.offsets)
        self._sequence_ids = enc.sequence_ids

    def sequence_ids(self) -> list:
        return self._sequence_ids


def _probability_graph(model):
    """The torch model as the exported graph computes it: three inputs, three softmaxed outputs."""
    import torch

    class Probabilities(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.model = model

        def forward(self, input_ids, attention_mask, token_type_ids):
            o = self.model(input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids)
            return (torch.softmax(o.stype_logits, -1), torch.softmax(o.domain_logits, -1),
                    torch.softmax(o.ner_logits, -1))

    return Probabilities().eval()


def export(path, *, fp32: bool = True, int8: bool = True) -> list[Path]:
    """Write ``model.onnx`` (``fp32``) and ``model.int8.onnx`` (``int8``) into the annotator folder ``path``,
    from its torch weights; returns the files written.  Needs ``onnx`` (``pip install -e ".[export]"``)."""
    import logging
    import shutil
    import tempfile
    import warnings

    import torch

    from .base import quiet_transformers
    from .multitask import GovReportAnnotatorModel

    try:
        from onnxruntime.quantization import QuantType, quantize_dynamic
    except ImportError as e:
        raise GovReportError(Errors.E047, missing=e.name or "onnx") from None
    with quiet_transformers():
        model = GovReportAnnotatorModel.from_pretrained(str(path)).eval()
    ids = torch.tensor([[2, 100, 200, 3, 300, 3]])  # [CLS] a b [SEP] c [SEP]: the shape of a sentence with context
    example = (ids, torch.ones_like(ids), torch.tensor([[0, 0, 0, 0, 1, 1]]))
    axes = {k: {0: "batch", 1: "tokens"} for k in INPUTS} | {"stype": {0: "batch"}, "domain": {0: "batch"},
                                                               "ner": {0: "batch", 1: "tokens"}}
    written = []
    with tempfile.TemporaryDirectory() as tmp:
        plain = Path(tmp) / ONNX_FILE
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            # the TorchScript exporter: one self-contained file, and a graph that ran faster here than the dynamo one
            torch.onnx.export(_probability_graph(model), example, str(plain), input_names=list(INPUTS),
                              output_names=list(OUTPUTS), dynamic_axes=axes, opset_version=OPSET, dynamo=False)
        sha = weights_sha256(path)
        _stamp(plain, sha)
        if int8:
            root, level = logging.getLogger(), logging.getLogger().level
            root.setLevel(logging.ERROR)  # not its "please consider pre-processing" on the root logger
            try:
                quantize_dynamic(str(plain), str(Path(path) / INT8_FILE), weight_type=QuantType.QInt8)
            finally:
                root.setLevel(level)
            _stamp(Path(path) / INT8_FILE, sha)
            written.append(Path(path) / INT8_FILE)
        if fp32:
            written.insert(0, Path(path) / ONNX_FILE)
            shutil.move(plain, written[0])
    return written


def _stamp(file: Path, sha: str) -> None:
    """Record in an ONNX file which torch weights it was exported from (checked when it is loaded)."""
    import onnx

    model = onnx.load(str(file))
    onnx.helper.set_model_props(model, {WEIGHTS_KEY: sha})
    onnx.save(model, str(file))


def remove_exports(path) -> list[Path]:
    """Delete a folder's ONNX files (before new torch weights are saved there, so that none is left stale)."""
    gone = [Path(path) / f for f in (ONNX_FILE, INT8_FILE) if (Path(path) / f).is_file()]
    for f in gone:
        f.unlink()
    return gone

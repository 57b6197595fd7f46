"""The last stage: a fine-tuned annotator labels every sentence of a report.

>>> import govreport_nlp as gr
>>> nlp = gr.load()                                   # doctest: +SKIP
>>> report = nlp(gr.read_file("corpus/hangzhou-2023.txt"))   # doctest: +SKIP
>>> s = report.sentences[8]                           # doctest: +SKIP
>>> s.stype, s.domain, s.domain_top3, s.entities, s.metrics   # doctest: +SKIP

``nlp.pipe(sources, batch_size=…)`` streams reports; ``gr.metric_table(reports)``
(:mod:`govreport_nlp.outputs`) gives the metric records of many reports as rows for CSV or pandas.
"""

from __future__ import annotations

from typing import Iterable, Iterator

from .annotations.schema import iter_report_records
from .document import Report, Sentence
from .errors import Errors, GovReportError
from .metrics import metric_records
from .shipped import find_annotator
from .reading import read


class Annotator:
    """Callable: ``annotator(source) -> Report`` with every sentence labelled; ``source`` is what
    :func:`govreport_nlp.read` takes (a ``str`` is text, a :class:`~pathlib.Path` a file) or a read :class:`Report`.

    ``backend``: what runs the BERT (:func:`~govreport_nlp.model.predict.load_annotator`): ``"auto"`` takes the
    model's ONNX export where it has one (the shipped model does: a new process is ready in a fraction of a second,
    without importing torch) and torch otherwise; ``"torch"`` or ``"onnx"`` insist.  ``quantize``: the int8 model
    (``model.int8.onnx``, or torch's dynamic int8 where the model has no such file), faster on CPUs; by default
    (``None``) int8 where the model has an int8 export, as the shipped one does (its accuracy cross-validated in
    docs/scale.md); ``False`` for float32.  ``device`` other than ``"cpu"`` runs torch there."""

    def __init__(self, model=None, *, batch_size: int = 32, threads: int = 0, device: str = "cpu",
                 quantize: bool | None = None, backend: str = "auto"):
        from .model.predict import default_quantize, load_annotator

        path = find_annotator(model)
        self.path = path
        if quantize is None:
            quantize = default_quantize(path) and device == "cpu"
        if device != "cpu":  # ONNX Runtime here runs on the CPU only
            if quantize:
                raise GovReportError(Errors.E025, device=device, reason="int8 quantization is for the CPU")
            backend = "torch"
        self.model, self.tokenizer, self.linear_mix = load_annotator(path, backend=backend, quantize=quantize,
                                                                     threads=threads)
        if device != "cpu":
            try:
                self.model.to(device)
            except (RuntimeError, AssertionError) as e:  # no such device, or torch built without it
                raise GovReportError(Errors.E025, device=device, reason=e) from None
        self.quantized = quantize
        self.batch_size = batch_size

    @property
    def backend(self) -> str:
        """What runs the BERT: ``"onnx"`` (ONNX Runtime, the exported graph) or ``"torch"``."""
        from .model.runtime import OnnxAnnotatorModel

        return "onnx" if isinstance(self.model, OnnxAnnotatorModel) else "torch"

    def __repr__(self) -> str:
        return f"<Annotator {self.path} ({self.backend}{', int8' if self.quantized else ''})>"

    def __call__(self, source, *, report_id: str | None = None, progress: bool = False) -> Report:
        report = source if isinstance(source, Report) else read(source, report_id=report_id)
        return self.annotate_many([report], progress=progress)[0]

    def annotate_many(self, reports: list[Report], progress: bool = False) -> list[Report]:
        """Label every sentence of several read reports in one run of the model (the spaCy component's batches);
        ``annotator(source)`` is the call for one input and :meth:`pipe` the one for many."""
        for _ in self._label(reports, progress):
            pass
        return reports

    def iter_annotated(self, report: Report, *, progress: bool = False) -> Iterator[Sentence]:
        """The sentences of ``report``, each yielded as soon as the model has labelled it (the model runs a chunk of
        sentences at a time): a writer can write each one out and let its labels go, so that a huge input is
        annotated in flat memory (``govreport annotate`` does)."""
        return self._label([report], progress)

    def _label(self, reports: list[Report], progress: bool) -> Iterator[Sentence]:
        from .model.predict import iter_predictions

        def records():  # built chunk by chunk as the model asks for them
            for k, report in enumerate(reports):
                for r in iter_report_records(report):
                    r.report_id = f"{k}:{r.report_id}"  # reports read from text all have the id "report"
                    yield r

        sents = (s for report in reports for s in report.sentences)
        preds = iter_predictions(self.model, self.tokenizer, records(), total=sum(len(r.sentences) for r in reports),
                                 batch_size=self.batch_size, progress=progress, linear_mix=self.linear_mix)
        for s, p in zip(sents, preds):
            s.stype, s.domain = p.stype, p.domain
            s.stype_score = p.stype_scores[p.stype]
            s.domain_top3 = p.domain_top(3)
            s.entities = p.entities
            s.metrics = metric_records(s.text, p.entities, p.stype)
            yield s

    def pipe(self, sources: Iterable, *, batch_size: int | None = None, progress: bool = False) -> Iterator[Report]:
        """Annotate many reports one after the other (each report is batched internally); ``batch_size`` applies
        to this call only."""
        from tqdm.auto import tqdm

        before = self.batch_size
        try:
            self.batch_size = batch_size or before
            for src in tqdm(sources, desc="reports", unit="report", disable=not progress):
                yield self(src)
        finally:
            self.batch_size = before


def load(model=None, **kwargs) -> Annotator:
    """The annotator: ``govreport-annotator`` by default, or a model directory or a model's name (found as
    :mod:`govreport_nlp.shipped` says)."""
    return Annotator(model, **kwargs)

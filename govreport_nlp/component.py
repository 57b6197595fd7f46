"""The spaCy pipeline component ``govreport``: the annotator on a spaCy ``Doc``.

Registered through the ``spacy_factories`` entry point, so that after ``pip install`` no import of
``govreport_nlp`` is needed::

    import spacy
    nlp = spacy.blank("zh")
    nlp.add_pipe("govreport")                      # config: model, batch_size, device, tasks, threads
    doc = nlp(open("corpus/hangzhou-2023.txt", encoding="utf-8").read())
    doc.ents                                       # PROJECT, INSTITUTION, PLACE, METRIC
    doc.spans["stype"], doc.spans["domain"]        # one span per sentence, the label as span label
    doc.spans["stype"].attrs["scores"]             # the probability of each span's label
    [e._.metric for e in doc.ents if e.label_ == "METRIC"]

The component reads ``doc.text`` as a report (normalization, structure and sentences: the library's
:func:`govreport_nlp.read`), labels it with the annotator (:class:`govreport_nlp.Annotator`) and maps
every result back to the doc's characters.  It sets sentence boundaries, ``doc.ents``, the span groups
``stype`` and ``domain`` (``attrs``: ``scores``; ``domain`` also ``top3``) and ``Span._.metric`` (the
metric record as a dict, :mod:`govreport_nlp.metrics`) on METRIC entities.  An entity whose characters do
not fall on token boundaries is expanded to the tokens it touches; one that overlaps another after that
goes to ``doc.spans["entities_overlapping"]`` instead of ``doc.ents``; ``doc._.govreport`` counts both.
Text outside every sentence (titles, dropped PDF noise) gets no labels.

``nlp.pipe(texts, batch_size=n)`` runs the model once over the sentences of ``n`` docs.
:func:`pipeline` builds ``spacy.blank("zh")`` with the project's pkuseg tokenizer and the component;
``nlp.to_disk(path)`` writes the annotator model inside ``path`` so that ``spacy.load(path)`` needs
nothing else (docs/spacy.md).
"""

from __future__ import annotations

import logging
import shutil
from pathlib import Path
from typing import Iterable, Iterator, List, Optional

from spacy.language import Language
from spacy.tokens import Doc, Span, SpanGroup
from spacy.util import minibatch

from .errors import Errors, GovReportError

logger = logging.getLogger("govreport_nlp")

TASKS = ("entities", "stype", "domain", "metrics")
MODEL_DIR = "model"  # the folder of a saved component that holds the annotator

if not Span.has_extension("metric"):
    Span.set_extension("metric", default=None)
if not Doc.has_extension("govreport"):
    Doc.set_extension("govreport", default=None)


@Language.factory(
    "govreport",
    default_config={"model": None, "batch_size": 32, "device": "cpu", "tasks": list(TASKS), "threads": 0},
    assigns=["token.is_sent_start", "doc.ents", "doc.spans", "span._.metric", "doc._.govreport"],
)
def make_govreport(nlp: Language, name: str, model: Optional[str], batch_size: int, device: str,
                   tasks: List[str], threads: int) -> "GovReportComponent":
    return GovReportComponent(nlp, name, model=model, batch_size=batch_size, device=device, tasks=tasks,
                              threads=threads)


class GovReportComponent:
    """See the module's documentation.  ``model``: a ``models/`` name or an annotator directory
    (default: the shipped ``govreport-annotator``); ``batch_size``: sentences per forward pass."""

    def __init__(self, nlp: Language, name: str = "govreport", *, model: str | None = None, batch_size: int = 32,
                 device: str = "cpu", tasks: Iterable[str] = TASKS, threads: int = 0):
        tasks = list(tasks)
        unknown = sorted(set(tasks) - set(TASKS))
        if unknown or not tasks:
            raise GovReportError(Errors.E037, choices=", ".join(TASKS), tasks=tasks)
        if "metrics" in tasks and "entities" not in tasks:
            raise GovReportError(Errors.E038)
        self.name, self.model, self.batch_size, self.device = name, model, batch_size, device
        self.tasks, self.threads = tasks, threads
        self._annotator = None

    @property
    def annotator(self):
        """The :class:`~govreport_nlp.Annotator`, loaded on first use."""
        if self._annotator is None:
            from .annotate import Annotator

            self._annotator = Annotator(self.model, batch_size=self.batch_size, threads=self.threads,
                                        device=self.device)
        return self._annotator

    def __call__(self, doc: Doc) -> Doc:
        return next(self.pipe([doc], batch_size=1))

    def pipe(self, stream: Iterable[Doc], *, batch_size: int = 8) -> Iterator[Doc]:
        from .reading import read_text

        for docs in minibatch(stream, size=batch_size):
            reports = {}
            for i, doc in enumerate(docs):  # an empty doc gets empty annotations (no sentence)
                try:
                    reports[i] = read_text(doc.text)
                except GovReportError as e:  # say which doc, not a traceback
                    raise GovReportError(Errors.E036, index=i, reason=e) from None
            self.annotator.annotate_many(list(reports.values()))
            for i, doc in enumerate(docs):
                if i in reports:
                    self.set_annotations(doc, reports[i])
                yield doc

    # ------------------------------------------------------------------ annotations
    def set_annotations(self, doc: Doc, report) -> None:
        """Write an annotated :class:`~govreport_nlp.Report` of ``doc.text`` onto ``doc``."""
        to_raw = report.offsets.to_raw
        sents = [s for s in report.sentences if s.stype is not None]
        _set_sentence_starts(doc, [(s.raw_start, s.raw_end) for s in sents])
        spans = [doc.char_span(s.raw_start, s.raw_end, alignment_mode="expand") for s in sents]
        if "stype" in self.tasks:
            doc.spans["stype"] = SpanGroup(
                doc, name="stype", spans=[Span(doc, sp.start, sp.end, label=s.stype) for s, sp in zip(sents, spans)],
                attrs={"scores": [s.stype_score for s in sents]})
        if "domain" in self.tasks:
            doc.spans["domain"] = SpanGroup(
                doc, name="domain", spans=[Span(doc, sp.start, sp.end, label=s.domain) for s, sp in zip(sents, spans)],
                attrs={"scores": [s.domain_top3[0][1] for s in sents],
                       "top3": [[[d, p] for d, p in s.domain_top3] for s in sents]})
        doc._.govreport = {"sentences": len(sents)}
        if "entities" not in self.tasks:
            return
        ents, metrics, snapped = [], [], 0
        for s in sents:
            by_start = {m.start: m for m in s.metrics or []}
            for e in s.entities:
                a, b = to_raw(s.start + e.start, s.start + e.end)
                span = doc.char_span(a, b, label=e.label)
                if span is None:
                    span = doc.char_span(a, b, label=e.label, alignment_mode="expand")
                    snapped += 1
                ents.append(span)
                metrics.append(by_start.get(e.start) if e.label == "METRIC" else None)
        kept, overlapping, end = [], [], 0
        for span, metric in sorted(zip(ents, metrics), key=lambda x: (x[0].start, -x[0].end)):
            if span.start >= end:
                kept.append((span, metric))
                end = span.end
            else:
                overlapping.append((span, metric))
        doc.ents = [span for span, _ in kept]
        if overlapping:
            doc.spans["entities_overlapping"] = [span for span, _ in overlapping]
        if "metrics" in self.tasks:
            for span, metric in kept + overlapping:
                if metric is not None:  # its offsets are the sentence's: the span has the doc's
                    span._.metric = {k: v for k, v in metric.to_dict().items() if k not in ("start", "end")}
        doc._.govreport.update(entities=len(ents), entities_snapped=snapped, entities_overlapping=len(overlapping))
        if snapped or overlapping:
            logger.info("govreport: %d of %d entities expanded to token boundaries, %d overlapping "
                        "(doc.spans['entities_overlapping'])", snapped, len(ents), len(overlapping))

    # ------------------------------------------------------------------ serialization
    def to_disk(self, path, *, exclude=tuple()) -> None:
        """Copy the annotator model into ``path/model``, so that the saved pipeline stands alone."""
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        target = path / MODEL_DIR
        source = Path(self.annotator.path).resolve()
        if source != target.resolve():
            if target.exists():
                shutil.rmtree(target)
            shutil.copytree(source, target, ignore=shutil.ignore_patterns("training_log.json"))

    def from_disk(self, path, *, exclude=tuple()) -> "GovReportComponent":
        target = Path(path) / MODEL_DIR
        if not (target / "config.json").is_file():
            raise GovReportError(Errors.E039, path=target)
        self.model, self._annotator = str(target), None
        return self


def _set_sentence_starts(doc: Doc, sentences: list[tuple[int, int]]) -> None:
    """A sentence starts at the first token at or after each sentence start and each sentence end (the
    text between sentences is a sentence of its own); a boundary inside a token moves to the next token.
    Set in one array (``token.is_sent_start`` one token at a time is quadratic in the doc's length)."""
    import numpy as np
    from spacy.attrs import SENT_START

    if not len(doc):
        return
    starts = np.array([t.idx for t in doc])
    points = np.array(sorted({p for se in sentences for p in se}), dtype=np.int64)
    first = np.searchsorted(starts, points, side="left")
    flags = np.full((len(doc), 1), -1, dtype=np.int64)
    flags[0] = 1
    flags[first[(first > 0) & (first < len(doc))]] = 1
    doc.from_array([SENT_START], flags.astype(np.uint64))


def pipeline(model: str | None = None, *, segmenter: str = "auto", **config) -> Language:
    """``spacy.blank("zh")`` with the project's word segmenter (pkuseg where available, else jieba;
    :mod:`govreport_nlp.reading.words`) as tokenizer and the ``govreport`` component."""
    import spacy

    from .reading.words import get_nlp

    seg = get_nlp(segmenter)
    name = seg.tokenizer.segmenter
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": name}}})
    if name == "pkuseg":
        nlp.tokenizer.pkuseg_seg = seg.tokenizer.pkuseg_seg
    nlp.add_pipe("govreport", config={"model": model, **config})
    from .about import __version__

    nlp.meta.update(name="govreport", version=__version__, requirements=[f"govreport-nlp>={__version__}"],
                    description="govreport_nlp: entities, statement types, policy domains and metric records "
                                "of Chinese government work reports")
    return nlp

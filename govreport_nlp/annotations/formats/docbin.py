"""spaCy ``DocBin``: one ``Doc`` per sentence.

Entities go to ``doc.ents``; the sentence labels to the span groups
``doc.spans["stype"]`` and ``doc.spans["domain"]`` (one span over the whole
sentence); the record's metadata to ``doc.user_data["govreport"]``.

Tokens come from ``nlp`` (default: a blank ``zh`` pipeline with the character
segmenter, so every entity aligns).  With a word segmenter an entity whose edges
fall inside a token cannot be a span: it is snapped outwards
(``alignment_mode="expand"``) when that does not collide with another entity, and
counted either way.
"""

from __future__ import annotations

from collections import Counter

from ...document import Entity
from ..schema import META_KEYS, Record


def blank_nlp(segmenter: str = "char"):
    import spacy

    return spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": segmenter}}}) if segmenter != "char" \
        else spacy.blank("zh")


def record_to_doc(r: Record, nlp, losses: Counter):
    from spacy.tokens import Span

    doc = nlp.make_doc(r.text)
    doc.user_data["govreport"] = {k: getattr(r, k) for k in META_KEYS} | {"entities_annotated": r.entities is not None}
    ents = []
    for e in r.entities or []:
        span = doc.char_span(e.start, e.end, label=e.label)
        if span is None:
            span = doc.char_span(e.start, e.end, label=e.label, alignment_mode="expand")
            if span is None or any(span.start < x.end and x.start < span.end for x in ents):
                losses["entity not aligned to tokens (dropped)"] += 1
                continue
            losses["entity snapped to token edges"] += 1
        ents.append(span)
    doc.ents = ents
    for task in ("stype", "domain"):
        value = getattr(r, task)
        doc.spans[task] = [Span(doc, 0, len(doc), label=value)] if value is not None else []
    return doc


def doc_to_record(doc) -> Record:
    meta = doc.user_data.get("govreport", {})
    ents = [Entity(s.start_char, s.end_char, s.label_, s.text) for s in doc.ents]
    labels = {t: (doc.spans[t][0].label_ if t in doc.spans and len(doc.spans[t]) else None)
              for t in ("stype", "domain")}
    return Record(
        report_id=meta.get("report_id", ""), sentence_id=meta.get("sentence_id", 0), text=doc.text,
        start=meta.get("start", 0), end=meta.get("end", len(doc.text)), part=meta.get("part", ""),
        kind=meta.get("kind", "text"), heading_path=list(meta.get("heading_path", [])),
        stype=labels["stype"], domain=labels["domain"],
        entities=ents if meta.get("entities_annotated", True) else None,
    )


def to_docbin(records, nlp=None):
    """``(DocBin, losses)``; write with ``docbin.to_disk("train.spacy")``."""
    from spacy.tokens import DocBin

    nlp = nlp or blank_nlp()
    losses: Counter = Counter()
    db = DocBin(store_user_data=True)
    for r in records:
        db.add(record_to_doc(r, nlp, losses))
    return db, losses


def from_docbin(docbin, nlp=None):
    """``(records, losses)`` from a ``DocBin`` (or a path to a ``.spacy`` file)."""
    from pathlib import Path

    from spacy.tokens import DocBin

    nlp = nlp or blank_nlp()
    if isinstance(docbin, (str, Path)):
        docbin = DocBin().from_disk(docbin)
    return [doc_to_record(d) for d in docbin.get_docs(nlp.vocab)], Counter()

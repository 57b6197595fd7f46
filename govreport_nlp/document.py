"""The document model: ``Report → Section → Sentence → Token``.

All ``start``/``end`` offsets index the normalized text (``report.text``);
``raw_start``/``raw_end`` index the raw input (``report.raw_text``: the file's
decoded text, or the text layer of a PDF/HTML page).  ``heading_path`` is the
chain of headings above a unit, outermost first.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields
from typing import Iterator

from .annotations.schema import Entity
from .layout import Dropped
from .offsets import OffsetMap
from .records import MetricRecord

#: what part of the report a unit belongs to
PART_KINDS = ("title", "preamble", "review", "plan", "closing", "appendix", "glossary")
#: what a sentence is
SENTENCE_KINDS = ("title", "heading", "item", "glossary", "text")


@dataclass(slots=True)
class Token:
    text: str
    start: int
    end: int
    raw_start: int
    raw_end: int


@dataclass(slots=True)
class Sentence:
    id: int
    text: str
    start: int
    end: int
    raw_start: int
    raw_end: int
    kind: str  # one of SENTENCE_KINDS
    part: str  # one of PART_KINDS
    heading_path: tuple[str, ...]
    paragraph: int  # index into Report.paragraphs
    section: int | None  # id of the innermost Section holding it
    tokens: list[Token] | None = None
    # filled by the annotator (gr.load()); None until then
    stype: str | None = None  # achievement | target | measure | glossary | other
    stype_score: float | None = None  # the model's probability of that statement type
    domain: str | None = None  # CAP major topic
    domain_top3: list[tuple[str, float]] | None = None  # [(domain, probability)], best first
    entities: list[Entity] | None = None  # offsets relative to the sentence
    metrics: list[MetricRecord] | None = None  # one per METRIC entity

    _ANNOTATION = ("stype", "stype_score", "domain", "domain_top3", "entities", "metrics")

    def to_dict(self) -> dict:
        d = {f.name: getattr(self, f.name) for f in fields(self)
             if f.name != "tokens" and f.name not in self._ANNOTATION}
        d["heading_path"] = list(self.heading_path)
        if self.tokens is not None:
            d["tokens"] = [[t.text, t.start, t.end, t.raw_start, t.raw_end] for t in self.tokens]
        if self.stype is not None or self.entities is not None:
            d["stype"], d["domain"] = self.stype, self.domain
            d["stype_score"] = None if self.stype_score is None else round(self.stype_score, 4)
            d["domain_top3"] = [[lab, round(p, 4)] for lab, p in self.domain_top3 or []]
            d["entities"] = [e.to_dict() for e in self.entities or []]
            d["metrics"] = [m.to_dict() for m in self.metrics or []]
        return d

    @classmethod
    def from_dict(cls, d: dict) -> "Sentence":
        d = dict(d)
        d["heading_path"] = tuple(d["heading_path"])
        tokens = d.pop("tokens", None)
        if d.get("entities") is not None:
            d["entities"] = [Entity(**e) for e in d["entities"]]
        if d.get("metrics") is not None:
            d["metrics"] = [MetricRecord(**m) for m in d["metrics"]]
        if d.get("domain_top3") is not None:
            d["domain_top3"] = [tuple(x) for x in d["domain_top3"]]
        s = cls(**d)
        if tokens is not None:
            s.tokens = [Token(*t) for t in tokens]
        return s


@dataclass(slots=True)
class Section:
    """A node of the hierarchy: the preamble, a part (``一、``), a section
    (``（一）``), a numbered item (``①``, ``1.``), an appendix or the glossary."""

    id: int
    kind: str  # "preamble" | "part" | "section" | "item" | "appendix" | "glossary"
    level: int  # 1 part/appendix/glossary/preamble, 2 section, 3 item
    number: str | None  # "一", "（一）", "①", "1." ...
    heading: str | None  # heading text without its number, None for items and the preamble
    start: int
    end: int
    raw_start: int
    raw_end: int
    heading_path: tuple[str, ...]
    part: str  # one of PART_KINDS
    parent: int | None

    def to_dict(self) -> dict:
        d = asdict(self)
        d["heading_path"] = list(self.heading_path)
        return d

    @classmethod
    def from_dict(cls, d: dict) -> "Section":
        return cls(**{**d, "heading_path": tuple(d["heading_path"])})


@dataclass(slots=True)
class GlossaryEntry:
    """One entry of the 名词解释 appendix, split into term and definition."""

    id: int
    number: str | None  # "18" in "18.创新药“护苗”行动：", None when unnumbered
    term: str
    definition: str
    page: int | None  # "(见第 3 页)" → 3
    start: int
    end: int
    raw_start: int
    raw_end: int
    term_start: int
    term_end: int
    definition_start: int
    definition_end: int

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict) -> "GlossaryEntry":
        return cls(**d)


@dataclass(slots=True)
class TitleBlock:
    title: str | None = None
    subtitle: str | None = None
    date: str | None = None  # as written: "2023年2月19日"
    meeting: str | None = None  # "杭州市第十四届人民代表大会第三次会议"
    speaker: str | None = None  # "姚高员"
    speaker_role: str | None = None  # "杭州市人民政府市长"
    start: int = 0
    end: int = 0

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class Report:
    id: str
    source: str
    format: str
    encoding: str | None
    raw_text: str
    text: str
    offsets: OffsetMap
    title_block: TitleBlock
    paragraphs: list[tuple[int, int]]
    sections: list[Section]
    sentences: list[Sentence]
    glossary: list[GlossaryEntry]
    dropped: list[Dropped] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    # ------------------------------------------------------------ navigation
    @property
    def parts(self) -> list[Section]:
        """Top-level sections: preamble, parts, appendices and the glossary."""
        return [s for s in self.sections if s.level == 1]

    def children(self, section: Section) -> list[Section]:
        return [s for s in self.sections if s.parent == section.id]

    def sentences_in(self, section: Section) -> list[Sentence]:
        return [s for s in self.sentences if section.start <= s.start < section.end]

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        return self.offsets.to_raw(start, end)

    def tokenize(self, segmenter=None, progress: bool = False) -> "Report":
        """Fill ``sentence.tokens`` for every sentence (see :mod:`govreport_nlp.words`)."""
        from .words import tokenize_report

        tokenize_report(self, segmenter=segmenter, progress=progress)
        return self

    def __repr__(self) -> str:
        n_parts = sum(s.kind == "part" for s in self.sections)
        return (f"<Report {self.id!r}: {len(self.text)} chars, {n_parts} parts, "
                f"{sum(s.kind == 'section' for s in self.sections)} sections, "
                f"{len(self.sentences)} sentences, {len(self.glossary)} glossary entries>")

    # ------------------------------------------------------------ serialization
    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "source": self.source,
            "format": self.format,
            "encoding": self.encoding,
            "raw_text": self.raw_text,
            "text": self.text,
            "offset_runs": self.offsets.to_runs(),
            "title_block": self.title_block.to_dict(),
            "paragraphs": [list(p) for p in self.paragraphs],
            "sections": [s.to_dict() for s in self.sections],
            "sentences": [s.to_dict() for s in self.sentences],
            "glossary": [g.to_dict() for g in self.glossary],
            "dropped": [d.to_dict() for d in self.dropped],
            "notes": list(self.notes),
        }

    @classmethod
    def from_dict(cls, d: dict) -> "Report":
        return cls(
            id=d["id"],
            source=d["source"],
            format=d["format"],
            encoding=d["encoding"],
            raw_text=d["raw_text"],
            text=d["text"],
            offsets=OffsetMap.from_runs(d["offset_runs"], len(d["raw_text"])),
            title_block=TitleBlock(**d["title_block"]),
            paragraphs=[tuple(p) for p in d["paragraphs"]],
            sections=[Section.from_dict(s) for s in d["sections"]],
            sentences=[Sentence.from_dict(s) for s in d["sentences"]],
            glossary=[GlossaryEntry.from_dict(g) for g in d["glossary"]],
            dropped=[Dropped(**x) for x in d["dropped"]],
            notes=list(d["notes"]),
        )

    def sentence_records(self) -> Iterator[dict]:
        """One flat dict per sentence, the rows of the JSONL export."""
        for s in self.sentences:
            yield {"report": self.id, **s.to_dict()}

    def to_jsonl(self, fh) -> int:
        """Write one JSON object per sentence to the text file ``fh``; returns the count."""
        n = 0
        for rec in self.sentence_records():
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
            n += 1
        return n

"""The data model: ``Report → Section → Sentence → Token``, with the entities and metric records the annotator
adds, the chrome the reader dropped, and the map from normalized offsets back to the raw input.

Every stage of the flow (reading → model → annotate → outputs) takes and returns these types; this module imports
no stage.

All ``start``/``end`` offsets index the normalized text (``report.text``);
``raw_start``/``raw_end`` index the raw input (``report.raw_text``: the file's
decoded text, or the text layer of a PDF/HTML page).  ``heading_path`` is the
chain of headings above a unit, outermost first.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields
from typing import Callable, Iterator

import numpy as np

# --------------------------------------------------------------------------- offsets
# Normalization only ever *deletes* raw characters or replaces one character by one other character
# (govreport_nlp.reading.normalize), so the normalized text is a subsequence of the raw text.  The map is one
# increasing integer array: ``raw_index[i]`` is the raw offset of normalized character ``i``.  A normalized span
# ``[start, end)`` maps to the raw span that begins at its first character and ends after its last one.


@dataclass(frozen=True, eq=False)
class OffsetMap:
    raw_index: np.ndarray  # int64, len == len(normalized text), strictly increasing
    raw_length: int

    def __len__(self) -> int:
        return int(self.raw_index.shape[0])

    def to_raw(self, start: int, end: int) -> tuple[int, int]:
        """Raw ``(start, end)`` of the normalized span ``[start, end)``."""
        n = len(self)
        if not 0 <= start <= end <= n:
            raise IndexError(f"span [{start}, {end}) outside normalized text of length {n}")
        if start == end:
            pos = int(self.raw_index[start]) if start < n else self.raw_length
            return pos, pos
        return int(self.raw_index[start]), int(self.raw_index[end - 1]) + 1

    def to_normalized(self, raw_offset: int) -> int:
        """Index of the first normalized character at or after ``raw_offset``."""
        return int(np.searchsorted(self.raw_index, raw_offset, side="left"))

    # serialization: runs of consecutive raw offsets, [norm_start, raw_start, length]
    def to_runs(self) -> list[list[int]]:
        idx = self.raw_index
        if idx.size == 0:
            return []
        breaks = np.flatnonzero(np.diff(idx) != 1) + 1
        starts = np.concatenate(([0], breaks))
        ends = np.concatenate((breaks, [idx.size]))
        return [[int(s), int(idx[s]), int(e - s)] for s, e in zip(starts, ends)]

    @classmethod
    def from_runs(cls, runs: list[list[int]], raw_length: int) -> "OffsetMap":
        if not runs:
            return cls(np.zeros(0, dtype=np.int64), raw_length)
        parts = [np.arange(raw, raw + length, dtype=np.int64) for _, raw, length in runs]
        return cls(np.concatenate(parts), raw_length)


@dataclass(frozen=True, slots=True)
class Dropped:
    raw_start: int
    raw_end: int
    text: str
    reason: str

    def to_dict(self) -> dict:
        return {"raw_start": self.raw_start, "raw_end": self.raw_end, "text": self.text, "reason": self.reason}


@dataclass(slots=True)
class Entity:
    start: int
    end: int
    label: str
    text: str

    def to_dict(self) -> dict:
        return {"start": self.start, "end": self.end, "label": self.label, "text": self.text}


@dataclass
class MetricRecord:
    text: str
    start: int
    end: int
    indicator: str | None
    value: float | None
    value_max: float | None
    unit: str
    kind: str  # level | growth | share | count | rank
    direction: str | None  # up | down (growth only)
    qualifier: str  # at_least | about | at_most | range | point
    statement: str | None  # achievement | target

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class Prediction:
    """What a system (the annotator, a baseline) says of one sentence: its labels and, where the system gives
    them, their probabilities.  ``domain_ranked`` lists the domains best first (for top-k scores)."""

    stype: str | None = None
    domain: str | None = None
    domain_ranked: list[str] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    stype_scores: dict[str, float] = field(default_factory=dict)  # probability of each statement type
    domain_scores: dict[str, float] = field(default_factory=dict)  # probability of each domain
    #: the least confident character: the lowest, over the sentence, of the best tag's probability
    entity_confidence: float = 1.0

    def domain_top(self, k: int) -> list[tuple[str, float]]:
        """The ``k`` likeliest domains with their probabilities."""
        return [(d, self.domain_scores[d]) for d in self.domain_ranked[:k]]

    @property
    def uncertainty(self) -> float:
        """1 − the lowest of the three confidences (statement type, domain, entity tags): for choosing which
        sentences a person should correct first (least-confidence sampling)."""
        return 1.0 - min(max(self.stype_scores.values()), self.domain_scores[self.domain_ranked[0]],
                         self.entity_confidence)


#: ``Report.tokenize``'s implementation, registered by :mod:`govreport_nlp.reading.words` (the data model
#: imports no stage)
_tokenize_report: Callable | None = None


def register_tokenizer(fn: Callable) -> None:
    """Make ``fn(report, segmenter=, progress=)`` the implementation of :meth:`Report.tokenize`."""
    global _tokenize_report
    _tokenize_report = fn


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
    #: a piece of a longer run of text cut to the length the model reads (reading.sentences.MAX_SENTENCE_CHARS)
    cut: bool = False
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
        """Fill ``sentence.tokens`` for every sentence (the segmenters of :mod:`govreport_nlp.reading.words`)."""
        if _tokenize_report is None:  # only a Report built by hand, without importing govreport_nlp.reading
            raise RuntimeError("no word segmenter registered: import govreport_nlp.reading first")
        _tokenize_report(self, segmenter=segmenter, progress=progress)
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
            yield self.sentence_record(s)

    def sentence_record(self, sentence: Sentence) -> dict:
        """The JSONL row of one of this report's sentences."""
        return {"report": self.id, **sentence.to_dict()}

    def to_jsonl(self, fh) -> int:
        """Write one JSON object per sentence to the text file ``fh``; returns the count."""
        n = 0
        for rec in self.sentence_records():
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
            n += 1
        return n

"""A second tag head for names, trained on public news NER corpora with their own labels, whose tags become
features of the annotator's character tagger (stacking): the corpora's conventions inform the spec's tagger but
never overwrite its labels.

Sources (``../shared/data/ner``, training and development splits only; their test splits are for evaluation):
CLUENER2020 train (address → LOC, scene → SCENE, government → GOV, organization → ORG, company → COMPANY,
name → PER), MSRA's validation split and People's Daily dev (LOC, ORG, PER), Resume train (LOC, ORG, NAME → PER).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from ..annotations.bio import bio_to_spans

#: CLUENER2020's types kept, as the head's labels
CLUENER = {"address": "LOC", "scene": "SCENE", "government": "GOV", "organization": "ORG", "company": "COMPANY",
           "name": "PER"}
RESUME = {"LOC": "LOC", "ORG": "ORG", "NAME": "PER"}


@dataclass
class NewsSentence:
    """A sentence of a news corpus in the shape the character tagger trains on."""

    text: str
    entities: list = field(default_factory=list)


@dataclass
class _Span:
    start: int
    end: int
    label: str


def _cluener(path: Path) -> list[NewsSentence]:
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        d = json.loads(line)
        spans = [_Span(s, e + 1, CLUENER[t]) for t, names in d.get("label", {}).items() if t in CLUENER
                 for occurrences in names.values() for s, e in occurrences]
        out.append(NewsSentence(d["text"], _non_overlapping(spans)))
    return out


def _char_tag_lines(path: Path, mapping=None, bmes: bool = False) -> list[NewsSentence]:
    out, chars, tags = [], [], []
    for line in path.read_text(encoding="utf-8").splitlines() + [""]:
        parts = line.split()
        if len(parts) >= 2:
            chars.append(parts[0])
            tag = parts[1]
            if bmes:
                tag = {"M": "I", "E": "I", "S": "B"}.get(tag[0], tag[0]) + tag[1:] if tag != "O" else tag
            tags.append(tag)
        elif chars:
            spans = [_Span(s, e, mapping.get(lab, "") if mapping else lab) for s, e, lab in bio_to_spans(tags)]
            out.append(NewsSentence("".join(chars), [sp for sp in spans if sp.label]))
            chars, tags = [], []
    return out


def _msra_val(folder: Path) -> list[NewsSentence]:
    sents = (folder / "sentences.txt").read_text(encoding="utf-8").splitlines()
    tags = (folder / "tags.txt").read_text(encoding="utf-8").splitlines()
    out = []
    for s, t in zip(sents, tags):
        chars, tg = s.split(), t.split()
        if chars and len(chars) == len(tg):
            out.append(NewsSentence("".join(chars), [_Span(a, b, lab) for a, b, lab in bio_to_spans(tg)]))
    return out


def _non_overlapping(spans):
    kept = []
    for sp in sorted(spans, key=lambda s: (s.start, -(s.end - s.start))):
        if all(sp.end <= k.start or k.end <= sp.start for k in kept):
            kept.append(sp)
    return kept


def news_corpus(data_dir) -> list[NewsSentence]:
    """The training sentences of the head, from the data folder's NER corpora (the ones that are there)."""
    ner = Path(data_dir) / "ner"
    out = []
    if (ner / "cluener2020" / "train.json").is_file():
        out += _cluener(ner / "cluener2020" / "train.json")
    if (ner / "msra" / "val").is_dir():
        out += _msra_val(ner / "msra" / "val")
    if (ner / "peoples_daily" / "example.dev").is_file():
        out += _char_tag_lines(ner / "peoples_daily" / "example.dev")
    if (ner / "resume" / "train.char.bmes").is_file():
        out += _char_tag_lines(ner / "resume" / "train.char.bmes", RESUME, bmes=True)
    return [s for s in out if s.text]

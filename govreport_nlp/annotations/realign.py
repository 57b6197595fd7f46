"""Carry annotations over to a new segmentation of the same report.

When the segmenter improves, a report's sentences can merge (a sentence that was
cut at ``PM`` / ``2.5`` becomes one) or split.  :func:`realign` walks the old
records and the new sentences in order and matches them by text:

- equal text: labels copied, ids and offsets updated;
- several old records make one new sentence (**merge**): entities shifted, ``stype``
  and ``domain`` taken from the longest old piece;
- one old record makes several new sentences (**split**): labels copied to every
  piece, each entity goes to the piece that holds it (an entity across the cut is
  dropped and counted);
- anything else: the new sentence is left unlabelled (counted).

Returns the new records and a :class:`~collections.Counter` of what happened.
"""

from __future__ import annotations

from collections import Counter

from ..document import Entity
from .schema import Record


def _new(report_id, s) -> Record:
    return Record(report_id, s.id, s.text, s.start, s.end, s.part, s.kind, list(s.heading_path))


def realign(records: list[Record], report) -> tuple[list[Record], Counter]:
    old = sorted(records, key=lambda r: r.sentence_id)
    new = report.sentences
    out: list[Record] = []
    counts: Counter = Counter()
    i = j = 0
    rid = old[0].report_id if old else report.id
    while j < len(new):
        s = new[j]
        r = _new(rid, s)
        if i < len(old) and old[i].text == s.text:
            r.stype, r.domain = old[i].stype, old[i].domain
            r.entities = None if old[i].entities is None else list(old[i].entities)
            counts["same"] += 1
            out.append(r)
            i, j = i + 1, j + 1
            continue
        # merge: old[i..k) concatenate to this sentence
        k, acc = i, ""
        while k < len(old) and s.text.startswith(acc + old[k].text) and len(acc) < len(s.text):
            acc += old[k].text
            k += 1
        if k - i > 1 and acc == s.text:
            pieces, shift, ents = old[i:k], 0, []
            for p in pieces:
                ents += [Entity(e.start + shift, e.end + shift, e.label, e.text) for e in p.entities or []]
                shift += len(p.text)
            main = max(pieces, key=lambda p: len(p.text))
            r.stype, r.domain = main.stype, main.domain
            r.entities = None if any(p.entities is None for p in pieces) else ents
            counts[f"merged {k - i} records into one sentence"] += 1
            out.append(r)
            i, j = k, j + 1
            continue
        # split: this and the following new sentences concatenate to old[i]
        if i < len(old):
            k, acc = j, ""
            while k < len(new) and old[i].text.startswith(acc + new[k].text) and len(acc) < len(old[i].text):
                acc += new[k].text
                k += 1
            if k - j > 1 and acc == old[i].text:
                offset = 0
                for s2 in new[j:k]:
                    r2 = _new(rid, s2)
                    r2.stype, r2.domain = old[i].stype, old[i].domain
                    if old[i].entities is not None:
                        r2.entities = []
                        for e in old[i].entities:
                            if offset <= e.start and e.end <= offset + len(s2.text):
                                r2.entities.append(Entity(e.start - offset, e.end - offset, e.label, e.text))
                            elif offset <= e.start < offset + len(s2.text):
                                counts["entity across a new sentence boundary (dropped)"] += 1
                    offset += len(s2.text)
                    out.append(r2)
                counts[f"split one record into {k - j} sentences"] += 1
                i, j = i + 1, k
                continue
        counts["new sentence without a match (unlabelled)"] += 1
        out.append(r)
        j += 1
        # resynchronise: skip old records until one matches a later new sentence
        later = {x.text for x in new[j:j + 5]}
        while i < len(old) and old[i].text not in later:
            i += 1
            counts["old record without a match (dropped)"] += 1
    counts["old record without a match (dropped)"] += len(old) - i
    counts = Counter({k: v for k, v in counts.items() if v})
    return out, counts

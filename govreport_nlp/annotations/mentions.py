"""A hand-writable answer format: labels plus entity *surfaces* instead of offsets.

One JSON object per sentence, keyed by ``"<report_id>#<sentence_id>"``::

    {"id": "hangzhou-2023#8", "stype": "achievement", "domain": "macroeconomics",
     "entities": [["18753亿元", "METRIC"], ["增长1.5%", "METRIC"], ["杭州", "PLACE", 0]]}

A surface tags every occurrence in the sentence (the spec tags each mention)
unless a third element picks the k-th occurrence.  :func:`apply_answers` places
them with :func:`~govreport_nlp.annotations.schema.entities_from_mentions` and
returns every surface it could not place.
"""

from __future__ import annotations

from .schema import Record, entities_from_mentions


def apply_answers(records: list[Record], answers: dict[str, dict]) -> tuple[list[Record], list[str]]:
    """Copies of ``records`` labelled from ``answers``; records without an answer stay unlabelled."""
    out, problems = [], []
    for r in records:
        key = f"{r.report_id}#{r.sentence_id}"
        a = answers.get(key)
        new = Record(r.report_id, r.sentence_id, r.text, r.start, r.end, r.part, r.kind, list(r.heading_path))
        if a is None:
            problems.append(f"{key}: no answer")
        else:
            new.stype, new.domain = a.get("stype"), a.get("domain")
            if a.get("entities") is not None:
                new.entities, probs = entities_from_mentions(r.text, [tuple(m) for m in a["entities"]])
                problems += [f"{key}: {p}" for p in probs]
        out.append(new)
    return out, problems

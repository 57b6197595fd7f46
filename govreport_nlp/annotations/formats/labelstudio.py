"""Label Studio: tasks to import (gold as ``annotations`` or model output as
``predictions``) and exported tasks back to records.

The labelling interface is :func:`label_config` (paste it into the project's
Labeling Setup): ``<Labels name="label">`` for entities, ``<Choices
name="stype">`` and ``<Choices name="domain">`` for the sentence labels.  Label
Studio counts offsets in UTF-16 code units; characters outside the BMP are
converted both ways.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from ...spec import DOMAINS, ENTITY_LABELS, STYPES
from ...document import Entity
from ..schema import META_KEYS, Record


def label_config() -> str:
    def options(tag, values):
        return "".join(f'<{tag} value="{v}"/>' for v in values)

    return (
        '<View>\n  <Header value="$heading"/>\n  <Text name="text" value="$text" granularity="symbol"/>\n'
        f'  <Labels name="label" toName="text">{options("Label", ENTITY_LABELS)}</Labels>\n'
        f'  <Choices name="stype" toName="text" choice="single" showInline="true">{options("Choice", STYPES)}</Choices>\n'
        f'  <Choices name="domain" toName="text" choice="single">{options("Choice", DOMAINS)}</Choices>\n'
        "</View>\n"
    )


def _utf16_offsets(text: str) -> list[int]:
    """UTF-16 offset of every Python index 0..len(text)."""
    out, n = [0], 0
    for ch in text:
        n += 2 if ord(ch) > 0xFFFF else 1
        out.append(n)
    return out


def _result(r: Record) -> list[dict]:
    u16 = _utf16_offsets(r.text)
    res = [{"from_name": "label", "to_name": "text", "type": "labels",
            "value": {"start": u16[e.start], "end": u16[e.end], "text": e.text, "labels": [e.label]}}
           for e in r.entities or []]
    for task in ("stype", "domain"):
        if getattr(r, task) is not None:
            res.append({"from_name": task, "to_name": "text", "type": "choices",
                        "value": {"choices": [getattr(r, task)]}})
    return res


def to_labelstudio(records, *, predictions: bool = False, model_version: str | None = None, scores=None):
    """``(tasks, losses)``: a JSON-able list of Label Studio tasks.

    With ``predictions=True`` the labels become pre-annotations (``predictions``,
    with ``model_version`` and a per-task ``score`` from ``scores``).
    """
    tasks = []
    for i, r in enumerate(records):
        data = {"text": r.text, "heading": " › ".join(r.heading_path)} | {k: getattr(r, k) for k in META_KEYS}
        data["entities_annotated"] = r.entities is not None
        item = {"result": _result(r)}
        if predictions:
            item["model_version"] = model_version or "govreport_nlp"
            if scores is not None:
                item["score"] = float(scores[i])
            tasks.append({"data": data, "predictions": [item]})
        else:
            tasks.append({"data": data, "annotations": [item]})
    return tasks, Counter()


def from_labelstudio(tasks):
    """``(records, losses)`` from exported tasks (a list or a path to Label Studio's JSON export).

    Uses each task's last annotation that was not cancelled; a task without one
    gives an unlabelled record (counted).
    """
    if isinstance(tasks, (str, Path)):
        tasks = json.loads(Path(tasks).read_text(encoding="utf-8"))
    losses: Counter = Counter()
    out = []
    for t in tasks:
        data = t["data"]
        text = data["text"]
        anns = [a for a in t.get("annotations", []) if not a.get("was_cancelled")]
        if len(anns) > 1:
            losses["task with several annotations (last one used)"] += 1
        r = Record(report_id=data.get("report_id", ""), sentence_id=data.get("sentence_id", 0), text=text,
                   start=data.get("start", 0), end=data.get("end", len(text)), part=data.get("part", ""),
                   kind=data.get("kind", "text"), heading_path=list(data.get("heading_path") or []))
        if not anns:
            losses["task without annotation (left unlabelled)"] += 1
            out.append(r)
            continue
        back = {u: i for i, u in enumerate(_utf16_offsets(text))}
        r.entities = [] if data.get("entities_annotated", True) else None
        for item in anns[-1].get("result", []):
            v, name = item.get("value", {}), item.get("from_name")
            if item.get("type") == "labels":
                s, e = back.get(v.get("start")), back.get(v.get("end"))
                labels = v.get("labels") or []
                if s is None or e is None or len(labels) != 1:
                    losses["entity with bad offsets or label count (dropped)"] += 1
                    continue
                if v.get("text") is not None and v["text"] != text[s:e]:
                    losses["entity text differs from the task text (offsets kept)"] += 1
                if r.entities is None:
                    r.entities = []
                r.entities.append(Entity(s, e, labels[0], text[s:e]))
            elif item.get("type") == "choices" and name in ("stype", "domain"):
                choices = v.get("choices") or []
                if len(choices) != 1:
                    losses[f"{name} with {len(choices)} choices (left unlabelled)"] += 1
                    continue
                setattr(r, name, choices[0])
            else:
                losses[f"unknown result {name!r} of type {item.get('type')!r} (ignored)"] += 1
        if r.entities is not None:
            r.entities.sort(key=lambda e: (e.start, e.end))
        out.append(r)
    return out, losses

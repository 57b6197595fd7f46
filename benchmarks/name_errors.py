"""Where the annotator's names go wrong: gold PROJECT, INSTITUTION and PLACE spans sorted into the error classes of
issue 16, and the predicted spans that break the spec's boundary rules.

    python benchmarks/name_errors.py benchmarks/results/cv-bert-part-mix0.5-jieba.json     # held-out predictions
    python benchmarks/name_errors.py --model models/govreport-annotator --gold annotations/test  # run a model here
    python benchmarks/name_errors.py benchmarks/results/names-crf-lexicon-news-carried.json [--reports ...]

A cross-validation result holds the predictions of its folds in the order of the gold files (annotations/*.jsonl,
sorted, restricted to its folds). Classes of a gold name (the first that applies):

- ``own place``: a PLACE that is the report's own place, its short form or one-character abbreviation
  (浙江省, 浙江, 浙);
- ``geographic``: another PLACE ending in a geographic or administrative word (江 河 湖 海 山 区 县 市 省 港 …);
- ``university/institute``: an INSTITUTION ending in 大学 学院 研究院 研究所 实验室 科学院;
- ``initiative``: a PROJECT ending in 倡议 战略 工程 计划 行动 会 规划 改革 试点 …;
- ``other <label>``: the rest.

Each gold name is ``found`` (a predicted span with the same start, end and label), ``wrong label`` (same span,
another label), ``cut`` (overlapped by a predicted span of the same label, not exactly) or ``missed``.  Predicted
names that break the boundary rules: a span that begins or ends with punctuation (a closing bracket may end one), or
that ends with an opening bracket or quote; a gold name split into two or more predicted spans.
"""

from __future__ import annotations

import argparse
import json
import re
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

from govreport_nlp.annotations import read_jsonl
from govreport_nlp.annotations.manifest import load_manifest
from govreport_nlp.document import Entity
from govreport_nlp.model.lexicon import PROVINCE_ABBREVIATIONS, short_form

ROOT = Path(__file__).resolve().parent.parent
NAMES = ("PROJECT", "INSTITUTION", "PLACE")
GEOGRAPHIC = re.compile(r"(江|河|湖|海|山|岛|湾|峡|区|县|市|省|镇|乡|村|街道|港|口岸|机场|园|新区|廊|圈|带|群|段|线|路|"
                        r"街|公园|流域|盆地|平原|高原|沙漠|草原|湿地)$")
INSTITUTE = re.compile(r"(大学|学院|研究院|研究所|实验室|科学院)$")
INITIATIVE = re.compile(r"(倡议|战略|工程|计划|行动|会|规划|改革|试点|建设|运动|项目|专项|博览会|论坛|峰会|大赛|赛|"
                        r"节)$")


def own_place_forms(place: str | None) -> set[str]:
    if not place or place == "中国":
        return {"中国"} if place else set()
    forms = {place} | ({short_form(place)} - {None})
    for name, abbr in PROVINCE_ABBREVIATIONS.items():
        if place.startswith(name):
            forms |= {name, abbr}
    return forms


def name_class(e: Entity, own: set[str]) -> str:
    if e.label == "PLACE" and e.text in own:
        return "own place"
    if e.label == "PLACE" and GEOGRAPHIC.search(e.text):
        return "geographic"
    if e.label == "INSTITUTION" and INSTITUTE.search(e.text):
        return "university/institute"
    if e.label == "PROJECT" and INITIATIVE.search(e.text):
        return "initiative"
    return f"other {e.label}"


def bad_edges(text: str) -> bool:
    def punct(ch):
        return ch.isspace() or unicodedata.category(ch).startswith(("P", "Z"))

    return (punct(text[0]) or (punct(text[-1]) and text[-1] not in "）)】]") or text[-1] in "（(“‘「《")


def analyse(records, predicted: list[list[Entity]], places: dict[str, str]) -> dict:
    outcome = defaultdict(Counter)  # class -> outcome -> n
    violations = Counter()
    per_label = {lab: Counter() for lab in NAMES}
    for r, pred in zip(records, predicted):
        own = own_place_forms(places.get(r.report_id))
        gold = [e for e in r.entities or [] if e.label in NAMES]
        pnames = [e for e in pred if e.label in NAMES]
        exact = {(e.start, e.end, e.label) for e in pnames}
        spans = {(e.start, e.end): e.label for e in pnames}
        for e in gold:
            cls = name_class(e, own)
            if (e.start, e.end, e.label) in exact:
                how = "found"
            elif (e.start, e.end) in spans:
                how = "wrong label"
            elif any(p.label == e.label and p.start < e.end and e.start < p.end for p in pnames):
                how = "cut"
            else:
                how = "missed"
            outcome[cls][how] += 1
            inside = [p for p in pnames if p.label == e.label and e.start <= p.start and p.end <= e.end]
            if len(inside) >= 2:
                violations["gold name split into several spans"] += 1
        for p in pnames:
            if bad_edges(p.text):
                violations["span begins/ends with punctuation or ends with an opening bracket or quote"] += 1
        g = {(e.start, e.end, e.label) for e in gold}
        for lab in NAMES:
            gl = {x for x in g if x[2] == lab}
            pl = {x for x in exact if x[2] == lab}
            per_label[lab].update(tp=len(gl & pl), gold=len(gl), pred=len(pl))
    f1 = {}
    for lab, c in per_label.items():
        p = c["tp"] / c["pred"] if c["pred"] else 0.0
        rc = c["tp"] / c["gold"] if c["gold"] else 0.0
        f1[lab] = {"precision": p, "recall": rc, "f1": 2 * p * rc / (p + rc) if p + rc else 0.0, **c}
    tot = sum((c for c in per_label.values()), Counter())
    p, rc = tot["tp"] / max(tot["pred"], 1), tot["tp"] / max(tot["gold"], 1)
    f1["names"] = {"precision": p, "recall": rc, "f1": 2 * p * rc / (p + rc) if p + rc else 0.0, **tot}
    return {"classes": {k: dict(v) for k, v in outcome.items()}, "violations": dict(violations), "scores": f1}


def table(res: dict) -> str:
    order = ["own place", "geographic", "university/institute", "initiative", "other PLACE", "other INSTITUTION",
             "other PROJECT"]
    lines = ["| class | gold names | found | wrong label | cut | missed |", "|---|---|---|---|---|---|"]
    for cls in order:
        c = res["classes"].get(cls, {})
        n = sum(c.values())
        if n:
            lines.append(f"| {cls} | {n} | {c.get('found', 0) / n:.0%} | {c.get('wrong label', 0)} | {c.get('cut', 0)} "
                         f"| {c.get('missed', 0)} |")
    lines.append("")
    for what, n in sorted(res["violations"].items()):
        lines.append(f"- {what}: {n}")
    s = res["scores"]
    lines.append("- span F1: " + ", ".join(f"{k} {v['f1']:.3f} (P {v['precision']:.3f}, R {v['recall']:.3f})"
                                           for k, v in s.items()))
    return "\n".join(lines)


def load_places(folder: Path) -> dict[str, str]:
    return {e["report_id"]: e["place"] for e in load_manifest(folder).values()}


def from_cv(path: Path, reports: list[str] | None = None):
    """Gold records and predicted entities of a result file: a cross-validation result of annotator_cv.py
    (``predictions``) or of name_features.py (``entities``); ``reports`` keeps only those reports."""
    d = json.loads(path.read_text(encoding="utf-8"))
    if isinstance(d.get("entities"), list):  # name_features.py: held-out entities of every gold sentence, in file order
        records = [r for p in sorted((ROOT / "annotations").glob("*.jsonl")) for r in read_jsonl(p)]
        kept = [(r, ents) for r, ents in zip(records, d["entities"]) if not reports or r.report_id in reports]
        return [r for r, _ in kept], [[Entity(s, e, lab, r.text[s:e]) for s, e, lab in ents] for r, ents in kept]
    folds = set(d["folds"]) & set(reports or d["folds"])
    all_folds = set(d["folds"])
    records = [r for p in sorted((ROOT / "annotations").glob("*.jsonl")) for r in read_jsonl(p)
               if r.report_id in all_folds]
    preds = d["predictions"]
    assert len(records) == len(preds), f"{path}: {len(preds)} predictions for {len(records)} sentences of its folds"
    keep = [(r, p) for r, p in zip(records, preds) if p is not None and r.report_id in folds]
    return [r for r, _ in keep], [[Entity(s, e, lab, r.text[s:e]) for s, e, lab in p["entities"]] for r, p in keep]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("cv", nargs="?", help="a cross-validation result (benchmarks/results/cv-*.json)")
    ap.add_argument("--model", help="an annotator to run on --gold instead")
    ap.add_argument("--gold", default=str(ROOT / "annotations"), help="folder of gold files with a manifest.json")
    ap.add_argument("--reports", nargs="*", help="only these gold reports (e.g. the folds of another result)")
    ap.add_argument("--json", help="also write the result as JSON")
    args = ap.parse_args()
    places = {**load_places(ROOT / "annotations"), **load_places(Path(args.gold))}
    if args.model:
        from govreport_nlp.model.predict import load_annotator, predict_records

        records = [r for p in sorted(Path(args.gold).glob("*.jsonl")) for r in read_jsonl(p)]
        model, tok, mix = load_annotator(args.model)
        predicted = [p.entities for p in predict_records(model, tok, records, linear_mix=mix, progress=True)]
    else:
        records, predicted = from_cv(Path(args.cv), args.reports)
    res = analyse(records, predicted, places)
    print(table(res))
    if args.json:
        Path(args.json).write_text(json.dumps(res, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()

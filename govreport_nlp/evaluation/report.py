"""Scores as markdown tables: a summary row per system, per-class tables and confusion matrices."""

from __future__ import annotations


def summary_row(name: str, s: dict) -> str:
    st, dm, en = s.get("stype", {}), s.get("domain", {}), s.get("entities", {})

    def f(x):
        return f"{x:.3f}" if isinstance(x, float) else "–"

    per = [en.get(lab, {}).get("f1") for lab in ("PROJECT", "INSTITUTION", "PLACE", "METRIC")]
    return (f"| {name} | {f(st.get('accuracy'))} | {f(st.get('macro_f1'))} | {f(st.get('weighted_f1'))} | "
            f"{f(dm.get('accuracy'))} | {f(dm.get('macro_f1'))} | {f(dm.get('weighted_f1'))} | {f(dm.get('top3_accuracy'))} | "
            + " | ".join(f(x) for x in per) + f" | {f(en.get('micro', {}).get('f1'))} | {f(en.get('names', {}).get('f1'))} |")


SUMMARY_HEAD = ("| system | stype acc | stype macro-F1 | stype weighted-F1 | domain acc | domain macro-F1 | "
                "domain weighted-F1 | domain top-3 | PROJECT F1 | INSTITUTION F1 | PLACE F1 | METRIC F1 | entity micro-F1 | "
                "names micro-F1 |\n|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")


def per_class_table(task_scores: dict) -> str:
    rows = ["| class | precision | recall | F1 | support |", "|---|---|---|---|---|"]
    for lab, v in task_scores["per_class"].items():
        rows.append(f"| {lab} | {v['precision']:.3f} | {v['recall']:.3f} | {v['f1']:.3f} | {v['support']} |")
    return "\n".join(rows)


def confusion_table(task_scores: dict, short: int = 6) -> str:
    labels = task_scores["labels"]
    head = "| gold \\ predicted | " + " | ".join(lab[:short] for lab in labels) + " |"
    rows = [head, "|---" * (len(labels) + 1) + "|"]
    for lab, row in zip(labels, task_scores["confusion"]):
        rows.append(f"| {lab} | " + " | ".join(str(x) if x else "·" for x in row) + " |")
    return "\n".join(rows)


def entity_table(ent: dict) -> str:
    rows = ["| label | precision | recall | F1 | support |", "|---|---|---|---|---|"]
    for lab in ("PROJECT", "INSTITUTION", "PLACE", "METRIC", "micro", "names"):
        if lab in ent:
            v = ent[lab]
            rows.append(f"| {lab if lab != 'names' else 'names (micro)'} | {v['precision']:.3f} | {v['recall']:.3f} | {v['f1']:.3f} | {v['support']} |")
    return "\n".join(rows)


def full_report(name: str, s: dict) -> str:
    parts = [f"## {name}", SUMMARY_HEAD + "\n" + summary_row(name, s)]
    for task in ("stype", "domain"):
        if task in s:
            parts += [f"### {task}: per class", per_class_table(s[task]), f"### {task}: confusion", confusion_table(s[task])]
    if "entities" in s:
        parts += ["### entities (strict spans)", entity_table(s["entities"])]
    return "\n\n".join(parts)

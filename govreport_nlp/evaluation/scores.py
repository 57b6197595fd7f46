"""Scores: accuracy, macro/weighted F1, per-class tables, confusion matrices and top-k
accuracy for the sentence tasks (scikit-learn); strict span F1 per entity label
(seqeval, IOB2 over the sentence's characters)."""

from __future__ import annotations

from ..annotations.bio import spans_to_bio
from ..spec import NAME_LABELS


def classification_scores(gold: list[str], pred: list[str], labels: list[str] | None = None) -> dict:
    """``labels``: the classes to report, in order (default: those in ``gold``, sorted).
    Macro and weighted F1 average over these classes only, so a class that never
    occurs in the gold data does not drag the macro average to zero."""
    from sklearn.metrics import accuracy_score, confusion_matrix, f1_score, precision_recall_fscore_support

    labels = labels or sorted(set(gold))
    p, r, f, s = precision_recall_fscore_support(gold, pred, labels=labels, zero_division=0)
    return {
        "n": len(gold),
        "accuracy": float(accuracy_score(gold, pred)),
        "macro_f1": float(f1_score(gold, pred, labels=labels, average="macro", zero_division=0)),
        "weighted_f1": float(f1_score(gold, pred, labels=labels, average="weighted", zero_division=0)),
        "per_class": {lab: {"precision": float(p[i]), "recall": float(r[i]), "f1": float(f[i]), "support": int(s[i])}
                      for i, lab in enumerate(labels)},
        "labels": labels,
        "confusion": confusion_matrix(gold, pred, labels=labels).tolist(),
    }


def top_k_accuracy(gold: list[str], ranked: list[list[str]], k: int = 3) -> float:
    """Share of examples whose gold label is among the first ``k`` of its ranked predictions."""
    return sum(g in r[:k] for g, r in zip(gold, ranked)) / max(len(gold), 1)


def entity_scores(gold_records, pred_entities) -> dict:
    """Strict span P/R/F1 per label and micro average; ``pred_entities[i]`` are the
    predicted spans (with ``start``, ``end``, ``label``) of ``gold_records[i]``."""
    from seqeval.metrics import classification_report
    from seqeval.scheme import IOB2

    def report(keep=lambda label: True) -> dict:
        y_true = [spans_to_bio(len(r.text), [e for e in r.entities or [] if keep(e.label)]) for r in gold_records]
        y_pred = [spans_to_bio(len(r.text), [e for e in p if keep(e.label)])
                  for r, p in zip(gold_records, pred_entities)]
        return classification_report(y_true, y_pred, mode="strict", scheme=IOB2, output_dict=True, zero_division=0)

    def micro(rep: dict) -> dict:
        m = rep.get("micro avg", {"precision": 0.0, "recall": 0.0, "f1-score": 0.0, "support": 0})
        return {"precision": float(m["precision"]), "recall": float(m["recall"]), "f1": float(m["f1-score"]),
                "support": int(m["support"])}

    rep = report()
    out = {lab: {"precision": float(v["precision"]), "recall": float(v["recall"]), "f1": float(v["f1-score"]),
                 "support": int(v["support"])}
           for lab, v in rep.items() if not lab.endswith("avg")}
    out["micro"] = micro(rep)
    out["names"] = micro(report(lambda label: label in NAME_LABELS))  # PROJECT, INSTITUTION and PLACE together
    return out

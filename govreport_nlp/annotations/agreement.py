"""Agreement between two independent annotation passes over the same sentences.

Cohen's kappa (scikit-learn) for ``stype`` and ``domain``; strict span F1 per
entity label (a span counts only with the same start, end and label — the
seqeval convention), symmetric in the two passes.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from ..spec import ENTITY_LABELS


@dataclass
class Agreement:
    n_sentences: int
    kappa: dict[str, float]
    observed: dict[str, float]  # raw agreement rate per sentence task
    entity_f1: dict[str, float]  # per label and "micro"
    entity_counts: dict[str, tuple[int, int, int]]  # label → (in A, in B, in both)
    disagreements: dict[str, list] = field(default_factory=dict)  # task → [(key, a, b)]


def _key(r):
    return (r.report_id, r.sentence_id)


def compare(pass_a, pass_b) -> Agreement:
    """Compare the sentences annotated in both passes (matched by report and sentence id)."""
    from sklearn.metrics import cohen_kappa_score

    a = {_key(r): r for r in pass_a}
    b = {_key(r): r for r in pass_b}
    keys = sorted(set(a) & set(b))
    kappa, observed, dis = {}, {}, {}
    for task in ("stype", "domain"):
        pairs = [(k, getattr(a[k], task), getattr(b[k], task)) for k in keys
                 if getattr(a[k], task) is not None and getattr(b[k], task) is not None]
        ya, yb = [p[1] for p in pairs], [p[2] for p in pairs]
        kappa[task] = float(cohen_kappa_score(ya, yb)) if pairs else float("nan")
        observed[task] = sum(x == y for x, y in zip(ya, yb)) / len(pairs) if pairs else float("nan")
        dis[task] = [p for p in pairs if p[1] != p[2]]
    counts = {lab: [0, 0, 0] for lab in ENTITY_LABELS}
    dis["entities"] = []
    for k in keys:
        if a[k].entities is None or b[k].entities is None:
            continue
        sa = {(e.start, e.end, e.label) for e in a[k].entities}
        sb = {(e.start, e.end, e.label) for e in b[k].entities}
        for s in sa:
            counts[s[2]][0] += 1
        for s in sb:
            counts[s[2]][1] += 1
        for s in sa & sb:
            counts[s[2]][2] += 1
        if sa != sb:
            text = a[k].text
            dis["entities"].append((k, sorted((text[s:e], l) for s, e, l in sa - sb),
                                    sorted((text[s:e], l) for s, e, l in sb - sa)))
    f1 = {}
    total = Counter()
    for lab, (na, nb, both) in counts.items():
        f1[lab] = 2 * both / (na + nb) if na + nb else float("nan")
        total.update({"a": na, "b": nb, "both": both})
    f1["micro"] = 2 * total["both"] / (total["a"] + total["b"]) if total["a"] + total["b"] else float("nan")
    return Agreement(len(keys), kappa, observed, f1, {k: tuple(v) for k, v in counts.items()}, dis)

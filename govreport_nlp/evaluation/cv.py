"""Leave-one-report-out cross-validation: every sentence is predicted by a system
trained on the *other* reports only, so the scores say how the system does on a
report it has never seen.

A system is any object with ``fit(records)`` and ``predict(records) -> list[Prediction]``
(see :mod:`govreport_nlp.baselines` and :mod:`govreport_nlp.model.annotator_model`).
Tasks a gold record leaves unannotated (``None``) are not scored for it.
"""

from __future__ import annotations

from typing import Callable

from ..document import Prediction
from ..errors import Errors, GovReportError
from ..spec import DOMAINS, STYPES
from .scores import classification_scores, entity_scores, top_k_accuracy


def score(records, preds: list[Prediction]) -> dict:
    out = {}
    st = [(r.stype, p.stype) for r, p in zip(records, preds) if r.stype is not None]
    if st:
        out["stype"] = classification_scores([g for g, _ in st], [p for _, p in st],
                                             [s for s in STYPES if s in {g for g, _ in st}])
    dm = [(r.domain, p) for r, p in zip(records, preds) if r.domain is not None]
    if dm:
        gold = [g for g, _ in dm]
        out["domain"] = classification_scores(gold, [p.domain for _, p in dm], [d for d in DOMAINS if d in set(gold)])
        if all(p.domain_ranked for _, p in dm):
            out["domain"]["top3_accuracy"] = top_k_accuracy(gold, [p.domain_ranked for _, p in dm], 3)
    en = [(r, p.entities) for r, p in zip(records, preds) if r.entities is not None]
    if en:
        out["entities"] = entity_scores([r for r, _ in en], [p for _, p in en])
    return out


def leave_one_report_out(records, make_system: Callable[[], object], *, folds: list[str] | None = None,
                         groups: int | None = None, progress: bool = True) -> dict:
    """``{"pooled": scores over all held-out predictions, "folds": {report: scores}, "predictions": [...]}``
    (``predictions`` in the order of ``records``; ``None`` for reports outside ``folds``, the held-out
    reports to run, all by default; scores are pooled over the folds that ran).

    ``groups=K``: grouped K-fold instead, for systems too slow to train once per report: the sorted reports
    are dealt round-robin into K groups and each group is held out together (every report is still
    predicted by a system that never saw it; ``folds`` then picks the groups that hold those reports).
    ``folds`` in the result are still scored per report."""
    from tqdm.auto import tqdm

    all_reports = sorted({r.report_id for r in records})
    if len(all_reports) < 2:
        raise GovReportError(Errors.E035, reason="annotations of at least two reports")
    if groups is not None and not 2 <= groups <= len(all_reports):
        raise GovReportError(Errors.E035, reason=f"between 2 and {len(all_reports)} groups, not {groups}")
    reports = all_reports if folds is None else [r for r in all_reports if r in set(folds)]
    if folds is not None and len(reports) != len(set(folds)):
        unknown = sorted(set(folds) - set(all_reports))
        raise GovReportError(Errors.E035, reason=f"folds of the data; unknown fold(s): {unknown}")
    if groups is None:
        held_out = [[rid] for rid in reports]
    else:
        dealt = [all_reports[k::groups] for k in range(groups)]
        held_out = [g for g in dealt if set(g) & set(reports)]
    preds: dict[tuple, Prediction] = {}
    scores = {}
    for group in tqdm(held_out, desc="folds", disable=not progress):
        train = [r for r in records if r.report_id not in group]
        test = [r for r in records if r.report_id in group]
        system = make_system()
        system.fit(train)
        got = system.predict(test)
        for rid in group:
            scores[rid] = score(*zip(*[(r, p) for r, p in zip(test, got) if r.report_id == rid]))
        for r, p in zip(test, got):
            preds[(r.report_id, r.sentence_id)] = p
    ordered = [preds.get((r.report_id, r.sentence_id)) for r in records]
    ran = [(r, p) for r, p in zip(records, ordered) if p is not None]
    return {"pooled": score([r for r, _ in ran], [p for _, p in ran]), "folds": scores, "predictions": ordered}

"""The leave-one-report-out harness, its scores and the baselines, on real gold records."""

import pytest

from govreport_nlp.baselines import LinearSystem, RuleSystem
from govreport_nlp.evaluation import leave_one_report_out
from govreport_nlp.document import Prediction
from govreport_nlp.evaluation.cv import score

from .conftest import SHARED_DATA


@pytest.fixture(scope="module")
def three(gold):
    """60 gold sentences from each of three reports of different levels."""
    out = []
    for rid in ("hangzhou-2023", "hailar-2018", "national-2023"):
        out += [r for r in gold if r.report_id == rid][:60]
    return out


class Oracle:
    """Predicts the gold labels of the records it was *not* trained on; remembers what it saw."""

    seen: list = []

    def fit(self, records):
        Oracle.seen.append({r.report_id for r in records})
        return self

    def predict(self, records):
        return [Prediction(r.stype, r.domain, [r.domain], list(r.entities)) for r in records]


def test_every_fold_trains_without_its_report(three):
    Oracle.seen = []
    res = leave_one_report_out(three, Oracle, progress=False)
    assert sorted(res["folds"]) == ["hailar-2018", "hangzhou-2023", "national-2023"]
    for held_out, seen in zip(sorted(res["folds"]), Oracle.seen):
        assert held_out not in seen and len(seen) == 2
    p = res["pooled"]
    assert p["stype"]["macro_f1"] == 1.0 and p["domain"]["top3_accuracy"] == 1.0
    assert p["entities"]["micro"]["f1"] == 1.0 and p["entities"]["micro"]["support"] == sum(len(r.entities) for r in three)


def test_some_folds_only(three):
    res = leave_one_report_out(three, Oracle, folds=["hailar-2018"], progress=False)
    assert list(res["folds"]) == ["hailar-2018"]
    assert sum(p is not None for p in res["predictions"]) == 60
    assert res["pooled"]["stype"]["n"] == 60 and res["pooled"]["domain"]["n"] == 60
    with pytest.raises(ValueError, match="unknown fold"):
        leave_one_report_out(three, Oracle, folds=["nowhere-1999"], progress=False)


def test_grouped_folds_hold_reports_out_together(three):
    Oracle.seen = []
    res = leave_one_report_out(three, Oracle, groups=2, progress=False)
    # sorted reports dealt round-robin: {hailar-2018, national-2023} and {hangzhou-2023}
    assert Oracle.seen == [{"hangzhou-2023"}, {"hailar-2018", "national-2023"}]
    assert sorted(res["folds"]) == ["hailar-2018", "hangzhou-2023", "national-2023"]
    assert all(p is not None for p in res["predictions"]) and res["pooled"]["stype"]["n"] == 180
    assert res["folds"]["hailar-2018"]["stype"]["n"] == 60
    Oracle.seen = []
    leave_one_report_out(three, Oracle, groups=2, folds=["hangzhou-2023"], progress=False)
    assert Oracle.seen == [{"hailar-2018", "national-2023"}]
    with pytest.raises(ValueError, match="groups"):
        leave_one_report_out(three, Oracle, groups=4, progress=False)


def test_scores_count_a_shifted_span_as_wrong(three):
    r = next(r for r in three if any(e.label == "METRIC" for e in r.entities))
    e = next(e for e in r.entities if e.label == "METRIC")
    shifted = [type(e)(e.start + 1, e.end, e.label, r.text[e.start + 1:e.end])]
    s = score([r], [Prediction(r.stype, r.domain, [r.domain], shifted)])
    assert s["entities"]["micro"]["precision"] == 0.0 and s["entities"]["micro"]["recall"] < 1.0


@pytest.mark.skipif(not SHARED_DATA.is_dir(), reason="the rules' gazetteer reads the shared data")
def test_rules_and_linear_baselines_beat_chance_on_a_new_report(three):
    train = [r for r in three if r.report_id != "hangzhou-2023"]
    test = [r for r in three if r.report_id == "hangzhou-2023"]
    for system in (RuleSystem(SHARED_DATA), LinearSystem()):
        s = score(test, system.fit(train).predict(test))
        assert s["stype"]["accuracy"] > 0.5, type(system).__name__
        assert s["entities"]["METRIC"]["f1"] > 0.3, type(system).__name__


def test_linear_sentence_classifier_round_trips_without_pickle(gold, tmp_path):
    import numpy as np

    from govreport_nlp.baselines.linear import LinearSentenceClassifier

    train = [r for r in gold if r.report_id != "hangzhou-2023"][:1500]
    test = [r for r in gold if r.report_id == "hangzhou-2023"]
    clf = LinearSentenceClassifier("domain", "part").fit(train)
    clf.save(tmp_path / "lin")
    assert sorted(p.name for p in (tmp_path / "lin").iterdir()) == ["vocabulary.json", "weights.safetensors"]
    again = LinearSentenceClassifier.load(tmp_path / "lin")
    a, b = clf.predict_proba(test), again.predict_proba(test)
    assert again.classes == clf.classes and np.abs(a - b).max() < 1e-5
    assert (a.argmax(1) == b.argmax(1)).all()


def test_linear_tagger_keeps_only_weighted_columns_and_round_trips(gold, tmp_path):
    import numpy as np

    from govreport_nlp.baselines.linear import LinearTagger

    train = [r for r in gold if r.report_id == "national-2023"]
    tagger = LinearTagger().fit(train)
    tagger.save(tmp_path / "tagger")
    again = LinearTagger.load(tmp_path / "tagger")
    size = sum(p.stat().st_size for p in (tmp_path / "tagger").iterdir())
    kept = len(tagger.columns)
    assert kept < 0.1 * 2**20 and size < 0.1 * 9 * 2**20 * 4  # far less than the dense float32 matrix
    assert tagger.coef.shape == (9, kept)
    texts = [r.text for r in gold if r.report_id == "hangzhou-2023"][:50]
    for a, b, text in zip(tagger.predict_proba(texts), again.predict_proba(texts), texts):
        assert a.shape == (len(text), 9) and np.abs(a - b).max() < 1e-5 and np.allclose(a.sum(1), 1)
    assert tagger.tags(texts) == again.tags(texts)
    one_by_one = [tagger.predict_proba([t])[0] for t in texts[:5]]
    assert all(np.allclose(a, b) for a, b in zip(one_by_one, tagger.predict_proba(texts[:5])))


def test_names_are_scored_together_without_metrics(three):
    """Dropping every predicted METRIC lowers the all-entity recall but leaves the names' score whole."""
    preds = [Prediction(r.stype, r.domain, [r.domain], [e for e in r.entities if e.label != "METRIC"]) for r in three]
    s = score(three, preds)["entities"]
    n_names = sum(e.label in ("PROJECT", "INSTITUTION", "PLACE") for r in three for e in r.entities)
    assert s["names"]["f1"] == 1.0 and s["names"]["support"] == n_names > 0
    assert s["micro"]["recall"] < 1.0

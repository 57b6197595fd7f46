"""The annotator's linear models (scikit-learn), averaged with the BERT in the shipped annotator.

- ``stype`` and ``domain``: TF-IDF over character 1–3-grams of the sentence, with its part and
  innermost heading as context tokens, and a logistic regression per task (balanced class weights).
- entities: one SGD logistic-regression classifier over every character's BIO tag, with hashed
  features of a ±2 character window, the bigrams around it, character classes and whether the
  character is inside quotes; tags are decoded as the BERT's are, into valid BIO over whole words
  (``words=None``: argmax per character, read as seqeval reads tags).
"""

from __future__ import annotations

import unicodedata
import warnings

import numpy as np

from ..annotations.bio import BIO_TAGS, inside_words, spans_to_bio, viterbi_bio


def context_text(r, context: str = "part+heading") -> str:
    """The sentence with its context, as the models see it: ``[review] 一、2022年工作回顾 ｜ 全市生产总值…``."""
    if context == "none":
        return r.text
    head = f"[{r.part}]"
    if context == "part+heading" and r.heading_path:
        head += " " + r.heading_path[-1]
    return f"{head} ｜ {r.text}"


def _cls(ch: str) -> str:
    if ch.isdigit():
        return "D"
    if "\u4e00" <= ch <= "\u9fff":
        return "H"
    if ch.isascii() and ch.isalpha():
        return "L"
    return "P" if unicodedata.category(ch).startswith("P") else "O"


def char_features(text: str) -> list[list[str]]:
    pad = "^^" + text + "$$"
    quoted, feats = False, []
    for i, ch in enumerate(text):
        if ch == "“":
            quoted = True
        j = i + 2
        f = [f"c0={ch}", f"c-1={pad[j - 1]}", f"c+1={pad[j + 1]}", f"c-2={pad[j - 2]}", f"c+2={pad[j + 2]}",
             f"b-1={pad[j - 1]}{ch}", f"b+1={ch}{pad[j + 1]}", f"t={_cls(pad[j - 1])}{_cls(ch)}{_cls(pad[j + 1])}",
             f"q={quoted}"]
        if ch == "”":
            quoted = False
        feats.append(f)
    return feats


def _save_parts(out, meta_file: str, meta: dict, arrays: dict) -> None:
    """A portable model folder: ``meta_file`` (JSON) and ``weights.safetensors`` (no pickle)."""
    import json
    from pathlib import Path

    from safetensors.numpy import save_file

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    (out / meta_file).write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
    # C order: safetensors writes the raw buffer, and lbfgs leaves coef_ in Fortran order
    save_file({k: np.ascontiguousarray(v, np.float32 if v.dtype.kind == "f" else v.dtype) for k, v in arrays.items()},
              str(out / "weights.safetensors"))


def _load_parts(path, meta_file: str) -> tuple[dict, dict]:
    import json
    from pathlib import Path

    from safetensors.numpy import load_file

    meta = json.loads((Path(path) / meta_file).read_text(encoding="utf-8"))
    return meta, {k: v.astype(np.float64) if v.dtype.kind == "f" else v
                  for k, v in load_file(str(Path(path) / "weights.safetensors")).items()}


class LinearSentenceClassifier:
    """TF-IDF character 1–3-grams of the sentence with its context, and a logistic regression for one
    sentence task (balanced class weights).  :meth:`save` writes a portable folder (``vocabulary.json``
    and ``weights.safetensors``, no pickle) that :meth:`load` reads back."""

    def __init__(self, task: str, context: str = "part"):
        self.task, self.context = task, context

    def fit(self, records) -> "LinearSentenceClassifier":
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression

        rows = [r for r in records if getattr(r, self.task) is not None]
        self.vec = TfidfVectorizer(analyzer="char", ngram_range=(1, 3), min_df=2, sublinear_tf=True)
        X = self.vec.fit_transform([context_text(r, self.context) for r in rows])
        self.clf = LogisticRegression(C=10.0, max_iter=3000, class_weight="balanced")
        self.clf.fit(X, [getattr(r, self.task) for r in rows])
        return self

    @property
    def classes(self) -> list[str]:
        return [str(c) for c in self.clf.classes_]

    def predict_proba(self, records) -> np.ndarray:
        """``(len(records), len(self.classes))`` probabilities."""
        return self.clf.predict_proba(self.vec.transform([context_text(r, self.context) for r in records]))

    def save(self, out) -> None:
        vocab = sorted(self.vec.vocabulary_, key=self.vec.vocabulary_.get)
        meta = {"task": self.task, "context": self.context, "classes": self.classes, "vocabulary": vocab}
        _save_parts(out, "vocabulary.json", meta,
                    {"idf": self.vec.idf_, "coef": self.clf.coef_, "intercept": self.clf.intercept_})

    @classmethod
    def load(cls, path) -> "LinearSentenceClassifier":
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression

        meta, w = _load_parts(path, "vocabulary.json")
        self = cls(meta["task"], meta["context"])
        self.vec = TfidfVectorizer(analyzer="char", ngram_range=(1, 3), sublinear_tf=True,
                                   vocabulary={t: i for i, t in enumerate(meta["vocabulary"])})
        self.vec.idf_ = w["idf"]
        self.clf = LogisticRegression()
        self.clf.classes_ = np.array(meta["classes"])
        self.clf.coef_, self.clf.intercept_ = w["coef"], w["intercept"]
        return self


class LinearTagger:
    """A per-character BIO tagger: one SGD logistic regression over hashed character-window features
    (:func:`char_features`), keeping only the hashed columns that have weights; :meth:`save` writes a
    portable folder (no pickle)."""

    def __init__(self, seed: int = 0, n_features: int = 2 ** 20):
        self.seed, self.n_features = seed, n_features

    def _hasher(self):
        from sklearn.feature_extraction import FeatureHasher

        return FeatureHasher(n_features=self.n_features, input_type="string")

    def fit(self, records) -> "LinearTagger":
        from sklearn.exceptions import ConvergenceWarning
        from sklearn.linear_model import SGDClassifier

        rows = [r for r in records if r.entities is not None and r.text]
        feats = [f for r in rows for f in char_features(r.text)]
        tags = [t for r in rows for t in spans_to_bio(len(r.text), r.entities)]
        self.clf = SGDClassifier(loss="log_loss", alpha=1e-6, max_iter=30, tol=1e-4, random_state=self.seed)
        with warnings.catch_warnings():  # 30 epochs is the recipe, converged or not
            warnings.simplefilter("ignore", ConvergenceWarning)
            self.clf.fit(self._hasher().transform(feats), tags)
        self._keep(np.flatnonzero(np.any(self.clf.coef_ != 0, axis=0)))
        return self

    def _keep(self, columns: np.ndarray) -> None:
        """Keep only the hashed feature columns that have weights (a few % of 2**20): 9 x 2**20 dense weights
        would take 75 MB of memory, and scipy copies them at every prediction."""
        self.columns = columns
        if self.clf.coef_.shape[1] != len(columns):
            self.clf.coef_ = np.ascontiguousarray(self.clf.coef_[:, columns])
        self.clf.n_features_in_ = len(columns)

    def _features(self, feats):
        return self._hasher().transform(feats).tocsc()[:, self.columns].tocsr()

    def predict_proba(self, texts, tags=BIO_TAGS) -> list[np.ndarray]:
        """For each text, ``(len(text), len(tags))``: its characters' tag probabilities, columns in the order of
        ``tags``.  One call for many texts: the classifier's dense weights are touched once per call."""
        texts = list(texts)
        if not texts:
            return []
        feats = [f for t in texts for f in char_features(t)]
        out = np.zeros((len(feats), len(tags)))
        if feats:
            cols = [list(tags).index(str(t)) for t in self.clf.classes_]
            out[:, cols] = self.clf.predict_proba(self._features(feats))
        return np.split(out, np.cumsum([len(t) for t in texts])[:-1])

    def tags(self, texts, words="auto") -> list[list[str]]:
        """For each text, BIO tags decoded as the BERT's are (valid BIO on whole words of the ``words``
        segmenter), or the argmax per character with ``words=None``."""
        texts = list(texts)
        if words is None:
            return [[BIO_TAGS[k] for k in p.argmax(1)] for p in self.predict_proba(texts)]
        from ..reading.words import word_boundaries

        out = []
        for text, p, bounds in zip(texts, self.predict_proba(texts), word_boundaries(texts, words)):
            inside = inside_words(len(text), bounds)
            out.append(viterbi_bio(np.log(np.clip(p, 1e-12, None)), BIO_TAGS, inside))
        return out

    def save(self, out) -> None:
        meta = {"classes": [str(c) for c in self.clf.classes_], "n_features": self.n_features, "seed": self.seed}
        _save_parts(out, "tagger.json", meta, {"columns": self.columns.astype(np.int64), "coef": self.clf.coef_,
                                               "intercept": self.clf.intercept_})

    @classmethod
    def load(cls, path) -> "LinearTagger":
        from sklearn.linear_model import SGDClassifier

        meta, w = _load_parts(path, "tagger.json")
        self = cls(meta["seed"], meta["n_features"])
        self.clf = SGDClassifier(loss="log_loss")
        self.clf.classes_ = np.array(meta["classes"])
        self.clf.coef_, self.clf.intercept_ = w["coef"], w["intercept"]
        self._keep(w["columns"])
        return self

"""Linear baseline (scikit-learn).

- ``stype`` and ``domain``: TF-IDF over character 1–3-grams of the sentence, with its part and
  innermost heading as context tokens, and a logistic regression per task (balanced class weights).
- entities: one SGD logistic-regression classifier over every character's BIO tag, with hashed
  features of a ±2 character window, the bigrams around it, character classes and whether the
  character is inside quotes; tags are decoded into spans as seqeval reads them.
"""

from __future__ import annotations

import unicodedata

import numpy as np

from ..annotations.bio import bio_to_spans, spans_to_bio
from ..annotations.schema import Entity
from ..evaluation.cv import Prediction


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


class LinearSystem:
    name = "tfidf+linear"

    def __init__(self, context: str = "part+heading", seed: int = 0, entities: bool = True):
        self.context = context
        self.seed = seed
        self.entities = entities  # False: sentence tasks only (the entity classifier is the slow part)

    def fit(self, records):
        from sklearn.feature_extraction import FeatureHasher
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression, SGDClassifier

        self.vec = TfidfVectorizer(analyzer="char", ngram_range=(1, 3), min_df=2, sublinear_tf=True)
        X = self.vec.fit_transform([context_text(r, self.context) for r in records])
        self.clf = {}
        for task in ("stype", "domain"):
            idx = [i for i, r in enumerate(records) if getattr(r, task) is not None]
            y = [getattr(records[i], task) for i in idx]
            self.clf[task] = LogisticRegression(C=10.0, max_iter=3000, class_weight="balanced").fit(X[idx], y)
        if not self.entities:
            return self
        self.hasher = FeatureHasher(n_features=2 ** 20, input_type="string")
        ner = [r for r in records if r.entities is not None]
        feats = [f for r in ner for f in char_features(r.text)]
        tags = [t for r in ner for t in spans_to_bio(len(r.text), r.entities)]
        self.ner = SGDClassifier(loss="log_loss", alpha=1e-6, max_iter=30, tol=1e-4, random_state=self.seed)
        self.ner.fit(self.hasher.transform(feats), tags)
        return self

    def predict(self, records) -> list[Prediction]:
        X = self.vec.transform([context_text(r, self.context) for r in records])
        stype = self.clf["stype"].predict(X)
        proba = self.clf["domain"].predict_proba(X)
        classes = self.clf["domain"].classes_
        out = []
        for i, r in enumerate(records):
            ranked = [classes[k] for k in np.argsort(-proba[i])]
            tags = self.ner.predict(self.hasher.transform(char_features(r.text))) if r.text and self.entities else []
            ents = [Entity(s, e, lab, r.text[s:e]) for s, e, lab in bio_to_spans(list(tags))]
            out.append(Prediction(str(stype[i]), ranked[0], ranked, ents))
        return out


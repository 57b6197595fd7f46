"""Linear baseline: the annotator's linear models (:mod:`govreport_nlp.model.linear`) alone, in the
cross-validation harness of :mod:`govreport_nlp.evaluation`."""

from __future__ import annotations

import numpy as np

from ..annotations.bio import bio_to_spans
from ..document import Entity
from ..document import Prediction
from ..model.linear import LinearSentenceClassifier, LinearTagger


class LinearSystem:
    name = "tfidf+linear"

    def __init__(self, context: str = "part+heading", seed: int = 0, entities: bool = True, words="auto"):
        self.context = context
        self.seed = seed
        self.entities = entities  # False: sentence tasks only (the entity classifier is the slow part)
        self.words = words  # segmenter for word-constrained BIO decoding; None: argmax per character

    def fit(self, records):
        self.clf = {task: LinearSentenceClassifier(task, self.context).fit(records) for task in ("stype", "domain")}
        self.tagger = LinearTagger(self.seed).fit(records) if self.entities else None
        return self

    def predict(self, records) -> list[Prediction]:
        st = self.clf["stype"]
        stype = np.array(st.classes)[st.predict_proba(records).argmax(1)]
        proba = self.clf["domain"].predict_proba(records)
        classes = self.clf["domain"].classes
        tags = self.tagger.tags([r.text for r in records], self.words) if self.tagger else [[] for _ in records]
        out = []
        for i, r in enumerate(records):
            ranked = [classes[k] for k in np.argsort(-proba[i])]
            ents = [Entity(s, e, lab, r.text[s:e]) for s, e, lab in bio_to_spans(tags[i])]
            out.append(Prediction(str(stype[i]), ranked[0], ranked, ents))
        return out

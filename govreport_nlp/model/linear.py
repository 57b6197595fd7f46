"""The annotator's linear models (trained with scikit-learn and python-crfsuite), averaged with the BERT in the annotator.

- ``stype`` and ``domain``: TF-IDF over character 1–3-grams of the sentence, with its part and
  innermost heading as context tokens, and a logistic regression per task (balanced class weights).
- entities, :class:`LinearTagger`: one SGD logistic-regression classifier over every character's BIO tag, with
  hashed features of a ±2 character window, the bigrams around it, character classes and whether the
  character is inside quotes (and optionally the name lists and a news-NER head: :func:`tagger_features`); tags
  are decoded as the BERT's are, into valid BIO over whole words (``words=None``: argmax per character, read as
  seqeval reads tags).
- entities, :class:`CrfTagger`: a linear-chain CRF over the same features (the default of new annotators).
"""

from __future__ import annotations

import re
import unicodedata
import warnings
from typing import Iterator
from pathlib import Path

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


def char_features(text: str, lexicon=None) -> list[list[str]]:
    """Each character's features: a ±2 window, the bigrams around it, character classes, whether it is inside
    quotes, and with a :class:`~govreport_nlp.model.lexicon.Lexicon` the names that cover it."""
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
    if lexicon is not None:
        for f, lx in zip(feats, lexicon.features(text)):
            f += lx
    return feats


def tagger_features(texts: list[str], lexicon: str | None = None, news=None) -> list[list[list[str]]]:
    """For each text, each character's features: the window features (:func:`char_features`), the shipped name
    lists' with ``lexicon`` (:mod:`.lexicon`), and the tags of the ``news`` head (a :class:`LinearTagger` trained on
    news NER corpora, :mod:`.news_ner`) around it."""
    from .lexicon import default_lexicon

    lists = default_lexicon() if lexicon else None
    feats = [char_features(t, lists) for t in texts]
    if news is not None:
        for f, tags in zip(feats, news.argmax_tags(texts)):
            pad = ["^", *tags, "$"]
            for i, fi in enumerate(f):
                fi += [f"nw={pad[i + 1]}", f"nw-1={pad[i]}", f"nw+1={pad[i + 2]}",
                       f"nwc={pad[i]}|{pad[i + 1]}|{pad[i + 2]}"]
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


# Prediction from the saved weights.  The linear models are trained with scikit-learn, and predict with its
# formulas applied to their weights in numpy (tests check the probabilities against scikit-learn's own to 1e-9): a
# new process then need not import scikit-learn, a large part of its start-up (docs/scale.md, "Fast start").

_WHITE_SPACES = re.compile(r"\s\s+")


def char_ngram_tfidf(texts, vocabulary: dict[str, int], idf: np.ndarray, n_max: int = 3) -> tuple:
    """CSR parts ``(indptr, indices, data)`` of scikit-learn's ``TfidfVectorizer(analyzer="char",
    ngram_range=(1, n_max), sublinear_tf=True)`` with a fixed ``vocabulary`` and ``idf``: lower-cased text, runs of
    whitespace as one space, 1 + log of each n-gram's count, times its idf, each row scaled to unit length."""
    from collections import Counter

    indptr, indices, data = [0], [], []
    for text in texts:
        t = _WHITE_SPACES.sub(" ", text.lower())
        counts = Counter(t[i:i + n] for n in range(1, n_max + 1) for i in range(len(t) - n + 1))
        row = sorted((vocabulary[g], c) for g, c in counts.items() if g in vocabulary)
        cols = np.array([j for j, _ in row], dtype=np.int64)
        vals = (np.log(np.array([c for _, c in row], dtype=np.float64)) + 1.0) * idf[cols]
        norm = np.sqrt(vals @ vals)
        indices.append(cols)
        data.append(vals / norm if norm > 0 else vals)
        indptr.append(indptr[-1] + len(cols))
    if not indices:
        return np.array(indptr), np.zeros(0, dtype=np.int64), np.zeros(0)
    return np.array(indptr), np.concatenate(indices), np.concatenate(data)


def sparse_scores(csr: tuple, coef: np.ndarray, intercept: np.ndarray) -> np.ndarray:
    """``X @ coef.T + intercept`` for ``X`` given as CSR parts (``(n_rows, n_classes)``)."""
    indptr, indices, data = csr
    out = np.tile(intercept, (len(indptr) - 1, 1)).astype(np.float64)
    if len(indices):
        contrib = coef.T[indices] * data[:, None]
        rows = np.repeat(np.arange(len(indptr) - 1), np.diff(indptr))
        np.add.at(out, rows, contrib)
    return out


def softmax(scores: np.ndarray) -> np.ndarray:
    e = np.exp(scores - scores.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def ovr_proba(scores: np.ndarray) -> np.ndarray:
    """scikit-learn's one-vs-rest probabilities of a linear classifier (``_predict_proba_lr``): the logistic of each
    class's score, rows normalized; two classes: ``[1 - p, p]`` of the single score."""
    p = 1.0 / (1.0 + np.exp(-scores))
    if p.shape[1] == 1:
        return np.hstack([1 - p, p])
    total = p.sum(axis=1, keepdims=True)
    return np.where(total > 0, p / np.where(total > 0, total, 1), 1.0 / p.shape[1])


def hashed_features(rows: list[list[str]], n_features: int) -> tuple:
    """CSR parts of scikit-learn's ``FeatureHasher(n_features, input_type="string")`` (signed 32-bit MurmurHash3 of
    each UTF-8 feature, seed 0, index ``|h| mod n_features``, sign of ``h`` as the value; ``mmh3`` computes the
    same hash as scikit-learn's ``murmurhash3_32``)."""
    import mmh3

    indptr, indices, data = [0], [], []
    for feats in rows:
        for f in feats:
            h = mmh3.hash(f.encode("utf-8"), 0, signed=True)
            indices.append((2147483647 - (n_features - 1)) % n_features if h == -2147483648 else abs(h) % n_features)
            data.append(1.0 if h >= 0 else -1.0)
        indptr.append(len(indices))
    return np.array(indptr), np.array(indices, dtype=np.int64), np.array(data)


class LinearSentenceClassifier:
    """TF-IDF character 1–3-grams of the sentence with its context, and a logistic regression for one
    sentence task (balanced class weights), trained with scikit-learn.  :meth:`save` writes a portable folder
    (``vocabulary.json`` and ``weights.safetensors``, no pickle) that :meth:`load` reads back;
    :meth:`to_sklearn` gives the fitted scikit-learn objects of the weights."""

    def __init__(self, task: str, context: str = "part"):
        self.task, self.context = task, context

    def fit(self, records) -> "LinearSentenceClassifier":
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression

        rows = [r for r in records if getattr(r, self.task) is not None]
        vec = TfidfVectorizer(analyzer="char", ngram_range=(1, 3), min_df=2, sublinear_tf=True)
        X = vec.fit_transform([context_text(r, self.context) for r in rows])
        clf = LogisticRegression(C=10.0, max_iter=3000, class_weight="balanced")
        clf.fit(X, [getattr(r, self.task) for r in rows])
        self._set(sorted(vec.vocabulary_, key=vec.vocabulary_.get), vec.idf_, [str(c) for c in clf.classes_],
                  clf.coef_, clf.intercept_)
        return self

    def _set(self, vocabulary: list[str], idf, classes: list[str], coef, intercept) -> None:
        self.vocabulary = {t: i for i, t in enumerate(vocabulary)}
        self.idf, self.coef, self.intercept = np.asarray(idf), np.asarray(coef), np.asarray(intercept)
        self.classes = list(classes)

    def predict_proba(self, records) -> np.ndarray:
        """``(len(records), len(self.classes))`` probabilities (as scikit-learn's ``predict_proba``: softmax of the
        scores, or the logistic of one score with two classes)."""
        X = char_ngram_tfidf([context_text(r, self.context) for r in records], self.vocabulary, self.idf)
        scores = sparse_scores(X, self.coef, self.intercept)
        return ovr_proba(scores) if len(self.classes) <= 2 else softmax(scores)

    def to_sklearn(self) -> tuple:
        """``(TfidfVectorizer, LogisticRegression)`` carrying these weights (``clf.predict_proba(vec.transform(
        texts))`` gives :meth:`predict_proba`'s probabilities)."""
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression

        vec = TfidfVectorizer(analyzer="char", ngram_range=(1, 3), sublinear_tf=True, vocabulary=self.vocabulary)
        vec.idf_ = self.idf
        clf = LogisticRegression()
        clf.classes_ = np.array(self.classes)
        clf.coef_, clf.intercept_ = self.coef, self.intercept
        return vec, clf

    def save(self, out) -> None:
        vocab = sorted(self.vocabulary, key=self.vocabulary.get)
        meta = {"task": self.task, "context": self.context, "classes": self.classes, "vocabulary": vocab}
        _save_parts(out, "vocabulary.json", meta, {"idf": self.idf, "coef": self.coef, "intercept": self.intercept})

    @classmethod
    def load(cls, path) -> "LinearSentenceClassifier":
        meta, w = _load_parts(path, "vocabulary.json")
        self = cls(meta["task"], meta["context"])
        self._set(meta["vocabulary"], w["idf"], meta["classes"], w["coef"], w["intercept"])
        return self


class LinearTagger:
    """A per-character BIO tagger: one SGD logistic regression (scikit-learn) over hashed character-window features
    (:func:`char_features`), keeping only the hashed columns that have weights; :meth:`save` writes a portable
    folder (no pickle)."""

    def __init__(self, seed: int = 0, n_features: int = 2 ** 20, lexicon: str | None = None,
                 news: "LinearTagger | None" = None):
        self.seed, self.n_features, self.lexicon, self.news = seed, n_features, lexicon, news

    def _all_features(self, texts: list[str]) -> list[list[str]]:
        return [x for f in tagger_features(texts, self.lexicon, self.news) for x in f]

    def argmax_tags(self, texts) -> list[list[str]]:
        """For each text, every character's likeliest tag of this tagger's own label set (its training labels)."""
        texts = list(texts)
        if not texts:
            return []
        scores = self._scores(self._all_features(texts))
        best = (scores[:, 0] > 0).astype(int) if scores.shape[1] == 1 else scores.argmax(axis=1)
        tags = self.classes[best]
        return [list(map(str, t)) for t in np.split(tags, np.cumsum([len(t) for t in texts])[:-1])]

    def fit(self, records) -> "LinearTagger":
        from sklearn.exceptions import ConvergenceWarning
        from sklearn.feature_extraction import FeatureHasher
        from sklearn.linear_model import SGDClassifier

        rows = [r for r in records if r.entities is not None and r.text]
        feats = self._all_features([r.text for r in rows])
        tags = [t for r in rows for t in spans_to_bio(len(r.text), r.entities)]
        clf = SGDClassifier(loss="log_loss", alpha=1e-6, max_iter=30, tol=1e-4, random_state=self.seed)
        with warnings.catch_warnings():  # 30 epochs is the recipe, converged or not
            warnings.simplefilter("ignore", ConvergenceWarning)
            clf.fit(FeatureHasher(n_features=self.n_features, input_type="string").transform(feats), tags)
        columns = np.flatnonzero(np.any(clf.coef_ != 0, axis=0))
        self._set([str(c) for c in clf.classes_], clf.coef_[:, columns], clf.intercept_, columns)
        return self

    def _set(self, classes: list[str], coef, intercept, columns) -> None:
        """Keep only the hashed feature columns that have weights (a few % of 2**20: 9 x 2**20 dense weights would
        take 75 MB of memory); ``coef`` has one column per kept column."""
        self.classes = np.array(classes)
        self.coef, self.intercept = np.ascontiguousarray(coef), np.asarray(intercept)
        self.columns = np.asarray(columns, dtype=np.int64)

    def _scores(self, feats: list[list[str]]) -> np.ndarray:
        """Each character's class scores (``decision_function``) from its feature strings."""
        indptr, indices, data = hashed_features(feats, self.n_features)
        pos = np.searchsorted(self.columns, indices)  # a hashed column's place among the kept ones
        kept = (pos < len(self.columns)) & (self.columns[np.minimum(pos, len(self.columns) - 1)] == indices)
        rows = np.repeat(np.arange(len(indptr) - 1), np.diff(indptr))[kept]
        kept_indptr = np.searchsorted(rows, np.arange(len(indptr)))  # rows are sorted: where each one starts
        return sparse_scores((kept_indptr, pos[kept], data[kept]), self.coef, self.intercept)

    def predict_proba(self, texts, tags=BIO_TAGS) -> list[np.ndarray]:
        """For each text, ``(len(text), len(tags))``: its characters' tag probabilities (scikit-learn's one-vs-rest
        probabilities of the SGD classifier), columns in the order of ``tags``."""
        texts = list(texts)
        if not texts:
            return []
        feats = self._all_features(texts)
        out = np.zeros((len(feats), len(tags)))
        if feats:
            cols = [list(tags).index(str(t)) for t in self.classes]
            out[:, cols] = ovr_proba(self._scores(feats))
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

    def to_sklearn(self, feats: list[list[str]]) -> tuple:
        """``(SGDClassifier, X)``: a classifier carrying these weights and the kept columns of ``feats`` hashed by
        scikit-learn's ``FeatureHasher`` (``clf.predict_proba(X)`` gives :meth:`predict_proba`'s probabilities)."""
        from sklearn.feature_extraction import FeatureHasher
        from sklearn.linear_model import SGDClassifier

        clf = SGDClassifier(loss="log_loss")
        clf.classes_ = self.classes
        clf.coef_, clf.intercept_ = self.coef, self.intercept
        X = FeatureHasher(n_features=self.n_features, input_type="string").transform(feats)
        return clf, X.tocsc()[:, self.columns].tocsr()

    def save(self, out) -> None:
        meta = {"classes": [str(c) for c in self.classes], "n_features": self.n_features, "seed": self.seed,
                "lexicon": self.lexicon, "news": self.news is not None}
        if self.news is not None:
            self.news.save(Path(out) / "news")
        _save_parts(out, "tagger.json", meta, {"columns": self.columns, "coef": self.coef, "intercept": self.intercept})

    @classmethod
    def load(cls, path) -> "LinearTagger":
        meta, w = _load_parts(path, "tagger.json")
        news = cls.load(Path(path) / "news") if meta.get("news") else None
        self = cls(meta["seed"], meta["n_features"], meta.get("lexicon"), news)
        self._set(meta["classes"], w["coef"], w["intercept"], w["columns"])
        return self


class CrfTagger:
    """A linear-chain CRF over the character tagger's features (python-crfsuite; L-BFGS with L1 and L2 penalties):
    the tags of a sentence are decoded together, so spans come out whole.  Same interface as
    :class:`LinearTagger`: :meth:`predict_proba` gives each character's tag marginals (what the annotator averages
    with the BERT's probabilities), :meth:`tags` the best tag sequence.  :meth:`save` writes ``crf.json`` and
    crfsuite's own model file (no pickle).  Leave-one-report-out it raised names F1 from 0.52 to 0.65 over the
    per-character tagger (docs/evaluation.md)."""

    MODEL_FILE = "model.crfsuite"
    #: the annotator lets a CRF that decides entities alone decode whole sentences (its Viterbi path)
    decodes_sentences = True

    #: the labels whose gold names make the tagger's own name lists (``gold_names``), and the longest name kept
    NAME_LABELS = ("PROJECT", "INSTITUTION", "PLACE")
    MAX_NAME_CHARS = 20

    def __init__(self, lexicon: str | None = None, news: "LinearTagger | None" = None, c1: float = 0.05,
                 c2: float = 0.01, iterations: int = 100, gold_names: bool = False):
        self.lexicon, self.news, self.c1, self.c2, self.iterations = lexicon, news, c1, c2, iterations
        self.gold_names = gold_names
        #: with ``gold_names``: the names of the training records, one list per label (a :class:`Lexicon`)
        self.names = None
        self.tagger = None

    @classmethod
    def name_lists(cls, records, leave_out: str | None = None) -> dict[str, set[str]]:
        """The names (2 to :attr:`MAX_NAME_CHARS` characters) of ``records``' entities, one set per label, leaving out
        the records of report ``leave_out``."""
        lists: dict[str, set[str]] = {f"g{lab}": set() for lab in cls.NAME_LABELS}
        for r in records:
            if r.report_id == leave_out:
                continue
            for e in r.entities or []:
                if e.label in cls.NAME_LABELS and 2 <= len(e.text) <= cls.MAX_NAME_CHARS:
                    lists[f"g{e.label}"].add(e.text)
        return lists

    #: texts whose features are built at once (features are strings, ~40 a character: built for a whole chunk of
    #: the annotator's sentences they took hundreds of MB)
    FEATURE_BATCH = 64

    def _sentence_features(self, texts, names=None) -> Iterator[list[list[str]]]:
        """Each text's features, built :attr:`FEATURE_BATCH` texts at a time; ``names`` (default: the tagger's own
        :attr:`names`) adds the gold-name lists'."""
        texts = list(texts)
        names = names if names is not None else self.names
        for a in range(0, len(texts), self.FEATURE_BATCH):
            batch = texts[a:a + self.FEATURE_BATCH]
            for text, feats in zip(batch, tagger_features(batch, self.lexicon, self.news)):
                if names is not None:
                    for f, g in zip(feats, names.features(text)):
                        f += g
                yield feats

    def fit(self, records, path=None) -> "CrfTagger":
        """Train on ``records`` (those with entities); the model file goes to ``path`` (default: a temporary
        folder) and is opened from there."""
        import shutil
        import tempfile
        import weakref

        import pycrfsuite

        from .lexicon import Lexicon

        rows = [r for r in records if r.entities is not None and r.text]
        trainer = pycrfsuite.Trainer(verbose=False)
        if self.gold_names:  # each report's sentences see the names of the other reports only, as new text will
            self.names = Lexicon(self.name_lists(rows))
            groups = {}
            for r in rows:
                groups.setdefault(r.report_id, []).append(r)
            batches = [(group, Lexicon(self.name_lists(rows, leave_out=rid))) for rid, group in groups.items()]
        else:
            batches = [(rows, None)]
        for group, names in batches:
            for r, feats in zip(group, self._sentence_features([r.text for r in group], names)):
                trainer.append(feats, spans_to_bio(len(r.text), r.entities))
        trainer.set_params({"c1": self.c1, "c2": self.c2, "max_iterations": self.iterations})
        folder = Path(path) if path else Path(tempfile.mkdtemp(prefix="govreport-crf-"))
        folder.mkdir(parents=True, exist_ok=True)
        if not path:  # a temporary model file lives as long as this tagger
            weakref.finalize(self, shutil.rmtree, folder, True)
        trainer.train(str(folder / self.MODEL_FILE))
        return self._open(folder)

    def _open(self, folder: Path) -> "CrfTagger":
        import pycrfsuite

        self.folder = folder
        self.tagger = pycrfsuite.Tagger()
        self.tagger.open(str(folder / self.MODEL_FILE))
        return self

    def decode(self, texts, tags=BIO_TAGS) -> tuple[list[np.ndarray], list[list[str]]]:
        """For each text, each character's marginal probability of each tag (``(len(text), len(tags))``) and the
        best tag sequence, from one pass over the features."""
        texts = list(texts)
        known = set(self.tagger.labels())
        probas, paths = [], []
        for text, feats in zip(texts, self._sentence_features(texts)):
            p = np.zeros((len(text), len(tags)))
            path = []
            if text:
                self.tagger.set(feats)
                for j, t in enumerate(tags):
                    if t in known:
                        p[:, j] = [self.tagger.marginal(t, i) for i in range(len(text))]
                path = self.tagger.tag()
            probas.append(p)
            paths.append(path)
        return probas, paths

    def predict_proba(self, texts, tags=BIO_TAGS) -> list[np.ndarray]:
        """For each text, ``(len(text), len(tags))``: each character's marginal probability of each tag."""
        return self.decode(texts, tags)[0]

    def tags(self, texts, words="auto") -> list[list[str]]:
        """For each text, the CRF's best tag sequence (``words`` is ignored: the CRF decodes whole sentences)."""
        texts = list(texts)
        return [self.tagger.tag(f) if t else [] for t, f in zip(texts, self._sentence_features(texts))]

    def save(self, out) -> None:
        import json
        import shutil

        out = Path(out)
        out.mkdir(parents=True, exist_ok=True)
        if (self.folder / self.MODEL_FILE).resolve() != (out / self.MODEL_FILE).resolve():
            shutil.copyfile(self.folder / self.MODEL_FILE, out / self.MODEL_FILE)
        meta = {"kind": "crf", "lexicon": self.lexicon, "news": self.news is not None, "c1": self.c1, "c2": self.c2,
                "iterations": self.iterations, "gold_names": self.gold_names}
        (out / "crf.json").write_text(json.dumps(meta), encoding="utf-8")
        if self.names is not None:
            lists = {kind: sorted(words) for kind, words in self.names.lists.items()}
            (out / "names.json").write_text(json.dumps(lists, ensure_ascii=False, indent=0), encoding="utf-8")
        if self.news is not None:
            self.news.save(out / "news")

    @classmethod
    def load(cls, path) -> "CrfTagger":
        import json

        path = Path(path)
        meta = json.loads((path / "crf.json").read_text(encoding="utf-8"))
        news = LinearTagger.load(path / "news") if meta.get("news") else None
        self = cls(meta["lexicon"], news, meta["c1"], meta["c2"], meta["iterations"], meta.get("gold_names", False))
        if (path / "names.json").is_file():
            from .lexicon import Lexicon

            lists = json.loads((path / "names.json").read_text(encoding="utf-8"))
            self.names = Lexicon({kind: set(words) for kind, words in lists.items()})
        return self._open(path)


def load_tagger(path):
    """The character tagger saved in ``path``: a :class:`CrfTagger` (``crf.json``) or a :class:`LinearTagger`."""
    return (CrfTagger if (Path(path) / "crf.json").is_file() else LinearTagger).load(path)

"""The annotator's linear models (scikit-learn, python-crfsuite), averaged with the BERT in the annotator.

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
        tags = self.clf.predict(self._features(self._all_features(texts)))
        return [list(map(str, t)) for t in np.split(tags, np.cumsum([len(t) for t in texts])[:-1])]

    def _hasher(self):
        from sklearn.feature_extraction import FeatureHasher

        return FeatureHasher(n_features=self.n_features, input_type="string")

    def fit(self, records) -> "LinearTagger":
        from sklearn.exceptions import ConvergenceWarning
        from sklearn.linear_model import SGDClassifier

        rows = [r for r in records if r.entities is not None and r.text]
        feats = self._all_features([r.text for r in rows])
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
        feats = self._all_features(texts)
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
        meta = {"classes": [str(c) for c in self.clf.classes_], "n_features": self.n_features, "seed": self.seed,
                "lexicon": self.lexicon, "news": self.news is not None}
        if self.news is not None:
            self.news.save(Path(out) / "news")
        _save_parts(out, "tagger.json", meta, {"columns": self.columns.astype(np.int64), "coef": self.clf.coef_,
                                               "intercept": self.clf.intercept_})

    @classmethod
    def load(cls, path) -> "LinearTagger":
        from sklearn.linear_model import SGDClassifier

        meta, w = _load_parts(path, "tagger.json")
        news = cls.load(Path(path) / "news") if meta.get("news") else None
        self = cls(meta["seed"], meta["n_features"], meta.get("lexicon"), news)
        self.clf = SGDClassifier(loss="log_loss")
        self.clf.classes_ = np.array(meta["classes"])
        self.clf.coef_, self.clf.intercept_ = w["coef"], w["intercept"]
        self._keep(w["columns"])
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

"""Train a pkuseg word-segmentation model with ``spacy_pkuseg``'s own trainer, and score segmenters.

Training data: the *training* splits of the segmentation corpora in a data folder
(CTB6, SXU, UD Chinese GSD, Weibo Treebank, ZhuXian); the CTB6 dev split is the
trainer's per-iteration check.  Full-width digits and Latin letters are folded to
ASCII first (one character for one, so word boundaries are unchanged), as the
library's normalization does to every report.

Scoring: word precision/recall/F1 over character spans, the standard SIGHAN measure.
"""

from __future__ import annotations

import contextlib
import io
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from ..reading.normalize import _WIDTH


@dataclass
class SegmenterTrainConfig:
    corpus: str = field(default="../shared/data", metadata={"help": "data folder with cws/ corpora"})
    out: str = field(default="models/pkuseg", metadata={"help": "model directory to write"})
    work: str = field(default="work/pkuseg", metadata={"help": "training files and trainer scratch"})
    iters: int = field(default=10, metadata={"help": "training iterations"})
    feature_trim: int = field(default=2, metadata={"help": "drop features seen at most this often"})

TRAIN_SPLITS = {
    "ctb6": "cws/ctb6/ctb6.train.seg",
    "sxu": "cws/sxu/train.txt",
    "ud": "cws/ud_chinese/train.conll",
    "wtb": "cws/wtb/train.conll",
    "zhuxian": "cws/zhuxian/train.zhuxian.wordpos",
}
DEV_SPLIT = "cws/ctb6/ctb6.dev.seg"
TEST_SETS = {
    "CTB6 test": "cws/ctb6/ctb6.test.seg",
    "PKU test (SIGHAN 2005 gold)": "cws/sighan2005/pku_test_gold.utf8",
    "UD Chinese GSD test": "cws/ud_chinese/test.conll",
}


def fold(s: str) -> str:
    return s.translate(_WIDTH)


def read_segmented(path: Path) -> list[list[str]]:
    """Sentences as word lists from ``.seg``/SIGHAN (space separated), CoNLL(-U) or word_POS files."""
    path = Path(path)
    text = path.read_text(encoding="utf-8")
    sents: list[list[str]] = []
    if path.suffix == ".conll":
        cur: list[str] = []
        for line in text.splitlines():
            if not line.strip():
                if cur:
                    sents.append(cur)
                    cur = []
            elif not line.startswith("#"):
                cols = line.split("\t")
                if cols[0].isdigit():
                    cur.append(cols[1])
        if cur:
            sents.append(cur)
    elif path.suffix == ".wordpos":
        for line in text.splitlines():
            words = [tok.rsplit("_", 1)[0] for tok in line.split()]
            if words:
                sents.append(words)
    else:
        for line in text.splitlines():
            words = line.split()
            if words:
                sents.append(words)
    return [[fold(w) for w in s] for s in sents]


def write_training_files(data_dir, work: Path) -> tuple[Path, Path, dict]:
    work.mkdir(parents=True, exist_ok=True)
    counts = {}
    train = work / "pkuseg-train.txt"
    with open(train, "w", encoding="utf-8") as fh:
        for name, rel in TRAIN_SPLITS.items():
            path = Path(data_dir) / rel
            if not path.is_file():
                continue
            sents = read_segmented(path)
            counts[name] = {"sentences": len(sents), "words": sum(map(len, sents))}
            fh.writelines(" ".join(s) + "\n" for s in sents)
    dev = work / "pkuseg-dev.txt"
    dev.write_text("".join(" ".join(s) + "\n" for s in read_segmented(Path(data_dir) / DEV_SPLIT)),
                   encoding="utf-8")
    return train, dev, counts


def train_pkuseg(data_dir, out_dir, *, iters: int = 10, feature_trim: int = 2, work=None) -> dict:
    """Train and save a model directory (``features.msgpack``, ``weights.npz``) to ``out_dir``."""
    import spacy_pkuseg

    work = Path(work or tempfile.mkdtemp(prefix="pkuseg-"))
    train, dev, counts = write_training_files(data_dir, work)
    spacy_pkuseg.config.featureTrim = feature_trim
    t = time.time()
    log = io.StringIO()
    tmp_out = work / "model"
    with contextlib.redirect_stdout(log):
        spacy_pkuseg.train(str(train), str(dev), str(tmp_out), train_iter=iters)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    shutil.copy(tmp_out / "features.msgpack", out_dir / "features.msgpack")
    import numpy as np

    with np.load(tmp_out / "weights.npz") as w:  # same arrays, compressed (17 MB -> 14 MB)
        np.savez_compressed(out_dir / "weights.npz", **{k: w[k] for k in w.files})
    return {"training_data": counts, "iterations": iters, "feature_trim": feature_trim,
            "seconds": round(time.time() - t), "trainer_log": log.getvalue().splitlines()[-(iters + 3):]}


# ------------------------------------------------------------------ scoring

def _spans(words: Iterable[str]) -> set[tuple[int, int]]:
    out, pos = set(), 0
    for w in words:
        out.add((pos, pos + len(w)))
        pos += len(w)
    return out


@dataclass
class Score:
    precision: float
    recall: float
    f1: float
    sentences: int
    words: int


def word_f1(gold: list[list[str]], predicted: list[list[str]]) -> Score:
    tp = n_gold = n_pred = 0
    for g, p in zip(gold, predicted, strict=True):
        if "".join(g) != "".join(p):
            raise ValueError(f"segmentation changed the text: {''.join(g)!r} vs {''.join(p)!r}")
        gs, ps = _spans(g), _spans(p)
        tp += len(gs & ps)
        n_gold += len(gs)
        n_pred += len(ps)
    prec, rec = tp / max(n_pred, 1), tp / max(n_gold, 1)
    return Score(prec, rec, 2 * prec * rec / max(prec + rec, 1e-12), len(gold), n_gold)


def segmenters(model_dir: Path | None, user_dict: Path | None = None,
               user_words: dict[str, list[str]] | None = None) -> dict[str, Callable[[str], list[str]]]:
    """The segmenters compared in the benchmark, each a function text -> words.

    ``user_dict`` is a file for spacy-pkuseg's own loader (which always adds its default
    dictionary); ``user_words`` names word lists used *alone*, the way spaCy's
    ``ChineseTokenizer.pkuseg_update_user_dict`` installs them (forced words, no default dictionary).
    """
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    out: dict[str, Callable[[str], list[str]]] = {
        "jieba": lambda s: [w for w in jieba.cut(s, HMM=True) if w.strip()],
        "character": lambda s: [c for c in s if c.strip()],
    }
    if model_dir is not None:
        import spacy_pkuseg

        plain = spacy_pkuseg.pkuseg(str(model_dir), user_dict=None)
        out["pkuseg (here)"] = lambda s, m=plain: [w for w in m.cut(s) if w.strip()]
        default = spacy_pkuseg.pkuseg(str(model_dir), user_dict="default")
        out["pkuseg (here) + pkuseg default dictionary"] = lambda s, m=default: [w for w in m.cut(s) if w.strip()]
        if user_dict is not None:
            withdict = spacy_pkuseg.pkuseg(str(model_dir), user_dict=str(user_dict))
            out["pkuseg (here) + report glossary dictionary"] = lambda s, m=withdict: [w for w in m.cut(s) if w.strip()]
        for name, words in (user_words or {}).items():
            seg = spacy_pkuseg.pkuseg(str(model_dir), user_dict=None)
            seg.preprocesser = spacy_pkuseg.Preprocesser(None)
            for w in words:
                seg.preprocesser.insert(w, "")
            out[f"pkuseg (here) + {name}"] = lambda s, m=seg: [w for w in m.cut(s) if w.strip()]
    return out


def entity_names(records, labels=("PROJECT", "INSTITUTION", "PLACE")) -> list[str]:
    """Names tagged in gold annotation records (2–12 characters, no punctuation inside), for a user dictionary."""
    import unicodedata

    names = set()
    for r in records:
        for e in r.entities or []:
            if e.label in labels and 2 <= len(e.text) <= 12 and not any(
                    unicodedata.category(c).startswith("P") for c in e.text):
                names.add(e.text)
    return sorted(names)


def glossary_terms(reports) -> list[str]:
    """Terms of the 名词解释 appendices, without quotation marks, for a user dictionary."""
    terms = set()
    for report in reports:
        for g in report.glossary:
            for part in g.term.replace("“", " ").replace("”", " ").split():
                if 2 <= len(part) <= 12:
                    terms.add(part)
    return sorted(terms)

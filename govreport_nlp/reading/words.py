"""Words: spaCy's Chinese tokenizer, with pkuseg when a model is available.

pkuseg's downloadable models cannot be fetched here, so the segmenter is chosen
offline, in this order:

1. ``pkuseg`` with a model directory given as ``pkuseg_model=``, in the
   ``GOVREPORT_PKUSEG_MODEL`` environment variable, or shipped by the project
   as ``pkuseg`` (a directory with ``features.msgpack``, found as :mod:`govreport_nlp.shipped` says);
2. ``jieba`` (bundled dictionary, no network);
3. ``char`` (one token per character).

A fallback is reported once per process in a ``govreport_nlp`` log message.
"""

from __future__ import annotations

import logging
import os
from functools import lru_cache
from pathlib import Path

from tqdm.auto import tqdm

from ..document import Report, Token, register_tokenizer
from ..errors import Errors, GovReportError
from ..shipped import find_model

logger = logging.getLogger("govreport_nlp")

SEGMENTERS = ("auto", "pkuseg", "jieba", "char")
#: the name of the shipped pkuseg model
PKUSEG_MODEL = "pkuseg"
_warned: set[str] = set()


def find_pkuseg_model(explicit: str | os.PathLike | None = None) -> Path | None:
    for candidate in (explicit, os.environ.get("GOVREPORT_PKUSEG_MODEL")):
        if candidate and (Path(candidate) / "features.msgpack").is_file():
            return Path(candidate)
    if explicit:
        raise GovReportError(Errors.E024, where=f"in {explicit}")
    return find_model(PKUSEG_MODEL, kind="pkuseg")


def _fallback_once(message: str) -> None:
    if message not in _warned:
        _warned.add(message)
        logger.warning(message)


@lru_cache(maxsize=4)
def _load(segmenter: str, model: str | None):
    import spacy

    if segmenter == "jieba":
        import jieba

        jieba.setLogLevel(logging.WARNING)  # before spaCy warms jieba up, or it logs to stderr
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": segmenter}}})
    if segmenter == "pkuseg":
        import spacy_pkuseg

        nlp.tokenizer.initialize(pkuseg_model=model, pkuseg_user_dict="default")
        # no dictionary: spacy-pkuseg's default dictionary, and one of report glossary terms,
        # both lowered word F1 on CTB6, UD and report sentences (docs/models.md)
        nlp.tokenizer.pkuseg_seg = spacy_pkuseg.pkuseg(model, user_dict=None)
        post = nlp.tokenizer.pkuseg_seg.postprocesser
        if not post.do_process:  # unused then, but spaCy's to_disk reads them and pkuseg leaves them unset
            post.common_words, post.other_words = set(), set()
    return nlp


def get_nlp(segmenter: str = "auto", pkuseg_model: str | os.PathLike | None = None):
    """A blank spaCy ``zh`` pipeline whose tokenizer uses the chosen segmenter."""
    if segmenter not in SEGMENTERS:
        raise GovReportError(Errors.E033, what="segmenter", choices=", ".join(SEGMENTERS), value=segmenter)
    if segmenter in ("auto", "pkuseg"):
        model = find_pkuseg_model(pkuseg_model)
        if model is not None:
            return _load("pkuseg", str(model))
        if segmenter == "pkuseg":
            raise GovReportError(Errors.E024, where="found: pass pkuseg_model=DIR or set GOVREPORT_PKUSEG_MODEL "
                                 "(pkuseg's downloadable models cannot be fetched offline)")
        try:
            import jieba  # noqa: F401
        except ImportError:
            _fallback_once("no pkuseg model found and jieba is not installed; "
                           "segmenting words character by character")
            return _load("char", None)
        _fallback_once("no pkuseg model found (see govreport_nlp.reading.words); "
                       "segmenting words with jieba, offline")
        return _load("jieba", None)
    return _load(segmenter, None)


def _as_nlp(segmenter):
    """A name from SEGMENTERS (or ``None``: auto) as its pipeline; a spaCy ``Language`` as it is."""
    return get_nlp(segmenter or "auto") if segmenter is None or isinstance(segmenter, str) else segmenter


def tokenize_report(report: Report, segmenter="auto", progress: bool = False) -> None:
    """Fill ``sentence.tokens``; ``segmenter`` is a name from SEGMENTERS or a spaCy ``Language``."""
    nlp = _as_nlp(segmenter)
    raw_index = report.offsets.raw_index
    for sent in tqdm(report.sentences, desc="words", unit="sent", disable=not progress):
        doc = nlp.make_doc(sent.text)
        tokens = []
        for tok in doc:
            if tok.is_space:
                continue
            start = sent.start + tok.idx
            end = start + len(tok.text)
            tokens.append(Token(tok.text, start, end, int(raw_index[start]), int(raw_index[end - 1]) + 1))
        sent.tokens = tokens


register_tokenizer(tokenize_report)


def word_boundaries(texts, segmenter="auto") -> list[set[int]]:
    """For each text, the character positions where a word starts or ends (0 and ``len(text)`` included).

    With ``"jieba"`` the words come from jieba itself, as spaCy's jieba tokenizer would cut them (the same
    boundaries: a test compares them on every sentence of the sample report), without importing spaCy (2.5 s of
    a new process's start)."""
    if segmenter == "jieba":
        return [_jieba_boundaries(text) for text in texts]
    nlp = _as_nlp(segmenter)
    out = []
    for text in texts:
        b = {0, len(text)}
        for tok in nlp.make_doc(text):
            b.update((tok.idx, tok.idx + len(tok.text)))
        out.append(b)
    return out


def _jieba_boundaries(text: str) -> set[int]:
    """Word boundaries of jieba's cut (``cut_all=False``, as spaCy calls it), with whitespace treated as spaCy's
    ``get_words_and_spaces`` does: whitespace words are dropped, one plain space after a word is that word's
    trailing space, and the rest of the gap up to the next word is a token of its own."""
    b, at, gap_from = {0, len(text)}, 0, None
    for word in _jieba().cut(text, cut_all=False):
        if word and not word.isspace():
            if gap_from is not None and gap_from < at:
                b.add(gap_from)
            b.update((at, at + len(word)))
            gap_from = at + len(word) + (text[at + len(word):at + len(word) + 1] == " ")
        at += len(word)
    if gap_from is not None and gap_from < len(text):
        b.add(gap_from)
    return b


@lru_cache(maxsize=1)
def _jieba():
    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    return jieba

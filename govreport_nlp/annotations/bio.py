"""Character-level BIO tags ↔ entity spans (one tag per character of the sentence)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..spec import ENTITY_LABELS

if TYPE_CHECKING:  # numpy is imported where it is used
    import numpy as np

#: tag names in a fixed order: O, then B-/I- for each label of the spec
BIO_TAGS: tuple[str, ...] = ("O",) + tuple(f"{p}-{lab}" for lab in ENTITY_LABELS for p in ("B", "I"))


def spans_to_bio(length: int, spans) -> list[str]:
    """``spans``: objects with ``start``, ``end``, ``label`` (non-overlapping)."""
    tags = ["O"] * length
    for e in spans:
        tags[e.start] = f"B-{e.label}"
        for i in range(e.start + 1, e.end):
            tags[i] = f"I-{e.label}"
    return tags


def bio_to_spans(tags) -> list[tuple[int, int, str]]:
    """``[(start, end, label)]``; an ``I-`` without a matching ``B-`` opens a span (as seqeval does)."""
    out, start, label = [], None, None
    for i, t in enumerate(list(tags) + ["O"]):
        if t == "O" or t.startswith("B-") or (t.startswith("I-") and t[2:] != label):
            if start is not None:
                out.append((start, i, label))
            start, label = (i, t[2:]) if t != "O" else (None, None)
    return out


def allowed_transitions(tags) -> "np.ndarray":
    """``allowed[i, j]``: tag ``j`` may follow tag ``i`` in IOB2 (``I-X`` only after ``B-X`` or ``I-X``)."""
    import numpy as np

    allowed = np.ones((len(tags), len(tags)), dtype=bool)
    for j, t in enumerate(tags):
        if t.startswith("I-"):
            allowed[:, j] = [s in (f"B-{t[2:]}", t) for s in tags]
    return allowed


def viterbi_bio(log_probs, tags, inside=None) -> list[str]:
    """The most probable tag sequence that is valid IOB2 (no ``I-X`` after ``O`` or another label, none
    first), from per-position log-probabilities ``(n, len(tags))`` — constrained decoding without a CRF:
    argmax per position leaves stray ``I-`` tags that strict span scoring counts as errors.

    ``inside[i]`` true says position ``i`` continues a word that began before it (see
    :func:`inside_words`): there a span can neither start nor end, so the tag carries on the previous
    one (``O`` after ``O``, ``I-X`` after ``B-X``/``I-X``) and every span covers whole words."""
    import numpy as np

    lp = np.asarray(log_probs, dtype=float)
    if len(lp) == 0:
        return []
    penalty = np.where(allowed_transitions(tags), 0.0, -np.inf)
    within = np.where(_continuations(tags), 0.0, -np.inf)
    start_ok = np.array([0.0 if not t.startswith("I-") else -np.inf for t in tags])
    score = lp[0] + start_ok
    back = np.zeros((len(lp), len(tags)), dtype=int)
    for i in range(1, len(lp)):
        cand = score[:, None] + (within if inside is not None and inside[i] else penalty)  # previous x next
        back[i] = cand.argmax(0)
        score = cand.max(0) + lp[i]
    best = [int(score.argmax())]
    for i in range(len(lp) - 1, 0, -1):
        best.append(int(back[i][best[-1]]))
    return [tags[k] for k in reversed(best)]


def _continuations(tags) -> "np.ndarray":
    """``ok[i, j]``: tag ``j`` continues tag ``i`` inside one word (``O``→``O``, ``B-X``/``I-X``→``I-X``)."""
    import numpy as np

    ok = np.zeros((len(tags), len(tags)), dtype=bool)
    for i, s in enumerate(tags):
        for j, t in enumerate(tags):
            ok[i, j] = (s == t == "O") or (s != "O" and t == f"I-{s[2:]}")
    return ok


def inside_words(length: int, boundaries) -> list[bool]:
    """For each of ``length`` characters, whether it continues a word, given the set of word ``boundaries``
    (character positions where a word starts or ends)."""
    return [i not in boundaries for i in range(length)]

"""BIO tags of the gold corpus, and constrained decoding of a model's tag probabilities."""

import numpy as np

from govreport_nlp.annotations.bio import BIO_TAGS, allowed_transitions, bio_to_spans, spans_to_bio, viterbi_bio


def test_gold_spans_survive_tags(hz_gold):
    for r in hz_gold:
        back = bio_to_spans(spans_to_bio(len(r.text), r.entities))
        assert back == [(e.start, e.end, e.label) for e in sorted(r.entities, key=lambda e: e.start)]


def probs_from(tags, sure=0.9):
    """Log-probabilities that put ``sure`` on each given tag and spread the rest."""
    lp = np.full((len(tags), len(BIO_TAGS)), (1 - sure) / (len(BIO_TAGS) - 1))
    for i, t in enumerate(tags):
        lp[i, BIO_TAGS.index(t)] = sure
    return np.log(lp)


def test_valid_gold_tags_decode_to_themselves(hz_gold):
    r = hz_gold[8]  # 全市生产总值18753亿元、增长1.5%… (nine METRIC spans)
    tags = spans_to_bio(len(r.text), r.entities)
    assert viterbi_bio(probs_from(tags), BIO_TAGS) == tags


def test_stray_inside_tags_are_repaired():
    text = "城乡居民收入比缩小至1.71"
    argmax = ["O"] * 10 + ["I-METRIC"] * 4  # what a per-token argmax left: no B- before the I-
    lp = probs_from(argmax, sure=0.6)
    lp[10, BIO_TAGS.index("B-METRIC")] = np.log(0.3)  # B- is the runner-up at the span's first character
    tags = viterbi_bio(lp, BIO_TAGS)
    assert bio_to_spans(tags) == [(10, 14, "METRIC")] and text[10:14] == "1.71"
    assert tags[0] != "I-METRIC" and viterbi_bio(probs_from(["I-PLACE"]), BIO_TAGS) != ["I-PLACE"]


def test_transitions_follow_iob2():
    ok = allowed_transitions(BIO_TAGS)
    i = BIO_TAGS.index
    assert ok[i("B-PLACE"), i("I-PLACE")] and ok[i("I-PLACE"), i("I-PLACE")] and ok[i("O"), i("B-PLACE")]
    assert not ok[i("O"), i("I-PLACE")] and not ok[i("B-PROJECT"), i("I-PLACE")]
    assert ok[i("I-PROJECT"), i("B-PLACE")] and ok[i("I-PROJECT"), i("O")]


def test_word_constraint_keeps_spans_on_whole_words(hz_gold):
    from govreport_nlp.annotations.bio import inside_words
    from govreport_nlp.reading.words import word_boundaries

    checked = 0
    for r in hz_gold:
        bounds = word_boundaries([r.text])[0]
        inside = inside_words(len(r.text), bounds)
        gold = spans_to_bio(len(r.text), r.entities)
        if not r.entities or not all(e.start in bounds and e.end in bounds for e in r.entities):
            continue
        # gold spans on word boundaries survive the constraint
        assert viterbi_bio(probs_from(gold), BIO_TAGS, inside) == gold
        # a model that drops the last character of a multi-character word: the span comes back whole
        e = next((e for e in r.entities if e.end - e.start >= 2 and e.end - 1 not in bounds), None)
        if e is None:
            continue
        cut = list(gold)
        cut[e.end - 1] = "O"
        lp = probs_from(cut, sure=0.6)
        lp[e.end - 1, BIO_TAGS.index(f"I-{e.label}")] = np.log(0.35)
        assert (e.start, e.end, e.label) in bio_to_spans(viterbi_bio(lp, BIO_TAGS, inside))
        assert (e.start, e.end - 1, e.label) in bio_to_spans(viterbi_bio(lp, BIO_TAGS))  # without it: cut
        checked += 1
    assert checked >= 20

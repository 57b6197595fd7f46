"""The character tagger's names, leave-one-report-out over the gold corpus, with and without the name lists
(govreport_nlp.model.lexicon) and with and without place names carried across a report (a place found in one sentence
tagged where it recurs, on whole jieba words, as the annotator does).

    python benchmarks/name_features.py --configs base lexicon lexicon-news [--folds ...]
    python benchmarks/name_features.py --table        # the comparison table of docs/evaluation.md, from the results
    python benchmarks/name_features.py --configs crf-lexicon-news --results benchmarks/results/corpus20

Writes benchmarks/results/names-<config>.json (scores, error classes, held-out entities) and prints, per config,
the error-class table of benchmarks/name_errors.py.  Only the tagger is trained (entities), decoded on jieba's
words like the shipped annotator.
"""

from __future__ import annotations

import argparse
import functools
import json
import time
from pathlib import Path

import numpy as np

from name_errors import analyse, load_places, table

from govreport_nlp.annotations import read_jsonl
from govreport_nlp.annotations.bio import BIO_TAGS, bio_to_spans, inside_words, viterbi_bio
from govreport_nlp.document import Entity
from govreport_nlp.model.linear import CrfTagger, LinearTagger
from govreport_nlp.model.predict import carry_names
from govreport_nlp.reading.words import word_boundaries

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"
CONFIGS = {"base": {"lexicon": None}, "lexicon": {"lexicon": "places"}, "lexicon-news": {"lexicon": "places"},
           "crf-lexicon": {"lexicon": "places"}, "crf-lexicon-marginals": {"lexicon": "places"},
           "crf-lexicon-news": {"lexicon": "places"}, "crf-lexicon-news-words": {"lexicon": "places"},
           "crf-lexicon-news-names": {"lexicon": "places", "gold_names": True},
           "crf-lexicon-news-names-words": {"lexicon": "places", "gold_names": True}}
DATA = ROOT.parent / "shared" / "data"


def crf_marginal_tags(crf: CrfTagger, texts: list[str]) -> list[list[str]]:
    """The CRF's per-character marginals decoded as the annotator decodes probabilities (valid BIO on whole jieba
    words): what the CRF gives when it is averaged with the BERT."""
    out = []
    for text, p, bounds in zip(texts, crf.predict_proba(texts), word_boundaries(texts, "jieba")):
        out.append(viterbi_bio(np.log(np.clip(p, 1e-12, None)), BIO_TAGS, inside_words(len(text), bounds))
                   if text else [])
    return out


class WordCrfTagger(CrfTagger):
    """The CRF with each character's position in its jieba word (B/M/E/S) and the word itself as features too
    (an experiment, not in the library)."""

    def _sentence_features(self, texts, names=None):
        texts = list(texts)
        feats = super()._sentence_features(texts, names)
        for f, text, bounds in zip(feats, texts, word_boundaries(list(texts), "jieba")):
            cuts = sorted(bounds)
            for a, b in zip(cuts, cuts[1:]):
                word = text[a:b]
                for i in range(a, b):
                    pos = "S" if b - a == 1 else "B" if i == a else "E" if i == b - 1 else "M"
                    f[i] += [f"wp={pos}", f"w={word}", f"wp{pos}={text[i]}"]
            yield f


@functools.lru_cache(maxsize=1)
def news_head():
    """The news-NER head (govreport_nlp.model.news_ner), trained once per run on the public corpora (no gold
    report) and shared by the configurations."""
    from govreport_nlp.model.news_ner import news_corpus

    t = time.time()
    head = LinearTagger(0).fit(news_corpus(DATA))
    print(f"  news head: {time.time() - t:.0f} s", flush=True)
    return head


def run(records, config: str, folds: list[str]) -> list[list[Entity] | None]:
    preds: dict[int, list[Entity]] = {}
    extra = {"news": news_head()} if "-news" in config else {}
    for rid in folds:
        t = time.time()
        train = [r for r in records if r.report_id != rid]
        test = [(i, r) for i, r in enumerate(records) if r.report_id == rid]
        texts = [r.text for _, r in test]
        if config.startswith("crf"):
            tagger = (WordCrfTagger if config.endswith("-words") else CrfTagger)(**CONFIGS[config], **extra).fit(train)
            tags = crf_marginal_tags(tagger, texts) if config.endswith("-marginals") else tagger.tags(texts)
        else:
            tags = LinearTagger(0, **CONFIGS[config], **extra).fit(train).tags(texts, "jieba")
        for (i, r), tg in zip(test, tags):
            preds[i] = [Entity(s, e, lab, r.text[s:e]) for s, e, lab in bio_to_spans(tg)]
        print(f"  {config} {rid}: {time.time() - t:.0f} s", flush=True)
    return [preds.get(i) for i in range(len(records))]


def print_table() -> None:
    classes = ["own place", "geographic", "university/institute", "initiative"]
    print("| tagger | PROJECT F1 | INSTITUTION F1 | PLACE F1 | names F1 (P / R) | "
          + " | ".join(f"{c} found" for c in classes) + " |")
    print("|---|---|---|---|---|" + "---|" * len(classes))
    for config in CONFIGS:
        for name in (config, config + "-carried"):
            path = RESULTS / f"names-{name}.json"
            if not path.is_file():
                continue
            d = json.loads(path.read_text(encoding="utf-8"))
            s = d["scores"]
            found = [d["classes"].get(c, {}) for c in classes]
            print(f"| {name} | {s['PROJECT']['f1']:.3f} | {s['INSTITUTION']['f1']:.3f} | {s['PLACE']['f1']:.3f} | "
                  f"{s['names']['f1']:.3f} ({s['names']['precision']:.3f} / {s['names']['recall']:.3f}) | "
                  + " | ".join(f"{c.get('found', 0) / max(sum(c.values()), 1):.0%}" for c in found) + " |")


def main():
    global RESULTS
    ap = argparse.ArgumentParser()
    ap.add_argument("--configs", nargs="+", default=list(CONFIGS), choices=list(CONFIGS))
    ap.add_argument("--folds", nargs="*")
    ap.add_argument("--table", action="store_true", help="only print the table of the saved results")
    ap.add_argument("--results", default=str(RESULTS), help="where names-<config>.json go (default: "
                    "benchmarks/results, the 16-report corpus; benchmarks/results/corpus20 for the 20-report one)")
    args = ap.parse_args()
    RESULTS = Path(args.results)
    RESULTS.mkdir(parents=True, exist_ok=True)
    if args.table:
        return print_table()
    records = [r for p in sorted((ROOT / "annotations").glob("*.jsonl")) for r in read_jsonl(p)]
    folds = args.folds or sorted({r.report_id for r in records})
    places = load_places(ROOT / "annotations")
    for config in args.configs:
        predicted = run(records, config, folds)
        kept = [(r, p) for r, p in zip(records, predicted) if p is not None]
        recs = [r for r, _ in kept]
        bounds = word_boundaries([r.text for r in recs], "jieba")
        for carried in (False, True):  # carried: place names tagged where they recur in the report
            preds = [p for _, p in kept]
            if carried:
                preds = carry_names(recs, preds, bounds)
            res = analyse(recs, preds, places)
            name = config + ("-carried" if carried else "")
            print(f"\n### {name} ({len(folds)} folds)\n\n" + table(res))
            out = {"config": name, "folds": folds, **res,
                   "entities": [[[e.start, e.end, e.label] for e in p] for p in preds]}
            (RESULTS / f"names-{name}.json").write_text(json.dumps(out, ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    main()

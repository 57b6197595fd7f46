"""General-text sanity check of the annotator's names: recall of the news corpora's LOC as PLACE and ORG as
INSTITUTION, on the MSRA test split and the People's Daily test split (evaluation only: nothing trains on them).

    python benchmarks/general_ner.py [--model models/govreport-annotator] [--limit N]
    python benchmarks/general_ner.py --tagger base lexicon lexicon-news   # the character tagger alone, trained on
                                                                          # every gold report, with each recipe

A gold LOC counts as found when a predicted PLACE has exactly its span (ORG: INSTITUTION); also printed: the share
found with any name label, and the share overlapped by a name of the right label.  The label sets differ (a news
ORG is often a company, which the spec has no label for; LOC covers more than places), so these are recalls of
names a reader would expect, not F1 against the spec.
"""

from __future__ import annotations

import argparse
from collections import Counter
from functools import partial
from pathlib import Path

from govreport_nlp.annotations.bio import bio_to_spans
from govreport_nlp.annotations.schema import Record
from govreport_nlp.document import Entity

ROOT = Path(__file__).resolve().parent.parent
NER = ROOT.parent / "shared" / "data" / "ner"
SPLITS = {"MSRA test": NER / "msra" / "msra_test_bio.txt",
          "People's Daily test": NER / "peoples_daily" / "example.test"}
WANTED = {"LOC": "PLACE", "ORG": "INSTITUTION"}


def read_bio(path: Path) -> list[tuple[str, list[tuple[int, int, str]]]]:
    out, chars, tags = [], [], []
    for line in path.read_text(encoding="utf-8").splitlines() + [""]:
        parts = line.split()
        if len(parts) >= 2:
            chars.append(parts[0])
            tags.append(parts[1])
        elif chars:
            out.append(("".join(chars), bio_to_spans(tags)))
            chars, tags = [], []
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--model", default="govreport-annotator")
    ap.add_argument("--limit", type=int, default=0, help="only the first N sentences of each split")
    ap.add_argument("--tagger", nargs="*", help="evaluate the character tagger alone with these recipes "
                    "(benchmarks/name_features.py's configs), trained on annotations/*.jsonl")
    args = ap.parse_args()
    print("| system | split | gold | exact, right label | exact, any name label | overlapped, right label |")
    print("|---|---|---|---|---|---|")
    for system, predict in systems(args):
        for name, path in SPLITS.items():
            sents = read_bio(path)[: args.limit or None]
            records = [Record(f"news-{i}", i, text, 0, len(text), "text", "text")  # each sentence a report of its own
                       for i, (text, _) in enumerate(sents)]
            score(system, name, sents, predict(records))


def systems(args):
    """``(name, records -> entity lists)`` for the shipped annotator or each tagger recipe."""
    if not args.tagger:
        from govreport_nlp.model.predict import load_annotator, predict_records
        from govreport_nlp.shipped import find_annotator

        model, tok, mix = load_annotator(find_annotator(args.model))
        yield args.model, lambda recs: [p.entities for p in predict_records(model, tok, recs, linear_mix=mix)]
        return
    from name_features import CONFIGS, news_head

    from govreport_nlp.annotations import read_jsonl
    from govreport_nlp.model.linear import CrfTagger, LinearTagger

    gold = [r for p in sorted((ROOT / "annotations").glob("*.jsonl")) for r in read_jsonl(p)]
    for config in args.tagger:
        extra = {"news": news_head()} if config.endswith("-news") else {}
        crf = config.startswith("crf")
        tagger = (CrfTagger if crf else partial(LinearTagger, 0))(**CONFIGS[config], **extra).fit(gold)

        def predict(recs, tagger=tagger):
            return [[Entity(s, e, lab, r.text[s:e]) for s, e, lab in bio_to_spans(t)]
                    for r, t in zip(recs, tagger.tags([r.text for r in recs], "jieba"))]

        yield f"tagger {config}", predict


def score(system, name, sents, preds) -> None:
    for gold_label, ours in WANTED.items():
        c = Counter()
        for (text, gold), ents in zip(sents, preds):
            spans = {(e.start, e.end): e.label for e in ents if e.label != "METRIC"}
            for s, e, lab in gold:
                if lab != gold_label:
                    continue
                c["gold"] += 1
                c["exact"] += spans.get((s, e)) == ours
                c["any"] += (s, e) in spans
                c["overlap"] += any(ps < e and s < pe and pl == ours for (ps, pe), pl in spans.items())
        n = max(c["gold"], 1)
        print(f"| {system} | {name} {gold_label}→{ours} | {c['gold']} | {c['exact'] / n:.1%} | {c['any'] / n:.1%} "
              f"| {c['overlap'] / n:.1%} |", flush=True)


if __name__ == "__main__":
    main()

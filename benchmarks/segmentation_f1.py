"""Word-segmentation F1: the project's pkuseg model against jieba and one-character-per-word.

    python benchmarks/segmentation_f1.py [--model models/pkuseg] [--data ../shared/data]

Test sets: CTB6 test, the SIGHAN 2005 PKU test gold, UD Chinese GSD test (traditional
characters), and the 40 hand-segmented report sentences in annotations/segmentation/. None of
them was used in training (pkuseg trains on the training splits only; the CTB6 dev split is
its per-iteration check). Full-width digits and letters are folded first, as the library does.

The pkuseg model is scored without a dictionary, with spacy-pkuseg's default post-processing
dictionary, with the glossary terms (名词解释) of the non-reserved reports through spacy-pkuseg's
loader (which adds the default dictionary), and with word lists used alone the way spaCy's
``pkuseg_update_user_dict`` installs them: the glossary terms; the PROJECT / INSTITUTION / PLACE
names of the gold corpus (annotations/, leaving out Hangzhou, the source of the report sentences);
and both. Prints a markdown table.
"""

import argparse
import tempfile
from pathlib import Path

import govreport_nlp as gr
from govreport_nlp.annotations import read_jsonl
from govreport_nlp.reading.corpora import iter_reports
from govreport_nlp.model.segmenter import TEST_SETS, entity_names, fold, glossary_terms, read_segmented, segmenters, word_f1

ROOT = Path(__file__).resolve().parent.parent


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", default=str(ROOT / "models" / "pkuseg"))
    ap.add_argument("--data", default=str(ROOT.parent / "shared" / "data"))
    args = ap.parse_args()
    sets = {name: read_segmented(Path(args.data) / rel) for name, rel in TEST_SETS.items()}
    sample = ROOT / "annotations" / "segmentation" / "report-sample.tsv"
    sets["report sentences (hand-segmented)"] = [
        [fold(w) for w in line.split("\t")[1].split()] for line in sample.read_text(encoding="utf-8").splitlines()
    ]
    reports = [gr.read(cr.text) for cr in iter_reports(args.data)]
    reports.append(gr.read(ROOT / "corpus" / "hangzhou-2023.txt"))
    terms = glossary_terms(reports)
    with tempfile.NamedTemporaryFile("w", suffix=".txt", encoding="utf-8", delete=False) as fh:
        fh.write("\n".join(terms) + "\n")
        user_dict = Path(fh.name)
    gold = [r for p in sorted((ROOT / "annotations").glob("*.jsonl")) if not p.name.startswith("hangzhou")
            for r in read_jsonl(p)]
    names_ = entity_names(gold)
    segs = segmenters(Path(args.model), user_dict, user_words={
        "glossary terms alone": terms, "gold entity names alone": names_,
        "glossary terms + gold entity names": sorted(set(terms) | set(names_))})
    names = list(sets)
    print(f"user dictionary: {len(terms)} glossary terms from {len(reports)} reports; "
          f"{len(names_)} entity names from {len(gold)} gold sentences\n")
    print("| segmenter | " + " | ".join(f"{n} ({len(sets[n])} sents)" for n in names) + " |")
    print("|---|" + "---|" * len(names))
    for seg_name, seg in segs.items():
        cells = []
        for n in names:
            gold = sets[n]
            score = word_f1(gold, [seg("".join(g)) for g in gold])
            cells.append(f"{score.f1:.4f}")
        print(f"| {seg_name} | " + " | ".join(cells) + " |")
    print("\nword F1 over character spans (SIGHAN scoring); precision and recall are in word_f1().")


if __name__ == "__main__":
    main()

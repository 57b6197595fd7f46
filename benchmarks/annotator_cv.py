"""Leave-one-report-out cross-validation of the annotator and its baselines on the gold corpus.

    python benchmarks/annotator_cv.py --systems rules linear bert bert-random [--base govbert-small]
    python benchmarks/annotator_cv.py --systems linear-none linear-part bert-none bert-part   # context ablation
    python benchmarks/annotator_cv.py --systems bert-part --models work/cv-models     # keep each fold's model
    python benchmarks/annotator_cv.py --systems bert-part --models work/cv-models --reuse-models --linear-mix 0.5
    python benchmarks/annotator_cv.py --hybrid stype=bert-part domain=linear-part entities=bert-part [METRIC=linear]
    python benchmarks/annotator_cv.py --table          # the markdown tables of docs/evaluation.md

Every sentence is predicted by a system trained on the other nine reports only. Each run writes
benchmarks/results/cv-<system>.json (pooled scores, per-report scores, seconds, every held-out prediction);
--table reads them all. --folds runs only some held-out reports (scores pooled over those; the saved
predictions of the other folds, from the same recipe, are kept, so a system can be run a few folds at a
time); --hybrid scores a system that takes each task from another system's saved predictions (same folds,
no training).
Systems: rules; linear (TF-IDF + logistic regression, per-character linear entity tagger), with the
context variants linear-none / linear-part (sentence tasks only); bert (fine-tuned from --base), bert-random
(same shape, no pretraining), bert-none / bert-part (context ablation). --linear-mix W averages the
linear models' probabilities into the BERT's (the shipped annotator; results cv-<system>-mixW.json);
--models keeps each fold's BERT and --reuse-models scores those kept models again (another mix or
decoding) without training. --decode tokens decodes entities per token instead of on whole words
(results cv-<system>-tokens.json).
"""

import argparse
import json
import sys
import time
from pathlib import Path

from govreport_nlp.annotations import read_jsonl
from govreport_nlp.evaluation import leave_one_report_out
from govreport_nlp.evaluation.report import SUMMARY_HEAD, confusion_table, entity_table, per_class_table, summary_row

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"
SENTENCE_ONLY = ("linear-part", "linear-none")  # systems without an entity tagger
ALL_RECORDS: list = []  # the gold corpus, once main() has read it
QUANTIZE = False  # --quantize: fold BERTs scored in int8 (ONNX Runtime)
ORDER = ["rules", "linear-tokens", "linear", "linear-part", "linear-none", "bert-random-tokens", "bert-part-tokens",
         "bert-random", "bert", "bert-none", "bert-part", "bert-part-mix0.5", "bert-part-mix0.5-jieba",
         "bert-part-mix0.75-jieba"]


def factory(name, args):
    if name == "rules":
        from govreport_nlp.baselines import RuleSystem

        return lambda: RuleSystem(args.data_dir)
    if name.startswith("linear"):
        from govreport_nlp.baselines import LinearSystem

        ctx = {"linear": "part+heading", "linear-part": "part", "linear-none": "none"}[name]
        words = None if args.decode == "tokens" else args.segmenter
        return lambda: LinearSystem(context=ctx, entities=name == "linear", words=words)
    from govreport_nlp.model.finetune import BertSystem, TrainConfig

    ctx = {"bert": "part+heading", "bert-random": "part", "bert-part": "part", "bert-none": "none"}[name]
    cfg = TrainConfig(base=args.base, context=ctx, pretrained=name != "bert-random", epochs=args.epochs,
                      lr=args.lr, val_fraction=args.val_fraction, patience=args.patience,
                      threads=args.threads, seed=args.seed, bf16=args.bf16, linear_mix=args.linear_mix,
                      tagger_lexicon=not args.no_lexicon, carry_names=not args.no_carry, news_data=args.news_data,
                      device=args.device)
    words = None if args.decode == "tokens" else args.segmenter
    if args.models:
        return lambda: FoldModels(BertSystem(cfg, words=words), Path(args.models) / name, reuse=args.reuse_models)
    return lambda: BertSystem(cfg, words=words)


class FoldModels:
    """A BERT system that keeps each fold's model under ``root/<held-out report>`` (``reuse``: loads it
    from there instead of training, to score another decoding of the same models)."""

    def __init__(self, system, root: Path, reuse: bool):
        self.system, self.root, self.reuse = system, root, reuse

    def fit(self, records):
        train_ids = {r.report_id for r in records}
        held_out = sorted({r.report_id for r in ALL_RECORDS} - train_ids)
        path = self.root / "+".join(held_out)  # one report, or a group with --groups
        if self.reuse:
            from govreport_nlp.model.finetune import fit_linear_mix

            if not (path / "config.json").is_file():
                sys.exit(f"--reuse-models: no saved model in {path}")
            self.system.load(path)
            saved = self.system.linear_mix
            if saved is None or saved.weight != self.system.cfg.linear_mix:  # refit (minutes with a CRF tagger)
                self.system.linear_mix = fit_linear_mix(records, self.system.cfg)
        else:
            self.system.fit(records)
            self.system.save(path)
        if QUANTIZE:  # the fold's BERT as the annotator runs int8: exported to ONNX, int8 weights, ONNX Runtime
            from govreport_nlp.model.predict import load_annotator
            from govreport_nlp.model.runtime import INT8_FILE, export

            if not (path / INT8_FILE).is_file():
                export(path, fp32=False, int8=True)
            self.system.model, self.system.tokenizer, _ = load_annotator(path, backend="onnx", quantize=True)
        return self

    def predict(self, records):
        return self.system.predict(records)


def compact(p) -> dict | None:
    if p is None:
        return None
    return {"stype": p.stype, "domain": p.domain, "domain_top3": list(p.domain_ranked[:3]),
            "entities": [[e.start, e.end, e.label] for e in p.entities]}


def from_compact(r, c: dict, entities: list | None = None):
    from govreport_nlp.document import Entity
    from govreport_nlp.document import Prediction

    spans = c["entities"] if entities is None else entities
    return Prediction(c["stype"], c["domain"], c["domain_top3"],
                      [Entity(s, e, lab, r.text[s:e]) for s, e, lab in sorted(spans)])


def rescore(records, preds) -> dict:
    """Pooled and per-report scores of the predictions that are not ``None``."""
    from govreport_nlp.evaluation.cv import score

    ran = [(r, p) for r, p in zip(records, preds) if p is not None]
    folds = {rid: score([r for r, _ in ran if r.report_id == rid], [p for r, p in ran if r.report_id == rid])
             for rid in sorted({r.report_id for r, _ in ran})}
    return {"pooled": score([r for r, _ in ran], [p for _, p in ran]), "folds": folds}


def hybrid(records, choice: dict[str, str]) -> dict:
    """Scores of a system taking each task from a saved run's predictions; an entity label as a key
    (``METRIC=linear``) takes that label's spans from another run (the entities run's spans that overlap
    them are dropped)."""
    from govreport_nlp.spec import ENTITY_LABELS

    saved = {n: json.loads((RESULTS / f"cv-{n}.json").read_text(encoding="utf-8"))["predictions"]
             for n in set(choice.values())}
    preds = []
    for i, r in enumerate(records):
        got = {task: saved[n][i] for task, n in choice.items()}
        if any(g is None for g in got.values()):
            preds.append(None)
            continue
        labels = {k: v for k, v in got.items() if k in ENTITY_LABELS}
        taken = [(s, e, lab) for lab, g in labels.items() for s, e, lab2 in g["entities"] if lab2 == lab]
        spans = taken + [(s, e, lab) for s, e, lab in got["entities"]["entities"]
                         if lab not in labels and not any(s < e2 and s2 < e for s2, e2, _ in taken)]
        c = {"stype": got["stype"]["stype"], "domain": got["domain"]["domain"],
             "domain_top3": got["domain"]["domain_top3"]}
        preds.append(from_compact(r, c, spans))
    return {**rescore(records, preds), "predictions": None}


RECIPE = ("base", "epochs", "lr", "val_fraction", "patience", "seed", "bf16", "decode", "linear_mix", "segmenter")


def merge_folds(records, res: dict, path: Path, config: dict) -> dict:
    """With --folds: keep the saved predictions of the folds that did not run now (same system, same
    recipe), so that a system can be cross-validated a few folds at a time."""
    if not path.is_file():
        return res
    saved = json.loads(path.read_text(encoding="utf-8"))
    differ = [k for k in RECIPE if saved["config"].get(k, config[k]) != config[k]]
    if differ:
        sys.exit(f"{path.name} was run with another {', '.join(differ)}: move it away to start afresh")
    old = saved["predictions"] or []
    preds = [p if p is not None else (from_compact(r, o) if o is not None else None)
             for r, p, o in zip(records, res["predictions"], old + [None] * (len(records) - len(old)))]
    return {**rescore(records, preds), "predictions": preds, "seconds_before": saved.get("seconds", 0)}


def table(records, folds=None):
    res = {p.stem.removeprefix("cv-"): json.loads(p.read_text(encoding="utf-8")) for p in RESULTS.glob("cv-*.json")}
    names = [n for n in ORDER if n in res] + sorted(set(res) - set(ORDER))
    if folds:  # the summary pooled over these held-out reports only, for systems that ran them all
        print(f"Pooled over {', '.join(sorted(folds))}:\n")
        print(SUMMARY_HEAD)
        for n in names:
            saved = res[n].get("predictions")
            if saved and set(folds) <= set(res[n]["folds"]):
                preds = [from_compact(r, c) if c is not None and r.report_id in folds else None
                         for r, c in zip(records, saved)]
                pooled = rescore(records, preds)["pooled"]
                if not res[n].get("entities", True):
                    pooled.pop("entities", None)
                print(summary_row(n, pooled))
        return
    print(SUMMARY_HEAD)
    for n in names:
        print(summary_row(n, res[n]["pooled"]))
    for n in names:
        p = res[n]["pooled"]
        print(f"\n### {n}: per report (stype macro-F1 / domain weighted-F1 / entity micro-F1)\n")
        print("| report | stype macro-F1 | domain weighted-F1 | entity F1 |\n|---|---|---|---|")
        for rid, s in sorted(res[n]["folds"].items()):
            ent = s.get("entities", {}).get("micro", {}).get("f1")
            print(f"| {rid} | {s['stype']['macro_f1']:.3f} | {s['domain']['weighted_f1']:.3f} | "
                  + (f"{ent:.3f}" if ent is not None and res[n].get("entities", True) else "–") + " |")
        print(f"\n{n}: {res[n].get('seconds', 0):.0f} s for {len(res[n]['folds'])} folds\n")
        if n in ("linear", "rules") or n.startswith(("bert", "hybrid")):
            print(f"#### {n}: stype per class\n\n" + per_class_table(p["stype"]))
            print(f"\n#### {n}: stype confusion\n\n" + confusion_table(p["stype"]))
            print(f"\n#### {n}: domain per class\n\n" + per_class_table(p["domain"]))
            if "entities" in p:
                print(f"\n#### {n}: entities\n\n" + entity_table(p["entities"]))


def main():
    global RESULTS, QUANTIZE
    ap = argparse.ArgumentParser()
    ap.add_argument("--systems", nargs="*", default=[])
    ap.add_argument("--table", action="store_true")
    ap.add_argument("--base", default="govbert-small")
    ap.add_argument("--epochs", type=int, default=10)
    ap.add_argument("--lr", type=float, default=2e-4)
    ap.add_argument("--val-fraction", type=float, default=0.1, help="0: no early stopping, train --epochs")
    ap.add_argument("--patience", type=int, default=2)
    ap.add_argument("--folds", nargs="*", help="held-out reports to run (default: all)")
    ap.add_argument("--groups", type=int, help="grouped K-fold: hold out K groups of reports (dealt round-robin) "
                    "instead of one report at a time, for slow systems (results named …-groupsK)")
    ap.add_argument("--hybrid", nargs="*", metavar="TASK=SYSTEM", help="stype=… domain=… entities=…")
    ap.add_argument("--threads", type=int, default=0)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--bf16", action="store_true", help="bfloat16 autocast while fine-tuning")
    ap.add_argument("--decode", choices=("words", "tokens"), default="words",
                    help="entity decoding of the BERT and the linear tagger: valid BIO on whole pkuseg words "
                         "(default), or per token (results named cv-<system>-tokens.json)")
    ap.add_argument("--segmenter", default="auto", help="whose word boundaries entity decoding keeps to "
                    "(auto: the project's pkuseg model; jieba; results of another one named cv-<system>-<segmenter>)")
    ap.add_argument("--linear-mix", type=float, default=0.0,
                    help="BERT: average the linear models' probabilities (every task) in with this weight")
    ap.add_argument("--no-lexicon", action="store_true", help="the character tagger without the name lists "
                    "(the recipe of the 10-report results)")
    ap.add_argument("--no-carry", action="store_true", help="place names not carried across a report (the recipe "
                    "of the 10-report results)")
    ap.add_argument("--device", default="cpu", help="where the fold BERTs train: cpu, cuda or auto")
    ap.add_argument("--news-data", default="", help="data folder for the tagger's news-NER head (results "
                    "cv-<system>-news.json; the 10-report results had none)")
    ap.add_argument("--models", help="keep each fold's BERT under DIR/<system>/<held-out report>")
    ap.add_argument("--reuse-models", action="store_true", help="load the fold models kept in --models (with the "
                    "linear models saved beside them, refit only for another --linear-mix), do not train")
    ap.add_argument("--quantize", action="store_true", help="score the fold BERTs in int8 as the annotator runs them "
                    "(exported to ONNX, ONNX Runtime's dynamic quantization; with --models; results named …-int8)")
    ap.add_argument("--data-dir", default=str(ROOT.parent / "shared" / "data"), help="gazetteer for the rules")
    ap.add_argument("--results", default=str(RESULTS), help="where cv-<system>.json go (default: benchmarks/results; "
                    "benchmarks/results/corpus16 for the 16-report corpus)")
    args = ap.parse_args()
    RESULTS = Path(args.results)
    QUANTIZE = args.quantize
    records = [r for p in sorted((ROOT / "annotations").glob("*.jsonl")) for r in read_jsonl(p)]
    ALL_RECORDS[:] = records
    RESULTS.mkdir(parents=True, exist_ok=True)
    runs = [(name, None) for name in args.systems]
    if args.hybrid:
        choice = dict(kv.split("=", 1) for kv in args.hybrid)
        from govreport_nlp.spec import ENTITY_LABELS

        if not {"stype", "domain", "entities"} <= set(choice) <= {"stype", "domain", "entities", *ENTITY_LABELS}:
            ap.error("--hybrid needs stype=…, domain=… and entities=… (and optionally LABEL=… per entity label)")
        runs.append(("hybrid-" + "-".join(choice[t] for t in ("stype", "domain", "entities"))
                     + "".join(f"-{k}-{v}" for k, v in choice.items() if k in ENTITY_LABELS), choice))
    for name, choice in runs:
        t = time.time()
        if choice:
            res = hybrid(records, choice)
        else:
            system = factory(name, args)
            if name.startswith("bert"):
                name += f"-mix{args.linear_mix:g}" if args.linear_mix else ""
                name += "-lexicon" if args.linear_mix and not args.no_lexicon else ""
                name += "-news" if args.linear_mix and args.news_data else ""
                name += "-carry" if not args.no_carry else ""
            if name.startswith("bert") or name == "linear":
                name += "-tokens" if args.decode == "tokens" else (f"-{args.segmenter}" if args.segmenter != "auto" else "")
            name += f"-groups{args.groups}" if args.groups else ""
            name += "-int8" if args.quantize else ""
            res = leave_one_report_out(records, system, folds=args.folds, groups=args.groups)
            if args.folds:
                res = merge_folds(records, res, RESULTS / f"cv-{name}.json", vars(args))
        out = {"system": name, "sentences": len(records),
               "seconds": round(time.time() - t + res.get("seconds_before", 0), 1),
               "pooled": res["pooled"], "folds": res["folds"], "entities": name not in SENTENCE_ONLY,
               "config": vars(args) if choice is None else choice,
               "predictions": [compact(p) for p in res["predictions"]] if res["predictions"] else None}
        if name in SENTENCE_ONLY:
            out["pooled"].pop("entities", None)
        (RESULTS / f"cv-{name}.json").write_text(json.dumps(out, ensure_ascii=False), encoding="utf-8")
        p = res["pooled"]
        print(f"{name}: stype macro-F1 {p['stype']['macro_f1']:.3f}, domain weighted-F1 {p['domain']['weighted_f1']:.3f}"
              f", entity F1 {p.get('entities', {}).get('micro', {}).get('f1', float('nan')):.3f} ({out['seconds']:.0f} s)")
    if args.table:
        table(records, args.folds)


if __name__ == "__main__":
    main()

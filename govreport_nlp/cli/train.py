"""``govreport pretrain``, ``train-segmenter``, ``train`` and ``evaluate``: building and scoring the models."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path

from ..errors import Errors, GovReportError
from ..model.features import CONTEXTS
from ..model.finetune import TrainConfig
from ..model.pretrain import PretrainConfig
from ..model.segmenter import SegmenterTrainConfig
from .common import dataclass_options, gold_records, settings


def add_pretrain(sub) -> None:
    pre = sub.add_parser(
        "pretrain",
        help="pretrain the compact Chinese BERT (masked LM) on a data folder; resumable",
        description="Masked-language-model pretraining on the CPU. Checkpoints go to --work/checkpoint; "
        "running the same command again resumes. --max-minutes stops (with a checkpoint) after that long.",
    )
    dataclass_options(pre, PretrainConfig)
    pre.set_defaults(func=pretrain)


def pretrain(args) -> int:
    from ..model.pretrain import pretrain as run

    logging.getLogger("govreport_nlp").setLevel(logging.INFO)
    cfg = settings(PretrainConfig, args)
    for option, folder in (("--corpus", cfg.corpus), ("--init-from", cfg.init_from)):
        if folder and not Path(folder).is_dir():
            raise GovReportError(Errors.E018, option=option, path=folder)
    print(json.dumps(run(cfg), ensure_ascii=False))
    return 0


def add_train_segmenter(sub) -> None:
    seg_train = sub.add_parser(
        "train-segmenter",
        help="train the pkuseg word-segmentation model on the cws/ training splits",
        description="Trains with spacy_pkuseg's own trainer on the training splits of CTB6, SXU, UD Chinese, "
        "Weibo Treebank and ZhuXian (full-width digits and letters folded), checked on CTB6 dev.",
    )
    dataclass_options(seg_train, SegmenterTrainConfig)
    seg_train.set_defaults(func=train_segmenter)


def train_segmenter(args) -> int:
    from ..model.segmenter import train_pkuseg

    cfg = settings(SegmenterTrainConfig, args)
    if not (Path(cfg.corpus) / "cws").is_dir():
        raise GovReportError(Errors.E029, data=f"--corpus {cfg.corpus}")
    result = train_pkuseg(cfg.corpus, cfg.out, iters=cfg.iters, feature_trim=cfg.feature_trim, work=cfg.work)
    print(json.dumps(result, ensure_ascii=False, indent=1))
    return 0


def add_train(sub) -> None:
    tr = sub.add_parser("train", help="fine-tune the annotator BERT on gold annotation files",
                        description="Fine-tunes one BERT with three heads (statement type, CAP domain, BIO entities) "
                        "on gold JSONL records; a validation split drives early stopping.")
    tr.add_argument("--data", nargs="+", required=True, metavar="FILE", help="gold annotation JSONL files")
    dataclass_options(tr, TrainConfig)
    tr.set_defaults(func=train)


def train(args) -> int:
    from ..model.finetune import fit_linear_mix, save
    from ..model.finetune import train as run

    logging.getLogger("govreport_nlp").setLevel(logging.INFO)
    cfg = settings(TrainConfig, args)
    records = gold_records(args.data)
    tok, model, log = run(records, cfg)
    log["data"] = [str(f) for f in args.data]
    out = save(tok, model, log, cfg.out, fit_linear_mix(records, cfg))
    print(f"govreport: {len(records)} sentences, best epoch {log.get('best_epoch')} -> {out}", file=sys.stderr)
    return 0


def add_train_tagger(sub) -> None:
    tt = sub.add_parser("train-tagger", help="give an annotator a new entity tagger trained on gold files (its BERT "
                        "and sentence models kept; minutes on a CPU)",
                        description="Trains the character tagger (a CRF with the name lists by default) on the gold "
                        "JSONL records and writes the annotator --from with it to --out; the BERT and the statement "
                        "type and domain models stay as they were.")
    tt.add_argument("--from", dest="init", default=None, metavar="MODEL",
                    help="the annotator to start from: a models/ name or directory (default: govreport-annotator)")
    tt.add_argument("--data", nargs="+", required=True, metavar="FILE", help="gold annotation JSONL files")
    tt.add_argument("--out", required=True, metavar="DIR")
    tt.add_argument("--tagger", choices=("crf", "sgd"), default=TrainConfig.tagger)
    tt.add_argument("--news-data", default="", metavar="DIR", help="data folder for the news-NER head (default: none)")
    tt.add_argument("--entity-mix", type=float, default=TrainConfig.entity_mix,
                    help=f"the tagger's weight beside the BERT for entities (default {TrainConfig.entity_mix})")
    tt.add_argument("--no-lexicon", action="store_true", help="without the name lists")
    tt.add_argument("--gold-names", action=argparse.BooleanOptionalAction, default=TrainConfig.tagger_gold_names,
                    help="the CRF also sees the training records' names as lists (default: "
                    f"{TrainConfig.tagger_gold_names})")
    tt.add_argument("--no-carry", action="store_true", help="place names not carried across a report")
    tt.set_defaults(func=train_tagger)


def add_export_onnx(sub) -> None:
    ex = sub.add_parser("export-onnx", help="export an annotator's BERT for ONNX Runtime (fast start and CPU "
                        "prediction; needs the [export] extra)",
                        description="Writes model.onnx (float32, the torch model's probabilities) and "
                        "model.int8.onnx (int8 weights) into the annotator folder, stamped with the torch weights "
                        "they come from; `govreport annotate` and gr.load() then run them in ONNX Runtime without "
                        "importing torch (docs/scale.md).")
    ex.add_argument("model", metavar="MODEL", help="an annotator folder or models/ name")
    ex.add_argument("--no-fp32", action="store_true", help="only the int8 file")
    ex.add_argument("--no-int8", action="store_true", help="only the float32 file")
    ex.set_defaults(func=export_onnx)


def export_onnx(args) -> int:
    from ..model.runtime import export
    from ..shipped import find_annotator

    if args.no_fp32 and args.no_int8:
        raise GovReportError(Errors.E030, reason="--no-fp32 and --no-int8 leave nothing to export")
    path = find_annotator(args.model)
    for f in export(path, fp32=not args.no_fp32, int8=not args.no_int8):
        print(f"govreport: {f} ({f.stat().st_size / 1e6:.1f} MB)", file=sys.stderr)
    return 0


def train_tagger(args) -> int:
    from ..model.finetune import retrain_tagger, save
    from ..shipped import find_annotator

    logging.getLogger("govreport_nlp").setLevel(logging.INFO)
    init = find_annotator(args.init)
    if Path(args.out).resolve() == init.resolve():
        raise GovReportError(Errors.E031, path=args.out)
    cfg = TrainConfig(tagger=args.tagger, news_data=args.news_data, entity_mix=args.entity_mix,
                      tagger_lexicon=not args.no_lexicon, tagger_gold_names=args.gold_names,
                      carry_names=not args.no_carry)
    records = gold_records(args.data)
    tok, model, log, mix = retrain_tagger(init, records, cfg)
    out = save(tok, model, log, args.out, mix)
    print(f"govreport: {init} with a {args.tagger} tagger trained on {len(records)} sentences -> {out}",
          file=sys.stderr)
    return 0


def add_evaluate(sub) -> None:
    ev = sub.add_parser("evaluate", help="score a fine-tuned model, or cross-validate a system, on gold data",
                        description="With --model: predict every sentence of --data with that model and score it. "
                        "With --cv: leave-one-report-out cross-validation of a system (each report is predicted by "
                        "a system trained on the other reports only).")
    ev.add_argument("--data", nargs="+", required=True, metavar="FILE")
    ev.add_argument("--exclude", nargs="+", default=[], metavar="FILE",
                    help="leave out the sentences of these files (e.g. those a model was adapted on: the rest of "
                         "the report is scored)")
    how = ev.add_mutually_exclusive_group(required=True)
    how.add_argument("--model", metavar="DIR", help="a fine-tuned annotator directory")
    how.add_argument("--cv", choices=("rules", "linear", "bert", "bert-random"), help="system to cross-validate")
    ev.add_argument("--base", default="govbert-small", help="base checkpoint for --cv bert (default: govbert-small)")
    ev.add_argument("--context", default="part", choices=CONTEXTS)
    ev.add_argument("--epochs", type=int, default=10)
    ev.add_argument("--val-fraction", type=float, default=0.0,
                    help="--cv bert: share of the training sentences for early stopping (default 0: train --epochs, "
                         "the recipe of docs/evaluation.md)")
    ev.add_argument("--linear-mix", type=float, default=TrainConfig.linear_mix,
                    help="--cv bert: weight of the linear models averaged into the BERT's probabilities "
                         f"(default {TrainConfig.linear_mix}, the shipped annotator's)")
    ev.add_argument("--gazetteer-data", default="../shared/data", help="data folder with the gazetteer (rules)")
    ev.add_argument("-o", "--output", metavar="FILE.json", help="also write the scores as JSON")
    ev.set_defaults(func=evaluate)


def evaluate(args) -> int:
    from ..evaluation.cv import leave_one_report_out, score
    from ..evaluation.report import SUMMARY_HEAD, full_report, summary_row

    records = gold_records(args.data)
    if args.exclude:
        seen = {(r.report_id, r.sentence_id) for r in gold_records(args.exclude)}
        kept = [r for r in records if (r.report_id, r.sentence_id) not in seen]
        print(f"govreport: {len(records) - len(kept)} sentences of --exclude left out, {len(kept)} scored",
              file=sys.stderr)
        records = kept
        if not records:
            raise GovReportError(Errors.E023)
    if args.model:
        from ..model.predict import load_annotator, predict_records

        model, tok, mix = load_annotator(args.model)
        preds = predict_records(model, tok, records, progress=True, linear_mix=mix)
        reports = dict.fromkeys(r.report_id for r in records)
        result = {"system": args.model, "pooled": score(records, preds),
                  "reports": {rid: score(*zip(*[(r, p) for r, p in zip(records, preds) if r.report_id == rid]))
                              for rid in reports}}
        name = args.model
    else:
        res = leave_one_report_out(records, _system_factory(args))
        result = {"system": args.cv, "pooled": res["pooled"], "folds": res["folds"]}
        name = f"{args.cv} (leave-one-report-out)"
    print(full_report(name, result["pooled"]))
    if len(result.get("reports", {})) > 1:
        print("\n### per report\n\n" + SUMMARY_HEAD.replace("| system |", "| report |"))
        print("\n".join(summary_row(rid, s) for rid, s in result["reports"].items()))
    if args.output:
        Path(args.output).write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


def _system_factory(args):
    if args.cv == "rules":
        from ..baselines import RuleSystem

        return lambda: RuleSystem(args.gazetteer_data)
    if args.cv == "linear":
        from ..baselines import LinearSystem

        return lambda: LinearSystem(context=args.context)
    from ..model.finetune import BertSystem

    cfg = TrainConfig(base=args.base, context=args.context, epochs=args.epochs, val_fraction=args.val_fraction,
                      pretrained=args.cv == "bert", linear_mix=args.linear_mix if args.cv == "bert" else 0.0)
    return lambda: BertSystem(cfg)

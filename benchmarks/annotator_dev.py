"""One development fold for choosing the annotator's recipe: fine-tune on nine gold reports, score the tenth.

    python benchmarks/annotator_dev.py national-2024 '{"lr": 5e-4, "epochs": 12, "patience": 3}' [OUT_DIR]

The JSON holds TrainConfig fields (threads 2 and bf16 unless given). Prints the held-out report's stype
macro-F1, domain weighted-F1 and entity F1 per label; with OUT_DIR, saves the model and writes the sentences
whose entities differ from gold to OUT_DIR/dev_entities.txt. The recipe of docs/evaluation.md was chosen with
this script on national-2024, which is also one of the ten cross-validation folds (its row is optimistic).
"""

import json
import logging
import sys
import time
from pathlib import Path

from govreport_nlp.annotations import read_jsonl
from govreport_nlp.evaluation.cv import score
from govreport_nlp.model.finetune import TrainConfig, save, train
from govreport_nlp.model.predict import predict_records

ROOT = Path(__file__).resolve().parent.parent


def main():
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    dev = sys.argv[1]
    kw = json.loads(sys.argv[2]) if len(sys.argv) > 2 else {}
    records = [r for p in sorted((ROOT / "annotations").glob("*.jsonl")) for r in read_jsonl(p)]
    tr = [r for r in records if r.report_id != dev]
    te = [r for r in records if r.report_id == dev]
    if not te:
        sys.exit(f"no gold report {dev!r}")
    t = time.time()
    tok, model, log = train(tr, TrainConfig(**{"threads": 2, "bf16": True, **kw}), progress=False)
    preds = predict_records(model, tok, te)
    s = score(te, preds)
    print(json.dumps({"dev": dev, "config": kw, "seconds": round(time.time() - t), "best_epoch": log.get("best_epoch"),
                      "stype_macro_f1": round(s["stype"]["macro_f1"], 3),
                      "domain_weighted_f1": round(s["domain"]["weighted_f1"], 3),
                      "entities": {k: round(v["f1"], 3) for k, v in s["entities"].items()}}, ensure_ascii=False))
    if len(sys.argv) > 3:
        out = save(tok, model, log, sys.argv[3])
        with open(out / "dev_entities.txt", "w", encoding="utf-8") as fh:
            for r, p in zip(te, preds):
                gold = sorted((e.start, e.end, e.label) for e in r.entities or [])
                got = sorted((e.start, e.end, e.label) for e in p.entities)
                if gold != got:
                    fh.write(f"{r.text}\n  gold: " + " | ".join(f"{r.text[a:b]}/{lab}" for a, b, lab in gold)
                             + "\n  pred: " + " | ".join(f"{r.text[a:b]}/{lab}" for a, b, lab in got) + "\n")


if __name__ == "__main__":
    main()

"""Learning curves of adaptation: how much a new report's corrected sentences improve the annotator on the rest.

    python benchmarks/adaptation_curve.py --reports hangzhou-2023 provincial-2026-广东省 national-2024 \\
        --models work/cv-models/bert-part --sizes 0 25 50 100 200 --order uncertainty --threads 2 --bf16
    python benchmarks/adaptation_curve.py --plot docs/adaptation-curve.png --table   # from the saved results

For each report R of the gold corpus: the starting model is R's leave-one-report-out fold BERT (trained on the
other nine reports; `annotator_cv.py --models` keeps them) with the linear models fitted on those nine, i.e. the
shipped recipe that has never seen R. R's sentences are split once (seed 0) into a test set (40%) and a pool
(60%); the pool is ordered as `govreport pre-annotate` orders it (most uncertain first, by the starting model),
or at random with --order random. For each N, the model is adapted (`model.finetune.adapt`, the defaults of
`govreport finetune`: 5 epochs, lr 2e-4, the N sentences repeated 5 times, twice N replayed sentences of the other
nine reports, linear models refitted on those nine plus the N × 5 and weighing 0.75) to the first N pool
sentences, and scored on the test set. N = 0 is the starting model. Results:
benchmarks/results/adaptation-<order><tag>.json. --new-weight, --linear-mix and --epochs try variants (the
defaults were chosen with --reports provincial-2026-浙江省 --sizes 0 100 and --tag, on that development report
only; --score-mixes scores each adapted model with several weights of its linear models).

    python benchmarks/adaptation_curve.py --reports hangzhou-2023 provincial-2026-广东省 national-2024 \
        --sizes 0 100 --threads 2 --bf16 --seed 1 --tag=-seed1                    # another fine-tuning seed
    python benchmarks/adaptation_curve.py --reports provincial-2026-浙江省 --sizes 0 100 --threads 2 --bf16 \
        --score-mixes 0 0.25 0.5 0.75 1 --tag=-dev-mixes                           # the choice of 0.75
"""

import argparse
import json
import random
import sys
import time
from dataclasses import replace
from pathlib import Path

from govreport_nlp.annotations import read_jsonl

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"


def scores(model, tok, mix, test) -> dict:
    from govreport_nlp.evaluation.cv import score
    from govreport_nlp.model.predict import predict_records

    s = score(test, predict_records(model, tok, test, linear_mix=mix))
    return {"stype_macro_f1": s["stype"]["macro_f1"], "domain_macro_f1": s["domain"]["macro_f1"],
            "domain_weighted_f1": s["domain"]["weighted_f1"], "entity_f1": s["entities"]["micro"]["f1"],
            "metric_f1": s["entities"].get("METRIC", {}).get("f1")}


def run_report(rid, records, args, work: Path) -> dict:
    from govreport_nlp.model.finetune import TrainConfig, adapt, fit_linear_mix, save
    from govreport_nlp.model.predict import load_annotator, predict_records

    own = [r for r in records if r.report_id == rid]
    others = [r for r in records if r.report_id != rid]
    idx = list(range(len(own)))
    random.Random(0).shuffle(idx)
    n_test = int(round(0.4 * len(own)))
    test = [own[i] for i in sorted(idx[:n_test])]
    pool = [own[i] for i in sorted(idx[n_test:])]
    cfg = TrainConfig(context="part", epochs=args.epochs, lr=2e-4, val_fraction=0.0, seed=args.seed,
                      threads=args.threads, bf16=args.bf16, linear_mix=args.linear_mix)
    init = work / "init" / rid
    if not (init / "linear").is_dir():  # the fold BERT with the linear models of the other nine reports
        model, tok, _ = load_annotator(Path(args.models) / rid)
        save(tok, model, {"fold model": str(Path(args.models) / rid)}, init,
             fit_linear_mix(others, replace(cfg, linear_mix=0.5)))  # the shipped annotator's weight
    model, tok, mix = load_annotator(init)
    if args.order == "uncertainty":
        preds = predict_records(model, tok, pool, linear_mix=mix)
        order = sorted(range(len(pool)), key=lambda i: (-preds[i].uncertainty, i))
    else:
        order = list(range(len(pool)))
        random.Random(1).shuffle(order)
    pool = [pool[i] for i in order]
    out = {"sentences": len(own), "test": len(test), "pool": len(pool), "points": []}
    for n in args.sizes:
        t = time.time()
        if n == 0:
            point = scores(model, tok, mix, test)
            scored = model, tok, mix
        else:
            if n > len(pool):
                print(f"{rid}: pool has {len(pool)} sentences, skipping N={n}", file=sys.stderr)
                continue
            tok_n, model_n, log, mix_n = adapt(pool[:n], init, cfg, replay=others, replay_ratio=2.0,
                                               new_weight=args.new_weight, progress=False)
            point = scores(model_n, tok_n, mix_n, test)
            scored = model_n, tok_n, mix_n
        point.update(n=n, seconds=round(time.time() - t, 1))
        if args.score_mixes and scored[2] is not None:  # the same model with other weights of its linear models
            point["by_mix"] = {str(w): scores(*scored[:2], replace(scored[2], weight=w), test)
                               for w in args.score_mixes}
        out["points"].append(point)
        print(f"{rid} N={n}: " + ", ".join(f"{k} {v:.3f}" for k, v in point.items() if isinstance(v, float)),
              flush=True)
    return out


def _ascii(rid: str) -> str:
    """provincial-2026-广东省 → provincial-2026-Guangdong: the plot's font need not have Chinese glyphs."""
    for zh, en in {"北京市": "Beijing", "广东省": "Guangdong", "江苏省": "Jiangsu", "浙江省": "Zhejiang"}.items():
        rid = rid.replace(zh, en)
    return rid


#: the runs drawn, with their line style: finetune's recipe (new sentences ×5, refitted linear models at 0.75),
#: and the recipes before it (linear models at 0.5; new sentences ×1)
PLOTTED = {"adaptation-uncertainty": ("uncertainty order, new ×5, linear 0.75", "-"),
           "adaptation-uncertainty-mix50": ("uncertainty order, new ×5, linear 0.5", "-."),
           "adaptation-uncertainty-nw1": ("uncertainty order, new ×1", "--"),
           "adaptation-random-nw1": ("random order, new ×1", ":")}


def plot(path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    runs = {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in sorted(RESULTS.glob("adaptation-*.json"))
            if p.stem in PLOTTED}
    metrics = [("domain_macro_f1", "domain macro-F1"), ("entity_f1", "entity micro-F1"),
               ("stype_macro_f1", "statement type macro-F1")]
    colours = {}
    fig, axes = plt.subplots(1, 3, figsize=(14, 4.2), constrained_layout=True)
    for ax, (key, title) in zip(axes, metrics):
        for stem, res in runs.items():
            label, style = PLOTTED[stem]
            for rid, r in res["reports"].items():
                colour = colours.setdefault(rid, f"C{len(colours)}")
                ax.plot([p["n"] for p in r["points"]], [p[key] for p in r["points"]], marker="o", markersize=3,
                        linestyle=style, color=colour, label=f"{_ascii(rid)}, {label}")
        ax.set_title(title)
        ax.set_xlabel("corrected sentences of the new report")
        ax.grid(alpha=0.3)
    axes[0].set_ylabel("score on the report's held-out 40%")
    handles, labels = axes[0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="lower center", ncol=3, fontsize=8, bbox_to_anchor=(0.5, -0.2))
    fig.savefig(path, dpi=120, bbox_inches="tight")
    print(f"wrote {path}")


def table() -> None:
    """The saved curves as markdown: each metric at each N, and the gain over N = 0."""
    for path in sorted(RESULTS.glob("adaptation-*.json")):
        res = json.loads(path.read_text(encoding="utf-8"))
        order = path.stem.removeprefix("adaptation-")
        print(f"\n{order} order (`{path.name}`): score on the held-out 40% after N corrected sentences "
              f"(gain over N = 0)\n")
        print("| report | N | stype macro-F1 | domain macro-F1 | domain weighted-F1 | entity F1 | METRIC F1 |\n"
              "|---|---|---|---|---|---|---|")
        for rid, r in res["reports"].items():
            base = next((pt for pt in r["points"] if pt["n"] == 0), None)
            for pt in r["points"]:
                cells = [f"{pt[k]:.3f}" + (f" ({100 * (pt[k] - base[k]):+.1f})" if pt["n"] and base else "")
                         for k in ("stype_macro_f1", "domain_macro_f1", "domain_weighted_f1", "entity_f1",
                                   "metric_f1")]
                print(f"| {rid} | {pt['n']} | " + " | ".join(cells) + " |")


def _print_gains(rid: str, base: dict, runs: list[dict], sizes) -> None:
    """Table rows of one report: at each N of ``sizes`` (but 0), the gain of every run's point over ``base``
    (domain macro-F1, entity F1), mean (sd) over the runs that have it."""
    import statistics

    for n in sorted(set(sizes) - {0}):
        cells = []
        for key in ("domain_macro_f1", "entity_f1"):
            gains = [100 * (pt[key] - base[key]) for run in runs for pt in run.get(rid, {}).get("points", [])
                     if pt["n"] == n]
            sd = statistics.stdev(gains) if len(gains) > 1 else 0.0
            cells.append(f"{statistics.mean(gains):+.1f} ({sd:.1f}), n = {len(gains)}")
        print(f"| {rid} | {n} | " + " | ".join(cells) + " |")


def seeds_table(stem: str = "adaptation-uncertainty") -> None:
    """Gain at each N over N = 0, mean (standard deviation) over the fine-tuning seeds: the main run
    (``<stem>.json``) and its --seed reruns (``<stem>-seed*.json``)."""
    main_path = RESULTS / f"{stem}.json"
    extra = sorted(RESULTS.glob(f"{stem}-seed*.json"))
    if not main_path.is_file() or not extra:
        return
    runs = [json.loads(p.read_text(encoding="utf-8"))["reports"] for p in [main_path, *extra]]
    print(f"\nGain over N = 0 across {len(runs)} fine-tuning seeds (`{stem}.json`, `{stem}-seed*.json`), "
          "mean (sd)\n")
    print("| report | N | domain macro-F1 | entity F1 |\n|---|---|---|---|")
    for rid, r in runs[0].items():
        base = next(pt for pt in r["points"] if pt["n"] == 0)
        sizes = {pt["n"] for run in runs[1:] for pt in run.get(rid, {}).get("points", [])}  # the reruns' N
        _print_gains(rid, base, runs, sizes)


def sentences_gain_table() -> None:
    """What the corrected sentences add on their own: the adapted models (adaptation-uncertainty.json and its seed
    reruns, linear models at 0.75) against the starting model with its linear models at that same weight
    (adaptation-uncertainty-start-mixes.json, --sizes 0 --score-mixes 0.5 0.75)."""
    start_path = RESULTS / "adaptation-uncertainty-start-mixes.json"
    runs = [RESULTS / "adaptation-uncertainty.json", *sorted(RESULTS.glob("adaptation-uncertainty-seed*.json"))]
    if not start_path.is_file() or not runs[0].is_file():
        return
    start = json.loads(start_path.read_text(encoding="utf-8"))["reports"]
    weight = str(json.loads(runs[0].read_text(encoding="utf-8"))["config"].get("linear_mix", 0.75))
    runs = [json.loads(p.read_text(encoding="utf-8"))["reports"] for p in runs]
    print(f"\nGain of the adapted models over the starting model at the same weight ({weight}), mean (sd) over "
          f"{len(runs)} fine-tuning seeds\n")
    print("| report | N | domain macro-F1 | entity F1 |\n|---|---|---|---|")
    for rid, r in start.items():
        base = next(pt for pt in r["points"] if pt["n"] == 0)["by_mix"].get(weight)
        if base is None:
            continue
        _print_gains(rid, base, runs, {pt["n"] for run in runs for pt in run.get(rid, {}).get("points", [])})


def mixes_table() -> None:
    """The --score-mixes runs: each point's domain macro-F1 / entity F1 with each weight of the linear models."""
    for path in sorted(RESULTS.glob("adaptation-*.json")):
        res = json.loads(path.read_text(encoding="utf-8"))
        for rid, r in res["reports"].items():
            points = [pt for pt in r["points"] if "by_mix" in pt]
            if not points:
                continue
            weights = list(points[0]["by_mix"])
            print(f"\n`{path.name}`, {rid}: domain macro-F1 / entity F1 with the linear models at weight w\n")
            print("| N | " + " | ".join(f"w = {w}" for w in weights) + " |\n|---|" + "---|" * len(weights))
            for pt in points:
                print(f"| {pt['n']} | " + " | ".join(f"{pt['by_mix'][w]['domain_macro_f1']:.3f} / "
                                                     f"{pt['by_mix'][w]['entity_f1']:.3f}" for w in weights) + " |")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--reports", nargs="*", default=[])
    ap.add_argument("--models", default="work/cv-models/bert-part", help="the kept fold models (annotator_cv.py)")
    ap.add_argument("--sizes", nargs="*", type=int, default=[0, 25, 50, 100, 200])
    ap.add_argument("--order", choices=("uncertainty", "random"), default="uncertainty")
    ap.add_argument("--work", default="work/adaptation", help="where the starting models are kept")
    ap.add_argument("--threads", type=int, default=0)
    ap.add_argument("--bf16", action="store_true")
    ap.add_argument("--epochs", type=int, default=5, help="fine-tuning epochs (govreport finetune's default)")
    ap.add_argument("--new-weight", type=int, default=5, help="repeat the new sentences (adapt's new_weight)")
    ap.add_argument("--linear-mix", type=float, default=0.75,
                    help="weight of the refitted linear models in the adapted annotator (govreport finetune's "
                         "--linear-mix; the starting model keeps the shipped 0.5)")
    ap.add_argument("--score-mixes", nargs="*", type=float, default=[], metavar="W",
                    help="also score each point with these linear-mix weights (how --linear-mix's default was "
                         "chosen, on the development report)")
    ap.add_argument("--tag", default="", help="results adaptation-<order><tag>.json (a variant)")
    ap.add_argument("--seed", type=int, default=42, help="fine-tuning seed (replay sample, batches, dropout)")
    ap.add_argument("--plot", help="draw the saved curves to this PNG")
    ap.add_argument("--table", action="store_true", help="print the saved curves as markdown tables")
    args = ap.parse_args()
    if args.reports:
        import torch

        if args.threads:
            torch.set_num_threads(args.threads)
        records = [r for p in sorted((ROOT / "annotations").glob("*.jsonl")) for r in read_jsonl(p)]
        path = RESULTS / f"adaptation-{args.order}{args.tag}.json"
        res = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {"reports": {}}
        res["config"] = {k: v for k, v in vars(args).items() if k not in ("reports", "plot")}
        for rid in args.reports:
            res["reports"][rid] = run_report(rid, records, args, Path(args.work))
            RESULTS.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(res, ensure_ascii=False, indent=1), encoding="utf-8")
    if args.plot:
        plot(Path(args.plot))
    if args.table:
        table()
        seeds_table()
        seeds_table("adaptation-uncertainty-mix50")
        sentences_gain_table()
        mixes_table()


if __name__ == "__main__":
    main()

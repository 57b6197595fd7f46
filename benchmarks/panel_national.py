"""The panel on the whole national series: every State Council report of 1990-2025 in a data folder, its GDP growth
target and the previous year's growth, against the reference written by hand (annotations/panel/national-gdp.jsonl).

    python benchmarks/panel_national.py --data ../shared/data

Writes benchmarks/results/panel-national.csv (the whole panel), benchmarks/results/panel-national.json (the
comparison, every error listed) and docs/img/panel-national-gdp.png (target against result, from the reports
alone); prints the tables of docs/panel.md.
"""

from __future__ import annotations

import argparse
import json
import math
from pathlib import Path

import govreport_nlp as gr
from govreport_nlp.panel import load_indicators
from govreport_nlp.panel.output import plot_target_result
from govreport_nlp.reading.corpora import iter_reports

ROOT = Path(__file__).resolve().parent.parent


def _value(df, year: int, kind: str):
    rows = df[(df.indicator == "gdp_growth") & (df.year == year) & (df.kind == kind) & (df.scope == "")]
    return None if rows.empty else rows.iloc[0]


def compare(df, reference: list[dict]) -> dict:
    """Each reference year: the panel's target of that year and result of the year before, right or wrong."""
    out = {"target": {"right": 0, "wrong": 0, "missed": 0, "invented": 0, "none_right": 0},
           "result": {"right": 0, "wrong": 0, "missed": 0, "invented": 0, "none_right": 0}, "errors": []}
    for ref in reference:
        y = ref["year"]
        t = _value(df, y, "target")
        gold_t = ref["target"]
        got_t = None if t is None else {"low": float(t.low), "high": float(t.high), "qualifier": t.qualifier}
        _score(out, "target", y, gold_t, got_t, ref["target_evidence"], None if t is None else t.report_id,
               None if t is None else int(t.sentence_index))
        r = _value(df, y - 1, "result")
        gold_r = ref["previous_year_result"]
        got_r = None if r is None else float(r.low)
        _score(out, "result", y - 1, gold_r, got_r, ref["result_evidence"], None if r is None else r.report_id,
               None if r is None else int(r.sentence_index))
    return out


def _score(out, kind, year, gold, got, evidence, report_id, sentence_index):
    c = out[kind]
    if gold is None and got is None:
        c["none_right"] += 1
        return
    if gold is None:
        c["invented"] += 1
        what = "a figure where the report states none"
    elif got is None:
        c["missed"] += 1
        what = "not found"
    elif got == gold or (isinstance(gold, dict) and (got["low"], got["high"], got["qualifier"]) ==
                         (gold["low"], gold["high"], gold["qualifier"])) or (
            not isinstance(gold, dict) and math.isclose(got, gold)):
        c["right"] += 1
        return
    else:
        c["wrong"] += 1
        what = "a wrong figure"
    out["errors"].append({"kind": kind, "year": year, "error": what, "reference": gold, "panel": got,
                          "evidence": evidence, "panel_source": f"{report_id}#{sentence_index}" if report_id else None})


def indicator_table(df, years) -> str:
    """Which indicators the panel found, year by year: T (a target), R (a result), TR (both)."""
    ids = [i.id for i in load_indicators()]
    head = "| year | " + " | ".join(ids) + " |\n|---|" + "---|" * len(ids)
    lines = [head]
    for y in years:
        cells = []
        for i in ids:
            kinds = set(df[(df.year == y) & (df.indicator == i)].kind)
            cells.append(("T" if "target" in kinds else "") + ("R" if "result" in kinds else "") or "·")
        lines.append(f"| {y} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def chart(df, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(10, 4.2))
    rows = df[(df.indicator == "gdp_growth") & (df.scope == "")]
    plot_target_result(ax, rows, "target (from year Y's report)", "result (from year Y+1's report)")
    ax.set_ylabel("GDP growth, %")
    ax.set_title("China: GDP growth target and result, read by govreport_nlp from the State Council's reports")
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", default=str(ROOT.parent / "shared" / "data"))
    ap.add_argument("--reference", default=str(ROOT / "annotations" / "panel" / "national-gdp.jsonl"))
    ap.add_argument("--out", default=str(ROOT / "benchmarks" / "results" / "panel-national"))
    ap.add_argument("--chart", default=str(ROOT / "docs" / "img" / "panel-national-gdp.png"))
    args = ap.parse_args()
    reference = [json.loads(line) for line in open(args.reference, encoding="utf-8")]
    ids = sorted(c.id for c in iter_reports(args.data, national_from=1990)
                 if c.level == "national" and 1990 <= c.year <= 2025)
    df = gr.panel(ids, data_dir=args.data)
    df.to_csv(args.out + ".csv", index=False)
    res = compare(df, reference)
    res["reports"] = len(ids)
    res["skipped"] = df.attrs.get("skipped")
    Path(args.out + ".json").write_text(json.dumps(res, ensure_ascii=False, indent=1), encoding="utf-8")
    chart(df, Path(args.chart))
    for kind in ("target", "result"):
        c = res[kind]
        print(f"{kind}: {c['right']} right, {c['none_right']} rightly none, {c['wrong']} wrong, {c['missed']} missed, "
              f"{c['invented']} invented")
    for e in res["errors"]:
        print(f"- {e['kind']} {e['year']}: {e['error']}: reference {e['reference']}, panel {e['panel']} "
              f"({e['panel_source']}); the report: {e['evidence']}")
    print()
    print(indicator_table(df, sorted({r['year'] for r in reference} | {r['year'] - 1 for r in reference})))


if __name__ == "__main__":
    main()

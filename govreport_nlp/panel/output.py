"""The panel written out: a CSV or Parquet file, and one chart of target against result per place and indicator."""

from __future__ import annotations

import re
from pathlib import Path

from ..outputs import atomic_output

#: units in the charts' titles, which stay in ASCII (matplotlib's default font has no Chinese; the place is in the
#: file name)
UNIT_NAMES = {"人": "persons", "吨": "tonnes"}


def write_panel(df, path) -> None:
    """``df`` as ``path`` (.csv or .parquet), which appears only once complete."""
    path = Path(path)
    if path.suffix.lower() == ".parquet":
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.part")
        df.to_parquet(tmp, index=False)
        tmp.replace(path)
    else:
        with atomic_output(path, newline="") as fh:
            df.to_csv(fh, index=False)


def plot_target_result(ax, rows, target_label: str = "target", result_label: str = "result") -> None:
    """On ``ax``: the targets of ``rows`` (panel rows of one place, indicator and scope) as marks, a range as a bar,
    and the results as a line with a gap where a year has none."""
    t, r = rows[rows.kind == "target"].sort_values("year"), rows[rows.kind == "result"].sort_values("year")
    for _, row in t.iterrows():
        if row.high > row.low:
            ax.plot([row.year, row.year], [row.low, row.high], color="tab:orange", lw=4, alpha=0.6)
    ax.scatter(t.year, t.low, marker="_", s=200, color="tab:orange", label=target_label)
    if len(r):
        years = list(range(int(r.year.min()), int(r.year.max()) + 1))
        ax.plot(years, r.set_index("year").low.reindex(years).astype(float), "o-", color="tab:blue", ms=4,
                label=result_label)
    ax.set_xlabel("year")
    ax.grid(alpha=0.3)
    ax.legend()


def panel_chart(df, folder) -> list[Path]:
    """One PNG per place, indicator and scope with a target or result in two years or more: the target (a bar for
    a range) against the result, year by year.  Returns the files written."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    known = df[df.place.notna() & df.year.notna()]
    for (place, indicator, scope), rows in known.groupby(["place", "indicator", "scope"], sort=True):
        if rows.year.nunique() < 2:
            continue
        fig, ax = plt.subplots(figsize=(8, 3.5))
        plot_target_result(ax, rows)
        unit = UNIT_NAMES.get(rows.unit.iloc[0], rows.unit.iloc[0])
        ax.set_title(f"{indicator}{' (' + scope + ')' if scope else ''}, {unit}", fontsize=10)
        fig.tight_layout()
        name = re.sub(r"[^\w.-]+", "_", f"{place}-{indicator}{'-' + scope if scope else ''}") + ".png"
        fig.savefig(folder / name, dpi=100)
        plt.close(fig)
        written.append(folder / name)
    return written

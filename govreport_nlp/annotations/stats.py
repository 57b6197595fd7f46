"""Label distributions of annotation files: per report, per part, per level."""

from __future__ import annotations

import unicodedata
from collections import Counter, defaultdict

from ..spec import DOMAINS, ENTITY_LABELS, STYPES


def label_counts(records, key=lambda r: r.report_id) -> dict[str, dict[str, Counter]]:
    """``{group: {"stype": Counter, "domain": Counter, "entity": Counter, "sentences": Counter}}``."""
    out: dict[str, dict[str, Counter]] = defaultdict(lambda: {k: Counter() for k in
                                                              ("sentences", "stype", "domain", "entity")})
    for r in records:
        g = out[key(r)]
        g["sentences"]["n"] += 1
        g["stype"][r.stype if r.stype is not None else "(none)"] += 1
        g["domain"][r.domain if r.domain is not None else "(none)"] += 1
        for e in r.entities or []:
            g["entity"][e.label] += 1
    return dict(out)


def _width(s: str) -> int:
    """Columns a string takes in a terminal (CJK characters take two)."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)


def _table(groups: dict[str, dict[str, Counter]], field: str, columns, title: str) -> str:
    cols = [c for c in columns if any(g[field][c] for g in groups.values())]
    head = [title, "n"] + list(cols)
    rows = [[name, str(g["sentences"]["n"])] + [str(g[field][c]) for c in cols]
            for name, g in sorted(groups.items())]
    total = Counter()
    for g in groups.values():
        total.update(g[field])
    rows.append(["TOTAL", str(sum(g["sentences"]["n"] for g in groups.values()))] + [str(total[c]) for c in cols])
    widths = [max(_width(h), *(_width(r[i]) for r in rows)) for i, h in enumerate(head)]

    def line(cells):
        return "  ".join(" " * (w - _width(c)) + c if i else c + " " * (w - _width(c))
                         for i, (c, w) in enumerate(zip(cells, widths)))

    return "\n".join([line(head)] + [line(r) for r in rows])


def format_stats(records, levels: dict[str, str] | None = None) -> str:
    """The report ``govreport stats`` prints: tables of stype, domain and entity
    labels per report, per part and per level, plus coverage."""
    levels = levels or {}
    by = {
        "report": label_counts(records),
        "part": label_counts(records, key=lambda r: r.part or "?"),
        "level": label_counts(records, key=lambda r: levels.get(r.report_id, "?")),
    }
    out = []
    for name, groups in by.items():
        out.append(f"== statement type per {name}\n" + _table(groups, "stype", STYPES + ("(none)",), name))
        out.append(f"== entities per {name}\n" + _table(groups, "entity", ENTITY_LABELS, name))
    out.append("== domain per report\n" + _table(by["report"], "domain", DOMAINS + ("(none)",), "report"))
    domains = Counter(r.domain for r in records if r.domain is not None)
    stypes = Counter(r.stype for r in records if r.stype is not None)
    topics = [d for d in domains if d != "none"]
    out.append(f"== coverage\n{len(records)} sentences in {len(by['report'])} reports; "
               f"{len(stypes)}/{len(STYPES)} statement types; {len(topics)} CAP topics (besides none); "
               f"{sum(len(r.entities or []) for r in records)} entities; "
               f"levels: {', '.join(sorted(set(levels.get(r, '?') for r in by['report'])))}")
    return "\n\n".join(out)

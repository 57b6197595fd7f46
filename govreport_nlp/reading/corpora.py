"""Iterate over the public report collections in a data folder (e.g. ``../shared/data``).

Knows the layouts of the collections the project uses (provincial 2026 JSONL,
national reports JSONL, Hailar district TXT files) and always leaves out the
reports reserved for outside evaluation: those named in the folder's
``RESERVED.md`` plus a built-in list, so a missing file cannot leak them.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from .metadata import level_of

# (relative path, row key or None for the whole file)
_BUILTIN_RESERVED = {
    ("gwr_provincial_2026/provincial_gwr_2026.jsonl", "上海市"),
    ("gwr_provincial_2026/provincial_gwr_2026.jsonl", "重庆市"),
    ("gwr_provincial_2026/provincial_gwr_2026.jsonl", "四川省"),
    ("gwr_hailar_district/hailar_2019.txt", None),
}


@dataclass(frozen=True)
class CorpusReport:
    id: str  # e.g. "provincial-2026-浙江省", "national-2023", "hailar-2018"
    level: str  # one of metadata.LEVELS: "national", "province", "municipality", "district"
    year: int
    text: str
    source: str  # "path" or "path#row"


def reserved(data_dir: Path) -> set[tuple[str, str | None]]:
    out = set(_BUILTIN_RESERVED)
    md = Path(data_dir) / "RESERVED.md"
    if md.is_file():
        for line in md.read_text(encoding="utf-8").splitlines():
            m = re.search(r"`([^`]+)`(?:,\s*row with province\s*(\S+))?", line)
            if m and line.startswith("|"):
                out.add((m.group(1), m.group(2)))
    return out


def iter_reports(data_dir, *, national_from: int = 2000) -> Iterator[CorpusReport]:
    """All non-reserved full reports in ``data_dir`` (provincial 2026, national
    reports from ``national_from`` on, Hailar district)."""
    data_dir = Path(data_dir)
    res = reserved(data_dir)
    prov = data_dir / "gwr_provincial_2026" / "provincial_gwr_2026.jsonl"
    if prov.is_file():
        rel = "gwr_provincial_2026/provincial_gwr_2026.jsonl"
        for line in prov.open(encoding="utf-8"):
            d = json.loads(line)
            if (rel, d["province"]) in res or (rel, None) in res:
                continue
            yield CorpusReport(f"provincial-{d['year']}-{d['province']}", level_of(d["province"]), int(d["year"]),
                               d["full_text"], f"{rel}#{d['province']}")
    for rel in ("gwr_national/government_work_reports.jsonl",
                "gwr_national/gwr_national_gapfill_1989_1990_1991_1996.jsonl"):
        path = data_dir / rel
        if not path.is_file() or (rel, None) in res:
            continue
        for line in path.open(encoding="utf-8"):
            d = json.loads(line)
            if not d.get("year") or int(d["year"]) < national_from:
                continue  # year None: NPC resolutions on the report, not reports
            yield CorpusReport(f"national-{d['year']}", "national", int(d["year"]), d["content"], f"{rel}#{d['year']}")
    for path in sorted((data_dir / "gwr_hailar_district").glob("hailar_*.txt")):
        rel = f"gwr_hailar_district/{path.name}"
        if (rel, None) in res:
            continue
        year = int(re.search(r"(\d{4})", path.name).group(1))
        yield CorpusReport(f"hailar-{year}", "district", year, path.read_text(encoding="utf-8"), rel)


def locate(name, data_dir=None) -> tuple:
    """A report named on the command line: ``(Path(name), None)`` for a file, ``(text, report_id)`` for the id of
    a non-reserved report of ``data_dir`` (``national-2024``); anything else raises E019."""
    from ..errors import Errors, GovReportError

    if Path(name).exists():
        return Path(name), None
    if data_dir:
        try:
            c = get_report(data_dir, name)
        except KeyError:
            raise GovReportError(Errors.E019, name=name, hint=f", nor a (non-reserved) report of {data_dir}") from None
        return c.text, c.id
    raise GovReportError(Errors.E019, name=name, hint=" (pass --data DIR to name a report of a data folder)")


def get_report(data_dir, report_id: str) -> CorpusReport:
    """The non-reserved report ``report_id`` (e.g. ``national-2023``) of ``data_dir``."""
    for r in iter_reports(data_dir, national_from=0):
        if r.id == report_id:
            return r
    raise KeyError(f"{report_id!r} is not a (non-reserved) report of {data_dir}")

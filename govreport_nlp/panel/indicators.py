"""The standard indicators of the panel (``indicators.json`` beside this file; docs/panel.md).

A metric record is named by the clause before its number (地区生产总值增长, 居民消费价格涨幅控制在). That clause maps to
the indicators whose wordings it contains: the longest wording wins where two overlap (单位国内生产总值能耗 before
国内生产总值), an indicator is dropped when the clause holds one of its ``exclude`` words (消费对经济增长的贡献率 is
not GDP growth) or lacks all of its ``requires`` words, and an indicator with scopes gets one entry per scope word,
in the order written (城乡居民人均可支配收入 → urban, rural).

>>> from govreport_nlp.panel.indicators import load_indicators
>>> ind = load_indicators()
>>> [(i.id, scope) for i, scope in ind.match("单位国内生产总值能耗和二氧化碳排放分别降低")]
[('energy_intensity', ''), ('carbon_intensity', '')]
>>> [(i.id, scope) for i, scope in ind.match("城乡居民人均可支配收入分别增长")]
[('disposable_income_growth', 'urban'), ('disposable_income_growth', 'rural')]
>>> ind.match("消费对经济增长的贡献率达到")
[]
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from ..errors import Errors, GovReportError

MEASURES = ("growth", "rate", "reduction", "amount")
BETTER = ("higher", "lower")
_FIELDS = {"id", "zh", "en", "measure", "unit", "better", "wordings", "exclude", "requires", "scopes",
           "default_scope", "convert"}


@dataclass(frozen=True)
class Indicator:
    id: str
    zh: str
    en: str
    measure: str  # growth | rate | reduction | amount
    unit: str  # the unit of low and high: "%" or the amount's unit (人, 吨)
    better: str  # higher | lower
    wordings: tuple[str, ...]
    exclude: tuple[str, ...] = ()
    requires: tuple[str, ...] = ()
    #: scope → the words that name it ("urban rural" for a word that names two, in that order)
    scopes: dict[str, tuple[str, ...]] = field(default_factory=dict)
    default_scope: str = ""
    #: for an amount: unit as written → factor to ``unit`` (斤 → 0.0005 吨)
    convert: dict[str, float] = field(default_factory=dict)

    def scopes_in(self, name: str) -> list[str]:
        """The scopes ``name`` names, in the order written; ``[default_scope]`` when it names none."""
        found = []  # (position, scope)
        for scope, words in self.scopes.items():
            for w in words:
                at = name.find(w)
                while at >= 0:
                    # a longer scope word covering this one wins (城乡 holds neither 城镇 nor 农村, but be safe)
                    found.append((at, -len(w), scope))
                    at = name.find(w, at + 1)
        found.sort()
        out: list[str] = []
        covered = -1
        for at, neg_len, scope in found:
            if at < covered:
                continue
            covered = at - neg_len
            out += scope.split()
        return out or [self.default_scope]


class IndicatorList:
    """The indicators of the panel, in the order of the list; :meth:`match` maps a clause to them."""

    def __init__(self, indicators: list[Indicator], version: int = 1, source: str = ""):
        ids = [i.id for i in indicators]
        if len(set(ids)) != len(ids):
            dup = sorted({i for i in ids if ids.count(i) > 1})
            raise GovReportError(Errors.E042, path=source or "indicator list", problem=f"repeated ids {dup}")
        self.indicators, self.version, self.source = indicators, version, source
        self.by_id = {i.id: i for i in indicators}
        #: every wording, longest first (so the longest match is found first at a position)
        self._wordings = sorted(((w, i) for i in indicators for w in i.wordings), key=lambda x: -len(x[0]))

    def __iter__(self):
        return iter(self.indicators)

    def __len__(self) -> int:
        return len(self.indicators)

    def __getitem__(self, indicator_id: str) -> Indicator:
        return self.by_id[indicator_id]

    def match(self, name: str) -> list[tuple[Indicator, str]]:
        """``(indicator, scope)`` for each indicator ``name`` names, in the order written (see the module)."""
        taken = [False] * len(name)
        hits: list[tuple[int, Indicator]] = []
        for w, ind in self._wordings:
            at = name.find(w)
            while at >= 0:
                if not any(taken[at:at + len(w)]):
                    taken[at:at + len(w)] = [True] * len(w)
                    hits.append((at, ind))
                at = name.find(w, at + 1)
        out: list[tuple[Indicator, str]] = []
        seen = set()
        for _, ind in sorted(hits, key=lambda h: h[0]):
            if ind.id in seen or any(x in name for x in ind.exclude) or (
                    ind.requires and not any(x in name for x in ind.requires)):
                continue
            seen.add(ind.id)
            out += [(ind, scope) for scope in ind.scopes_in(name)]
        return out


def _indicator(d: dict, source: str) -> Indicator:
    def bad(problem: str):
        return GovReportError(Errors.E042, path=source, problem=f"indicator {d.get('id', '?')!r}: {problem}")

    unknown = set(d) - _FIELDS
    if unknown:
        raise bad(f"unknown fields {sorted(unknown)}")
    for key in ("id", "zh", "en", "measure", "unit", "better", "wordings"):
        if not d.get(key):
            raise bad(f"no {key}")
    if d["measure"] not in MEASURES:
        raise bad(f"measure must be one of {MEASURES}")
    if d["better"] not in BETTER:
        raise bad(f"better must be one of {BETTER}")
    if d["measure"] != "amount" and d["unit"] != "%":
        raise bad("a growth, rate or reduction is in %")
    return Indicator(d["id"], d["zh"], d["en"], d["measure"], d["unit"], d["better"], tuple(d["wordings"]),
                     tuple(d.get("exclude", ())), tuple(d.get("requires", ())),
                     {k: tuple(v) for k, v in d.get("scopes", {}).items()}, d.get("default_scope", ""),
                     {k: float(v) for k, v in d.get("convert", {}).items()} or {d["unit"]: 1.0})


_SHIPPED: list[IndicatorList] = []


def load_indicators(path=None) -> IndicatorList:
    """The shipped list (read once), or the JSON file ``path`` in the same format (docs/panel.md: extending the
    list)."""
    if path is None and _SHIPPED:
        return _SHIPPED[0]
    if path is None:
        text, source = resources.files(__package__).joinpath("indicators.json").read_text(encoding="utf-8"), \
            "indicators.json"
    else:
        p = Path(path)
        if not p.is_file():
            raise GovReportError(Errors.E001, path=p)
        text, source = p.read_text(encoding="utf-8"), str(p)
    try:
        d = json.loads(text)
    except json.JSONDecodeError as exc:
        raise GovReportError(Errors.E042, path=source, problem=f"not JSON ({exc})") from None
    if not isinstance(d, dict) or not isinstance(d.get("indicators"), list):
        raise GovReportError(Errors.E042, path=source, problem='no "indicators" list')
    out = IndicatorList([_indicator(x, source) for x in d["indicators"]], d.get("version", 1), source)
    if path is None:
        _SHIPPED.append(out)
    return out

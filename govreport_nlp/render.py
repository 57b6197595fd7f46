"""A visual report: one self-contained HTML page of an annotated report, and its charts.

>>> import govreport_nlp as gr
>>> from govreport_nlp.render import render_html
>>> html = render_html(gr.load()(gr.read_file("corpus/hangzhou-2023.txt")))          # doctest: +SKIP

The page has the report's text, sentence by sentence, with entity highlights (displaCy's entity style), each
sentence marked by its statement type (coloured bar) and domain (tag), a legend that doubles as filters, the
section outline, the metric records (targets and achievements) and charts of domain × statement type per part
(matplotlib, inline SVG).  ``govreport render FILE -o report.html``; ``--format svg|png`` writes the charts alone.
"""

from __future__ import annotations

import html
import io
import json
import re
from collections import Counter
from pathlib import Path

from .document import Report
from .errors import Errors, GovReportError
from .spec import DOMAINS, ENTITY_LABELS, STYPES

#: entity colours (displaCy's ``colors`` option)
ENTITY_COLORS = {"PROJECT": "#f4c46b", "INSTITUTION": "#9fc5f8", "PLACE": "#b6e3a8", "METRIC": "#f3a6c8"}
STYPE_COLORS = {"achievement": "#2e7d32", "target": "#c62828", "measure": "#1565c0", "glossary": "#6a1b9a",
                "other": "#9e9e9e"}
#: the parts charted, in report order, with their English names
PART_NAMES = {"preamble": "preamble", "review": "review (回顾)", "plan": "plan (部署)", "closing": "closing",
              "appendix": "appendix", "glossary": "glossary (名词解释)"}

_CSS = """
body{font-family:"Noto Sans CJK SC","Source Han Sans SC","PingFang SC","Microsoft YaHei","WenQuanYi Micro Hei",sans-serif;margin:0;
 color:#222;background:#fafafa}
header{padding:16px 28px;background:#263238;color:#fff}header h1{margin:0 0 6px;font-size:22px}
header .counts span{margin-right:18px;font-size:14px}
#layout{display:flex;align-items:flex-start}
nav{position:sticky;top:0;width:270px;max-height:100vh;overflow:auto;padding:12px 16px;font-size:13px;
 border-right:1px solid #ddd;background:#fff;flex:none}
nav a{color:#1565c0;text-decoration:none;display:block;padding:2px 0}nav .l2{padding-left:12px}nav .l3{padding-left:24px}
main{padding:12px 28px;max-width:1100px;flex:1}
.legend{background:#fff;border:1px solid #ddd;padding:10px 14px;margin:10px 0;font-size:13px;line-height:2}
.legend label{margin-right:14px;white-space:nowrap;cursor:pointer}
.swatch{display:inline-block;width:12px;height:12px;border-radius:2px;margin-right:4px;vertical-align:-1px}
h2.section{font-size:18px;margin:22px 0 8px;border-bottom:1px solid #ccc}h3.section{font-size:16px;margin:16px 0 6px}
.sent{border-left:5px solid #ccc;background:#fff;margin:4px 0;padding:2px 10px;position:relative}
.sent .entities{line-height:2.2 !important;padding:0 !important}
.sent .tags{font-size:11px;color:#555;text-align:right}
.sent .tags span{border-radius:3px;padding:0 5px;margin-left:4px;background:#eceff1}
.hidden{display:none}mark.entity.off{background:transparent !important}mark.entity.off span{display:none}
table{border-collapse:collapse;font-size:13px;background:#fff;margin:8px 0 18px}
th,td{border:1px solid #ddd;padding:3px 7px;text-align:left;vertical-align:top}th{background:#eceff1}
td.num{text-align:right;font-variant-numeric:tabular-nums}
.chart svg{max-width:100%;height:auto}
"""

_JS = """
(function(){
  function apply(){
    var st = {}, dm = {}, en = {};
    document.querySelectorAll('input[data-filter=stype]').forEach(function(c){ st[c.value] = c.checked; });
    document.querySelectorAll('input[data-filter=entity]').forEach(function(c){ en[c.value] = c.checked; });
    var d = document.getElementById('domain-filter').value;
    document.querySelectorAll('.sent').forEach(function(s){
      var show = st[s.dataset.stype] !== false && (d === '' || s.dataset.domain === d);
      s.classList.toggle('hidden', !show);
    });
    document.querySelectorAll('mark.entity').forEach(function(m){
      m.classList.toggle('off', en[m.dataset.label] === false);
    });
    document.getElementById('shown').textContent =
      document.querySelectorAll('.sent:not(.hidden)').length;
  }
  document.querySelectorAll('input[data-filter], #domain-filter').forEach(function(c){
    c.addEventListener('change', apply); });
  apply();
})();
"""


def _esc(s) -> str:
    return html.escape(str(s), quote=True)


def _sentence_html(s) -> str:
    from spacy import displacy

    ents = [{"start": e.start, "end": e.end, "label": e.label} for e in s.entities or []]
    marked = displacy.render({"text": s.text, "ents": ents, "title": None}, style="ent", manual=True, page=False,
                             jupyter=False, options={"colors": ENTITY_COLORS, "ents": list(ENTITY_LABELS)})
    for e in s.entities or []:  # tag each mark with its label, for the legend's filters
        marked = marked.replace('<mark class="entity" style', f'<mark class="entity" data-label="{e.label}" style', 1)
    top = ", ".join(f"{d} {p:.2f}" for d, p in s.domain_top3 or [])
    return (f'<div class="sent" id="s{s.id}" data-stype="{_esc(s.stype)}" data-domain="{_esc(s.domain)}" '
            f'style="border-left-color:{STYPE_COLORS.get(s.stype, "#ccc")}">{marked}'
            f'<div class="tags"><span>{_esc(s.stype)}</span><span title="{_esc(top)}">{_esc(s.domain)}</span>'
            f'</div></div>')


def _number(v: float) -> str:
    """18753亿元 as 1,875,300,000,000, not 1.8753e+12; fractions with up to 4 significant digits."""
    return f"{int(v):,}" if float(v).is_integer() else f"{v:,.4g}"


def _metric_tables(report: Report) -> str:
    rows = {"target": [], "achievement": []}
    for s in report.sentences:
        for m in s.metrics or []:
            rows.setdefault(m.statement or "other", []).append((s, m))
    out = []
    for statement, items in rows.items():
        out.append(f'<h3 class="section">{_esc(statement.capitalize())}s: {len(items)} metric records</h3>')
        if not items:
            continue
        out.append("<table><tr><th>sentence</th><th>indicator</th><th>value</th><th>unit</th><th>kind</th>"
                   "<th>direction</th><th>qualifier</th><th>as written</th></tr>")
        for s, m in items:
            value = " – ".join(_number(v) for v in (m.value, m.value_max) if v is not None)
            out.append(f'<tr><td><a href="#s{s.id}">{s.id}</a></td><td>{_esc(m.indicator or "")}</td>'
                       f'<td class="num">{_esc(value)}</td><td>{_esc(m.unit or "")}</td><td>{_esc(m.kind or "")}</td>'
                       f'<td>{_esc(m.direction or "")}</td><td>{_esc(m.qualifier or "")}</td>'
                       f'<td>{_esc(m.text)}</td></tr>')
        out.append("</table>")
    return "\n".join(out)


def domain_stype_counts(report: Report) -> dict[str, Counter]:
    """Per part (in :data:`PART_NAMES` order), how many sentences have each (domain, statement type)."""
    counts: dict[str, Counter] = {}
    for s in report.sentences:
        if s.stype is not None and s.part in PART_NAMES:
            counts.setdefault(s.part, Counter())[(s.domain, s.stype)] += 1
    return {p: counts[p] for p in PART_NAMES if p in counts}


def chart_figure(report: Report):
    """A matplotlib figure: one heatmap of domain × statement type per part of the report."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np

    counts = domain_stype_counts(report)
    domains = [d for d in DOMAINS if any(c[(d, t)] for c in counts.values() for t in STYPES)] or list(DOMAINS[:1])
    n = max(len(counts), 1)
    fig, axes = plt.subplots(1, n, figsize=(3.2 * n + 2.2, 0.32 * len(domains) + 1.8), squeeze=False,
                             sharey=True, constrained_layout=True)
    for ax, (part, c) in zip(axes[0], counts.items() or [("none", Counter())]):
        grid = np.array([[c[(d, t)] for t in STYPES] for d in domains])
        ax.imshow(grid, cmap="Blues", aspect="auto", vmin=0)
        for i, j in zip(*np.nonzero(grid)):
            ax.text(j, i, str(grid[i, j]), ha="center", va="center", fontsize=7,
                    color="white" if grid[i, j] > grid.max() / 2 else "black")
        ax.set_xticks(range(len(STYPES)), STYPES, rotation=45, ha="right", fontsize=8)
        ax.set_yticks(range(len(domains)), domains, fontsize=8)
        ax.set_title(f"{PART_NAMES.get(part, part).split(' (')[0]}: {sum(c.values())} sentences", fontsize=9)
    fig.suptitle("sentences by policy domain and statement type, per part", fontsize=10)
    return fig


def chart_bytes(report: Report, fmt: str = "svg") -> bytes:
    """The charts as SVG or PNG."""
    import matplotlib.pyplot as plt

    if fmt not in ("svg", "png"):
        raise GovReportError(Errors.E033, what="chart format", choices="svg or png", value=fmt)
    with plt.rc_context({"svg.fonttype": "none"}):  # SVG text stays text: smaller, searchable, selectable
        fig = chart_figure(report)
        buf = io.BytesIO()
        fig.savefig(buf, format=fmt, dpi=150, metadata={"Date": None} if fmt == "svg" else None)
        plt.close(fig)
    return buf.getvalue()


def _outline(report: Report) -> str:
    items = []
    for sec in report.sections:
        if sec.heading and sec.level <= 3:
            first = next((s.id for s in report.sentences_in(sec)), None)
            target = f"#sec{sec.id}" if first is not None else ""
            items.append(f'<a class="l{sec.level}" href="{target}">{_esc((sec.number or "") + " " + sec.heading)}</a>')
    return "\n".join(items)


def render_html(report: Report) -> str:
    """The whole page for an annotated report (``gr.load()(…)``)."""
    if not report.sentences or all(s.stype is None for s in report.sentences):
        raise GovReportError(Errors.E034)
    sents = [s for s in report.sentences if s.stype is not None]
    n_ents = sum(len(s.entities or []) for s in sents)
    n_metrics = sum(len(s.metrics or []) for s in sents)
    title = report.title_block.title or report.id
    body, heading_at = [], {}
    for sec in report.sections:
        if sec.heading and sec.level <= 3:
            first = next(iter(report.sentences_in(sec)), None)
            if first is not None:
                heading_at.setdefault(first.id, []).append(sec)
    for s in sents:
        for sec in heading_at.get(s.id, []):
            tag = "h2" if sec.level == 1 else "h3"
            heading = _esc((sec.number or "") + " " + sec.heading)
            body.append(f'<{tag} class="section" id="sec{sec.id}">{heading}</{tag}>')
        body.append(_sentence_html(s))
    stype_counts = Counter(s.stype for s in sents)
    domain_counts = Counter(s.domain for s in sents)
    legend_st = "".join(
        f'<label><input type="checkbox" data-filter="stype" value="{t}" checked>'
        f'<span class="swatch" style="background:{STYPE_COLORS[t]}"></span>{t} ({stype_counts.get(t, 0)})</label>'
        for t in STYPES)
    legend_en = "".join(
        f'<label><input type="checkbox" data-filter="entity" value="{lab}" checked>'
        f'<span class="swatch" style="background:{ENTITY_COLORS[lab]}"></span>{lab}</label>' for lab in ENTITY_LABELS)
    options = "".join(f'<option value="{_esc(d)}">{_esc(d)} ({n})</option>' for d, n in domain_counts.most_common())
    svg = chart_bytes(report, "svg").decode("utf-8")
    svg = re.sub(r"<metadata>.*?</metadata>", "", svg[svg.index("<svg"):], flags=re.S)  # inline, no RDF
    data = json.dumps({"report": report.id, "sentences": len(sents), "entities": n_ents, "metrics": n_metrics})
    return f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>{_esc(title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1"><style>{_CSS}</style></head>
<body>
<header><h1>{_esc(title)}</h1><div class="counts">
<span id="n-sentences">{len(sents)} labelled sentences</span><span id="n-entities">{n_ents} entities</span>
<span id="n-metrics">{n_metrics} metric records</span><span><span id="shown">{len(sents)}</span> shown</span>
</div></header>
<div id="layout"><nav><b>Outline</b>
{_outline(report)}
<p><a href="#metrics">Metric records</a><a href="#charts">Charts</a></p></nav>
<main>
<div class="legend"><b>Statement type</b> {legend_st}<br><b>Entities</b> {legend_en}<br>
<b>Domain</b> <select id="domain-filter"><option value="">all domains</option>{options}</select></div>
<section id="text">
{chr(10).join(body)}
</section>
<h2 class="section" id="metrics">Metric records</h2>
{_metric_tables(report)}
<h2 class="section" id="charts">Domain × statement type per part</h2>
<div class="chart">{svg}</div>
</main></div>
<script type="application/json" id="govreport-counts">{data}</script>
<script>{_JS}</script>
</body></html>
"""


def _cjk_font() -> str | None:
    """A font family with Chinese glyphs that matplotlib can use here, if there is one."""
    from matplotlib import font_manager

    wanted = ("Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", "WenQuanYi Zen Hei", "SimHei",
              "Microsoft YaHei", "PingFang SC", "Heiti SC", "AR PL UMing CN")
    have = {f.name for f in font_manager.fontManager.ttflist}
    if not any(w in have for w in wanted):  # installed after matplotlib's font cache was built
        for f in font_manager.findSystemFonts():
            if re.search(r"wqy|cjk|simhei|yahei|pingfang|uming", Path(f).name, re.I):
                font_manager.fontManager.addfont(f)
        have = {f.name for f in font_manager.fontManager.ttflist}
    return next((w for w in wanted if w in have), None)


def track_chart(links: list, path, fmt: str | None = None) -> None:
    """The links of :func:`govreport_nlp.track.track`, one bar per target: the result as a share of the target (100% = exactly the target), coloured met /
    missed / unclear; targets without a reported result are listed at 0, grey.  Chinese labels need a CJK font
    (Noto Sans CJK, WenQuanYi…); without one the bars are labelled by sentence number."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    colours = {"met": "#2e7d32", "missed": "#c62828", "unclear": "#f9a825", "not_reported": "#bdbdbd"}
    font = _cjk_font()
    rows = []
    for k, l in enumerate(links):
        t, a = l.target.metric, l.achievement.metric if l.achievement else None
        ratio = 0.0
        if a is not None and t.value and a.value is not None:
            ratio = 100 * (abs(a.value) if t.direction == "down" else a.value) / abs(t.value)
        label = (f"{t.indicator or ''} {t.text}" if font else f"#{l.target.sentence_id} target {k + 1}").strip()
        note = (f"{a.text}" if font else f"{a.value:g}") if a is not None else "not reported"
        rows.append((label, ratio, l.status, note))
    fig, ax = plt.subplots(figsize=(9, 0.32 * len(rows) + 1.5), constrained_layout=True)
    ys = range(len(rows))
    ax.barh(list(ys), [r[1] for r in rows], color=[colours[r[2]] for r in rows])
    ax.axvline(100, color="black", linewidth=0.8, linestyle="--")
    for y, r in zip(ys, rows):  # the result as written, or "not reported", beside each bar
        ax.text(r[1] + 1, y, r[3], va="center", fontsize=7, color="#424242", fontfamily=font or "sans-serif")
    ax.set_yticks(list(ys), [r[0] for r in rows], fontsize=8, fontfamily=font or "sans-serif")
    ax.invert_yaxis()
    ax.set_xlabel("result as % of the target (dashed: the target)")
    title = f"{links[0].target.report_id} targets → next year's results" if links else "no targets"
    ax.set_title(title, fontsize=10, fontfamily=font or "sans-serif")
    from matplotlib.patches import Patch

    ax.legend(handles=[Patch(color=c, label=s.replace("_", " ")) for s, c in colours.items()], fontsize=8,
              loc="lower right")
    fig.savefig(path, format=fmt, dpi=130)
    plt.close(fig)

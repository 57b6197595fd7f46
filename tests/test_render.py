"""The visual report: the HTML page in headless Chromium, the charts, the command."""

import shutil
from collections import Counter

import pytest

import govreport_nlp as gr
from govreport_nlp.cli import main
from govreport_nlp.render import chart_bytes, domain_stype_counts, render_html

from .conftest import SAMPLE

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
# as the machine notes say: without the background-networking flags Chromium keeps dialling out of a closed network
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def page_html(shipped_hangzhou):
    return render_html(shipped_hangzhou)


def test_page_opens_in_headless_chromium_with_every_entity_and_sentence(shipped_hangzhou, page_html, tmp_path):
    sync_api = pytest.importorskip("playwright.sync_api", reason="pip install -e '.[test]'")
    if CHROMIUM is None:
        pytest.skip("no chromium on PATH (.ci/run installs Debian's chromium)")
    sents = [s for s in shipped_hangzhou.sentences if s.stype is not None]
    n_ents = sum(len(s.entities) for s in sents)
    n_metrics = sum(len(s.metrics) for s in sents)
    n_achievements = sum(s.stype == "achievement" for s in sents)
    path = tmp_path / "hangzhou-2023.html"
    path.write_text(page_html, encoding="utf-8")
    errors = []
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(path.as_uri())
        page.wait_for_load_state("load")
        assert page.locator("mark.entity").count() == n_ents > 500
        assert page.locator(".sent[data-stype]").count() == len(sents) == 370
        assert page.locator("#n-entities").inner_text() == f"{n_ents} entities"
        assert page.locator("#n-metrics").inner_text() == f"{n_metrics} metric records"
        assert page.locator("table tr td a").count() == n_metrics  # one row per record, linked to its sentence
        assert page.locator(".chart svg").count() == 1
        assert page.locator("#shown").inner_text() == str(len(sents))
        page.locator("input[data-filter=stype][value=achievement]").uncheck()  # the legend filters
        assert page.locator("#shown").inner_text() == str(len(sents) - n_achievements)
        assert page.locator(".sent.hidden").count() == n_achievements
        page.locator("input[data-filter=stype][value=achievement]").check()
        page.select_option("#domain-filter", "macroeconomics")
        assert page.locator("#shown").inner_text() == str(sum(s.domain == "macroeconomics" for s in sents))
        page.select_option("#domain-filter", "")
        page.locator("input[data-filter=entity][value=METRIC]").uncheck()
        assert page.locator("mark.entity.off").count() == sum(e.label == "METRIC" for s in sents for e in s.entities)
        page.locator("input[data-filter=entity][value=METRIC]").check()
        assert page.locator("mark.entity.off").count() == 0
        shot = page.screenshot(path=str(tmp_path / "hangzhou-2023.png"), full_page=False)
        browser.close()
    assert errors == []
    assert shot[:8] == b"\x89PNG\r\n\x1a\n" and len(shot) > 50_000  # a page with content, not a blank one


def test_page_is_self_contained_and_escapes_text(page_html):
    import re

    external = re.findall(r'(?:src|href)\s*=\s*"(?!#|data:)([^"]*)"|url\((?!#|data:)([^)]*)\)', page_html)
    assert [x for x in external if any(x)] == []  # no file, font, script or image fetched from anywhere
    assert "<link" not in page_html
    assert "&lt;" in render_html_escape_probe()
    assert page_html.count('class="sent"') == 370


def test_charts_count_every_labelled_sentence_of_a_charted_part(shipped_hangzhou, tmp_path):
    counts = domain_stype_counts(shipped_hangzhou)
    assert list(counts)[:3] == ["preamble", "review", "plan"]
    by_part = Counter(s.part for s in shipped_hangzhou.sentences if s.stype is not None)
    assert {p: sum(c.values()) for p, c in counts.items()} == {p: by_part[p] for p in counts}
    assert chart_bytes(shipped_hangzhou, "png")[:4] == b"\x89PNG"
    svg = chart_bytes(shipped_hangzhou, "svg").decode()
    assert "<svg" in svg and f"review: {by_part['review']} sentences" in svg
    with pytest.raises(ValueError, match="svg or png"):
        chart_bytes(shipped_hangzhou, "gif")


def test_unannotated_report_is_refused(hangzhou):
    with pytest.raises(ValueError, match="annotated report"):
        render_html(hangzhou)


def test_render_command(tiny_annotator, tmp_path, capsys):
    assert main(["render", str(SAMPLE), "-o", str(tmp_path / "r.html"), "--model", str(tiny_annotator)]) == 0
    assert (tmp_path / "r.html").read_text(encoding="utf-8").count('class="sent"') == 370
    assert main(["render", str(SAMPLE), "-o", str(tmp_path / "c.svg"), "--model", str(tiny_annotator)]) == 0
    assert (tmp_path / "c.svg").read_bytes().lstrip().startswith(b"<?xml")
    assert main(["render", str(SAMPLE), "-o", str(tmp_path), "--model", str(tiny_annotator)]) == 2
    assert "is a directory" in capsys.readouterr().err


def render_html_escape_probe() -> str:
    """A one-sentence report whose text has markup characters: they reach the page escaped."""
    from govreport_nlp.document import Entity

    report = gr.read("各位代表：\n现在，我代表市人民政府向大会报告工作，请予审议。\n全市生产总值<b>18753亿元</b>，增长1.5%。")
    for s in report.sentences:
        s.stype, s.stype_score, s.domain, s.domain_top3 = "achievement", 0.9, "macroeconomics", [("macroeconomics", 0.9)]
        s.entities, s.metrics = [], []
    last = report.sentences[-1]
    last.entities = [Entity(last.text.index("18753"), last.text.index("18753") + 7, "METRIC", "18753亿元")]
    page = render_html(report)
    assert "<b>18753" not in page and page.count('<mark class="entity"') == 1
    return page

"""The gold corpus itself: valid, complete, as large and as varied as promised."""

import json

import pytest

from govreport_nlp.annotations.manifest import LEVELS, load_manifest
from govreport_nlp.cli import main
from govreport_nlp.spec import DOMAINS, STYPES

from ..conftest import SHARED_DATA
from .conftest import ANNOTATIONS, GOLD_FILES


def test_govreport_validate_passes_on_the_corpus(capsys):
    assert GOLD_FILES, "no annotation files"
    assert main(["validate", "--complete", "--data", str(SHARED_DATA)] + [str(p) for p in GOLD_FILES]) == 0
    err = capsys.readouterr().err
    assert "0 problem(s)" in err
    if SHARED_DATA.is_dir():  # every file's sentences were compared with a fresh segmentation
        assert "segmentation not checked" not in err


def test_manifest_describes_every_file():
    manifest = load_manifest(ANNOTATIONS)
    assert sorted(manifest) == sorted(p.name for p in GOLD_FILES)
    for name, e in manifest.items():
        assert e["level"] in LEVELS and isinstance(e["year"], int)
        assert e["sentences"] == sum(1 for _ in open(ANNOTATIONS / name, encoding="utf-8"))
        assert e["guideline_version"] and e["annotator_pass"]


def test_size_and_coverage(gold):
    manifest = load_manifest(ANNOTATIONS).values()
    assert len(gold) >= 3000
    assert len(manifest) >= 7
    assert len({e["level"] for e in manifest}) >= 3 and len({e["year"] for e in manifest}) >= 3
    assert {r.stype for r in gold} == set(STYPES)
    assert len({r.domain for r in gold} - {"none"}) >= 15
    assert {e.label for r in gold for e in r.entities} == {"PROJECT", "INSTITUTION", "PLACE", "METRIC"}


def test_reserved_reports_are_not_annotated():
    from govreport_nlp.reading.corpora import _BUILTIN_RESERVED

    names = {row or path.split("/")[-1].removesuffix(".txt") for path, row in _BUILTIN_RESERVED}
    sources = json.dumps(list(load_manifest(ANNOTATIONS).values()), ensure_ascii=False)
    assert not any(n in sources for n in names)


def test_stats_prints_the_distributions(gold, capsys):
    assert main(["stats"] + [str(p) for p in GOLD_FILES]) == 0
    out = capsys.readouterr().out
    assert f"{len(gold)} sentences in {len(GOLD_FILES)} reports" in out
    total_line = next(line for line in out.splitlines() if line.startswith("TOTAL"))
    assert total_line.split()[1] == str(len(gold))
    for level in {e["level"] for e in load_manifest(ANNOTATIONS).values()}:
        assert f"\n{level} " in out


def test_the_package_label_sets_are_the_spec(request):
    spec = SHARED_DATA.parent / "spec" / "labels.json"
    if not spec.is_file():
        pytest.skip("spec not available")
    d = json.loads(spec.read_text(encoding="utf-8"))
    assert list(STYPES) == d["stype"] and list(DOMAINS) == list(d["domain"])


def test_the_guidelines_domain_examples_are_in_the_corpus(gold):
    """Section 6 of the guidelines quotes one sentence per domain: each must be in the corpus with those labels."""
    import re

    from .conftest import ROOT

    by_id = {(r.report_id, r.sentence_id): r for r in gold}
    names = {"北京 2026": "provincial-2026-北京市", "广东 2026": "provincial-2026-广东省", "浙江 2026": "provincial-2026-浙江省"}
    rows = re.findall(r"^\| (\w+) \| (.+) \((.+?) #(\d+)\) \| (\w+) \|$",
                      (ROOT / "docs" / "annotation-guidelines.md").read_text(encoding="utf-8"), re.M)
    assert {row[0] for row in rows} == set(DOMAINS) - {"none"}  # the none row quotes no single sentence
    for domain, text, report, sid, stype in rows:
        r = by_id[(names.get(report, report), int(sid))]
        assert (r.text, r.domain, r.stype) == (text, domain, stype)


def test_adjudication_is_applied_and_idempotent(gold):
    """Every decision of annotations/agreement/adjudication.json is already in the corpus: applying it changes nothing."""
    import copy

    from govreport_nlp.annotations.adjudicate import apply, load_decisions

    decisions = load_decisions(ANNOTATIONS / "agreement" / "adjudication.json")
    assert len(decisions["decisions"]) >= 30 and decisions["rules"]
    assert apply(copy.deepcopy(gold), decisions) == []
    # and it does change the first pass, where the sampled disagreements came from
    from govreport_nlp.annotations import read_jsonl

    pass1 = [r for p in sorted((ANNOTATIONS / "agreement").glob("*.pass1.jsonl")) for r in read_jsonl(p)]
    assert apply(pass1, decisions)


def test_the_test_set_is_valid_complete_and_apart(capsys):
    """annotations/test/: three reports of three levels, kept out of every training and choice (never globbed
    with annotations/*.jsonl), valid against the spec and the current segmentation."""
    test_dir = ANNOTATIONS / "test"
    files = sorted(test_dir.glob("*.jsonl"))
    manifest = load_manifest(test_dir)
    assert sorted(manifest) == [p.name for p in files] and len({e["level"] for e in manifest.values()}) >= 3
    assert not {p.name for p in files} & {p.name for p in GOLD_FILES}
    assert main(["validate", "--complete", "--data", str(SHARED_DATA)] + [str(p) for p in files]) == 0
    assert "0 problem(s)" in capsys.readouterr().err

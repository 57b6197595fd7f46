"""Every input gets an answer: random and damaged inputs, as text, as files and through the spaCy component.

Properties: nothing but :class:`GovReportError` is raised; a report's offsets map back to its raw input exactly;
every sentence is the normalized text between its offsets.  The normal run tries a few dozen cases per property
(bounded in time); ``python -m pytest -m fuzz tests/test_fuzz.py --hypothesis-seed 1`` runs the long profile, 10,000
cases per property (docs/segmentation.md gives its result).
"""

from __future__ import annotations

import codecs
import os
import random
import re
import tempfile
from pathlib import Path

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

import govreport_nlp as gr

SAMPLE = Path(__file__).resolve().parent.parent / "corpus" / "hangzhou-2023.txt"
SAMPLE_TEXT = SAMPLE.read_text(encoding="utf-8")
SAMPLE_LINES = SAMPLE_TEXT.splitlines(keepends=True)
_IDEOGRAPH = re.compile(r"[\u4e00-\u9fff]")

pytestmark = pytest.mark.fuzz  # the profiles are set in conftest.py: ``-m fuzz`` runs the long one


def check(report: gr.Report) -> None:
    """The report's invariants: offsets map back to the raw input exactly, sentences are substrings."""
    idx = report.offsets.raw_index
    assert len(idx) == len(report.text)
    if len(idx):
        assert idx[0] >= 0 and idx[-1] < len(report.raw_text)
        assert (idx[1:] > idx[:-1]).all()  # strictly increasing: no raw character used twice
    for i, c in enumerate(report.text):
        if _IDEOGRAPH.match(c):  # ideographs are never rewritten: each maps to itself in the raw input
            assert report.raw_text[idx[i]] == c
    for s in report.sentences:
        assert s.text and report.text[s.start:s.end] == s.text
        assert 0 <= s.raw_start < s.raw_end <= len(report.raw_text)
        assert (s.raw_start, s.raw_end) == report.offsets.to_raw(s.start, s.end)
        assert len(s.text) <= 512
    for d in report.dropped:
        assert report.raw_text[d.raw_start:d.raw_end] == d.text


def answer(source) -> gr.Report | None:
    """``gr.read(source)``: a checked report, or None for a coded refusal; any other exception fails the test."""
    try:
        report = gr.read(source)
    except gr.GovReportError as e:
        assert re.match(r"\[E\d{3}\] ", str(e)), str(e)
        return None
    check(report)
    return report


def damaged(rng: random.Random, text: str, n: int) -> str:
    """``text`` with ``n`` random edits: a character inserted (anything, controls and NUL included), deleted,
    or a line break added."""
    chars = list(text)
    for _ in range(n):
        pos = rng.randrange(len(chars) + 1)
        op = rng.random()
        if op < 0.4:
            chars.insert(pos, chr(rng.choice([rng.randrange(0, 0x3000), rng.randrange(0x4e00, 0xa000),
                                              rng.randrange(0xff00, 0x10000)])))
        elif op < 0.8 and chars:
            del chars[min(pos, len(chars) - 1)]
        else:
            chars.insert(pos, "\n")
    return "".join(chars)


def excerpt(rng: random.Random, k: int) -> str:
    start = rng.randrange(len(SAMPLE_LINES))
    return "".join(SAMPLE_LINES[start:start + k])


@given(st.text())
def test_any_unicode_text(text):
    report = answer(text)
    assert report is not None or text.strip()  # empty text is an empty report, never an error


@given(st.text(alphabet=st.characters(codec="utf-8"), min_size=1))
def test_text_never_refused(text):
    """A str is text: whatever it holds, it is read (E040 only for a str that is plainly a file name)."""
    try:
        check(gr.read(text))
    except gr.GovReportError as e:
        assert e.code == "E040", e


@given(st.binary(max_size=4000))
def test_random_bytes(data):
    answer(data)


@given(st.randoms(use_true_random=False), st.integers(1, 80), st.integers(0, 60))
def test_sample_cut_and_damaged(rng, k, n):
    text = damaged(rng, excerpt(rng, k), n)
    report = answer(text)
    assert report is not None


@given(st.randoms(use_true_random=False), st.integers(2, 60))
def test_sample_lines_shuffled(rng, k):
    lines = SAMPLE_LINES[:]
    rng.shuffle(lines)
    assert answer("".join(lines[:k])) is not None


@given(st.randoms(use_true_random=False), st.sampled_from(["utf-8", "gb18030", "utf-16", "utf-8-sig", "mixed"]),
       st.integers(0, 20))
def test_sample_as_file_in_any_encoding(rng, encoding, n):
    text = damaged(rng, excerpt(rng, rng.randrange(5, 60)), n)
    if encoding == "mixed":  # half UTF-8, half GB18030: refused with E006, or (rarely) decodable as GB18030
        half = len(text) // 2
        data = text[:half].encode("utf-8") + text[half:].encode("gb18030", errors="replace")
    else:
        data = text.encode(encoding, errors="replace")
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "report.txt"
        path.write_bytes(data)
        try:
            report = gr.read_file(path)
        except gr.GovReportError as e:
            assert e.code in ("E004", "E005", "E006", "E010"), e
            return
        check(report)
        if encoding != "mixed":
            assert _IDEOGRAPH.sub("", report.text) != report.text or not _IDEOGRAPH.search(text)


@given(st.randoms(use_true_random=False), st.integers(0, 200))
def test_stray_control_bytes_are_dropped_not_refused(rng, n):
    text = excerpt(rng, 40)
    chars = list(text)
    for _ in range(n):
        chars.insert(rng.randrange(len(chars) + 1), chr(rng.choice([0, 1, 7, 8, 27, 127])))
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "report.txt"
        path.write_text("".join(chars), encoding="utf-8")
        if os.path.getsize(path) and n > 0.05 * min(os.path.getsize(path), 8192):
            return  # mostly control bytes: E004 by design
        report = gr.read_file(path)
    check(report)
    assert sum(d.raw_end - d.raw_start for d in report.dropped if d.reason == "control characters") == n
    assert not re.search("[\x00-\x08\x0e-\x1b\x7f]", report.text)


@pytest.fixture(scope="module")
def component_nlp(tiny_annotator):
    import spacy

    nlp = spacy.blank("zh")
    nlp.add_pipe("govreport", config={"model": str(tiny_annotator)})
    return nlp


@given(st.randoms(use_true_random=False), st.text(max_size=50), st.integers(0, 30))
def test_component_on_any_text(component_nlp, rng, noise, n):
    """Random text and damaged excerpts through the spaCy component: a Doc with labels on every sentence, or a
    coded error naming the doc; entities lie inside the doc."""
    for text in (noise, damaged(rng, excerpt(rng, rng.randrange(1, 8)), n)):
        assume(len(text) < 5000)
        try:
            doc = component_nlp(text)
        except gr.GovReportError as e:
            assert e.code == "E036", e
            continue
        assert doc.text == text
        for e in doc.ents:
            assert 0 <= e.start_char < e.end_char <= len(text)
        assert len(doc.spans["stype"]) == doc._.govreport["sentences"]


def test_long_line_without_punctuation_is_cut():
    """A 200,000-character line without a full stop becomes sentences the model can read, marked as cut."""
    text = "各位代表：\n" + "推进共同富裕示范区建设" * 18_182
    report = gr.read(text)
    check(report)
    body = [s for s in report.sentences if s.cut]
    assert len(body) >= 200_000 // 512
    assert all(len(s.text) == 512 for s in body[:-1])
    assert "".join(s.text for s in body) == report.text[body[0].start:body[-1].end]


def test_mostly_binary_file_is_still_refused(tmp_path):
    rng = random.Random(0)
    data = bytes(rng.randrange(0, 32) for _ in range(2000)) + "全市生产总值增长百分之五。".encode()
    path = tmp_path / "x.txt"
    path.write_bytes(data)
    with pytest.raises(gr.GovReportError, match=r"\[E004\]"):
        gr.read_file(path)


def test_utf16_without_bom_is_not_read_as_text(tmp_path):
    path = tmp_path / "x.txt"
    path.write_bytes(SAMPLE_TEXT[:3000].encode("utf-16-le"))
    with pytest.raises(gr.GovReportError):
        gr.read_file(path)


def test_utf16_with_bom_is_read(tmp_path):
    path = tmp_path / "x.txt"
    path.write_bytes(codecs.BOM_UTF16_LE + SAMPLE_TEXT[:3000].encode("utf-16-le"))
    check(gr.read_file(path))

"""Every input gets an answer (issue 17): text or path, tiny or empty, protected PDFs, stray bytes, the CLI's
checks and output files."""

import json
import os
import stat

import pytest

import govreport_nlp as gr
from govreport_nlp.cli import main
from govreport_nlp.errors import GovReportError
from govreport_nlp.spec import STYPES

from .conftest import SAMPLE
from .pdfs import chinese_pdf


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


# ------------------------------------------------------------------ text or path
def test_a_str_is_text_and_a_path_a_file(hangzhou):
    assert gr.read_file(str(SAMPLE)).text == hangzhou.text == gr.read(SAMPLE).text
    assert gr.read(SAMPLE.read_bytes()).text == hangzhou.text
    report = gr.read("Hello world. This is English.")  # text, whatever its language: not a file name
    assert report.source == "<text>" and [s.text for s in report.sentences]
    with pytest.raises(GovReportError, match=r"\[E040\].*read_file") as exc:
        gr.read(str(SAMPLE))  # a str that is plainly a file name: refused with the way to read it
    assert exc.value.usage
    for name in ("missing-report.pdf", "杭州市政府工作报告.txt"):
        with pytest.raises(GovReportError, match=r"\[E040\]"):
            gr.read(name)
    with pytest.raises(GovReportError, match=r"\[E011\]"):
        gr.read_file(3.5)


def test_empty_and_tiny_text():
    assert gr.read("").sentences == [] and gr.read(" \n\t ").sentences == []
    assert [s.text for s in gr.read("建设金融中心。").sentences] == ["建设金融中心。"]


def test_annotator_takes_any_text(tiny_annotator):
    nlp = gr.load(tiny_annotator)
    (s,) = nlp("建设金融中心。").sentences
    assert s.stype in STYPES and s.domain and s.entities is not None
    assert nlp("").sentences == [] and nlp("   ").sentences == []
    assert len(nlp(SAMPLE).sentences) == 370  # a Path is a file


# ------------------------------------------------------------------ protected PDFs
@pytest.fixture(scope="module")
def paragraphs():
    report = gr.read(SAMPLE)
    return [report.text[a:b].replace("·", "") for a, b in report.paragraphs[:30]]


def test_owner_password_pdf_is_read(tmp_path, paragraphs):
    """Opens without a password, copying "forbidden": pdfplumber gives (cid:NNN) codes, pypdfium2 the text."""
    plain = gr.read(chinese_pdf(tmp_path / "plain.pdf", paragraphs))
    report = gr.read(chinese_pdf(tmp_path / "owner.pdf", paragraphs, owner_password="secret"))
    assert [s.text for s in report.sentences] == [s.text for s in plain.sentences]
    assert any("pypdfium2" in n for n in report.notes)


def test_user_password_pdf_needs_its_password(tmp_path, capsys, paragraphs):
    path = chinese_pdf(tmp_path / "locked.pdf", paragraphs, user_password="open")
    with pytest.raises(GovReportError, match=r"\[E041\].*encrypted and needs a password"):
        gr.read(path)
    with pytest.raises(GovReportError, match=r"\[E041\].*password given does not open it"):
        gr.read(path, password="wrong")
    assert len(gr.read(path, password="open").sentences) > 20
    code, _, err = run(capsys, "segment", path)
    assert code == 1 and "[E041]" in err and len(err.strip().splitlines()) == 1
    code, out, _ = run(capsys, "segment", path, "--password", "open")
    assert code == 0 and len(out.splitlines()) > 20


# ------------------------------------------------------------------ repairs
def test_stray_nul_bytes_are_dropped_and_listed(tmp_path, hangzhou, hangzhou_raw):
    """23 NUL bytes in a good text: the file is read, the NULs are listed in ``dropped``, nothing else changes."""
    cut = [len(hangzhou_raw) * k // 24 for k in range(1, 24)]
    damaged = "".join(hangzhou_raw[a:b] + "\x00" for a, b in zip([0] + cut, cut)) + hangzhou_raw[cut[-1]:]
    path = tmp_path / "nul.txt"
    path.write_text(damaged, encoding="utf-8")
    report = gr.read(path)
    nul = [d for d in report.dropped if d.reason == "control characters"]
    assert len(nul) == 23 and all(d.text == "\x00" for d in nul)
    assert report.text == hangzhou.text
    assert [s.text for s in report.sentences] == [s.text for s in hangzhou.sentences]
    for s in report.sentences:  # raw offsets index the file as it is, NULs included
        assert damaged[s.raw_start:s.raw_end].replace("\x00", "") == hangzhou_raw[
            hangzhou.sentences[s.id].raw_start:hangzhou.sentences[s.id].raw_end]


def test_a_line_of_zero_width_characters_inside_a_word_is_not_a_paragraph_break():
    """Copied web text (national-2021 in ../shared/data) breaks words with ``\\n\\u200b\\n``; a truly blank line, or
    one after a full stop, still ends the paragraph."""
    text = "各位代表：\n一、工作回顾\n完善资本市场基础制\n\u200b\n度。扎实推进改革。\n\u200b\n二、今年工作\n推进改革\n\n加强监管。"
    report = gr.read(text)
    assert [s.text for s in report.sentences] == ["各位代表：", "一、工作回顾", "完善资本市场基础制度。", "扎实推进改革。",
                                                   "二、今年工作", "推进改革", "加强监管。"]
    s = report.sentences[2]
    assert text[s.raw_start:s.raw_end] == "完善资本市场基础制\n\u200b\n度。"


# ------------------------------------------------------------------ the CLI
def test_inputs_are_checked_before_the_model_loads(tmp_path, capsys):
    """A missing input is reported as missing, even with a model that does not exist (it never loads)."""
    code, _, err = run(capsys, "annotate", tmp_path / "missing.txt", "--model", tmp_path / "no-model")
    assert code == 1 and "[E001]" in err and "E016" not in err
    code, _, err = run(capsys, "render", tmp_path, "-o", tmp_path / "r.html", "--model", tmp_path / "no-model")
    assert code == 1 and "[E002]" in err
    english = tmp_path / "en.txt"
    english.write_text("The State Council reports on the work of the government. " * 20, encoding="utf-8")
    code, _, err = run(capsys, "annotate", english, "--model", tmp_path / "no-model")
    assert code == 1 and "[E005]" in err  # read before the model


def test_output_files_get_the_usual_mode(tmp_path, capsys, tiny_annotator):
    old = os.umask(0o022)
    try:
        out, csv = tmp_path / "out.jsonl", tmp_path / "metrics.csv"
        code, _, _ = run(capsys, "annotate", SAMPLE, SAMPLE, "-o", out, "--metrics-csv", csv, "--model",
                         tiny_annotator)
        assert code == 0
        assert stat.S_IMODE(out.stat().st_mode) == stat.S_IMODE(csv.stat().st_mode) == 0o644
        rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
        assert len(rows) == 2 * 370  # both reports, each written when it was done
    finally:
        os.umask(old)


# ------------------------------------------------------------------ the model in chunks
def test_chunks_give_the_same_predictions(tiny_annotator, hangzhou):
    from govreport_nlp.annotations.schema import records_from_report
    from govreport_nlp.model.predict import carry_names, predict_records

    nlp = gr.load(tiny_annotator)
    records = records_from_report(hangzhou)[:60]
    whole = predict_records(nlp.model, nlp.tokenizer, records, consistent=False)
    chunked = predict_records(nlp.model, nlp.tokenizer, iter(records), consistent=False, chunk=7)
    assert [(p.stype, p.domain, p.entities) for p in whole] == [(p.stype, p.domain, p.entities) for p in chunked]
    # names carried across chunks: a place found in an earlier chunk is tagged where it recurs in a later one
    from govreport_nlp.document import Entity

    first = [Entity(0, 2, "PLACE", "杭州")]
    seen: dict = {}
    carry_names(records[:1], [first], None, seen)
    later = [r for r in records[1:] if "杭州" in r.text][:1]
    (ents,) = carry_names(later, [[]], None, seen)
    assert any(e.text == "杭州" and e.label == "PLACE" for e in ents)

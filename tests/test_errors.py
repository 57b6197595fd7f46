"""Bad input: one clear line and a non-zero exit from the CLI, GovReportError from the API."""

import pytest

import govreport_nlp as gr
from govreport_nlp.cli import main
from govreport_nlp.errors import GovReportError

from .pdfs import blank_pdf, cid_garbage_pdf


def write(path, data: bytes):
    path.write_bytes(data)
    return path


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize(
    "make, code, message",
    [
        (lambda p: p / "missing.txt", "E001", "no such file"),
        (lambda p: p, "E002", "is a directory"),
        (lambda p: write(p / "empty.txt", b""), "E003", "file is empty"),
        (lambda p: write(p / "blank.txt", b" \n\n \t"), "E003", "file is empty"),
        (lambda p: write(p / "x.bin", bytes(range(256)) * 8), "E004", "binary"),
        (lambda p: write(p / "r.docx", b"PK\x03\x04" + b"\x00" * 100), "E004", "docx"),
        (lambda p: write(p / "en.txt", b"The State Council reports on the work of the government. " * 20),
         "E005", "does not look like Chinese"),
        (lambda p: write(p / "latin1.txt", "Ãªtre ÃŒ".encode("utf-8").replace(b"\xc3", b"\xff") * 50), "E006", "cannot decode"),
        (lambda p: blank_pdf(p / "scan.pdf"), "E007", "no text layer"),
        (lambda p: cid_garbage_pdf(p / "cid.pdf"), "E008", "(cid:NNN)"),
        (lambda p: write(p / "broken.pdf", b"%PDF-1.4\n garbage"), "E009",
         "cannot open the PDF"),
    ],
    ids=["missing", "directory", "empty", "whitespace-only", "binary", "docx", "english", "undecodable",
         "pdf-no-text", "pdf-cid", "pdf-broken"],
)
def test_bad_input(tmp_path, capsys, make, code, message):
    path = make(tmp_path)
    with pytest.raises(GovReportError) as exc:
        gr.read(path)
    assert exc.value.code == code
    out_file = tmp_path / "out.jsonl"
    status, out, err = run(capsys, "segment", str(path), "-o", str(out_file))
    assert status == 1
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"govreport: error: [{code}] ")
    assert message in lines[0]
    assert "Traceback" not in err
    assert not out_file.exists()


def test_one_bad_file_among_good_ones_writes_nothing(tmp_path, capsys):
    out_file = tmp_path / "out.jsonl"
    good = tmp_path / "good.txt"
    good.write_text("各位代表：\n现在，我代表市人民政府向大会报告工作，请予审议。\n一、2022年工作回顾\n全市生产总值增长1.5%。",
                    encoding="utf-8")
    status, _, err = run(capsys, "segment", str(good), str(tmp_path / "missing.txt"), "-o", str(out_file))
    assert status == 1 and "[E001]" in err
    assert not out_file.exists()
    assert not list(tmp_path.glob(".govreport-*"))  # no temp file left behind


@pytest.mark.slow
def test_large_file_is_read(tmp_path, hangzhou_raw):
    """A 50 MB file (the sample repeated) is read whole, in linear time, without running out of memory."""
    copies = 50_000_000 // len(hangzhou_raw.encode("utf-8")) + 1
    path = tmp_path / "big.txt"
    with path.open("w", encoding="utf-8") as fh:
        for _ in range(copies):
            fh.write(hangzhou_raw)
    assert path.stat().st_size >= 50_000_000
    report = gr.read(path)
    single = gr.read(hangzhou_raw)
    assert len(report.sentences) > (copies - 1) * (len(single.sentences) - 10)
    assert report.sentences[-1].text == single.sentences[-1].text

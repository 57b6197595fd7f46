"""The govreport command on the sample report."""

import json
import subprocess
import sys

from govreport_nlp.cli import main

from .conftest import SAMPLE


def test_help_is_useful():
    out = subprocess.run([sys.executable, "-m", "govreport_nlp.cli", "--help"], capture_output=True, text=True)
    assert out.returncode == 0
    for word in ("segment", "outline", "examples:", "GB18030"):
        assert word in out.stdout


def test_segment_writes_jsonl(tmp_path, capsys, hangzhou):
    out = tmp_path / "out" / "hz.jsonl"
    assert main(["segment", str(SAMPLE), "-o", str(out), "--words"]) == 0
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["text"] for r in rows] == [s.text for s in hangzhou.sentences]
    assert all("".join(t[0] for t in r["tokens"]) == r["text"].replace(" ", "") for r in rows)
    assert f"{len(rows)} sentences from 1 file(s)" in capsys.readouterr().err


def test_segment_many_files_to_stdout(tmp_path, capsys):
    a = tmp_path / "a.txt"
    b = tmp_path / "b.txt"
    a.write_text("各位代表：\n现在，我代表市人民政府向大会报告工作，请予审议。", encoding="utf-8")
    b.write_bytes("各位代表：\n一、工作回顾\n全区生产总值增长8%；财政收入增长6%。".encode("gb18030"))
    assert main(["segment", str(a), str(b), "--report-json", str(tmp_path / "json")]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["report"] for r in rows] == ["a", "a", "b", "b", "b"]
    assert rows[-1]["text"] == "全区生产总值增长8%；财政收入增长6%。"
    assert json.loads((tmp_path / "json" / "b.json").read_text(encoding="utf-8"))["encoding"] == "gb18030"


def test_outline(capsys):
    assert main(["outline", str(SAMPLE)]) == 0
    out = capsys.readouterr().out
    assert "一、2022年工作回顾" in out and "glossary: 27 entries" in out and "[plan] 三、切实加强政府自身建设" in out


def test_pretrain_mistakes_are_one_line_errors(tmp_path, capsys):
    assert main(["pretrain", "--corpus", str(tmp_path), "--init-from", str(tmp_path / "nothing")]) == 1
    assert "--init-from" in capsys.readouterr().err
    assert main(["pretrain", "--corpus", str(tmp_path), "--hidden", "100", "--heads", "3"]) == 2  # bad usage
    err = capsys.readouterr().err
    assert err.startswith("govreport: error:") and "multiple of heads" in err


def test_convert_to_a_folder_is_bad_usage(tmp_path, capsys):
    from .conftest import ROOT

    src = str(ROOT / "annotations" / "hailar-2017.jsonl")
    assert main(["convert", src, "--to", "spacy", "-o", str(tmp_path)]) == 2
    assert "[E031]" in capsys.readouterr().err

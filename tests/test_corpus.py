"""Whole collections: the corpus dataset, bad inputs as rows, resuming after kill -9, workers, Ray."""

import os
import signal
import subprocess
import sys
import time

import pandas as pd
import pytest

import govreport_nlp as gr
from govreport_nlp.cli import main
from govreport_nlp.corpus import COLUMNS, TABLES, annotate_corpus, open_dataset

from .conftest import SAMPLE
from .pdfs import blank_pdf

SAMPLE_TEXT = SAMPLE.read_text(encoding="utf-8")


def _reports(folder, n):
    """``n`` distinct reports: the sample, each with its own closing line (so each has its own sha256)."""
    folder.mkdir(parents=True, exist_ok=True)
    for k in range(n):
        (folder / f"report-{k}.txt").write_text(SAMPLE_TEXT + f"\n本报告第{k + 1}份。\n", encoding="utf-8")
    return folder


def _keys(ds):
    return {t: getattr(ds, t).shape for t in TABLES}


@pytest.fixture(scope="module")
def bad_folder(tmp_path_factory):
    folder = _reports(tmp_path_factory.mktemp("inputs"), 2)
    (folder / "empty.txt").write_bytes(b"")
    blank_pdf(folder / "scanned.pdf")
    (folder / "random.txt").write_bytes(os.urandom(4000))
    (folder / "english.txt").write_text("The economy grew. Jobs were created. Prices were stable. " * 20)
    (folder / "notes.md").write_text("not a report: not searched")  # only .txt .pdf .html .htm are inputs
    return folder


def test_a_folder_with_bad_inputs_annotates_the_good_ones_and_lists_the_bad(bad_folder, tiny_annotator, tmp_path):
    out = tmp_path / "ds"
    code = main(["annotate", str(bad_folder), "--out", str(out), "--model", str(tiny_annotator), "--workers", "1"])
    assert code == 4  # the exit status is the number of inputs that failed
    ds = open_dataset(out)
    assert sorted(ds.reports.report_id) == ["report-0", "report-1"]
    assert dict(zip(ds.errors.source_path.map(lambda p: os.path.basename(p)), ds.errors.code)) == {
        "empty.txt": "E003", "scanned.pdf": "E007", "random.txt": "E004", "english.txt": "E005"}
    n = len(gr.read_file(SAMPLE).sentences) + 1  # the added closing line is one more sentence
    assert list(ds.reports.sentences) == [n, n] and len(ds.sentences) == 2 * n
    assert set(ds.sentences.report_id) == {"report-0", "report-1"} and ds.sentences.stype.notna().all()
    assert set(ds.metrics.place) == {"杭州市"} and set(ds.metrics.year) == {2023}
    for t in TABLES:  # each table reads with pandas, with its columns
        assert tuple(pd.read_parquet(out / t).columns) == COLUMNS[t]


def test_the_tables_load_with_hugging_face_datasets(bad_folder, tiny_annotator, tmp_path):
    datasets = pytest.importorskip("datasets")
    out = tmp_path / "ds"
    annotate_corpus([bad_folder / "report-0.txt"], out, model=tiny_annotator, workers=1, progress=False)
    hf = datasets.load_dataset("parquet", data_dir=str(out / "sentences"), split="train")
    assert hf.num_rows == len(open_dataset(out).sentences) and "stype" in hf.column_names


def test_a_rerun_skips_what_is_done_and_two_workers_give_the_same_rows(tmp_path, tiny_annotator):
    inputs = _reports(tmp_path / "in", 3)
    s1 = annotate_corpus([inputs / "report-0.txt"], tmp_path / "a", model=tiny_annotator, workers=1, progress=False)
    s2 = annotate_corpus([inputs], tmp_path / "a", model=tiny_annotator, workers=2, progress=False)
    assert (s1.done, s2.done, s2.skipped, s2.failed) == (1, 2, 1, 0)
    annotate_corpus([str(inputs / "*.txt")], tmp_path / "b", model=tiny_annotator, workers=1, progress=False)
    a, b = open_dataset(tmp_path / "a"), open_dataset(tmp_path / "b")
    for t in ("sentences", "entities", "metrics"):
        key = [c for c in ("report_id", "sentence_index", "start") if c in COLUMNS[t]]
        x = getattr(a, t).sort_values(key).reset_index(drop=True)
        y = getattr(b, t).sort_values(key).reset_index(drop=True)
        pd.testing.assert_frame_equal(x, y)


def test_a_run_killed_with_sigkill_is_completed_by_running_it_again(tmp_path, tiny_annotator):
    inputs = _reports(tmp_path / "in", 4)
    out = tmp_path / "ds"
    cmd = [sys.executable, "-m", "govreport_nlp.cli", "annotate", str(inputs), "--out", str(out), "--model",
           str(tiny_annotator), "--workers", "1"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.time() + 300
    while time.time() < deadline and len(list((out / "reports").glob("*.parquet"))) < 1:
        time.sleep(0.2)
    os.killpg(proc.pid, signal.SIGKILL)  # in the middle: one report in, the next one being written
    proc.wait()
    first = open_dataset(out)
    assert 1 <= len(first.reports) < 4
    assert subprocess.run(cmd, capture_output=True).returncode == 0
    ds = open_dataset(out)
    assert sorted(ds.reports.report_id) == [f"report-{k}" for k in range(4)]
    assert not ds.sentences.duplicated(["report_id", "sentence_index"]).any()
    assert len(ds.sentences) == ds.reports.sentences.sum()
    assert not list(out.rglob(".*.tmp"))  # nothing half-written is left


def test_usage_errors_before_any_work(tmp_path, tiny_annotator):
    (tmp_path / "file").write_text("x")
    with pytest.raises(gr.GovReportError, match="E044"):
        annotate_corpus([SAMPLE], tmp_path / "file", model=tiny_annotator)
    with pytest.raises(gr.GovReportError, match="E033"):
        annotate_corpus([SAMPLE], tmp_path / "ds", engine="spark", model=tiny_annotator)
    with pytest.raises(gr.GovReportError, match="E016"):
        annotate_corpus([SAMPLE], tmp_path / "ds", model="no-such-model")
    with pytest.raises(gr.GovReportError, match="E018"):
        open_dataset(tmp_path / "nowhere")
    assert main(["annotate", str(SAMPLE), "--workers", "2"]) == 2  # --workers goes with --out


def test_the_panel_of_a_dataset_in_one_call(tmp_path, tiny_annotator):
    inputs = _reports(tmp_path / "in", 1)
    annotate_corpus([inputs], tmp_path / "ds", model=tiny_annotator, workers=1, progress=False)
    nlp = gr.load(tiny_annotator)
    direct = gr.panel([nlp(inputs / "report-0.txt")], progress=False)
    from_ds = gr.panel(tmp_path / "ds")
    cols = [c for c in direct.columns if c != "report_id"]
    pd.testing.assert_frame_equal(direct[cols], from_ds[cols])


def test_the_ray_engine_gives_the_local_engines_rows(tmp_path, tiny_annotator):
    pytest.importorskip("ray")
    inputs = _reports(tmp_path / "in", 2)
    (inputs / "empty.txt").write_bytes(b"")
    local = annotate_corpus([inputs], tmp_path / "local", model=tiny_annotator, workers=1, progress=False)
    on_ray = annotate_corpus([inputs], tmp_path / "ray", model=tiny_annotator, workers=2, engine="ray",
                             progress=False)
    assert (on_ray.done, on_ray.failed) == (local.done, local.failed) == (2, 1)
    a, b = open_dataset(tmp_path / "local"), open_dataset(tmp_path / "ray")
    for t in ("sentences", "entities", "metrics", "errors"):
        key = [c for c in ("report_id", "sentence_index", "start", "source_path") if c in COLUMNS[t]]
        pd.testing.assert_frame_equal(getattr(a, t).sort_values(key).reset_index(drop=True),
                                      getattr(b, t).sort_values(key).reset_index(drop=True))


def test_an_internal_error_on_one_input_is_a_row_not_the_end_of_the_run(tmp_path, monkeypatch):
    from govreport_nlp.corpus import dataset, task

    def broken(report):
        raise RuntimeError("a bug")

    monkeypatch.setitem(task._WORKER, "nlp", broken)
    result = task.annotate_one(str(SAMPLE), "hangzhou-2023", "abc", str(tmp_path), "m@1")
    assert (result["status"], result["code"]) == ("failed", "E046")
    errors = dataset.read_table(tmp_path, "errors")
    assert list(errors.code) == ["E046"] and "RuntimeError: a bug" in errors.message[0]


def test_the_int8_model_is_its_own_model_version(tmp_path, tiny_annotator):
    inputs = _reports(tmp_path / "in", 1)
    annotate_corpus([inputs], tmp_path / "ds", model=tiny_annotator, workers=1, progress=False)
    again = annotate_corpus([inputs], tmp_path / "ds", model=tiny_annotator, workers=1, quantize=True, progress=False)
    assert (again.done, again.skipped) == (1, 0)  # another model version: annotated again, its rows replaced
    ds = open_dataset(tmp_path / "ds")
    assert len(ds.reports) == 1 and ds.reports.model_version[0].endswith("+int8")
    assert ds.sentences.stype.notna().all()
    assert "int8" in repr(gr.load(tiny_annotator, quantize=True))

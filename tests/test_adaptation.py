"""The adaptation loop: pre-annotate, import, finetune, evaluate (docs/adaptation.md's tutorial runs here)."""

import copy
import glob
import json
import re
import shlex

import pytest

from govreport_nlp.adapt import preannotate, write_tasks
from govreport_nlp.annotations import read_jsonl, write_jsonl
from govreport_nlp.annotations.formats.labelstudio import to_labelstudio
from govreport_nlp.cli import main

from .conftest import ROOT


def tutorial_commands() -> list[str]:
    block = re.search(r"```bash tutorial\n(.*?)```", (ROOT / "docs" / "adaptation.md").read_text(encoding="utf-8"),
                      re.S).group(1)
    return [line for line in block.splitlines() if line.startswith("govreport ")]


def label_studio_export(tasks, gold_by_id, corrected, unannotated=()):
    """What Label Studio exports after a person corrected ``corrected`` tasks to the gold labels."""
    out = []
    for t in corrected:
        gold = gold_by_id[t["data"]["sentence_id"]]
        assert gold.text == t["data"]["text"]
        result = to_labelstudio([gold])[0][0]["annotations"][0]["result"]
        out.append({**t, "annotations": [{"result": result, "was_cancelled": False}]})
    return out + [dict(t) for t in unannotated]


def test_tutorial_runs_end_to_end(tiny_annotator, gold, hz_gold, tmp_path, monkeypatch, capsys):
    (tmp_path / "corpus").symlink_to(ROOT / "corpus")
    (tmp_path / "annotations").mkdir()  # a small slice of the gold corpus to replay
    for rid in ("national-2023", "hailar-2018"):
        write_jsonl([r for r in gold if r.report_id == rid][:80], tmp_path / "annotations" / f"{rid}.jsonl")
    monkeypatch.chdir(tmp_path)
    gold_by_id = {r.sentence_id: r for r in hz_gold}
    commands = tutorial_commands()
    assert [c.split()[1] for c in commands] == ["pre-annotate", "import", "import", "finetune", "evaluate", "evaluate"]
    for line in commands:
        argv = []
        for a in shlex.split(line)[1:]:
            a = str(tiny_annotator) if a == "govreport-annotator" else a
            argv += sorted(glob.glob(a)) if "*" in a else [a]
        assert main(argv) == 0, line
        if argv[0] == "pre-annotate":  # the person's part: correct the first tasks in the labelling tool
            tasks = json.loads((tmp_path / "work" / "hangzhou-tasks.json").read_text(encoding="utf-8"))
            assert len(tasks) == len(hz_gold) == 370
            u = [t["data"]["uncertainty"] for t in tasks]
            assert u == sorted(u, reverse=True) and u[0] > u[-1]
            assert all(abs(t["predictions"][0]["score"] - (1 - t["data"]["uncertainty"])) < 1e-6 for t in tasks)
            assert (tmp_path / "work" / "hangzhou-tasks.json.label-config.xml").is_file()
            (tmp_path / "work" / "hangzhou-export.json").write_text(json.dumps(
                label_studio_export(tasks, gold_by_id, tasks[:40], unannotated=tasks[100:105]), ensure_ascii=False))
            (tmp_path / "work" / "hangzhou-test-export.json").write_text(json.dumps(
                label_studio_export(tasks, gold_by_id, tasks[40:100]), ensure_ascii=False))
        if argv[0] == "import" and "test" not in argv[1]:
            err = capsys.readouterr().err
            assert "5 x task without annotation" in err and "5 x sentence without any label" in err
            got = read_jsonl(tmp_path / "work" / "hangzhou-gold.jsonl")
            assert [r.to_dict() for r in got] == [gold_by_id[t["data"]["sentence_id"]].to_dict() for t in tasks[:40]]
        if argv[0] == "finetune":
            log = json.loads((tmp_path / "work" / "models" / "hangzhou" / "training_log.json").read_text())
            assert log["new_sentences"] == 40 and log["replay_sentences"] == 80 and len(log["epochs"]) == 5
            assert log["init"] == str(tiny_annotator)
            assert (tmp_path / "work" / "models" / "hangzhou" / "linear" / "tagger").is_dir()  # refitted
            config = json.loads((tmp_path / "work" / "models" / "hangzhou" / "config.json").read_text())
            assert config["linear_mix_weight"] == 0.75  # finetune's --linear-mix default, not the start's 0.5
    out = capsys.readouterr().out
    assert out.count("entities") >= 2 and out.count("stype") >= 2  # two score reports on the 60 test sentences


def test_import_refuses_a_wrong_label_and_writes_nothing(hz_gold, tmp_path, capsys):
    tasks, _ = to_labelstudio(hz_gold[8:10])
    tasks[0]["annotations"][0]["result"][-1]["value"]["choices"] = ["economy"]  # not a CAP domain of the spec
    (tmp_path / "export.json").write_text(json.dumps(tasks, ensure_ascii=False))
    assert main(["import", str(tmp_path / "export.json"), "-o", str(tmp_path / "gold.jsonl")]) == 1
    assert "economy" in capsys.readouterr().err and not (tmp_path / "gold.jsonl").exists()
    assert main(["import", str(tmp_path / "nothing.json"), "-o", str(tmp_path / "gold.jsonl")]) == 1


@pytest.mark.parametrize("fmt", ["doccano", "prodigy"])
def test_jsonl_tasks_come_back_as_the_same_records(fmt, hz_gold, tmp_path):
    records = copy.deepcopy(hz_gold[5:25])
    uncertainty = [round(1 - i / 40, 4) for i in range(len(records))]
    write_tasks(records, uncertainty, tmp_path / "tasks.jsonl", fmt)
    lines = [json.loads(x) for x in (tmp_path / "tasks.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [(d["meta"] if fmt == "prodigy" else d)["uncertainty"] for d in lines] == uncertainty
    if fmt == "prodigy":  # a person accepted all but two, rejecting one and skipping one
        lines[3]["answer"], lines[4]["answer"] = "reject", "ignore"
        for d in lines[:3] + lines[5:]:
            d["answer"] = "accept"
    (tmp_path / "export.jsonl").write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in lines))
    assert main(["import", str(tmp_path / "export.jsonl"), "--format", fmt, "-o", str(tmp_path / "gold.jsonl")]) == 0
    want = records if fmt == "doccano" else records[:3] + records[5:]
    assert [r.to_dict() for r in read_jsonl(tmp_path / "gold.jsonl")] == [r.to_dict() for r in want]


def test_preannotate_orders_by_uncertainty_and_labels_every_sentence(tiny_annotator, hangzhou):
    import govreport_nlp as gr

    records, uncertainty = preannotate(hangzhou, gr.load(tiny_annotator))
    assert sorted(r.sentence_id for r in records) == [s.id for s in hangzhou.sentences]
    assert uncertainty == sorted(uncertainty, reverse=True) and all(0 <= u <= 1 for u in uncertainty)
    assert all(r.stype and r.domain and r.entities is not None for r in records)


def test_adapt_trains_on_partial_labels_and_keeps_the_linear_models_without_replay(tiny_annotator, hz_gold):
    import torch

    from govreport_nlp.model.finetune import TrainConfig, adapt
    from govreport_nlp.model.predict import load_annotator

    entities_only = copy.deepcopy(hz_gold[:30])
    for r in entities_only:
        r.stype = r.domain = None
    cfg = TrainConfig(epochs=1, batch_size=8, lr=1e-3, val_fraction=0.0, threads=1)
    tok, model, log, mix = adapt(entities_only, tiny_annotator, cfg, replay=[])
    before = load_annotator(tiny_annotator)[0].state_dict()
    after = model.state_dict()
    assert not torch.equal(before["ner_head.weight"], after["ner_head.weight"])  # the entity head learnt
    assert torch.equal(before["stype_head.weight"], after["stype_head.weight"])  # no stype label, no stype loss
    assert log["replay_sentences"] == 0 and mix is None  # the tiny annotator has no linear models to keep
    with pytest.raises(ValueError, match="no records"):
        adapt([], tiny_annotator, cfg)


def test_finetune_refuses_a_linear_mix_outside_0_1(tmp_path, capsys):
    assert main(["finetune", "--data", str(tmp_path / "new.jsonl"), "--out", str(tmp_path / "m"),
                 "--linear-mix", "2"]) == 2  # bad usage
    assert "linear_mix must be in [0, 1]" in capsys.readouterr().err and not (tmp_path / "m").exists()

"""Pre-annotations for a labelling tool: the model's labels and confidences, most uncertain sentences first.

>>> import govreport_nlp as gr
>>> from pathlib import Path
>>> from govreport_nlp.adapt import preannotate, write_tasks
>>> records, uncertainty = preannotate(Path("corpus/hangzhou-2023.txt"), gr.load())      # doctest: +SKIP
>>> write_tasks(records, uncertainty, "tasks.json", "label-studio")                # doctest: +SKIP

The order is least-confidence sampling: a sentence's uncertainty is 1 − the lowest of the model's probability
for its statement type, for its domain and, over its characters, for the best entity tag.  Correcting the
most uncertain sentences first teaches the model most per sentence read (docs/adaptation.md measures it).
"""

from __future__ import annotations

from pathlib import Path

from ..annotations.schema import Record, records_from_report
from ..document import Report
from ..errors import Errors, GovReportError

#: the formats a pre-annotation file can be written in
TASK_FORMATS = ("label-studio", "doccano", "prodigy")


def preannotate(source, annotator=None, *, report_id: str | None = None) -> tuple[list[Record], list[float]]:
    """``(records, uncertainties)`` for every sentence of a report (a file as a :class:`~pathlib.Path`, its text as a ``str``, or a :class:`Report`), labelled
    by ``annotator`` (default: ``gr.load()``), most uncertain first."""
    from ..annotate import load
    from ..model.predict import predict_records
    from ..reading import read

    nlp = annotator if annotator is not None else load()
    report = source if isinstance(source, Report) else read(source, report_id=report_id)
    records = records_from_report(report)
    preds = predict_records(nlp.model, nlp.tokenizer, records, batch_size=nlp.batch_size,
                            linear_mix=nlp.linear_mix)
    for r, p in zip(records, preds):
        r.stype, r.domain, r.entities = p.stype, p.domain, p.entities
    order = sorted(range(len(records)), key=lambda i: (-preds[i].uncertainty, i))
    return [records[i] for i in order], [round(preds[i].uncertainty, 4) for i in order]


def write_tasks(records, uncertainties, path, fmt: str = "label-studio", model_version: str = "govreport_nlp") -> Path:
    """Write pre-annotated ``records`` (in the order given) for a labelling tool; each task carries its
    ``uncertainty``.  Label Studio: a JSON list of tasks with ``predictions`` (``score`` = 1 − uncertainty),
    and the labelling interface beside it (``<path>.label-config.xml``); doccano and Prodigy: JSONL."""
    from ..annotations.formats import write_json, write_json_lines
    from ..annotations.formats.doccano import to_doccano
    from ..annotations.formats.labelstudio import label_config, to_labelstudio
    from ..annotations.formats.prodigy import to_prodigy

    if fmt not in TASK_FORMATS:
        raise GovReportError(Errors.E015, path=path, fmt=fmt, choices=", ".join(TASK_FORMATS))
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "label-studio":
        tasks, _ = to_labelstudio(records, predictions=True, model_version=model_version,
                                  scores=[1 - u for u in uncertainties])
        for t, u in zip(tasks, uncertainties):
            t["data"]["uncertainty"] = u
        write_json(tasks, path)
        path.with_name(path.name + ".label-config.xml").write_text(label_config(), encoding="utf-8")
        return path
    lines, _ = to_doccano(records) if fmt == "doccano" else to_prodigy(records, scores=[1 - u for u in uncertainties])
    for d, u in zip(lines, uncertainties):
        (d["meta"] if fmt == "prodigy" else d)["uncertainty"] = u
    write_json_lines(lines, path)
    return path

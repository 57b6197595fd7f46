"""Adapting the annotator to a new place's reports, and tracking targets across years.

The loop (docs/adaptation.md): :func:`~.preannotate.preannotate` a new report with the shipped model, most
uncertain sentences first, in a labelling tool's format; correct some; import the export
(``govreport import``); continue training (:func:`govreport_nlp.model.finetune.adapt`, ``govreport finetune``);
evaluate on the rest of the report.
"""

from .preannotate import preannotate, write_tasks

__all__ = ["preannotate", "write_tasks"]

"""govreport_nlp: read, repair, segment and annotate Chinese government work reports.

>>> import govreport_nlp as gr
>>> report = gr.read_file("corpus/hangzhou-2023.txt")     # doctest: +SKIP
>>> report.sentences[0].text, report.glossary[0].term   # doctest: +SKIP
"""

from .about import __version__
from .annotate import Annotator, load
from .corpus import annotate_corpus, open_dataset
from .document import Entity, GlossaryEntry, MetricRecord, Report, Section, Sentence, TitleBlock, Token
from .errors import GovReportError
from .outputs import metric_table
from .panel import panel
from .reading import read, read_file


__all__ = [
    "read",
    "read_file",
    "load",
    "Annotator",
    "metric_table",
    "panel",
    "annotate_corpus",
    "open_dataset",
    "Report",
    "Section",
    "Sentence",
    "Token",
    "Entity",
    "MetricRecord",
    "GlossaryEntry",
    "TitleBlock",
    "GovReportError",
    "__version__",
]

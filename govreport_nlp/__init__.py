"""govreport_nlp: read, repair, segment and annotate Chinese government work reports.

>>> import govreport_nlp as gr
>>> report = gr.read("corpus/hangzhou-2023.txt")          # doctest: +SKIP
>>> report.sentences[0].text, report.glossary[0].term   # doctest: +SKIP
"""

from .annotate import Annotator, load, metric_table
from .document import GlossaryEntry, Report, Section, Sentence, TitleBlock, Token
from .errors import GovReportError
from .pipeline import read

__version__ = "0.1.0"

__all__ = [
    "read",
    "load",
    "Annotator",
    "metric_table",
    "Report",
    "Section",
    "Sentence",
    "Token",
    "GlossaryEntry",
    "TitleBlock",
    "GovReportError",
    "__version__",
]

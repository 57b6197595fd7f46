"""Gold annotations: the record schema, validation, statistics and converters.

>>> from govreport_nlp.annotations import read_jsonl, validate_records
"""

from .schema import Entity, Record, read_jsonl, records_from_report, write_jsonl
from .validate import Problem, validate_files, validate_records

__all__ = ["Entity", "Record", "Problem", "read_jsonl", "write_jsonl", "records_from_report",
           "validate_records", "validate_files"]

"""Honest evaluation: scores for the three tasks and leave-one-report-out cross-validation.

>>> from govreport_nlp.evaluation import leave_one_report_out
"""

from ..document import Prediction
from .cv import leave_one_report_out
from .scores import classification_scores, entity_scores, top_k_accuracy

__all__ = ["Prediction", "leave_one_report_out", "classification_scores", "entity_scores", "top_k_accuracy"]

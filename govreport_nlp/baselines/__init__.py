"""Baselines for the annotator, in the same harness and folds as the BERT
(:func:`govreport_nlp.evaluation.leave_one_report_out`):

- :class:`~.rules.RuleSystem`: statement type from the report part and cue words,
  domain from the spec's keyword table, entities from a gazetteer and regular expressions;
- :class:`~.linear.LinearSystem`: the annotator's linear models alone (:mod:`govreport_nlp.model.linear`):
  TF-IDF character n-grams + logistic regression for
  the sentence tasks, a per-character linear classifier over character-window features
  for BIO entity tags (scikit-learn).
"""

from .linear import LinearSystem
from .rules import RuleSystem

__all__ = ["RuleSystem", "LinearSystem"]

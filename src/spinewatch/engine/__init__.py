"""The engine: deterministic triage, differential and advice from a report."""

from ._assess import assess
from .assessment import Action, Advice, Assessment, Evidence, Question, RankedCause, Reason, Warning

__all__ = ["Action", "Advice", "Assessment", "Evidence", "Question", "RankedCause", "Reason", "Warning", "assess"]

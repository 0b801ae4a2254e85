"""The report model: what is known about one person at one time."""

from ._load import MAX_REPORT_BYTES, ReportError, describe_validation_error, load_report, parse_report, parse_report_json
from ._model import Cancer, History, Labs, Neurology, Pain, Report, Systemic, Treatment

__all__ = [
    "Cancer", "History", "Labs", "MAX_REPORT_BYTES", "Neurology", "Pain", "Report", "ReportError",
    "Systemic", "Treatment", "describe_validation_error", "load_report", "parse_report", "parse_report_json",
]

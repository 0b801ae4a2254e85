"""spinewatch: clinical decision support for back pain in people with cancer.

The public API is small: ``assess`` a ``Report`` with the bundled ``KnowledgeBase``.
"""

__version__ = "0.1.0"

from .engine import Assessment, assess  # noqa: E402
from .knowledge import KnowledgeBase, load_kb  # noqa: E402
from .report import Report, ReportError, load_report, parse_report  # noqa: E402

__all__ = ["Assessment", "KnowledgeBase", "Report", "ReportError", "__version__", "assess", "load_kb",
           "load_report", "parse_report"]

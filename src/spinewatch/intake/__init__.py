"""Free-text intake: patients' and nurses' own words to a Report, with every finding traceable.

    from spinewatch.intake import extract
    x = extract("had my Taxol Tuesday, back's killing me, can't feel my left foot, no temp")
    x.report        # the Report
    x.findings      # each finding with its context and character offsets
    x.questions     # red flags mentioned hypothetically/uncertainly/in the past: ask them

``extract_many`` reads a batch in one pass (the fast path). The spaCy/medspaCy pipeline is built
on first use (about 2 s) and shared. Needs the ``text`` extra (medspaCy).
"""

from ._model import CONTEXTS, ExtractedFinding, Extraction, IntakeError


def extract(text, reported_at=None, *, kb=None) -> Extraction:
    from ._extract import extract as _extract

    return _extract(text, reported_at, kb=kb)


def extract_many(texts, reported_at=None, *, kb=None, batch_size: int = 64) -> list[Extraction]:
    from ._extract import extract_many as _many

    return _many(texts, reported_at, kb=kb, batch_size=batch_size)


def warm_up() -> None:
    """Build the shared pipeline now rather than on the first message."""
    from .pipeline import get_pipeline

    get_pipeline()


__all__ = ["CONTEXTS", "ExtractedFinding", "Extraction", "IntakeError", "extract", "extract_many", "warm_up"]

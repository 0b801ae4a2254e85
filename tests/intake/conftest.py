"""The intake pipeline is built once per test session (about 2 s)."""

from datetime import datetime, timezone

import pytest

# A Monday; weekday names in the tests are read relative to it.
REF = datetime(2026, 11, 16, 9, 30, tzinfo=timezone.utc)


@pytest.fixture(scope="session")
def read(kb):
    from spinewatch.intake import extract, warm_up

    warm_up()

    def _read(text, reported_at=REF):
        return extract(text, reported_at, kb=kb)

    return _read


def ctx_of(x, finding, words=None):
    """Contexts of the findings about ``finding`` (optionally only those whose words contain ``words``)."""
    return [f.context for f in x.findings if f.finding == finding and (words is None or words.lower() in f.text.lower())]

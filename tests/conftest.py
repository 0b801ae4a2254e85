"""Shared fixtures: the bundled knowledge base, loaded once per session."""

import pytest

from spinewatch.knowledge import load_kb


@pytest.fixture(scope="session")
def kb():
    return load_kb()

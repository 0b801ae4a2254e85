"""The web service: patient self-report pages, the clinicians' triage queue and the REST API."""

from ._app import create_app
from ._serve import serve

__all__ = ["create_app", "serve"]

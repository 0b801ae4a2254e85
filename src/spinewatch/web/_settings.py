"""Service settings, read once when the app is made."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field
from datetime import timedelta

from ..report import MAX_REPORT_BYTES


@dataclass(frozen=True)
class Settings:
    database_url: str
    # Signs CSRF tokens. Sessions are server-side, so a new key on restart only expires open forms.
    secret_key: bytes = field(default_factory=lambda: os.environ.get("SPINEWATCH_SECRET_KEY", "").encode()
                              or secrets.token_bytes(32))
    # Locale-dependent (UK defaults, as the triage levels follow UK guidance); configurable.
    emergency_number: str = field(default_factory=lambda: os.environ.get("SPINEWATCH_EMERGENCY_NUMBER", "999"))
    helpline: str = field(default_factory=lambda: os.environ.get(
        "SPINEWATCH_HELPLINE", "your 24-hour acute oncology helpline (the number is on your alert card)"))
    max_body_bytes: int = MAX_REPORT_BYTES + 16 * 1024
    session_lifetime: timedelta = timedelta(hours=12)
    login_window: timedelta = timedelta(minutes=15)
    login_failures_per_user: int = 5
    login_failures_per_ip: int = 20
    secure_cookies: bool = field(default_factory=lambda: os.environ.get("SPINEWATCH_SECURE_COOKIES") == "1")

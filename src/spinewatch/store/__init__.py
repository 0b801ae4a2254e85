"""Persistence: patients, reports as submitted, assessments, acknowledgements, users, audit log.

SQLAlchemy 2 models with Alembic migrations shipped in the package and applied on open.
"""

from ._accounts import (
    authenticate,
    create_api_token,
    create_patient,
    create_user,
    end_session,
    new_link_token,
    patient_for_token,
    set_password,
    start_session,
    token_hash,
    user_for_api_token,
    user_for_session,
)
from ._audit import events as audit_events
from ._audit import failed_logins_since
from ._audit import record as audit
from ._db import data_dir, database_url_from_env, make_engine, migrate, normalise_url, open_database
from ._models import (
    LEVEL_RANK,
    Acknowledgement,
    ApiToken,
    Assessment,
    AuditEvent,
    Base,
    Patient,
    Report,
    User,
    WebSession,
    utcnow,
)
from ._queries import (
    QueueItem,
    current_assessment,
    latest_ok,
    level_of,
    patient_reports,
    previous_assessment,
    triage_level,
    triage_queue,
)

__all__ = [
    "LEVEL_RANK", "Acknowledgement", "ApiToken", "Assessment", "AuditEvent", "Base", "Patient", "QueueItem", "Report",
    "User", "WebSession", "audit", "audit_events", "authenticate", "create_api_token", "create_patient", "create_user",
    "current_assessment", "data_dir", "database_url_from_env", "end_session", "failed_logins_since", "latest_ok", "level_of", "make_engine",
    "migrate", "new_link_token", "normalise_url", "open_database", "patient_for_token", "patient_reports",
    "previous_assessment", "set_password", "start_session", "token_hash", "triage_level", "triage_queue",
    "user_for_api_token", "user_for_session", "utcnow",
]

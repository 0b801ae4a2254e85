"""The audit log: one row per thing someone saw or did, never changed afterwards."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ._models import AuditEvent


def record(db: Session, actor: str, action: str, *, patient_id: str | None = None, target: str | None = None,
           detail: str | None = None, ip: str | None = None) -> AuditEvent:
    event = AuditEvent(actor=actor[:140], action=action, patient_id=patient_id,
                       target=target[:140] if target else None, detail=detail, ip=ip[:64] if ip else None)
    db.add(event)
    return event


def events(db: Session, *, patient_id: str | None = None, action: str | None = None, limit: int = 200) -> list[AuditEvent]:
    """Newest first."""
    q = select(AuditEvent).order_by(AuditEvent.id.desc()).limit(limit)
    if patient_id is not None:
        q = q.where(AuditEvent.patient_id == patient_id)
    if action is not None:
        q = q.where(AuditEvent.action == action)
    return list(db.scalars(q))


def failed_logins_since(db: Session, since: datetime, *, username: str | None = None, ip: str | None = None) -> int:
    """Failed logins for this name, or from this address: the login rate limit reads the log."""
    q = select(func.count()).select_from(AuditEvent).where(AuditEvent.action == "login.failed", AuditEvent.at >= since)
    if username is not None:
        q = q.where(AuditEvent.target == username[:140])
    if ip is not None:
        q = q.where(AuditEvent.ip == ip[:64])
    return db.scalar(q) or 0

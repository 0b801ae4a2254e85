"""Database tables.

Reports, assessments and audit events are written once and never changed: the migration adds
database triggers that refuse UPDATE and DELETE on them, so a bug or a hand-typed SQL statement
cannot rewrite clinical history. A re-assessment is a new assessment row, never an edit.
Identifiers exposed in URLs are random strings so that one patient's id says nothing about
another's.
"""

from __future__ import annotations

import secrets
from datetime import UTC, datetime

from sqlalchemy import Boolean, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator

LEVEL_RANK = {"emergency": 0, "manual": 1, "urgent": 2, "soon": 3, "routine": 4}
"""Queue order. A report that could not be assessed ("manual") may hide an emergency, so it
comes straight after the known emergencies and before everything else."""


def utcnow() -> datetime:
    return datetime.now(UTC)


def new_id() -> str:
    return secrets.token_hex(8)


class UTCDateTime(TypeDecorator):
    """Timezone-aware UTC on the way out on every backend (SQLite forgets the zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect) -> datetime | None:
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value.astimezone(UTC) if value is not None else None

    def process_result_value(self, value: datetime | None, dialect) -> datetime | None:
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value


class Base(DeclarativeBase):
    pass


class User(Base):
    """A clinician account. Only argon2 hashes are stored."""

    __tablename__ = "users"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    display_name: Mapped[str] = mapped_column(String(120))
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(20), default="clinician")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Patient(Base):
    """A person who reports. ``link_token_hash`` is the SHA-256 of their personal link token."""

    __tablename__ = "patients"
    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    display_name: Mapped[str] = mapped_column(String(120))
    reference: Mapped[str | None] = mapped_column(String(80), unique=True, nullable=True)
    link_token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    reports: Mapped[list[Report]] = relationship(back_populates="patient", order_by="Report.submitted_at")


class Report(Base):
    """A report exactly as submitted: ``kind`` is 'structured' (JSON), 'text' or 'form'."""

    __tablename__ = "reports"
    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    patient_id: Mapped[str] = mapped_column(ForeignKey("patients.id"))
    kind: Mapped[str] = mapped_column(String(20))
    body: Mapped[str] = mapped_column(Text)
    source: Mapped[str] = mapped_column(String(20))  # patient | clinician | api
    submitted_by: Mapped[str | None] = mapped_column(String(120), nullable=True)
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    patient: Mapped[Patient] = relationship(back_populates="reports")
    assessments: Mapped[list[Assessment]] = relationship(order_by="Assessment.id")
    acknowledgements: Mapped[list[Acknowledgement]] = relationship(order_by="Acknowledgement.id")
    # A patient's history in time order: the patient page, the chart and the 'worsening' check.
    __table_args__ = (Index("ix_reports_patient_submitted", "patient_id", "submitted_at"),)


class Assessment(Base):
    """One run of the engine on one report. ``status`` 'failed' keeps the error for the record."""

    __tablename__ = "assessments"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    report_id: Mapped[str] = mapped_column(ForeignKey("reports.id"), index=True)
    status: Mapped[str] = mapped_column(String(10))  # ok | failed
    level: Mapped[str | None] = mapped_column(String(20), nullable=True)
    pain_nrs: Mapped[int | None] = mapped_column(Integer, nullable=True)
    worsening: Mapped[bool] = mapped_column(Boolean, default=False)
    worsening_why: Mapped[str | None] = mapped_column(Text, nullable=True)
    red_flags: Mapped[str | None] = mapped_column(Text, nullable=True)  # JSON {rule: title}, for 'worsening'
    result_json: Mapped[str | None] = mapped_column(Text, nullable=True)
    error: Mapped[str | None] = mapped_column(Text, nullable=True)
    kb_version: Mapped[str | None] = mapped_column(String(80), nullable=True)
    engine_version: Mapped[str | None] = mapped_column(String(80), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Acknowledgement(Base):
    """A clinician saying 'I have seen this report and acted', with a note."""

    __tablename__ = "acknowledgements"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    report_id: Mapped[str] = mapped_column(ForeignKey("reports.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    note: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    user: Mapped[User] = relationship()


class AuditEvent(Base):
    """Who saw or did what. Append-only (enforced by triggers); also feeds the login rate limit."""

    __tablename__ = "audit_events"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    actor: Mapped[str] = mapped_column(String(140))  # 'user:nurse', 'patient:<id>', 'anonymous'
    action: Mapped[str] = mapped_column(String(60))
    patient_id: Mapped[str | None] = mapped_column(String(32), nullable=True)
    target: Mapped[str | None] = mapped_column(String(140), nullable=True)
    detail: Mapped[str | None] = mapped_column(Text, nullable=True)
    ip: Mapped[str | None] = mapped_column(String(64), nullable=True)
    __table_args__ = (Index("ix_audit_action_at", "action", "at"), Index("ix_audit_patient", "patient_id"))


class ApiToken(Base):
    """A bearer token for an API client, acting as a clinician user. Only the hash is kept."""

    __tablename__ = "api_tokens"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    revoked: Mapped[bool] = mapped_column(Boolean, default=False)
    user: Mapped[User] = relationship()


class WebSession(Base):
    """A server-side login session: logging out or disabling a user ends it at once."""

    __tablename__ = "web_sessions"
    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    user: Mapped[User] = relationship()

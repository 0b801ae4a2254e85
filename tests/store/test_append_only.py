"""Reports as submitted, assessments as made and the audit log can never be changed or deleted."""

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from spinewatch import store


@pytest.fixture
def filled(database_url):
    sessions = store.open_database(database_url)
    with sessions.begin() as db:
        patient, _ = store.create_patient(db, "Pat")
        report = store.Report(patient_id=patient.id, kind="text", body="my back hurts", source="api")
        db.add(report)
        db.flush()
        db.add(store.Assessment(report_id=report.id, status="ok", level="soon", worsening=False))
        store.audit(db, "user:amy", "patient.viewed", patient_id=patient.id)
    return sessions


@pytest.mark.parametrize("statement", [
    "UPDATE reports SET body = 'rewritten'",
    "DELETE FROM reports",
    "UPDATE assessments SET level = 'routine'",
    "DELETE FROM assessments",
    "UPDATE audit_events SET actor = 'someone else'",
    "DELETE FROM audit_events",
])
def test_changes_are_refused_by_the_database(filled, statement):
    with pytest.raises(DBAPIError, match="append-only"), filled.begin() as db:
        db.execute(text(statement))
    with filled() as db:
        assert db.scalar(text("select body from reports")) == "my back hurts"
        assert db.scalar(text("select level from assessments")) == "soon"
        assert db.scalar(text("select actor from audit_events")) == "user:amy"


def test_orm_edit_of_a_report_is_refused(filled):
    with pytest.raises(DBAPIError), filled.begin() as db:
        report = db.query(store.Report).one()
        report.body = "edited"


def test_a_reassessment_is_a_new_row(filled):
    with filled.begin() as db:
        report = db.query(store.Report).one()
        db.add(store.Assessment(report_id=report.id, status="ok", level="urgent", worsening=False))
    with filled() as db:
        report = db.query(store.Report).one()
        assert [a.level for a in report.assessments] == ["soon", "urgent"]
        assert store.current_assessment(report).level == "urgent"

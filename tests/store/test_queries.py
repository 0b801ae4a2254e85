"""The triage queue's order and a patient's history."""

from datetime import timedelta

from spinewatch import store


def _report(db, patient, minutes_ago, level, now):
    r = store.Report(patient_id=patient.id, kind="text", body=f"{level} {minutes_ago}", source="api",
                     submitted_at=now - timedelta(minutes=minutes_ago))
    db.add(r)
    db.flush()
    if level == "manual":
        db.add(store.Assessment(report_id=r.id, status="failed", worsening=False, error="boom"))
    else:
        db.add(store.Assessment(report_id=r.id, status="ok", level=level, worsening=False))
    return r


def test_queue_orders_by_level_then_waiting_time_and_drops_acknowledged(database_url):
    sessions = store.open_database(database_url)
    now = store.utcnow()
    with sessions.begin() as db:
        user = store.create_user(db, "amy", "pw pw pw pw")
        p, _ = store.create_patient(db, "Pat")
        _report(db, p, 5, "routine", now)
        _report(db, p, 50, "urgent", now)
        _report(db, p, 10, "emergency", now)
        _report(db, p, 60, "emergency", now)
        _report(db, p, 1, "manual", now)
        _report(db, p, 100, "soon", now)
        acked = _report(db, p, 200, "emergency", now)
        db.add(store.Acknowledgement(report_id=acked.id, user_id=user.id, note="called"))
    with sessions() as db:
        queue = store.triage_queue(db)
    assert [i.report.body for i in queue] == [
        "emergency 60", "emergency 10", "manual 1", "urgent 50", "soon 100", "routine 5"]
    assert queue[2].assessment is None and queue[2].level == "manual"


def test_patient_reports_and_previous_assessment(database_url):
    sessions = store.open_database(database_url)
    now = store.utcnow()
    with sessions.begin() as db:
        p, _ = store.create_patient(db, "Pat")
        other, _ = store.create_patient(db, "Other")
        _report(db, other, 1, "emergency", now)
        first = _report(db, p, 30, "soon", now)
        _report(db, p, 20, "manual", now)
        last = _report(db, p, 10, "urgent", now)
    with sessions() as db:
        reports = store.patient_reports(db, p.id)
        assert [r.body for r in reports] == ["soon 30", "manual 20", "urgent 10"]
        prev = store.previous_assessment(db, p.id, db.get(store.Report, last.id))
        assert prev.report_id == first.id  # the failed one in between is skipped
        assert store.previous_assessment(db, p.id, db.get(store.Report, first.id)) is None


def test_failed_login_count_reads_the_audit_log(database_url):
    sessions = store.open_database(database_url)
    with sessions.begin() as db:
        for _ in range(3):
            store.audit(db, "anonymous", "login.failed", target="amy", ip="10.0.0.1")
        store.audit(db, "anonymous", "login.failed", target="bob", ip="10.0.0.2")
        store.audit(db, "user:amy", "login", target="amy", ip="10.0.0.1")
    since = store.utcnow() - timedelta(minutes=15)
    with sessions() as db:
        assert store.failed_logins_since(db, since, username="amy") == 3
        assert store.failed_logins_since(db, since, ip="10.0.0.2") == 1
        assert store.failed_logins_since(db, store.utcnow() + timedelta(seconds=1), username="amy") == 0

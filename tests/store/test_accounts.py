"""Passwords, tokens and sessions: only hashes stored, argon2 for passwords."""

from datetime import timedelta

from sqlalchemy import select, text

from spinewatch import store


def test_password_is_argon2_and_checked(database_url):
    sessions = store.open_database(database_url)
    with sessions.begin() as db:
        store.create_user(db, "amy", "correct horse battery")
    with sessions.begin() as db:
        stored = db.scalar(text("select password_hash from users"))
        assert stored.startswith("$argon2id$") and "correct horse" not in stored
        assert store.authenticate(db, "amy", "correct horse battery").username == "amy"
        assert store.authenticate(db, "amy", "wrong") is None
        assert store.authenticate(db, "nobody", "correct horse battery") is None


def test_inactive_user_cannot_log_in(database_url):
    sessions = store.open_database(database_url)
    with sessions.begin() as db:
        store.create_user(db, "amy", "pw pw pw pw").active = False
    with sessions() as db:
        assert store.authenticate(db, "amy", "pw pw pw pw") is None


def test_patient_link_token_is_stored_only_as_hash(database_url):
    sessions = store.open_database(database_url)
    with sessions.begin() as db:
        patient, token = store.create_patient(db, "Pat", "REF1")
        pid = patient.id
    with sessions.begin() as db:
        assert token not in db.scalar(text("select link_token_hash from patients"))
        assert store.patient_for_token(db, token).id == pid
        assert store.patient_for_token(db, token + "x") is None
        new = store.new_link_token(db, db.get(store.Patient, pid))
    with sessions() as db:
        assert store.patient_for_token(db, token) is None
        assert store.patient_for_token(db, new).id == pid


def test_api_token_and_revocation(database_url):
    sessions = store.open_database(database_url)
    with sessions.begin() as db:
        user = store.create_user(db, "amy", "pw pw pw pw")
        token = store.create_api_token(db, user, "lab system")
    with sessions.begin() as db:
        assert store.user_for_api_token(db, token).username == "amy"
        db.scalar(select(store.ApiToken)).revoked = True
    with sessions() as db:
        assert store.user_for_api_token(db, token) is None


def test_sessions_expire_and_end(database_url):
    sessions = store.open_database(database_url)
    with sessions.begin() as db:
        user = store.create_user(db, "amy", "pw pw pw pw")
        token = store.start_session(db, user, timedelta(hours=1))
    with sessions.begin() as db:
        assert store.user_for_session(db, token).username == "amy"
        assert store.user_for_session(db, token, now=store.utcnow() + timedelta(hours=2)) is None
        store.end_session(db, token)
    with sessions() as db:
        assert store.user_for_session(db, token) is None

"""The clinicians' pages: login, triage queue, patients, patient record, acknowledgement, audit.

Every page view and every action is written to the audit log with the user's name.
"""

from __future__ import annotations

import inspect
import json
from collections.abc import Callable
from functools import wraps
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from .. import store
from ._auth import SESSION_COOKIE, Principal, client_ip, session_user
from ._chart import Point, trajectory_svg
from ._render import render, render_error
from ._schemas import clean_text
from ._security import CSRF_FIELD, csrf_ok
from ._triage import acknowledge_report

router = APIRouter(include_in_schema=False)
Handler = Callable[..., Response]


def clinician_page(fn: Handler) -> Handler:
    """Run ``fn(request, db, who, **params)`` for a logged-in clinician; others go to the login page."""

    @wraps(fn)
    def wrapper(request: Request, **params: Any) -> Response:
        with request.app.state.sessions() as db:
            user = session_user(request, db)
            if user is None:
                return RedirectResponse("/login", status_code=303)
            return fn(request, db, Principal(actor=f"user:{user.username}", user=user), **params)

    wrapper.__signature__ = _public_signature(fn)  # type: ignore[attr-defined]
    return wrapper


def _public_signature(fn: Handler) -> inspect.Signature:
    """What FastAPI should see: the route's own parameters, without the injected db and who."""
    sig = inspect.signature(fn)
    params = [p for name, p in sig.parameters.items() if name not in ("db", "who")]
    return sig.replace(parameters=params)


async def _form(request: Request) -> dict[str, str] | None:
    """The posted form if its CSRF token is good, else None."""
    try:
        form = await request.form(max_files=0, max_fields=20)
        fields = {clean_text(k): clean_text(v) for k, v in form.items() if isinstance(v, str)}
    except Exception:  # noqa: BLE001 - malformed bodies of any kind are refused, not raised
        return None
    return fields if csrf_ok(request, fields.get(CSRF_FIELD)) else None


@router.get("/")
def home(request: Request) -> Response:
    with request.app.state.sessions() as db:
        return RedirectResponse("/queue" if session_user(request, db) else "/login", status_code=303)


@router.get("/login")
def login_page(request: Request) -> Response:
    return render(request, "login.html", {"error": None})


def _login(request: Request, username: str, password: str) -> tuple[str | None, str | None]:
    """(session token, error message); the rate limit reads failed attempts from the audit log."""
    s = request.app.state.settings
    ip = client_ip(request)
    with request.app.state.sessions.begin() as db:
        since = store.utcnow() - s.login_window
        if (store.failed_logins_since(db, since, username=username) >= s.login_failures_per_user
                or store.failed_logins_since(db, since, ip=ip) >= s.login_failures_per_ip):
            store.audit(db, "anonymous", "login.blocked", target=username, ip=ip)
            return None, "Too many failed attempts. Please wait 15 minutes and try again."
        user = store.authenticate(db, username, password)
        if user is None:
            store.audit(db, "anonymous", "login.failed", target=username, ip=ip)
            return None, "That username and password do not match."
        store.audit(db, f"user:{user.username}", "login", target=username, ip=ip)
        return store.start_session(db, user, s.session_lifetime), None


@router.post("/login")
async def login(request: Request) -> Response:
    fields = await _form(request)
    if fields is None:
        return render_error(request, 403, "This form has expired. Please reload the page and try again.")
    username, password = fields.get("username", "")[:80], fields.get("password", "")[:256]
    token, error = await run_in_threadpool(_login, request, username, password)
    if token is None:
        status = 429 if error and error.startswith("Too many") else 401
        return render(request, "login.html", {"error": error, "username": username}, status=status)
    response = RedirectResponse("/queue", status_code=303)
    response.set_cookie(SESSION_COOKIE, token, httponly=True, samesite="lax", path="/",
                        secure=request.app.state.settings.secure_cookies,
                        max_age=int(request.app.state.settings.session_lifetime.total_seconds()))
    return response


@router.post("/logout")
async def logout(request: Request) -> Response:
    if await _form(request) is not None and (token := request.cookies.get(SESSION_COOKIE)):
        with request.app.state.sessions.begin() as db:
            if (user := session_user(request, db)) is not None:
                store.audit(db, f"user:{user.username}", "logout", ip=client_ip(request))
            store.end_session(db, token[:200])
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@router.get("/queue")
@clinician_page
def queue_page(request: Request, db: Session, who: Principal) -> Response:
    items = store.triage_queue(db)
    store.audit(db, who.actor, "queue.viewed", ip=client_ip(request))
    db.commit()
    alarms = [i for i in items if i.level == "emergency"]
    return render(request, "queue.html", {"user": who.user, "items": items, "alarms": alarms})


@router.get("/patients")
@clinician_page
def patients_page(request: Request, db: Session, who: Principal) -> Response:
    patients = list(db.scalars(select(store.Patient).order_by(store.Patient.display_name)))
    store.audit(db, who.actor, "patients.listed", ip=client_ip(request))
    db.commit()
    return render(request, "patients.html", {"user": who.user, "patients": patients, "new_link": None})


def _post_patient(request: Request, db: Session, who: Principal, fields: dict[str, str]) -> Response:
    name, ref = fields.get("display_name", "").strip()[:120], fields.get("reference", "").strip()[:80] or None
    if not name or (ref and db.scalar(select(store.Patient).where(store.Patient.reference == ref))):
        return render_error(request, 422, "A name is needed, and the reference must not already be in use.")
    patient, token = store.create_patient(db, name, ref)
    store.audit(db, who.actor, "patient.created", patient_id=patient.id, ip=client_ip(request))
    db.commit()
    patients = list(db.scalars(select(store.Patient).order_by(store.Patient.display_name)))
    link = f"{str(request.base_url).rstrip('/')}/p/{token}"
    return render(request, "patients.html", {"user": who.user, "patients": patients,
                                             "new_link": (patient, link)}, status=201)


@router.post("/patients")
async def create_patient(request: Request) -> Response:
    fields = await _form(request)
    if fields is None:
        return render_error(request, 403, "This form has expired. Please reload the page and try again.")
    page = clinician_page(lambda request, db, who: _post_patient(request, db, who, fields))
    return await run_in_threadpool(page, request)


def _history(db: Session, patient_id: str) -> list[dict[str, Any]]:
    out = []
    for r in reversed(store.patient_reports(db, patient_id)):
        a = store.current_assessment(r)
        payload = json.loads(a.result_json) if a and a.result_json else {}
        intake = payload.get("intake") or {}
        out.append({"report": r, "assessment": a, "level": store.triage_level(r),
                    "result": payload.get("assessment"), "findings": intake.get("findings", []),
                    "text_not_read": intake.get("text_not_read"),
                    "failures": [x for x in r.assessments if x.status != "ok"], "body": _pretty(r)})
    return out


def _pretty(r: store.Report) -> str:
    if r.kind == "text":
        return r.body
    try:
        return json.dumps(json.loads(r.body), indent=2, ensure_ascii=False)
    except ValueError:
        return r.body


@router.get("/patients/{patient_id}")
@clinician_page
def patient_page(request: Request, db: Session, who: Principal, patient_id: str) -> Response:
    patient = db.get(store.Patient, patient_id[:64])
    if patient is None:
        return render_error(request, 404, "No such patient.")
    history = _history(db, patient.id)
    store.audit(db, who.actor, "patient.viewed", patient_id=patient.id, ip=client_ip(request))
    db.commit()
    return render(request, "patient.html", {"user": who.user, "patient": patient, "history": history})


@router.get("/patients/{patient_id}/chart.svg")
@clinician_page
def chart(request: Request, db: Session, who: Principal, patient_id: str) -> Response:
    patient = db.get(store.Patient, patient_id[:64])
    if patient is None:
        return render_error(request, 404, "No such patient.")
    points = []
    for r in store.patient_reports(db, patient.id):
        a = store.current_assessment(r)
        points.append(Point(r.submitted_at, a.pain_nrs if a else None, a.level if a else None,
                            bool(a and a.worsening)))
    store.audit(db, who.actor, "chart.viewed", patient_id=patient.id, ip=client_ip(request))
    db.commit()
    svg = trajectory_svg(points, f"{patient.display_name}: pain and triage level")
    return Response(svg, media_type="image/svg+xml", headers={"Cache-Control": "no-store"})


def _post_ack(request: Request, db: Session, who: Principal, report_id: str, note: str) -> Response:
    report = db.get(store.Report, report_id[:64])
    if report is None:
        return render_error(request, 404, "No such report.")
    if not note.strip():
        return render_error(request, 422, "Please write a note saying what you did.")
    acknowledge_report(db, report, who, note.strip()[:4000], client_ip(request))
    db.commit()
    return RedirectResponse(f"/patients/{report.patient_id}#report-{report.id}", status_code=303)


@router.post("/reports/{report_id}/acknowledge")
async def acknowledge(report_id: str, request: Request) -> Response:
    fields = await _form(request)
    if fields is None:
        return render_error(request, 403, "This form has expired. Please reload the page and try again.")
    page = clinician_page(lambda request, db, who: _post_ack(request, db, who, report_id, fields.get("note", "")))
    return await run_in_threadpool(page, request)


@router.get("/audit")
@clinician_page
def audit_page(request: Request, db: Session, who: Principal) -> Response:
    events = store.audit_events(db, limit=300)
    store.audit(db, who.actor, "audit.viewed", ip=client_ip(request))
    db.commit()
    return render(request, "audit.html", {"user": who.user, "events": events})

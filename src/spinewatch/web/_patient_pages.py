"""The patient's pages, reached only through their personal link ``/p/<token>``.

No JavaScript is needed anywhere: a plain HTML form, then a redirect to the result page
(so reloading the result never submits twice).
"""

from __future__ import annotations

import json

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from .. import store
from ._auth import client_ip
from ._form import COURSES, NOTES_FIELD, PAIN, QUESTIONS, RED_FLAGS, SITES, FormError, form_to_report
from ._render import render, render_error
from ._schemas import clean_text
from ._security import CSRF_FIELD, csrf_ok
from ._triage import Submission, submit

router = APIRouter()
_BAD_LINK = "This link does not work. Please ask your cancer team for a new one."
_TOKEN_MAX = 200


def _patient(request: Request, token: str) -> store.Patient | None:
    if len(token) > _TOKEN_MAX:
        return None
    with request.app.state.sessions() as db:
        return store.patient_for_token(db, token)


def _form_page(request: Request, token: str, patient: store.Patient, answers: dict[str, list[str]],
               problems: dict[str, str] | None = None, status: int = 200) -> Response:
    return render(request, "patient_form.html", {
        "token": token, "patient": patient, "red_flags": RED_FLAGS, "pain": PAIN, "sites": SITES,
        "courses": COURSES, "answers": answers, "problems": problems or {}, "notes_field": NOTES_FIELD,
        "questions": QUESTIONS}, status=status)


@router.get("/p/{token}", include_in_schema=False)
def report_form(token: str, request: Request) -> Response:
    patient = _patient(request, token)
    if patient is None:
        return render_error(request, 404, _BAD_LINK)
    return _form_page(request, token, patient, {})


async def _read_form(request: Request) -> dict[str, list[str]]:
    form = await request.form(max_files=0, max_fields=100)
    fields: dict[str, list[str]] = {}
    for key, value in form.multi_items():
        if not isinstance(value, str):
            raise ValueError("files are not accepted")
        fields.setdefault(clean_text(key), []).append(clean_text(value))
    return fields


@router.post("/p/{token}", include_in_schema=False)
async def submit_form(token: str, request: Request) -> Response:
    patient = await run_in_threadpool(_patient, request, token)
    if patient is None:
        return render_error(request, 404, _BAD_LINK)
    try:
        fields = await _read_form(request)
    except ValueError:
        return render_error(request, 400, "Something in the form could not be read. Please go back and try again.")
    if not csrf_ok(request, (fields.pop(CSRF_FIELD, None) or [None])[0]):
        return render_error(request, 403, "This form has expired. Please go back, reload the page and send it again.")
    try:
        report, notes = form_to_report(fields)
    except FormError as err:
        return _form_page(request, token, patient, fields, err.problems, status=422)
    sub = Submission(kind="form", body=json.dumps(fields, ensure_ascii=False), report=report, text=notes or None)
    row, _ = await run_in_threadpool(submit, request.app.state.sessions, patient.id, sub,
                                     actor=f"patient:{patient.id}", source="patient", ip=client_ip(request))
    return RedirectResponse(f"/p/{token}/reports/{row.id}", status_code=303)


@router.get("/p/{token}/reports/{report_id}", include_in_schema=False)
def result_page(token: str, report_id: str, request: Request) -> Response:
    patient = _patient(request, token)
    if patient is None:
        return render_error(request, 404, _BAD_LINK)
    with request.app.state.sessions() as db:
        report = db.get(store.Report, report_id[:64])
        if report is None or report.patient_id != patient.id:
            return render_error(request, 404, "We could not find that report.")
        assessment = store.current_assessment(report)
        result = json.loads(assessment.result_json)["assessment"] if assessment else None
        store.audit(db, f"patient:{patient.id}", "result.viewed", patient_id=patient.id,
                    target=f"report:{report.id}", ip=client_ip(request))
        db.commit()
    return render(request, "patient_result.html", {
        "token": token, "patient": patient, "report": report, "level": assessment.level if assessment else "manual",
        "result": result})

"""The patient's form and result page: plain words, red flags first, no JavaScript, accessible."""

from __future__ import annotations

import re

from spinewatch.web._form import PAIN, RED_FLAGS

from .conftest import audit_actions, csrf_from


def _send(client, token, answers):
    page = client.get(f"/p/{token}")
    return client.post(f"/p/{token}", data={"csrf_token": csrf_from(page.text), **answers})


def test_form_asks_red_flags_first_and_needs_no_javascript(client, patients):
    html = client.get(f"/p/{patients[0].token}").text
    assert "<script" not in html
    assert re.search(r'<form method="post" action="/p/[^"]+"', html)
    positions = [html.index(q.text.replace("'", "&#39;")) for q in RED_FLAGS + PAIN]
    assert positions == sorted(positions)
    assert html.index("legs weak or heavy") < html.index("How bad has your pain")


def test_every_input_has_a_label_or_legend(client, patients):
    html = client.get(f"/p/{patients[0].token}").text
    wrapped = re.findall(r"<label class=\"(?:choice|scale-n)\"><input type=\"(?:radio|checkbox)\"", html)
    choices = re.findall(r"<input type=\"(?:radio|checkbox)\"", html)
    assert len(wrapped) == len(choices) == 12 * 3 + 11 + 6 + 3 + 5 * 3  # each inside its label
    for field in re.findall(r'<(?:input|textarea) id="([^"]+)"', html):
        assert f'for="{field}"' in html
    assert html.count("<fieldset") == html.count("<legend>")
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in html
    assert 'lang="en"' in html


def test_leg_weakness_gives_emergency_advice_first(app, client, patients):
    r = _send(client, patients[0].token, {"neurology__leg_weakness": "yes", "pain__nrs": "6",
                                          "pain__sites": ["thoracic", "lumbar"]})
    assert r.status_code == 200 and "/reports/" in str(r.url)
    html = r.text
    assert 'class="do-now do-now-emergency"' in html and 'role="alert"' in html
    assert html.index("Get help now.") < html.index("Why")
    assert "999" in html
    actor = f"patient:{patients[0].id}"
    actions = audit_actions(app, patient_id=patients[0].id)
    assert (actor, "report.submitted", actions[-1][2]) in actions


def test_mild_pain_gets_no_emergency_but_a_safety_net(client, patients):
    html = _send(client, patients[0].token, {"neurology__leg_weakness": "no", "neurology__numbness": "no",
                                             "pain__nrs": "2", "pain__sites": "lumbar",
                                             "pain__course": "improving"}).text
    assert "Get help now." not in html
    net = html[html.index('class="safety-net"'):]
    net = net[:net.index("</section>")].lower()
    assert "weakness" in net and "37.5" in net


def test_form_answers_are_stored_as_submitted(app, client, patients, nurse):
    _send(client, patients[0].token, {"neurology__leg_weakness": "unsure", "pain__nrs": "4", "notes": "hi"})
    reports = client.get(f"/api/v1/patients/{patients[0].id}/reports",
                         headers={"Authorization": f"Bearer {nurse.token}"}).json()
    assert reports[0]["kind"] == "form" and reports[0]["source"] == "patient"
    assert '"neurology__leg_weakness": ["unsure"]' in reports[0]["body"]
    engine_input = reports[0]["assessments"][0]["result"]["engine_input"]
    assert "leg_weakness" not in engine_input.get("neurology", {})  # "not sure" is unknown, not "no"


def test_bad_answers_are_shown_beside_the_question(client, patients):
    r = _send(client, patients[0].token, {"pain__nrs": "12", "systemic__temperature_c": "hot",
                                          "neurology__leg_weakness": "yes"})
    assert r.status_code == 422
    assert "choose a number from 0 to 10" in r.text and "write the temperature as a number" in r.text
    assert 'value="yes" checked' in r.text  # answers kept


def test_out_of_range_temperature_names_the_question(client, patients):
    r = _send(client, patients[0].token, {"systemic__temperature_c": "60"})
    assert r.status_code == 422 and 'href="#q-systemic__temperature_c"' in r.text


def test_form_without_csrf_is_refused(client, patients):
    client.get(f"/p/{patients[0].token}")
    r = client.post(f"/p/{patients[0].token}", data={"neurology__leg_weakness": "yes"})
    assert r.status_code == 403


def test_free_text_yes_is_not_overruled_by_a_ticked_no(client, patients, nurse):
    """When the intake can read the notes, a red flag written there wins over a 'no' tick."""
    r = _send(client, patients[0].token, {"neurology__leg_weakness": "no", "pain__nrs": "3",
                                          "notes": "Since this morning my legs are weak and keep giving way."})
    reports = client.get(f"/api/v1/patients/{patients[0].id}/reports",
                         headers={"Authorization": f"Bearer {nurse.token}"}).json()
    result = reports[0]["assessments"][0]["result"]
    if "text_not_read" in result["intake"]:
        assert "Get help now." not in r.text  # form alone: no red flag ticked
    else:
        assert result["engine_input"]["neurology"]["leg_weakness"] is True
        assert "Get help now." in r.text

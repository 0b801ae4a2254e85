"""The guided interview (``spinewatch interview``): telephone triage, one question at a time.

The engine's ``Assessment.questions`` lists the unknown facts that could still make a more
urgent rule fire, already in safety order (cancer history and treatment, then neurological and
bladder/bowel red flags, fever, then the rest). The interview asks the first one not yet asked,
reads the answer, updates the report and assesses again, so answers that settle other
questions remove them, and it stops when the engine has no question left: no answer could change
the level. Answers may be yes/no, a number, or free text ("yes, and I wet myself this morning"):
free text goes through the same intake as messages, so anything else it mentions is kept too.

Plain input/print only (no cursor control), so it works in any terminal, in a pipe and under
``tmux send-keys``. Type "done" to stop early and assess what is known, "skip" or "don't know"
to leave a question unanswered.
"""

from __future__ import annotations

import re
from datetime import datetime, timezone
from typing import Any, Callable

from ..report import Report

YES = re.compile(r"^\s*(y|yes|yeah|yea|yep|yup|ya|aye|sure|correct|true|definitely|certainly|i do|i am|i have|it does|it is|"
                 r"they are|they do|she does|he does|she is|he is|a bit|a little|a little bit|slightly|sometimes|kind of|"
                 r"i think so|think so|probably|mostly)\b", re.I)
NO = re.compile(r"^\s*(n|no|nope|nah|not really|none|never|negative|nothing|i don't|i do not|it doesn't|it does not|"
                r"they don't|not at all|no i|no she|no he|nil|false)\b", re.I)
UNKNOWN = re.compile(r"^\s*(\?+|skip|pass|don'?t know|do not know|dunno|not sure|unsure|no idea|can'?t say|cannot say|"
                     r"i don'?t know|idk)\s*[.!]*\s*$", re.I)
DONE = re.compile(r"^\s*(done|finish|finished|stop|that'?s all|that is all|enough|end)\s*[.!]*\s*$", re.I)
MAX_QUESTIONS = 60

# one-word answers to category questions
CATEGORY_WORDS: dict[str, list[tuple[str, Any]]] = {
    "pain.course": [(r"hour", "worsening_over_hours"), (r"wors|bad", "worsening"), (r"bett|improv|eas", "improving"),
                    (r"same|stable|no change|unchanged", "stable")],
    "pain.onset": [(r"sudden|quick|fast|instant|all at once", "sudden"), (r"gradual|slow|bit by bit|over time", "gradual")],
    "adl_limit": [(r"wash|dress|toilet|bath|shower|feed|bed|look(ing)? after", "self_care"),
                  (r"cook|shop|work|house|clean|garden|driv|chore", "instrumental"), (r"^no|nothing|none", "none")],
    "neurology.neuropathy_adl": [(r"button|dress|walk|wash|feed|self", "self_care"),
                                 (r"writ|cook|shop|work|house|jar|typ|everyday", "instrumental"), (r"^no|nothing|none", "none")],
    "neurology.numbness_pattern": [(r"hands? and feet|feet and hands|fingers|gloves?|socks?|stocking", "glove_and_stocking"),
                                   (r"bum|buttock|bottom", "buttocks"), (r"chest|tummy|belly|trunk|body|waist|stomach", "trunk"),
                                   (r"one side|left side|right side", "one_side"), (r"leg|thigh|knee", "legs")],
}


def _say(output, msg: str) -> None:
    if output is None:
        print(msg, flush=True)
    elif hasattr(output, "print"):
        from rich.markup import escape

        output.print(escape(msg), highlight=False)
        f = getattr(output, "file", None)
        if f is not None and hasattr(f, "flush"):
            f.flush()
    else:
        output.write(msg + "\n")
        output.flush()


def _get(d: dict, path: str):
    for p in path.split("."):
        if not isinstance(d, dict):
            return None
        d = d.get(p)
    return d


def _set(d: dict, path: str, value) -> None:
    parts = path.split(".")
    for p in parts[:-1]:
        d = d.setdefault(p, {})
    d[parts[-1]] = value


def merge(base: dict, new: dict) -> dict:
    """Merge a report dict from an answer into the report so far: lists united, values replaced."""
    for key, value in new.items():
        if key in {"reported_at", "id"} or value is None:
            continue
        if key == "treatments":
            have = {t["drug"].casefold(): t for t in base.get("treatments") or []}
            for t in value:
                cur = have.get(t["drug"].casefold())
                if cur is None:
                    base.setdefault("treatments", []).append(t)
                else:
                    cur.update({k: v for k, v in t.items() if v is not None})
            if value == [] and not base.get("treatments"):
                base["treatments"] = []
        elif key == "cancers":
            have = {c["type"] for c in base.get("cancers") or []}
            for c in value:
                if c["type"] not in have:
                    base.setdefault("cancers", []).append(c)
            if value == [] and not base.get("cancers"):
                base["cancers"] = []
        elif isinstance(value, dict):
            merge(base.setdefault(key, {}), value)
        elif isinstance(value, list):
            cur = base.get(key) or []
            base[key] = cur + [v for v in value if v not in cur] if value else (cur if cur else [])
        elif value is True or not isinstance(base.get(key), bool) or base.get(key) is None:
            # a "yes" anywhere wins over an earlier "no" (safety); other values are replaced
            base[key] = value
    return base


def interpret(finding: str, answer: str, kind: str, ref: datetime, kb) -> dict:
    """A report dict fragment from one answer to the question about ``finding``."""
    from ._extract import extract
    from .quantities import find_age_sex, find_pain_scores, find_temperatures, find_weight_loss
    from .timex import find_times

    answer = answer.strip()
    out: dict = {}
    x = extract(answer, ref, kb=kb) if answer else None
    if x is not None:
        # everything else the answer mentions (in the person's own words) is kept
        merge(out, x.report.model_dump(mode="json", exclude_none=True))
    already = _get(out, finding) if "." in finding or finding in out else out.get(finding)
    yes, no = bool(YES.match(answer)), bool(NO.match(answer))
    if finding == "systemic.temperature_c":
        temps = find_temperatures(answer) or find_temperatures("temp " + answer)
        if temps:
            _set(out, finding, max(t.value for t in temps))
        elif no and not _get(out, finding):
            _set(out, finding, None)
        return out
    if finding == "pain.nrs":
        scores = find_pain_scores(answer) or find_pain_scores("pain " + answer)
        if scores:
            _set(out, finding, max(int(s.value) for s in scores))
        return out
    if finding == "systemic.weight_loss_kg":
        w = find_weight_loss(answer) or find_weight_loss("lost " + answer + ("" if re.search(r"[a-z]", answer, re.I) else " kg"))
        if w:
            _set(out, finding, w[0].value)
        return out
    if finding == "history.age":
        ages = find_age_sex("I am " + answer)
        if ages and ages[0].kind == "age":
            _set(out, finding, int(ages[0].value))
        return out
    if finding in {"pain.onset_date"}:
        times = find_times(answer, ref.date()) or find_times("for " + answer, ref.date())
        dated = [t.date for t in times if t.date]
        if dated:
            _set(out, finding, min(dated).isoformat())
        return out
    if finding in {"treatments", "cancers", "metastases"}:
        if no and not out.get(finding):
            out[finding] = []
        elif yes and finding == "cancers" and not out.get("cancers"):
            out["cancers"] = [{"type": kb.cancer_id("other") or "other"}]
        return out
    if finding in CATEGORY_WORDS and already is None:
        for pattern, value in CATEGORY_WORDS[finding]:
            if re.search(pattern, answer, re.I):
                _set(out, finding, [value] if finding == "neurology.numbness_pattern" else value)
                break
        return out
    if kind == "bool" and already is None:
        if yes:
            _set(out, finding, True)
        elif no:
            _set(out, finding, False)
    return out


def run_interview(start_text: str | None = None, start_report: Report | None = None,
                  input_fn: Callable[[str], str] = input, output=None, *, kb=None, reported_at: datetime | None = None):
    """Ask, in safety order, until no answer could change the level; return the Assessment."""
    from ..engine import assess
    from ..knowledge import load_kb
    from ._extract import extract

    kb = kb or load_kb()
    ref = reported_at or (start_report.reported_at if start_report and start_report.reported_at else datetime.now(timezone.utc))
    if ref.tzinfo is None:
        ref = ref.replace(tzinfo=timezone.utc)
    data: dict = start_report.model_dump(mode="json", exclude_none=True) if start_report else {}
    data["reported_at"] = ref.isoformat()
    if start_text:
        x = extract(start_text, ref, kb=kb)
        merge(data, x.report.model_dump(mode="json", exclude_none=True))
        for q in x.questions:
            _say(output, f"(from the message) {q}")
    asked: set[str] = set()
    _say(output, "Answer in your own words, or yes / no / a number. 'skip' leaves a question, 'done' stops.")
    for _ in range(MAX_QUESTIONS):
        report = Report.model_validate(data)
        a = assess(report, kb)
        pending = [q for q in a.questions if q.finding not in asked]
        if not pending:
            break
        q = pending[0]
        asked.add(q.finding)
        _say(output, f"\nQ{len(asked)} (level so far: {a.level}) {q.text}")
        answer = input_fn("> ")
        if answer is None:
            raise EOFError("no answer")
        if DONE.match(answer):
            break
        if UNKNOWN.match(answer) or not answer.strip():
            continue
        entry = kb.findings.get(q.finding)
        kind = entry.kind if entry is not None else "bool"
        try:
            fragment = interpret(q.finding, answer, kind, ref, kb)
        except ValueError as err:  # unreadable answer: say so, move on
            _say(output, f"(could not read that answer: {err})")
            continue
        trial = merge(_copy(data), fragment)
        try:
            Report.model_validate(trial)
        except ValueError as err:
            _say(output, f"(that answer is out of range and was not used: {str(err).splitlines()[0]})")
            continue
        data = trial
    return assess(Report.model_validate(data), kb)


def _copy(d):
    import copy

    return copy.deepcopy(d)

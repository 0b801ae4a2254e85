"""The findings of one text become a Report; a long text's pieces merge into one.

A value the Report refuses (a typo out of range) is dropped, never the whole report.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from pydantic import ValidationError

from ..report import Report
from ._builder import LIST_FIELDS, RANKED, RANKED_LEAF, Builder, span_tuple

_REMISSION = re.compile(r"\b(remission|all clear|no evidence of disease|ned|cured|clear since|in the clear)\b", re.I)
_ACTIVE = re.compile(r"\b(active|currently|having treatment|on treatment|receiving|undergoing|metastatic|stage 4|stage iv|advanced|secondary|secondaries)\b", re.I)


def cancers_from(cancers, text, b: Builder) -> list[dict] | None:
    out: dict[str, dict] = {}
    negated = False
    for span, cid, ctx in cancers:
        b.note("cancers", cid if ctx in {"present", "historical", "uncertain"} else (False if ctx == "negated" else None),
               ctx, span_tuple(span), False, cid)
        if ctx in {"present", "historical", "uncertain"}:
            c = out.setdefault(cid, {"type": cid})
            window = text[max(0, span.start_char - 60):span.end_char + 60]
            if _REMISSION.search(window):
                c["status"] = "remission"
            elif _ACTIVE.search(window):
                c.setdefault("status", "active")
        elif ctx == "negated":
            negated = True
    # a specific cancer makes a generic "cancer" mention redundant
    if len(out) > 1 and "other" in out:
        out.pop("other")
    if out:
        return list(out.values())
    return [] if negated else None


ENGLISH_WORDS = frozenset("""i me my you your he she her his it its we they the a an and or but not no is are was were be been
have has had do does did can can't cant could would will to of in on at for with from this that so very
back pain hurts legs leg feel feeling since day days week weeks today yesterday night any just really""".split())


def notes_for(text: str, findings) -> list[str]:
    notes = []
    if not text.strip():
        return ["The text is empty: nothing to read. Describe the symptoms in a few words."]
    if not any(f.finding != "history.sex" for f in findings):
        letters = [ch for ch in text if ch.isalpha()]
        non_latin = sum(1 for ch in letters if not ("a" <= ch.lower() <= "z"))
        words = re.findall(r"[a-z']+", text.lower())
        english = sum(w in ENGLISH_WORDS for w in words)
        if letters and (non_latin / len(letters) > 0.3 or (len(words) >= 4 and english / len(words) < 0.15)):
            notes.append("No findings recognised. The text does not look like English, and the intake reads English "
                         "only: please ask the questions in the interview or use an interpreter.")
        elif not letters:
            notes.append("No findings recognised: the text has no words in it (only symbols, numbers or emoji).")
        else:
            notes.append("No clinical findings recognised in this text. Nothing is assumed: every question still needs an answer.")
    return notes


def _set_path(d: dict, path: str, value: Any) -> None:
    parts = path.split(".")
    for p in parts[:-1]:
        d = d.setdefault(p, {})
    d[parts[-1]] = value


def to_report(b: Builder, treatments: dict[str, dict], cancers, ref: datetime, kb) -> Report:
    data: dict[str, Any] = {"reported_at": ref}
    for path in sorted(b.present | b.negated | set(b.fields)):
        if path in b.fields:
            _set_path(data, path, b.fields[path])
        elif path in b.negated and path not in b.present and path not in LIST_FIELDS and path not in RANKED:
            if path in {"systemic.temperature_c", "systemic.weight_loss_kg"}:
                continue
            _set_path(data, path, False)
    if "metastases" in b.negated and "metastases" not in b.present:
        data["metastases"] = []
    if treatments:
        data["treatments"] = list(treatments.values())
        classes = set()
        for did in treatments:
            if did in kb.drugs:
                classes |= kb.drug_class_closure(did)
        if "ppi" in classes:
            data.setdefault("history", {})["on_ppi"] = True
        if "laxative" in classes:
            data.setdefault("history", {})["on_laxative"] = True
    if cancers is not None:
        data["cancers"] = cancers
    try:
        return Report.model_validate(data)
    except ValidationError as err:
        # a value out of range (a typo in the text) is dropped, never the whole report
        bad = {".".join(str(x) for x in e["loc"]) for e in err.errors(include_url=False)}
        for loc in bad:
            parts = loc.split(".")
            d = data
            for p in parts[:-1]:
                d = d.get(p, {}) if isinstance(d, dict) else (d[int(p)] if isinstance(d, list) and p.isdigit() and int(p) < len(d) else {})
            if isinstance(d, dict):
                d.pop(parts[-1], None)
            elif isinstance(d, list) and parts[-1].isdigit() and int(parts[-1]) < len(d):
                d.pop(int(parts[-1]))
        try:
            return Report.model_validate(data)
        except ValidationError:
            return Report(reported_at=ref)


def merge_report(base: dict, new: dict) -> None:
    """Merge report dicts: True beats False beats unknown; lists united; treatments by drug."""
    for key, value in new.items():
        if key in {"reported_at", "id"}:
            continue
        if key == "treatments":
            have = {t["drug"]: t for t in base.setdefault("treatments", [])}
            for t in value:
                cur = have.get(t["drug"])
                if cur is None:
                    base["treatments"].append(t)
                    have[t["drug"]] = t
                    continue
                for k, v in t.items():
                    if k == "start":
                        cur[k] = min(cur.get(k) or v, v)
                    elif k == "last_dose":
                        cur[k] = max(cur.get(k) or v, v)
                    elif cur.get(k) is None:
                        cur[k] = v
        elif key == "cancers":
            have = {c["type"] for c in base.setdefault("cancers", [])}
            base["cancers"].extend(c for c in value if c["type"] not in have)
        elif isinstance(value, dict):
            merge_report(base.setdefault(key, {}), value)
        elif isinstance(value, list):
            cur = base.setdefault(key, [])
            cur.extend(v for v in value if v not in cur)
        elif isinstance(value, bool):
            base[key] = True if (value or base.get(key) is True) else False
        elif key in RANKED_LEAF:
            order = RANKED_LEAF[key]
            cur = base.get(key)
            if cur is None or order.index(value) > order.index(cur):
                base[key] = value
        else:
            base.setdefault(key, value)

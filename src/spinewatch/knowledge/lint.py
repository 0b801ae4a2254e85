"""Integrity checks a clinician can run: ``spinewatch kb lint``.

Loading already validates each entry's shape; lint checks what spans entries: every
reference resolves, every citation names a known source, no rule can lower a red flag,
every fact a condition reads exists, and ai_low sources never stand alone.
"""

from __future__ import annotations

from ._loader import KnowledgeBase

_COMPUTED_PREFIXES = ("exposed.", "ongoing.", "days_since.", "days_since_start.", "course_days.", "onset_after.", "n_ongoing.")
_COMPUTED_FACTS = {
    "cancer.any", "cancer.types", "cancer.haematological", "cancer.propensity", "cancer.active",
    "metastases.sites", "metastases.bone", "steroid.pred_eq_mg", "steroid.peak_pred_eq_mg", "pain.duration_days", "pain.present", "pain.back",
    "neurology.numbness_peripheral_only", "treatment.unrecognised", "treatment.classes", "triage.amber_domains",
}


def _known_fact(kb: KnowledgeBase, fact: str) -> bool:
    if fact in kb.findings or fact in kb.derived or fact in _COMPUTED_FACTS:
        return True
    for prefix in _COMPUTED_PREFIXES:
        if fact.startswith(prefix):
            return fact[len(prefix):] in kb.drug_classes
    return False


def lint(kb: KnowledgeBase) -> list[str]:
    problems: list[str] = []

    def cite(where: str, sources: list[str]) -> None:
        if not sources:
            problems.append(f"{where}: no source")
        grades = []
        for s in sources:
            sid = s.split("#", 1)[0]
            if sid not in kb.sources:
                problems.append(f"{where}: unknown source {sid!r}")
            else:
                grades.append(kb.sources[sid].grade)
        if grades and all(g in ("ai_low", "design") for g in grades):
            problems.append(f"{where}: cited only to ai_low/design sources")

    def ref(where: str, table: str, ids: list[str]) -> None:
        known = getattr(kb, table)
        for i in ids:
            if i not in known:
                problems.append(f"{where}: unknown {table[:-1] if table.endswith('s') else table} {i!r}")

    tables = ("threshold_entries", "findings", "derived", "rules", "causes", "mechanisms", "drug_classes",
              "drugs", "cancers", "tests", "treatments", "actions", "warnings", "advice")
    for table in tables:
        for entry_id, entry in getattr(kb, table).items():
            cite(f"{table}.{entry_id}", list(entry.sources))
    for s in kb.sources.values():
        if s.kind != "design" and not (s.url or s.file):
            problems.append(f"sources.{s.id}: neither url nor file")

    for key, cond in kb.conditions.items():
        for fact in sorted(cond.facts):
            if not _known_fact(kb, fact):
                problems.append(f"{key[0]}.{key[1]}: condition reads unknown fact {fact!r}")
    for r in kb.rules.values():
        ref(f"rules.{r.id}", "causes", r.causes)
        ref(f"rules.{r.id}", "actions", r.actions)
        ref(f"rules.{r.id} unless", "rules", r.unless)
        if r.red_flag and (r.unless or r.escalate):
            problems.append(f"rules.{r.id}: a red-flag rule cannot be suppressed or escalate-only")
        if r.red_flag and r.level not in ("emergency", "urgent"):
            problems.append(f"rules.{r.id}: red flags are emergency or urgent")
    for c in kb.causes.values():
        ref(f"causes.{c.id}", "mechanisms", c.mechanisms)
        ref(f"causes.{c.id}", "tests", c.workup)
        ref(f"causes.{c.id}", "treatments", c.management)
        ref(f"causes.{c.id}", "advice", c.self_care)
        for i, ev in enumerate(c.evidence):
            cite(f"causes.{c.id}.evidence[{i}]", list(ev.sources))
            if ev.strength is None and ev.lr is None:
                problems.append(f"causes.{c.id}.evidence[{i}]: needs a strength or an lr")
    for dc in kb.drug_classes.values():
        ref(f"drug_classes.{dc.id}", "drug_classes", dc.parents)
    for d in kb.drugs.values():
        ref(f"drugs.{d.id}", "drug_classes", d.classes)
        ref(f"drugs.{d.id}", "drug_classes", d.unknown_classes)
        if "unidentified" in d.classes:
            problems.append(f"drugs.{d.id}: 'unidentified' is for names the kb cannot resolve, not for a listed drug")
        ref(f"drugs.{d.id}", "causes", d.causes)
    for a in kb.actions.values():
        if a.test:
            ref(f"actions.{a.id}", "tests", [a.test])
        if a.treatment:
            ref(f"actions.{a.id}", "treatments", [a.treatment])
    for t in kb.treatments.values():
        if t.drug_class:
            ref(f"treatments.{t.id}", "drug_classes", [t.drug_class])
    for w in kb.warnings.values():
        ref(f"warnings.{w.id}", "drug_classes", [w.drug_class])
    for a in kb.advice.values():
        ref(f"advice.{a.id}", "causes", a.causes)
    for f in kb.findings.values():
        if not f.derived and not f.question:
            problems.append(f"findings.{f.id}: an answerable finding needs a question")
    seen_names: dict[str, str] = {}
    for d in kb.drugs.values():
        for n in (d.name, *d.brands, *d.aliases):
            key = " ".join(n.casefold().replace("-", " ").split())
            if key in seen_names and seen_names[key] != d.id:
                problems.append(f"drugs.{d.id}: name {n!r} also names {seen_names[key]}")
            seen_names.setdefault(key, d.id)
    return problems

"""Plain-language text for the person with the pain: what to do now first, then why, then help."""

from __future__ import annotations

from ..engine import Assessment

HEADINGS = {
    "now": "What to do now",
    "why": "Why",
    "safety_net": "Call the 24-hour line straight away if",
    "self_care": "What can help",
    "coping": "Looking after yourself",
    "support": "Support",
}


def patient_text(a: Assessment) -> str:
    lines: list[str] = []
    current = None
    for adv in a.patient_advice:
        if adv.kind != current:
            current = adv.kind
            if lines:
                lines.append("")
            lines.append(HEADINGS.get(current, current.replace("_", " ").capitalize()) + ":")
        lines.append(f"- {adv.text}")
    return "\n".join(lines)

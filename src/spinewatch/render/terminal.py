"""A readable terminal view of an assessment, with colour for the level (rich)."""

from __future__ import annotations

from rich.console import Console
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from ..engine import Assessment

LEVEL_STYLE = {
    "emergency": "bold white on red",
    "urgent": "bold black on dark_orange",
    "soon": "bold black on yellow",
    "routine": "bold black on green",
}
LEVEL_MEANING = {
    "emergency": "act now, within the hour",
    "urgent": "same day, at the latest within 24 hours",
    "soon": "review within a few days, at most a week",
    "routine": "self-care with safety-net advice",
}


def render_assessment(a: Assessment, console: Console, *, top: int = 5) -> None:
    head = Text(f" {a.level.upper()} ", style=LEVEL_STYLE[a.level])
    head.append(f"  {LEVEL_MEANING[a.level]}")
    console.print(Panel(head, title="spinewatch", subtitle=f"kb {a.kb_version}", expand=False))
    console.print(a.clinician_summary)

    if a.reasons:
        console.print("\n[bold]Why[/bold]")
        for r in a.reasons:
            flag = " [red]red flag[/red]" if r.red_flag else ""
            console.print(f"  [bold]{r.rule}[/bold] ({r.level}){flag} {r.title}: {r.text}")
            console.print(f"     [dim]sources: {', '.join(r.sources)}[/dim]")
    if a.questions:
        console.print("\n[bold]Still worth asking[/bold] (answers could raise the level)")
        for q in a.questions:
            console.print(f"  - {q.text} [dim](could reach {q.could_raise_to}: {', '.join(q.rules)})[/dim]")

    table = Table(title="Differential", show_lines=False, title_justify="left")
    table.add_column("cause")
    table.add_column("share", justify="right")
    table.add_column("for")
    table.add_column("against")
    for c in a.causes[:top]:
        table.add_row(c.name, f"{c.score:.0%}", "\n".join(e.text for e in c.evidence_for[:4]),
                      "\n".join(e.text for e in c.evidence_against[:3]))
    console.print(table)

    if a.actions:
        console.print("[bold]Actions[/bold]")
        for act in a.actions:
            timing = f"[bold]{act.timing}[/bold]: " if act.timing else ""
            console.print(f"  - {timing}{act.text} [dim]({act.why}; {', '.join(act.sources)})[/dim]")
    if a.warnings:
        console.print("\n[bold]Drug safety[/bold]")
        for w in a.warnings:
            style = "red" if w.severity == "avoid" else "dark_orange"
            console.print(f"  - [{style}]{w.severity.upper()}[/{style}] {w.text} [dim]({', '.join(w.sources)})[/dim]")
    if a.patient_advice:
        console.print("\n[bold]For the patient[/bold]")
        for adv in a.patient_advice:
            console.print(f"  - {adv.text}")
    for note in a.notes:
        console.print(f"[yellow]note:[/yellow] {note}")

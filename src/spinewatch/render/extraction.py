"""What the free-text intake understood, shown over the words it came from.

The input is printed with every finding's words highlighted by context (present, negated,
hypothetical, historical, about someone else, uncertain), then a table of findings with their
character offsets, then the questions the text leaves open, so a nurse can check each item.
Works without colour too (the table says everything the colours say).
"""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

STYLE = {
    "present": "bold red",
    "uncertain": "bold magenta",
    "negated": "green strike",
    "hypothetical": "yellow",
    "historical": "cyan",
    "other_person": "blue",
}
PLAIN_STYLE = {"present": "bold", "uncertain": "bold", "negated": "strike", "hypothetical": "italic",
               "historical": "italic", "other_person": "dim"}
MAX_SHOWN = 4000  # characters of the input shown; the table still lists every finding


def _value(v) -> str:
    if v is None:
        return "-"
    if v is True:
        return "yes"
    if v is False:
        return "no"
    return str(v)


def highlighted(extraction, *, red_flag_only_bold: bool = False) -> Text:
    """The input text with the words of each finding styled by context."""
    text = extraction.text[:MAX_SHOWN]
    out = Text(text)
    for f in sorted(extraction.findings, key=lambda f: (f.end - f.start), reverse=True):
        if f.start >= len(text):
            continue
        style = STYLE.get(f.context, "bold")
        if f.context == "present" and not f.red_flag:
            style = "bold"
        out.stylize(style, f.start, min(f.end, len(text)))
    if len(extraction.text) > MAX_SHOWN:
        out.append(f" … ({len(extraction.text) - MAX_SHOWN:,} more characters not shown)", style="dim")
    return out


def render_extraction(extraction, console: Console) -> None:
    console.print("[bold]What the text says[/bold] "
                  "[dim](red: present red flag, magenta: uncertain, green struck: negated, yellow: hypothetical, "
                  "cyan: in the past, blue: someone else)[/dim]")
    console.print(highlighted(extraction))
    if extraction.findings:
        table = Table(show_header=True, header_style="bold", box=None, pad_edge=False)
        table.add_column("finding")
        table.add_column("value")
        table.add_column("context")
        table.add_column("words")
        table.add_column("chars", justify="right")
        for f in extraction.findings:
            flag = " [red]⚑[/red]" if f.red_flag and f.context in {"present", "uncertain"} else ""
            words = Text(f.text, style=STYLE.get(f.context, ""))
            table.add_row(f.finding + flag, _value(f.value), f.context, words, f"{f.start}-{f.end}")
        console.print(table)
    for q in extraction.questions:
        console.print(f"[yellow]ask:[/yellow] {q}")
    for n in extraction.notes:
        console.print(f"[yellow]note:[/yellow] {n}")
    console.print()

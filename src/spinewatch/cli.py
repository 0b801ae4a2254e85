"""The ``spinewatch`` command line. Bad input prints one clear line and exits 2, never a traceback."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console

from .knowledge import KnowledgeError, load_kb
from .report import ReportError, load_report

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Back pain in people with cancer: triage, differential and advice, with sources.")
kb_app = typer.Typer(no_args_is_help=True, help="Review the knowledge base.")
app.add_typer(kb_app, name="kb")

EXAMPLES = Path(__file__).parent / "examples"
MAX_TEXT_BYTES = 1024 * 1024  # a message file larger than this is refused before it is read
console = Console()
err_console = Console(stderr=True)


def _fail(message: str, code: int = 2) -> None:
    err_console.print(f"[red]error:[/red] {message}", highlight=False, markup=True)
    raise typer.Exit(code)


def _kb(config: Optional[Path]):
    try:
        return load_kb(config)
    except KnowledgeError as err:
        _fail(str(err))


def _read_text(text: Optional[str], text_file: Optional[Path]) -> Optional[str]:
    if text_file is not None:
        try:
            raw = text_file.read_bytes()
        except OSError as err:
            _fail(f"cannot read {text_file}: {err.strerror}")
        if len(raw) > MAX_TEXT_BYTES:
            _fail(f"{text_file} is {len(raw)} bytes; the limit for a message is {MAX_TEXT_BYTES} bytes")
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            _fail(f"{text_file} is not UTF-8 text")
    return text


@app.command()
def assess(
    file: Optional[Path] = typer.Argument(None, help="report JSON file"),
    example: Optional[str] = typer.Option(None, help=f"a bundled example report: {', '.join(sorted(p.stem for p in EXAMPLES.glob('*.json')))}"),
    text: Optional[str] = typer.Option(None, "--text", help="a message or note in the person's own words"),
    text_file: Optional[Path] = typer.Option(None, "--text-file", help="a file holding such a message"),
    as_json: bool = typer.Option(False, "--json", help="machine-readable output"),
    patient: bool = typer.Option(False, "--patient", help="only the plain-language advice for the patient"),
    config: Optional[Path] = typer.Option(None, help="TOML file overriding thresholds"),
) -> None:
    """Assess one report (a JSON file, a bundled example, or free text)."""
    from .engine import assess as run
    from .render import patient_text, render_assessment

    sources = [x for x in (file, example, text, text_file) if x is not None]
    if len(sources) != 1:
        _fail("give exactly one of FILE, --example, --text or --text-file")
    kb = _kb(config)
    extraction = None
    try:
        if example is not None:
            path = EXAMPLES / f"{example}.json"
            if not path.is_file():
                _fail(f"no example {example!r}; choose from {', '.join(sorted(p.stem for p in EXAMPLES.glob('*.json')))}")
            report = load_report(path)
        elif file is not None:
            report = load_report(file)
        else:
            from .intake import extract
            extraction = extract(_read_text(text, text_file) or "", reported_at=None)
            report = extraction.report
        result = run(report, kb)
    except (ReportError, ValueError) as err:
        _fail(str(err))
    if as_json:
        out = result.to_dict()
        if extraction is not None:
            out["extraction"] = extraction.to_dict()
        sys.stdout.write(json.dumps(out, indent=2, ensure_ascii=False, default=str) + "\n")
        return
    if patient:
        console.print(patient_text(result), highlight=False)
        return
    if extraction is not None:
        from .render.extraction import render_extraction
        render_extraction(extraction, console)
    render_assessment(result, console)


@app.command()
def evaluate(
    file: Path = typer.Argument(..., help="JSONL: {id, report | text, expected_level, expected_cause, acceptable_causes}"),
    as_json: bool = typer.Option(False, "--json"),
    config: Optional[Path] = typer.Option(None, help="TOML file overriding thresholds"),
) -> None:
    """Score triage and differential against expected answers."""
    from .evaluate import EvaluationError, evaluate_file, render_metrics

    kb = _kb(config)
    try:
        metrics = evaluate_file(file, kb)
    except EvaluationError as err:
        _fail(str(err))
    if as_json:
        sys.stdout.write(json.dumps(metrics, indent=2) + "\n")
    else:
        render_metrics(metrics, console)


@app.command()
def interview(
    text: Optional[str] = typer.Option(None, "--text", help="start from a message already given"),
    report_file: Optional[Path] = typer.Option(None, "--report", help="start from a report JSON file"),
) -> None:
    """Ask the questions that matter most, in the order that protects safety, then assess."""
    from .intake.interview import run_interview

    start_report = None
    if report_file is not None:
        try:
            start_report = load_report(report_file)
        except ReportError as err:
            _fail(str(err))
    from .render import render_assessment
    try:
        result = run_interview(start_text=text, start_report=start_report, output=console)
    except (EOFError, KeyboardInterrupt):
        _fail("interview ended before it was complete; nothing was assessed", code=1)
    render_assessment(result, console)


@app.command()
def serve(
    host: str = typer.Option("127.0.0.1", help="address to listen on"),
    port: int = typer.Option(8000, help="port"),
    demo: bool = typer.Option(False, "--demo", help="load demonstration patients and a demo clinician"),
    db: Optional[str] = typer.Option(None, "--db", help="database URL (default: SQLite in the data directory)"),
) -> None:
    """Run the web service (patient self-report, nurse triage queue, REST API)."""
    from .web import serve as run_server

    run_server(host=host, port=port, demo=demo, database_url=db)


@app.command(context_settings={"allow_extra_args": True, "ignore_unknown_options": True})
def admin(ctx: typer.Context) -> None:
    """Accounts: add-user USERNAME [--name N] | add-token USERNAME PURPOSE | patient-link PATIENT_ID [--db URL]."""
    from .web.admin import main as admin_main

    raise typer.Exit(admin_main(list(ctx.args)))


@kb_app.command("lint")
def kb_lint(config: Optional[Path] = typer.Option(None)) -> None:
    """Check integrity: every reference resolves, every entry has a source."""
    from .knowledge.lint import lint

    kb = _kb(config)
    problems = lint(kb)
    for p in problems:
        console.print(f"[red]✗[/red] {p}", highlight=False)
    if problems:
        _fail(f"{len(problems)} problem(s) in the knowledge base", code=1)
    counts = ", ".join(f"{len(getattr(kb, n))} {n}" for n in ("sources", "rules", "causes", "drugs", "findings", "advice"))
    console.print(f"[green]✓[/green] knowledge base {kb.version} is consistent ({counts})", highlight=False)


@kb_app.command("show")
def kb_show(entry_id: str = typer.Argument(..., metavar="ID"), config: Optional[Path] = typer.Option(None)) -> None:
    """Show one entry (rule, cause, drug, threshold, source...) with its sources spelled out."""
    from .knowledge.review import show

    kb = _kb(config)
    text = show(kb, entry_id)
    if text is None:
        _fail(f"no entry with id {entry_id!r} (try: spinewatch kb search WORD)", code=1)
    console.print(text, highlight=False, markup=False)


@kb_app.command("search")
def kb_search(word: str = typer.Argument(...), config: Optional[Path] = typer.Option(None)) -> None:
    """Find entries mentioning a word, in any file."""
    from .knowledge.review import search

    kb = _kb(config)
    hits = search(kb, word)
    if not hits:
        _fail(f"nothing mentions {word!r}", code=1)
    for kind, entry_id, snippet in hits:
        console.print(f"{kind:12} {entry_id:28} {snippet}", highlight=False, markup=False)


def main() -> None:  # pragma: no cover - console entry point alias
    app()


if __name__ == "__main__":  # pragma: no cover
    app()

"""Evaluation harness: triage and differential scored against annotated cases."""

from pathlib import Path

from .harness import EvaluationError, evaluate_cases, evaluate_file, render_metrics

VIGNETTES = Path(__file__).parent / "data" / "vignettes.jsonl"

__all__ = ["EvaluationError", "VIGNETTES", "evaluate_cases", "evaluate_file", "render_metrics"]

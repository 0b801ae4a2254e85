"""Rendering assessments for people: terminal, plain patient text, JSON."""

from .patient import patient_text
from .terminal import render_assessment

__all__ = ["patient_text", "render_assessment"]

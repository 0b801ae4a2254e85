"""Colour contrast of the stylesheet: WCAG 2 AA (4.5:1) for every text/background pair we use."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import spinewatch.web

CSS = (Path(spinewatch.web.__file__).parent / "static" / "style.css").read_text()
VARS = {k: v if len(v) == 7 else "#" + "".join(c * 2 for c in v[1:])
        for k, v in re.findall(r"--([\w-]+):\s*(#[0-9a-fA-F]{6}|#[0-9a-fA-F]{3})\b", CSS)}


def _luminance(hex_colour: str) -> float:
    def channel(c: int) -> float:
        c = c / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a: str, b: str) -> float:
    hi, lo = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


@pytest.mark.parametrize("name", ["emergency", "urgent", "soon", "routine", "manual"])
def test_white_text_on_level_colours(name):
    assert contrast("#ffffff", VARS[name]) >= 4.5


@pytest.mark.parametrize("name", ["ink", "muted", "emergency"])
def test_text_colours_on_white(name):
    assert contrast(VARS[name], "#ffffff") >= 4.5


def test_form_control_borders_meet_non_text_contrast():
    assert contrast(VARS["control"], "#ffffff") >= 3.0  # WCAG 1.4.11


def test_link_and_header_colours():
    assert contrast("#0b4f9c", "#ffffff") >= 4.5  # links, primary buttons
    assert contrast("#ffffff", "#0b2545") >= 4.5  # header
    assert contrast("#b00020", "#fde7ea") >= 4.5  # emergency row text


def test_contrast_function_is_right():
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#777777", "#ffffff") < 4.5

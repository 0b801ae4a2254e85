"""The trajectory chart on the clinician's patient page: pain score and triage level over time.

Drawn by matplotlib on the server (Agg, object API: no pyplot global state, so it is safe in
the threadpool) and sent as SVG, so it is sharp on any screen and needs no JavaScript.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import datetime, timedelta

LEVELS = ["routine", "soon", "urgent", "emergency"]
COLOURS = {"routine": "#2e7d32", "soon": "#8a6d00", "urgent": "#d35400", "emergency": "#b00020"}


@dataclass(frozen=True)
class Point:
    at: datetime
    nrs: int | None
    level: str | None  # None: needs manual triage
    worsening: bool


def trajectory_svg(points: list[Point], title: str) -> bytes:
    from matplotlib.dates import AutoDateLocator, ConciseDateFormatter
    from matplotlib.figure import Figure

    fig = Figure(figsize=(8, 4.2), dpi=100, layout="constrained")
    pain, level = fig.subplots(2, 1, sharex=True, height_ratios=[3, 2])
    fig.suptitle(title, fontsize=11)
    scored = [p for p in points if p.nrs is not None]
    pain.plot([p.at for p in scored], [p.nrs for p in scored], "-o", color="#1f3a93", label="pain (0-10)")
    worse = [p for p in scored if p.worsening]
    if worse:
        pain.scatter([p.at for p in worse], [p.nrs for p in worse], s=160, facecolors="none",
                     edgecolors="#b00020", linewidths=2, label="worsening", zorder=3)
    pain.set_ylim(-0.5, 10.5)
    pain.set_yticks(range(0, 11, 2))
    pain.set_ylabel("pain score")
    pain.grid(alpha=0.3)
    pain.legend(loc="upper left", fontsize=8)
    assessed = [p for p in points if p.level in LEVELS]
    level.step([p.at for p in assessed], [LEVELS.index(p.level) for p in assessed], where="post", color="#555")
    for p in assessed:
        level.scatter([p.at], [LEVELS.index(p.level)], color=COLOURS[p.level], s=50, zorder=3)
    manual = [p for p in points if p.level not in LEVELS]
    if manual:
        level.scatter([p.at for p in manual], [3.5] * len(manual), marker="x", color="#000", s=60,
                      label="needs manual triage")
        level.legend(loc="upper left", fontsize=8)
    level.set_yticks(range(4), LEVELS)
    level.set_ylim(-0.5, 3.8)
    level.grid(alpha=0.3)
    if points:  # at least a day either side, so one report does not span years of axis
        first, last = min(p.at for p in points), max(p.at for p in points)
        pad = max(timedelta(days=1), (last - first) / 20)
        level.set_xlim(first - pad, last + pad)
    locator = AutoDateLocator()
    level.xaxis.set_major_locator(locator)
    level.xaxis.set_major_formatter(ConciseDateFormatter(locator))
    out = io.BytesIO()
    fig.savefig(out, format="svg", metadata={"Date": None})
    return out.getvalue()

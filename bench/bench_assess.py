"""Structured assessments per second on one core, including validation, and latency p50/p99.

Run: python bench/bench_assess.py [--seconds 10]
Each iteration validates a report from its JSON-decoded dict (pydantic) and assesses it. The
reports cycle through the bundled vignettes (every level and cause), so the figure covers
the real rule mix rather than one easy case.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import time
from datetime import datetime, timezone

from spinewatch import assess, load_kb, parse_report
from spinewatch.evaluate import VIGNETTES


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=float, default=10.0)
    ap.add_argument("--to-json", action="store_true", help="also serialise each assessment to a dict")
    args = ap.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core
    kb = load_kb()
    reports = [json.loads(line)["report"] for line in VIGNETTES.read_text().splitlines() if line.strip()]
    for r in reports:  # warm-up: compile caches
        assess(parse_report(r), kb)
    latencies = []
    n = 0
    start = time.perf_counter()
    deadline = start + args.seconds
    while time.perf_counter() < deadline:
        for r in reports:
            t0 = time.perf_counter_ns()
            a = assess(parse_report(r), kb)
            if args.to_json:
                a.to_dict()
            latencies.append(time.perf_counter_ns() - t0)
            n += 1
    elapsed = time.perf_counter() - start
    latencies.sort()
    p = lambda q: latencies[min(len(latencies) - 1, int(q * len(latencies)))] / 1e6
    print(f"date: {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC")
    print(f"machine: {platform.machine()} {platform.processor() or ''} {os.cpu_count()} cores, Python {platform.python_version()}")
    print(f"reports: {len(reports)} vignettes cycled, validation included{', to_dict included' if args.to_json else ''}")
    print(f"assessments: {n} in {elapsed:.2f} s on one core = {n / elapsed:,.0f} /s")
    print(f"latency ms: p50 {p(0.50):.3f}  p99 {p(0.99):.3f}  max {latencies[-1] / 1e6:.3f}  mean {statistics.fmean(latencies) / 1e6:.3f}")


if __name__ == "__main__":
    main()

"""Load figures for the web service: text reports submitted over loopback, SQLite, one server.

Starts uvicorn (one process, 127.0.0.1 only) on a fresh SQLite database, then sends free-text
reports through the REST API at a fixed rate for a bounded time. Requests are scheduled open
loop (each starts on time whether or not earlier ones have finished), so a slow server shows
up as latency rather than as a lower offered rate. Prints requests per second, latency
percentiles, errors and how the reports were triaged.

    python bench/load_web.py [--rate 100] [--seconds 20]

Not a test: it prints figures for docs/web.md; its exit code is 1 only if a request failed.
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import os
import platform
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timezone
from pathlib import Path

import httpx

TEXTS = [
    "Back pain for 3 days, about 5 out of 10, worse at night. No weakness.",
    "My lower back has ached since I lifted a box on Sunday, 3/10, getting better.",
    "Pain in the middle of my back, 7/10, and my legs feel heavy since this morning.",
    "I finished docetaxel 2 days ago and my back and legs ache, mild, 2 out of 10.",
    "Sharp pain round my ribs like a band, worse when I cough. Temperature 37.9.",
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _prepare(url: str, patients: int) -> tuple[str, list[str]]:
    """Create the schema, a clinician API token and some patients before the server starts."""
    from spinewatch import store

    sessions = store.open_database(url)
    with sessions.begin() as db:
        user = store.create_user(db, "bench", "bench password not for use")
        token = store.create_api_token(db, user, "load bench")
        ids = [store.create_patient(db, f"Bench {i}")[0].id for i in range(patients)]
    sessions.kw["bind"].dispose()
    return token, ids


def _start_server(url: str, port: int, log: Path) -> subprocess.Popen:
    # What `spinewatch serve` does, minus the printing: app, warm-up, one uvicorn process.
    code = ("import uvicorn; from spinewatch.web import create_app; from spinewatch.web._engine import warm_up; "
            f"app = create_app({url!r}); warm_up(); "
            f"uvicorn.run(app, host='127.0.0.1', port={port}, log_level='warning')")
    return subprocess.Popen([sys.executable, "-c", code], stdout=log.open("w"), stderr=subprocess.STDOUT)


async def _wait_ready(base: str) -> None:
    async with httpx.AsyncClient() as client:
        for _ in range(300):
            try:
                await client.get(base + "/api/v1/health")
                return
            except httpx.TransportError:
                await asyncio.sleep(0.1)
    raise SystemExit("server did not start")


async def _run(base: str, token: str, ids: list[str], rate: float, seconds: float) -> dict:
    latencies: list[float] = []
    statuses: collections.Counter = collections.Counter()
    levels: collections.Counter = collections.Counter()
    errors: list[str] = []
    limits = httpx.Limits(max_connections=200, max_keepalive_connections=200)
    async with httpx.AsyncClient(base_url=base, headers={"Authorization": f"Bearer {token}"}, limits=limits,
                                 timeout=30) as client:
        async def one(i: int) -> None:
            t0 = time.perf_counter()
            try:
                r = await client.post(f"/api/v1/patients/{ids[i % len(ids)]}/reports",
                                      json={"text": TEXTS[i % len(TEXTS)]})
                latencies.append(time.perf_counter() - t0)
                statuses[r.status_code] += 1
                if r.status_code == 201:
                    levels[r.json()["level"]] += 1
                else:
                    errors.append(f"{r.status_code} {r.text[:120]}")
            except httpx.HTTPError as err:
                errors.append(repr(err))

        total = int(rate * seconds)
        start = time.perf_counter()
        tasks = []
        for i in range(total):
            delay = start + i / rate - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            tasks.append(asyncio.create_task(one(i)))
        # Bounded: whatever has not finished well after the last request is counted as failed.
        _, late = await asyncio.wait(tasks, timeout=max(30.0, seconds))
        for task in late:
            task.cancel()
            errors.append("no answer within the bound")
        elapsed = time.perf_counter() - start
    return {"sent": total, "elapsed": elapsed, "latencies": latencies, "statuses": statuses, "levels": levels,
            "errors": errors}


def _pct(values: list[float], p: float) -> float:
    return statistics.quantiles(values, n=1000, method="inclusive")[int(p * 10) - 1] * 1000 if values else float("nan")


def _machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{os.cpu_count()} cores, {cpu}, Python {platform.python_version()}, {platform.system()} {platform.release()}"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rate", type=float, default=100.0, help="requests per second offered")
    ap.add_argument("--seconds", type=float, default=20.0, help="how long to send (bounded: at most 300)")
    ap.add_argument("--patients", type=int, default=50)
    args = ap.parse_args()
    seconds = min(args.seconds, 300.0)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # so that `finally` stops the server
    with tempfile.TemporaryDirectory(prefix="spinewatch-bench-") as tmp:
        url = f"sqlite:///{tmp}/bench.sqlite3"
        token, ids = _prepare(url, args.patients)
        port = _free_port()
        log = Path(tmp) / "server.log"
        server = _start_server(url, port, log)
        try:
            base = f"http://127.0.0.1:{port}"
            asyncio.run(_wait_ready(base))
            # Warm-up: first requests import the engine and knowledge base.
            asyncio.run(_run(base, token, ids, rate=10, seconds=1))
            res = asyncio.run(_run(base, token, ids, rate=args.rate, seconds=seconds))
        finally:
            server.terminate()
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
            server_log = log.read_text(errors="replace").splitlines()
    lat = res["latencies"]
    print(f"date: {datetime.now(UTC):%Y-%m-%d %H:%M UTC}")
    print(f"machine: {_machine()}")
    print(f"command: python bench/load_web.py --rate {args.rate:g} --seconds {seconds:g}")
    print("setup: uvicorn, 1 process, 127.0.0.1, SQLite (WAL) in a temp dir; POST /api/v1/patients/{id}/reports with free text")
    print(f"offered: {args.rate:g} req/s for {seconds:g} s = {res['sent']} requests")
    print(f"completed: {len(lat)} in {res['elapsed']:.1f} s = {len(lat) / res['elapsed']:.1f} req/s")
    print(f"latency ms: p50 {_pct(lat, 50):.1f}  p90 {_pct(lat, 90):.1f}  p99 {_pct(lat, 99):.1f}  max {max(lat) * 1000:.1f}")
    print(f"status codes: {dict(res['statuses'])}; errors: {len(res['errors'])}")
    print(f"triage of the reports: {dict(res['levels'])}")
    for e in res["errors"][:5]:
        print(f"  error: {e}")
    print(f"server log: {len(server_log)} lines")
    problems = collections.Counter(line.strip()[:160] for line in server_log if re.match(r"\w+(\.\w+)*(Error|Exception)\b", line))
    for line, n in problems.most_common(3):
        print(f"  {n} x {line}")
    return 1 if res["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())

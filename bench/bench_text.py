"""Free-text intake: messages per second on one core, latency and peak memory.

Run: python bench/bench_text.py [--seconds 10] [--batch 64]

The messages are the 174 annotated messages and notes of the evaluation set
(src/spinewatch/evaluate/data/text_cases.jsonl: patients, carers and nurses, 1-5 sentences,
median about 20 words), cycled. Two paths are timed after the pipeline is built:

* ``extract_many`` (the batch path: spaCy's ``nlp.pipe``), messages/s;
* ``extract`` one message at a time (what the CLI and the web service do), messages/s and
  latency p50/p99.

Each figure includes everything the caller gets: tokenising, matching, ConText, numbers and
dates, assembling and validating the Report. The process is pinned to one core. Peak memory
is the process's maximum resident set size (pipeline, knowledge base and all), from getrusage.
Target (issue 3): at least 500 messages/s per core.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import sys
import time
from datetime import datetime, timezone


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=float, default=10.0, help="time per path")
    ap.add_argument("--batch", type=int, default=64)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core
    from spinewatch.evaluate.text_metrics import DATA, load_cases
    from spinewatch.intake import extract, extract_many
    from spinewatch.knowledge import load_kb
    from spinewatch.intake.pipeline import get_pipeline

    texts = [c["text"] for c in load_cases(DATA)]
    words = sorted(len(t.split()) for t in texts)
    t0 = time.perf_counter()
    kb = load_kb()
    get_pipeline()
    load_s = time.perf_counter() - t0
    ref = datetime.now(timezone.utc)
    extract_many(texts[:20], ref, kb=kb)  # warm caches

    # batch path
    n = 0
    start = time.perf_counter()
    while time.perf_counter() - start < args.seconds:
        extract_many(texts, ref, kb=kb, batch_size=args.batch)
        n += len(texts)
    batch_rate = n / (time.perf_counter() - start)

    # one at a time
    lat = []
    start = time.perf_counter()
    i = 0
    while time.perf_counter() - start < args.seconds:
        t = time.perf_counter()
        extract(texts[i % len(texts)], ref, kb=kb)
        lat.append(time.perf_counter() - t)
        i += 1
    single_rate = len(lat) / (time.perf_counter() - start)
    lat.sort()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux
    out = {
        "date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, {platform.processor() or platform.platform()}",
        "python": platform.python_version(),
        "messages": len(texts),
        "words_median": words[len(words) // 2],
        "words_max": words[-1],
        "pipeline_load_s": round(load_s, 2),
        "batch_messages_per_s": round(batch_rate),
        "single_messages_per_s": round(single_rate),
        "latency_ms_p50": round(1000 * lat[len(lat) // 2], 2),
        "latency_ms_p99": round(1000 * lat[int(len(lat) * 0.99)], 2),
        "peak_rss_mb": round(peak_mb),
        "target_messages_per_s": 500,
    }
    if args.json:
        print(json.dumps(out, indent=2))
    else:
        for k, v in out.items():
            print(f"{k:24} {v}")
    return 0 if min(batch_rate, single_rate) >= 500 else 1


if __name__ == "__main__":
    sys.exit(main())

"""Memory and idle cost: RSS right after start and after 10 years of daily snapshots were
posted through the API; then CPU time and thread wake-ups over 30 s of idleness (a polling
loop shows up as wake-ups even when its CPU time rounds to zero)."""

import json
import time

from benchmarks.helpers import Bench, Companion, Figure, at_most, cpu_seconds, daily_docs, rss_mb, wakeups
from benchmarks.loadgen import build_request, load

HISTORY_DAYS = 3650


def _one_run(bench: Bench, run: int, days: int, idle_s: float) -> tuple[float, float, float, float]:
    settle_s = bench.size(1, 0.2)  # lets start-up and the last answers finish before measuring
    with Companion(bench.folder(f"idle-{run}")) as companion:
        time.sleep(settle_s)
        at_start = rss_mb(companion.pid)
        headers = {"Authorization": f"Bearer {companion.token()}"}
        requests = [
            build_request("POST", "/v1/snapshots", companion.port, headers, json.dumps(doc).encode())
            for doc in daily_docs(days)
        ]
        result = load(companion.port, requests, connections=1)
        result.expect(201, days, "the companion")
        time.sleep(settle_s)
        after_ingest = rss_mb(companion.pid)
        cpu, woken, began = cpu_seconds(companion.pid), wakeups(companion.pid), time.perf_counter()
        time.sleep(idle_s)
        elapsed = time.perf_counter() - began
        idle_cpu = (cpu_seconds(companion.pid) - cpu) / elapsed * 100
        idle_wakeups = (wakeups(companion.pid) - woken) / elapsed
    return at_start, after_ingest, idle_cpu, idle_wakeups


def run(bench: Bench) -> list[Figure]:
    days = bench.size(HISTORY_DAYS, 50)
    idle_s = bench.size(30, 1)
    samples = [_one_run(bench, run, days, idle_s) for run in range(bench.runs)]
    start, ingested, cpu, woken = (list(column) for column in zip(*samples, strict=True))
    return [
        Figure("idle.rss_after_start", "MB", start, at_most(45, "≤ 45 MB")),
        Figure(f"idle.rss_after_{days}_daily_snapshots", "MB", ingested, at_most(45, "≤ 45 MB")),
        Figure(f"idle.cpu_over_{idle_s:g}s", "% of a core", cpu, at_most(0.1, "≈ 0 (≤ 0.1 %)")),
        # The "no polling loops", judged: a loop that wakes to look shows up here even
        # when its CPU time rounds to zero; a stray wake-up in 30 s is not a loop.
        Figure("idle.wakeups", "per s", woken, at_most(0.1, "no polling loops (≤ 0.1 thread wake-ups/s)")),
    ]

"""The same ingest load against ActivityWatch's aw-server (Flask + peewee/SQLite), the closest
existing extension-to-localhost-to-SQLite system: its heartbeat endpoint, one client and 16,
next to the companion measured in the same runs.

aw-server is installed from PyPI into bench-results/aw-venv (git-ignored, never committed) the
first time; `--quick` uses it only when it is already there. It runs with `--testing` on a
free loopback port, with HOME and the XDG folders in the scratch folder so it keeps its
database and logs there.
"""

import asyncio
import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path

from benchmarks.helpers import ROOT, Bench, Companion, Figure, daily_docs, free_port, wait_for_health
from benchmarks.ingest import CLIENTS, post_requests
from benchmarks.loadgen import build_request, fetch, load

VENV = ROOT / "bench-results" / "aw-venv"
AW_SERVER = VENV / "bin" / "aw-server"
# The version the figures in docs/benchmarks.md came from.
PACKAGES = ("aw-server==0.12.0", "peewee<4")
BUCKET = "aw-watcher-ssi_bench"


def ensure_installed(bench: Bench) -> bool:
    if AW_SERVER.exists():
        return True
    if bench.quick:
        return False
    bench.log(f"(installing {' '.join(PACKAGES)} into {VENV.relative_to(ROOT)})")
    base = getattr(sys, "_base_executable", sys.executable)
    subprocess.run([base, "-m", "venv", str(VENV)], check=True)
    subprocess.run(
        [str(VENV / "bin" / "pip"), "install", "--quiet", "--disable-pip-version-check", *PACKAGES], check=True
    )
    return True


@contextmanager
def aw_server(folder: Path) -> Iterator[int]:
    port = free_port()
    home = folder / "home"
    env = dict(os.environ, HOME=str(home))
    for name in ("DATA", "CONFIG", "CACHE", "STATE"):
        env[f"XDG_{name}_HOME"] = str(home / name.lower())
    log = (folder / "aw-server.log").open("ab")
    process = subprocess.Popen(
        [str(AW_SERVER), "--testing", "--host", "127.0.0.1", "--port", str(port)], env=env, stdout=log, stderr=log
    )
    log.close()
    try:
        wait_for_health(port, process, path="/api/0/info")
        status, body = asyncio.run(fetch(port, _create_bucket(port)))
        if status not in (200, 201, 304):
            raise RuntimeError(f"aw-server did not create the bucket: {status} {body[:200]!r}")
        yield port
    finally:
        process.terminate()
        process.wait(timeout=30)


def _create_bucket(port: int) -> bytes:
    body = json.dumps({"client": "aw-watcher-ssi", "type": "ssi.snapshot", "hostname": "bench"}).encode()
    return build_request("POST", f"/api/0/buckets/{BUCKET}", port, {}, body)


def heartbeat_requests(port: int, count: int, profile: str) -> list[bytes]:
    """One heartbeat per snapshot, the snapshot as the event's data; every one differs from the
    last, so aw-server stores a new event each time (as the companion stores a new snapshot)."""
    path = f"/api/0/buckets/{BUCKET}/heartbeat?pulsetime=0"
    return [
        build_request(
            "POST",
            path,
            port,
            {},
            json.dumps({"timestamp": doc["captured_at"], "duration": 0, "data": doc}).encode(),
        )
        for doc in daily_docs(count, profile)
    ]


def run(bench: Bench) -> list[Figure]:
    if not ensure_installed(bench):
        return [Figure("aw_server", "", [], note=f"skipped: {VENV.relative_to(ROOT)} not installed (a full run installs it)")]
    one = bench.size(1000, 40)
    many = bench.size(3000, 160)
    folder = bench.folder("aw-server")
    columns: dict[str, list[float]] = {}

    def add(name: str, value: float) -> None:
        columns.setdefault(name, []).append(value)

    with Companion(bench.folder("aw-companion")) as companion, aw_server(folder) as aw:
        auth = {"Authorization": f"Bearer {companion.token()}"}
        load(aw, heartbeat_requests(aw, one // 10, "warm-up"), CLIENTS)
        load(companion.port, post_requests(companion.port, "/v1/snapshots", auth, one // 10, "warm-up"), CLIENTS)
        for index in range(bench.runs):
            # aw-server answers every heartbeat 200; the companion a new snapshot 201.
            targets: tuple[tuple[str, int, int, Callable[[int, str], list[bytes]]], ...] = (
                ("aw", aw, 200, partial(heartbeat_requests, aw)),
                ("companion", companion.port, 201, partial(post_requests, companion.port, "/v1/snapshots", auth)),
            )
            for who, port, status, requests_for in targets:
                single = load(port, requests_for(one, f"one-{index}"), 1)
                single.expect(status, one, who)
                concurrent = load(port, requests_for(many, f"many-{index}"), CLIENTS)
                concurrent.expect(status, many, who)
                add(f"{who}.one_client.p50", single.percentile(0.5))
                add(f"{who}.clients.throughput", concurrent.requests_per_s)
                add(f"{who}.clients.p99", concurrent.percentile(0.99))
            add("p50_ratio", columns["aw.one_client.p50"][-1] / columns["companion.one_client.p50"][-1])
            add("throughput_ratio", columns["companion.clients.throughput"][-1] / columns["aw.clients.throughput"][-1])
    note = "same run, same load"
    return [
        Figure("aw_server.one_client.p50", "ms", columns["aw.one_client.p50"]),
        Figure("aw_server.companion_one_client.p50", "ms", columns["companion.one_client.p50"], note=note),
        Figure("aw_server.one_client.p50_aw_over_companion", "x", columns["p50_ratio"], note="> 1: the companion is faster"),
        Figure(f"aw_server.{CLIENTS}_clients.throughput", "req/s", columns["aw.clients.throughput"]),
        Figure(f"aw_server.companion_{CLIENTS}_clients.throughput", "req/s", columns["companion.clients.throughput"], note=note),
        Figure(
            f"aw_server.{CLIENTS}_clients.throughput_companion_over_aw",
            "x",
            columns["throughput_ratio"],
            note="> 1: the companion is faster",
        ),
        Figure(f"aw_server.{CLIENTS}_clients.p99", "ms", columns["aw.clients.p99"]),
        Figure(f"aw_server.companion_{CLIENTS}_clients.p99", "ms", columns["companion.clients.p99"], note=note),
    ]

"""Export of 1,000,000 snapshots to NDJSON and CSV, through the API (GET /v1/export, read by
a client that discards the bytes) and the CLI (`ssi-companion export --output FILE`, process
start included), in rows per second; and the peak RSS of the process doing the export for
100,000 and 1,000,000 rows, which must stay flat.

One database holds both sizes: profile "small" has 100,000 snapshots and profile "rest" the
other 900,000, so `profile=small` exports 100,000 rows and no filter all 1,000,000. Every API
export is the only request of a server started for it, as every CLI export is its own process:
a process's peak RSS is then that export's. (In a server that had exported before, memory kept
from an earlier export would be part of every later peak and hide any growth.)
"""

import contextlib
import http.client
import subprocess
import time
from datetime import timedelta
from pathlib import Path

from benchmarks.helpers import (
    COMPANION,
    Bench,
    Companion,
    Figure,
    at_least,
    at_most,
    companion_env,
    peak_rss_mb,
    write_history,
)

FORMATS = {"ndjson": 100_000, "csv": 50_000}  # format: target rows/s
SPACING = timedelta(minutes=5)  # a million daily snapshots would start in the year 700
FLAT_MB = 5.0
SMALL = "small"


def api_export(folder: Path, fmt: str, profile: str | None) -> tuple[int, float, float]:
    """Rows, seconds from the request to the last byte, peak RSS of the server (MB), from a
    server started for this export."""
    with Companion(folder) as companion:
        token = companion.token()
        conn = http.client.HTTPConnection("127.0.0.1", companion.port, timeout=600)
        query = f"format={fmt}" + (f"&profile={profile}" if profile else "")
        began = time.perf_counter()
        conn.request("GET", f"/v1/export?{query}", headers={"Authorization": f"Bearer {token}"})
        response = conn.getresponse()
        if response.status != 200:
            raise RuntimeError(f"export answered {response.status}: {response.read()[:300]!r}")
        lines = 0
        while chunk := response.read(1 << 20):
            lines += chunk.count(b"\n")
        seconds = time.perf_counter() - began
        conn.close()
        return lines - (fmt == "csv"), seconds, peak_rss_mb(companion.pid)


def cli_export(data_dir: Path, fmt: str, profile: str | None, output: Path) -> tuple[int, float, float]:
    """Rows, seconds from process start to exit, peak RSS of the CLI process (MB).

    The peak is VmHWM read every few milliseconds until the process exits (getrusage's
    ru_maxrss would include this much bigger process's RSS from before the child's exec)."""
    command = [str(COMPANION), "export", "--format", fmt, "--output", str(output)]
    began = time.perf_counter()
    process = subprocess.Popen(
        command + (["--profile", profile] if profile else []), env=companion_env(data_dir), stderr=subprocess.DEVNULL
    )
    peak = 0.0
    while process.poll() is None:
        with contextlib.suppress(OSError, KeyError):
            peak = max(peak, peak_rss_mb(process.pid))
        time.sleep(0.005)
    seconds = time.perf_counter() - began
    if process.returncode != 0:
        raise RuntimeError(f"ssi-companion export exited with {process.returncode}")
    with output.open("rb") as file:
        lines = sum(chunk.count(b"\n") for chunk in iter(lambda: file.read(1 << 20), b""))
    output.unlink()
    return lines - (fmt == "csv"), seconds, peak


def run(bench: Bench) -> list[Figure]:
    small, total = bench.size(100_000, 2_000), bench.size(1_000_000, 20_000)
    folder = bench.folder("export")
    began = time.perf_counter()
    write_history(folder, small, profile=SMALL, step=SPACING)
    write_history(folder, total - small, profile="rest", step=SPACING)
    bench.log(f"(generated {total:,} snapshots in {time.perf_counter() - began:.0f} s)")
    sizes = {"small": (SMALL, small), "all": (None, total)}
    results: dict[tuple[str, str, str], list[tuple[int, float, float]]] = {}
    for _ in range(bench.runs):
        for fmt in FORMATS:
            for label, (profile, count) in sizes.items():
                for path, measured in (
                    ("api", api_export(folder, fmt, profile)),
                    ("cli", cli_export(folder, fmt, profile, bench.scratch / f"export.{fmt}")),
                ):
                    if measured[0] != count:
                        raise RuntimeError(f"{path} {fmt} export gave {measured[0]} rows, not {count}")
                    results.setdefault((path, fmt, label), []).append(measured)
    figures: list[Figure] = []
    for path in ("api", "cli"):
        who = "the server" if path == "api" else "the CLI process"
        for fmt, target in FORMATS.items():
            all_runs, small_runs = results[(path, fmt, "all")], results[(path, fmt, "small")]
            figures += [
                Figure(
                    f"export.{path}.{fmt}.rows_per_s_{total:_}_rows",
                    "rows/s",
                    [rows / seconds for rows, seconds, _ in all_runs],
                    at_least(target, f"≥ {target:,} rows/s"),
                ),
                Figure(f"export.{path}.{fmt}.peak_rss_{small:_}_rows", "MB", [r[2] for r in small_runs], note=who),
                Figure(f"export.{path}.{fmt}.peak_rss_{total:_}_rows", "MB", [r[2] for r in all_runs], note=who),
                Figure(
                    f"export.{path}.{fmt}.peak_rss_growth",
                    "MB",
                    [a[2] - s[2] for a, s in zip(all_runs, small_runs, strict=True)],
                    at_most(FLAT_MB, f"flat (≤ {FLAT_MB:g} MB more for 10× the rows)"),
                ),
            ]
    return figures

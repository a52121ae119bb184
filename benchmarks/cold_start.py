"""Cold start: `ssi-companion serve` to the first 200 on /v1/health, next to the time
`python -c "import aiohttp, msgspec"` takes in the same run (the floor for any aiohttp+msgspec
service). Both are measured alternately, so a busy moment hits both; the ratio is judged."""

import subprocess
import time

from benchmarks.helpers import PYTHON, Bench, Companion, Figure, at_most, python_env


def _import_seconds() -> float:
    began = time.perf_counter()
    subprocess.run([str(PYTHON), "-c", "import aiohttp, msgspec"], env=python_env(), check=True)
    return time.perf_counter() - began


def _serve_seconds(bench: Bench) -> float:
    with Companion(bench.folder("cold-start")) as companion:
        return companion.started_in_s


def run(bench: Bench) -> list[Figure]:
    # Once unmeasured: creates the database (a user's start opens an existing one) and lets
    # Python write its bytecode caches.
    _serve_seconds(bench)
    _import_seconds()
    imports: list[float] = []
    serves: list[float] = []
    for _ in range(bench.runs):
        imports.append(_import_seconds())
        serves.append(_serve_seconds(bench))
    return [
        Figure("cold_start.import_aiohttp_msgspec", "s", imports, note="baseline"),
        Figure("cold_start.serve_to_first_health_200", "s", serves),
        Figure(
            "cold_start.ratio_to_import",
            "x",
            [serve / imp for serve, imp in zip(serves, imports, strict=True)],
            at_most(1.2, "≤ 1.2 × import"),
        ),
    ]

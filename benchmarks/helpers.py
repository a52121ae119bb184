"""Shared pieces of the benchmarks: figures and their statistics, the companion as a subprocess
on a free loopback port with its own data directory, generated history, process statistics
from /proc, and a description of the machine."""

import http.client
import json
import math
import os
import platform
import random
import signal
import socket
import statistics
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Literal, TypeVar

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = ROOT / ".venv" / "bin"
PYTHON = VENV_BIN / "python"
COMPANION = VENV_BIN / "ssi-companion"
CHROMIUM = Path(os.environ.get("SSI_CHROMIUM", "/usr/bin/chromium"))
EXTENSION_DIR = ROOT / "extension"
DAY = timedelta(days=1)
N = TypeVar("N", int, float)


# --- figures ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    op: Literal["<=", ">="]
    value: float
    text: str

    def met(self, measured: float) -> bool:
        return measured <= self.value if self.op == "<=" else measured >= self.value


def at_most(value: float, text: str | None = None) -> Target:
    return Target("<=", value, text or f"≤ {fmt(value)}")


def at_least(value: float, text: str | None = None) -> Target:
    return Target(">=", value, text or f"≥ {fmt(value)}")


@dataclass
class Figure:
    """One measured quantity: every run's value, and the target its median is held to (None
    for baselines and context figures, which are reported but not judged)."""

    name: str
    unit: str
    samples: list[float]
    target: Target | None = None
    note: str = ""

    @property
    def median(self) -> float:
        return statistics.median(self.samples) if self.samples else math.nan

    @property
    def ok(self) -> bool | None:
        if self.target is None or not self.samples:
            return None
        return self.target.met(self.median)

    def line(self) -> str:
        if not self.samples:
            return f"{self.name}: not measured ({self.note})"
        text = f"{self.name}: {fmt(self.median)} ({fmt(min(self.samples))}–{fmt(max(self.samples))}) {self.unit}"
        if self.target is not None:
            text += f" [target: {self.target.text}, {'ok' if self.ok else 'MISSED'}]"
        if self.note:
            text += f"  — {self.note}"
        return text

    def as_json(self) -> dict[str, Any]:
        data = asdict(self)
        data.update(
            median=self.median if self.samples else None,
            min=min(self.samples) if self.samples else None,
            max=max(self.samples) if self.samples else None,
            ok=self.ok,
        )
        return data


def fmt(value: float) -> str:
    if math.isnan(value):
        return "nan"
    size = abs(value)
    if size >= 1000:
        return f"{value:,.0f}"
    if size >= 100:
        return f"{value:.0f}"
    if size >= 10:
        return f"{value:.1f}"
    if size >= 1:
        return f"{value:.2f}"
    return f"{value:.3f}"


@dataclass
class Bench:
    """What every benchmark gets: the size setting, the number of runs and a scratch folder."""

    quick: bool
    runs: int
    scratch: Path
    log: Callable[[str], None] = print
    shared: dict[str, Any] = field(default_factory=dict)

    def size(self, full: N, quick: N) -> N:
        return quick if self.quick else full

    def folder(self, name: str) -> Path:
        path = self.scratch / name
        path.mkdir(parents=True, exist_ok=True)
        return path


# --- the companion as a subprocess -------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def python_env() -> dict[str, str]:
    """The environment for measured Python processes: bytecode caches are written and used,
    as on a user's machine (this sandbox sets PYTHONDONTWRITEBYTECODE, which would make every
    start compile the companion from source)."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def companion_env(data_dir: Path) -> dict[str, str]:
    env = python_env()
    env.update(SSI_COMPANION_HOME=str(data_dir), PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring")
    return env


def http_status(port: int, method: str, path: str, timeout: float = 2.0) -> int | None:
    """The status of one request on a fresh connection; None while nothing listens."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request(method, path)
        response = conn.getresponse()
        response.read()
        return response.status
    except OSError:
        return None
    finally:
        conn.close()


def wait_for_health(
    port: int, process: subprocess.Popen[bytes], timeout_s: float = 60.0, path: str = "/v1/health"
) -> float:
    """Polls GET `path` every millisecond; returns the moment of the first 200."""
    deadline = time.perf_counter() + timeout_s
    while time.perf_counter() < deadline:
        if http_status(port, "GET", path) == 200:
            return time.perf_counter()
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with status {process.returncode} before answering")
        time.sleep(0.001)
    raise TimeoutError(f"no 200 from {path} on port {port} within {timeout_s} s")


class Companion:
    """`ssi-companion serve` on a free loopback port with SSI_COMPANION_HOME=data_dir."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.env = companion_env(data_dir)
        self.port = 0
        self.process: subprocess.Popen[bytes] | None = None
        self.started_in_s = math.nan

    def __enter__(self) -> "Companion":
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def pid(self) -> int:
        assert self.process is not None
        return self.process.pid

    def start(self) -> None:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.port = free_port()
        log = (self.data_dir / "serve.log").open("ab")
        began = time.perf_counter()
        self.process = subprocess.Popen(
            [str(COMPANION), "serve", "--port", str(self.port)], env=self.env, stdout=log, stderr=log
        )
        log.close()
        self.started_in_s = wait_for_health(self.port, self.process) - began

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def cli(self, *args: str) -> str:
        done = subprocess.run(
            [str(COMPANION), *args], env=self.env, capture_output=True, text=True, timeout=120, check=False
        )
        if done.returncode != 0:
            raise RuntimeError(f"ssi-companion {' '.join(args)} failed: {done.stderr.strip()}")
        return done.stdout

    def token(self) -> str:
        return self.cli("token").strip()

    def pair(self, origin: str) -> str:
        """An extension token bound to `origin`, through the real pairing flow."""
        code = self.cli("pair").strip()
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            body = json.dumps({"code": code, "client": "benchmark"})
            conn.request(
                "POST", "/v1/pair", body, {"Content-Type": "application/json", "Origin": origin}
            )
            response = conn.getresponse()
            payload = json.loads(response.read())
        finally:
            conn.close()
        if response.status != 200:
            raise RuntimeError(f"pairing failed: {payload}")
        return str(payload["token"])


# --- generated history -------------------------------------------------------------------


def snapshot_values(index: int, rng: random.Random) -> dict[str, Any]:
    """A plausible reading: pillars drift slowly, overall is their rounded sum."""
    base = (index % 400) / 400
    pillars = {
        "professional_brand": round(min(25.0, 10 + 10 * base + rng.random()), 2),
        "find_right_people": round(min(25.0, 12 + 6 * base + rng.random()), 2),
        "engage_with_insights": round(min(25.0, 6 + 12 * base + rng.random()), 2),
        "build_relationships": round(min(25.0, 15 + 5 * base + rng.random()), 2),
    }
    return {
        "overall": round(sum(pillars.values())),
        "pillars": pillars,
        "industry": {"name": "Computer Software", "rank_top_percent": 4 + index % 5, "average": 31},
        "network": {"rank_top_percent": 1 + index % 3, "average": 28},
    }


def snapshot_doc(index: int, captured_at: datetime, profile: str, rng: random.Random) -> dict[str, Any]:
    return {
        "id": str(uuid.uuid4()),
        "captured_at": captured_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "profile": profile,
        **snapshot_values(index, rng),
        "locale": "en",
        "source": {"url": "https://www.linkedin.com/sales/ssi", "layout": "A", "extension_version": "0.1.0"},
    }


def daily_docs(count: int, profile: str = "me", end: datetime | None = None, seed: int = 1) -> Iterator[dict[str, Any]]:
    """`count` snapshots one day apart, oldest first, the last one at `end` (default: now)."""
    rng = random.Random(seed)
    last = (end or datetime.now(UTC)).replace(microsecond=0)
    for index in range(count):
        yield snapshot_doc(index, last - (count - 1 - index) * DAY, profile, rng)


def write_history(
    data_dir: Path, count: int, profile: str = "me", end: datetime | None = None, step: timedelta = DAY
) -> None:
    """Insert `count` snapshots of `profile`, `step` apart and ending at `end` (default: now),
    straight into the database through the storage module's own schema and INSERT: a million
    rows take seconds instead of the minutes the API would."""
    sys.path.insert(0, str(ROOT))
    from companion.storage.database import open_database
    from companion.storage.snapshot_rows import INSERT_SNAPSHOT, SNAPSHOT_COLUMNS

    last_us = int((end or datetime.now(UTC)).timestamp()) * 1_000_000
    step_us = int(step.total_seconds() * 1_000_000)
    received = time.time_ns() // 1000
    conn = open_database(data_dir)
    rng = random.Random(profile)
    try:
        for first in range(0, count, 50_000):
            chunk = [
                _row(index, profile, last_us - (count - 1 - index) * step_us, received, rng)
                for index in range(first, min(count, first + 50_000))
            ]
            assert len(chunk[0]) == len(SNAPSHOT_COLUMNS) + 1
            conn.execute("BEGIN IMMEDIATE")
            conn.executemany(INSERT_SNAPSHOT, chunk)
            conn.execute("COMMIT")
    finally:
        conn.close()


def _row(index: int, profile: str, captured_us: int, received_us: int, rng: random.Random) -> tuple[Any, ...]:
    values = snapshot_values(index, rng)
    pillars, industry, network = values["pillars"], values["industry"], values["network"]
    return (
        str(uuid.UUID(int=rng.getrandbits(128), version=4)), profile, captured_us, values["overall"],
        pillars["professional_brand"], pillars["find_right_people"],
        pillars["engage_with_insights"], pillars["build_relationships"],
        industry["name"], industry["rank_top_percent"], industry["average"],
        network["rank_top_percent"], network["average"], "en",
        "https://www.linkedin.com/sales/ssi", "A", "0.1.0", received_us,
    )  # fmt: skip


# --- process statistics ------------------------------------------------------------------


def _status_kb(pid: int, key: str) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(key + ":"):
            return float(line.split()[1])
    raise KeyError(key)


def rss_mb(pid: int) -> float:
    return _status_kb(pid, "VmRSS") / 1024


def peak_rss_mb(pid: int) -> float:
    return _status_kb(pid, "VmHWM") / 1024


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of all the process's threads."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def wakeups(pid: int) -> int:
    """Context switches of all threads: each is a wake-up of a thread that was sleeping or
    preempted, so an idle process without timers or polling loops adds none."""
    total = 0
    for task in Path(f"/proc/{pid}/task").iterdir():
        for line in (task / "status").read_text().splitlines():
            if line.startswith(("voluntary_ctxt_switches", "nonvoluntary_ctxt_switches")):
                total += int(line.split()[1])
    return total


# --- the machine -------------------------------------------------------------------------


def _version(command: list[str]) -> str | None:
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=30, check=False)
    except OSError:
        return None
    return (done.stdout or done.stderr).strip().splitlines()[0] if done.returncode == 0 else None


def _uncommitted_changes() -> bool | None:
    try:
        done = subprocess.run(
            ["git", "-C", str(ROOT), "status", "--porcelain", "--untracked-files=no"],
            capture_output=True, text=True, timeout=30, check=False,
        )  # fmt: skip
    except OSError:
        return None
    return bool(done.stdout.strip()) if done.returncode == 0 else None


def cpu_model() -> str:
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown"


def load_average() -> list[float]:
    return [round(value, 2) for value in os.getloadavg()]


def machine_info() -> dict[str, Any]:
    meminfo = Path("/proc/meminfo").read_text().splitlines()
    mem_kb = next((int(line.split()[1]) for line in meminfo if line.startswith("MemTotal")), 0)
    return {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "cpu": cpu_model(),
        "cores": os.cpu_count(),
        "memory_gb": round(mem_kb / 1024 / 1024, 1),
        "kernel": platform.release(),
        "load_average": load_average(),
        "python": platform.python_version(),
        "node": _version(["node", "--version"]),
        "chromium": _version([str(CHROMIUM), "--version"]),
        "git_commit": _version(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"]),
        # Figures from a working tree with uncommitted changes are not the commit's figures.
        "uncommitted_changes": _uncommitted_changes(),
    }

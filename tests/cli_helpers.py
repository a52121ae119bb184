"""Running `ssi-companion` as a real subprocess against a temporary data directory."""

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def cli_env(data_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SSI_COMPANION")}
    env["SSI_COMPANION_HOME"] = str(data_dir)
    # Never touch the developer's real keychain: use the file fallback, as on headless Linux.
    env["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"
    return env


def run_cli(data_dir: Path, *args: str, stdin: bytes | None = None, timeout: float = 60) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "companion", *args],
        env=cli_env(data_dir),
        input=stdin,
        capture_output=True,
        timeout=timeout,
        check=False,
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for_health(url: str, timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(f"{url}/v1/health", timeout=1) as response:
                if response.status == 200:
                    return
        except OSError:
            if time.monotonic() > deadline:
                raise
        time.sleep(0.05)


@contextmanager
def running_server(
    data_dir: Path, port: int | None = None, *serve_args: str
) -> Iterator[tuple[subprocess.Popen[bytes], str]]:
    """The companion as a subprocess. Its output goes to `<data_dir>.log` beside the data
    directory: a pipe nobody reads would fill up and block the server."""
    port = port or free_port()
    data_dir.parent.mkdir(parents=True, exist_ok=True)
    log_path = data_dir.with_name(data_dir.name + ".log")
    with log_path.open("ab") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "companion", "serve", "--port", str(port), *serve_args],
            env=cli_env(data_dir),
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for_health(url)
        yield process, url
    finally:
        if process.poll() is None:
            process.terminate()
            process.wait(timeout=20)


def pair_extension(data_dir: Path, url: str, origin: str, client: str) -> str:
    """What the extension's options page does: a code from `ssi-companion pair`, traded for a token."""
    code = run_cli(data_dir, "pair").stdout.decode().strip()
    request = urllib.request.Request(
        f"{url}/v1/pair",
        data=json.dumps({"code": code, "client": client}).encode(),
        headers={"Content-Type": "application/json", "Origin": origin},
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        token: str = json.load(response)["token"]
        return token


def status_with(url: str, token: str, origin: str | None = None) -> int:
    """GET /v1/snapshots with `token`, from the extension at `origin` (None: from a script)."""
    headers = {"Authorization": f"Bearer {token}"} | ({"Origin": origin} if origin else {})
    try:
        with urllib.request.urlopen(urllib.request.Request(f"{url}/v1/snapshots", headers=headers), timeout=10) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return error.code

"""Chromium with no DevTools attached, for the browser figures a user feels.

Playwright drives Chromium through the DevTools protocol, and an attached DevTools session
makes the pages it watches slower: every file an extension page loads costs several more
milliseconds of main-thread work (see docs/benchmarks.md). So these figures come from a plain
headless Chromium that nothing is attached to. The pages time themselves and post what they
measured to a loopback `ReportServer`, which also serves the pages (or, for an extension, the
start page that sends the browser on to the extension's own driver page).
"""

import hashlib
import json
import os
import queue
import signal
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from benchmarks.helpers import CHROMIUM

# What Playwright passes too, so that both ways of measuring see a browser in the same state:
# no background networking or throttled background tabs, no first-run work; and pages may open
# the next page of a benchmark in a new tab.
CHROMIUM_ARGS = (
    "--disable-popup-blocking",
    "--headless",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-background-networking",
    "--disable-background-timer-throttling",
    "--disable-backgrounding-occluded-windows",
    "--disable-renderer-backgrounding",
    "--disable-component-update",
    "--password-store=basic",
)

Route = Callable[[dict[str, str]], tuple[bytes, str]]
"""Answers a GET with (body, content type), given the query's parameters."""


class ReportServer:
    """Serves the pages under test from `routes` (path → answer) and collects the JSON they POST
    to /report/<name>; `/report/error` carries a failure from inside the browser."""

    def __init__(self, routes: dict[str, Route]) -> None:
        self._routes = routes
        self._reports: queue.Queue[tuple[str, Any]] = queue.Queue()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def __enter__(self) -> "ReportServer":
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    def next_report(self, timeout: float, browser: "subprocess.Popen[bytes] | None" = None) -> tuple[str, Any]:
        """The next (name, data) posted; an error posted by a page is raised, as is a timeout."""
        try:
            name, data = self._reports.get(timeout=timeout)
        except queue.Empty:
            alive = browser is None or browser.poll() is None
            raise TimeoutError(f"no report from the browser in {timeout:.0f} s" + ("" if alive else " (Chromium exited)")) from None
        if name == "error":
            raise RuntimeError(f"in the browser: {data}")
        return name, data

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        routes, reports = self._routes, self._reports

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
                pass

            def _answer(self, status: int, body: bytes = b"", content_type: str = "text/plain") -> None:
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                # The extension's driver page posts from its own origin.
                self.send_header("Access-Control-Allow-Origin", "*")
                self.send_header("Cache-Control", "no-store")
                self.end_headers()
                self.wfile.write(body)

            def do_GET(self) -> None:
                url = urlsplit(self.path)
                route = routes.get(url.path)
                if route is None:
                    self._answer(404)
                    return
                try:
                    body, content_type = route({key: values[0] for key, values in parse_qs(url.query).items()})
                except Exception as error:  # noqa: BLE001 - reported to the benchmark, not lost in a thread
                    reports.put(("error", f"GET {url.path}: {type(error).__name__}: {error}"))
                    self._answer(500)
                    return
                self._answer(200, body, content_type)

            def do_POST(self) -> None:
                name = urlsplit(self.path).path.removeprefix("/report/")
                length = int(self.headers.get("Content-Length", "0"))
                reports.put((name, json.loads(self.rfile.read(length) or b"null")))
                self._answer(204)

        return Handler


@contextmanager
def headless_chromium(url: str, extension: Path | None = None) -> Iterator["subprocess.Popen[bytes]"]:
    """Chromium in its own fresh profile, opening `url`, with `extension` loaded unpacked."""
    # Without Chromium's sandbox, as Playwright launches it by default (and as root, as in CI
    # containers, Chromium refuses to start with it); the pages are the benchmark's own.
    args = [str(CHROMIUM), *CHROMIUM_ARGS, "--no-sandbox"]
    if extension is not None:
        args += [f"--disable-extensions-except={extension}", f"--load-extension={extension}"]
    with tempfile.TemporaryDirectory(prefix="chromium-") as profile:
        browser = subprocess.Popen(
            [*args, f"--user-data-dir={profile}", url],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,  # its own process group: every helper process is stopped with it
        )
        try:
            yield browser
        finally:
            _stop_group(browser)


def _stop_group(browser: "subprocess.Popen[bytes]") -> None:
    """Stops the browser and waits (bounded) until its helper processes have gone too, so that
    none is left running, or writing to the profile as it is removed."""
    if not _group_gone_after(browser, signal.SIGTERM, timeout=10):
        _group_gone_after(browser, signal.SIGKILL, timeout=10)
    browser.wait()


def _group_gone_after(browser: "subprocess.Popen[bytes]", sig: signal.Signals, timeout: float) -> bool:
    try:
        os.killpg(browser.pid, sig)
    except ProcessLookupError:
        return True
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        browser.poll()  # reaps the browser itself, which the group's signal 0 would still find
        try:
            os.killpg(browser.pid, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.05)
    return False


def unpacked_extension_id(folder: Path) -> str:
    """The id Chromium gives an extension loaded unpacked from `folder` (no `key` in its
    manifest): the first 32 hex digits of the SHA-256 of its absolute path, written with the
    letters a–p for 0–f."""
    digest = hashlib.sha256(str(folder.resolve()).encode()).hexdigest()[:32]
    return "".join(chr(ord("a") + int(digit, 16)) for digit in digest)

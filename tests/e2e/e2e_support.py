"""The pieces of the browser suite: the companion as a real subprocess, Chromium with the unpacked
extension, and what the user sees (including the capture note in its closed shadow root).

Nothing here is mocked: the companion is `python -m companion serve` on a free loopback port with
its own data directory, the extension is the repository's `extension/` folder, and the SSI page
is a saved page served at LinkedIn's real address by Playwright's routing, so the content script
runs exactly as it does on LinkedIn. The only stand-in is the OS keychain (the file fallback).
"""

import json
import re
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import msgspec
from playwright.sync_api import BrowserContext, Page, Playwright, Route, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from cli_helpers import cli_env, run_cli, wait_for_health

REPO = Path(__file__).resolve().parents[2]
EXTENSION_DIR = REPO / "extension"
INTRUDER_DIR = Path(__file__).parent / "intruder-extension"
FIXTURE_PAGES = REPO / "tests" / "fixtures" / "pages"
E2E_PAGES = Path(__file__).parent / "pages"
ARTIFACTS = REPO / "test-artifacts" / "e2e"
SSI_URL = "https://www.linkedin.com/sales/ssi"
CHROMIUM_HELP = (
    "The browser tests need Chromium: install Debian's package with `apt-get install -y chromium` "
    "(./scripts/test does this when run as root), or point SSI_CHROMIUM at a Chromium binary."
)
# Generous: the machines are slow and shared, and a locator returns as soon as it matches.
TIMEOUT_MS = 30_000
# The content script gives a page this long to finish rendering before it reports "not_ready".
CAPTURE_TIMEOUT_S = 20


def fixture_page(name: str) -> str:
    """A saved page: from tests/e2e/pages/ if it is there, else from tests/fixtures/pages/."""
    path = E2E_PAGES / name if (E2E_PAGES / name).exists() else FIXTURE_PAGES / name
    return path.read_text(encoding="utf-8")


def expected_reading(fixture: str) -> dict[str, Any]:
    """What the page reader must read from a fixture at the SSI address (tests/fixtures/pages/expected.json)."""
    cases = json.loads((FIXTURE_PAGES / "expected.json").read_text(encoding="utf-8"))["cases"]
    for case in cases:
        if case["fixture"] == fixture and case["url"] == SSI_URL:
            reading: dict[str, Any] = case["result"]["reading"]
            return reading
    raise KeyError(fixture)


@dataclass(frozen=True)
class LoggedRequest:
    method: str
    target: str
    status: int


ACCESS_LINE = re.compile(r'aiohttp\.access: \S+ "(?P<method>[A-Z]+) (?P<target>\S+) HTTP/[\d.]+" (?P<status>\d{3})')


class Companion:
    """`ssi-companion serve` on a fixed port and data directory; stop() and start() again keep both."""

    def __init__(self, data_dir: Path, port: int, log_path: Path) -> None:
        self.data_dir = data_dir
        self.port = port
        self.log_path = log_path
        self._process: subprocess.Popen[bytes] | None = None
        self._log: IO[bytes] | None = None
        self._token: str | None = None
        log_path.parent.mkdir(parents=True, exist_ok=True)
        log_path.write_bytes(b"")

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        assert self._process is None, "already running"
        # The log goes to a file: a pipe nobody reads would block a chatty server. Every
        # request is logged (--access-log): the tests read the access log as the witness of
        # what reached the companion, successful requests included.
        self._log = self.log_path.open("ab")
        self._process = subprocess.Popen(
            [sys.executable, "-m", "companion", "serve", "--port", str(self.port), "--access-log"],
            env=cli_env(self.data_dir),
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )
        try:
            wait_for_health(self.url, timeout=30)
        except OSError:
            self.stop()
            raise AssertionError(f"the companion did not start; its log:\n{self.log_path.read_text()}") from None

    def stop(self) -> None:
        if self._process is not None:
            if self._process.poll() is None:
                self._process.terminate()
            self._process.wait(timeout=30)
            self._process = None
        if self._log is not None:
            self._log.close()
            self._log = None

    def cli(self, *args: str) -> str:
        """Runs an `ssi-companion` command on this data directory; returns its stdout."""
        result = run_cli(self.data_dir, *args)
        assert result.returncode == 0, f"ssi-companion {' '.join(args)} failed: {result.stderr.decode()}"
        return result.stdout.decode("utf-8")

    def pairing_code(self) -> str:
        return self.cli("pair").splitlines()[0].strip()

    @property
    def token(self) -> str:
        if self._token is None:
            self._token = self.cli("token").strip()
        return self._token

    def request(self, path: str, token: str | None = None) -> tuple[int, bytes]:
        request = urllib.request.Request(self.url + path, headers={"Authorization": f"Bearer {token or self.token}"})
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            with error:
                return error.code, error.read()

    def get_json(self, path: str) -> Any:
        status, body = self.request(path)
        assert status == 200, f"GET {path}: {status} {body!r}"
        return json.loads(body)

    def snapshots(self, query: str = "") -> list[dict[str, Any]]:
        snapshots: list[dict[str, Any]] = self.get_json(f"/v1/snapshots{query}")["snapshots"]
        return snapshots

    def db_rows(self) -> list[dict[str, Any]]:
        """The snapshots table as stored, oldest first (read-only: the server keeps writing)."""
        database = self.data_dir / "history.sqlite3"
        if not database.exists():
            return []
        conn = sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=30)
        try:
            conn.row_factory = sqlite3.Row
            rows = conn.execute("SELECT * FROM snapshots ORDER BY captured_at_us, seq").fetchall()
            return [dict(row) for row in rows]
        finally:
            conn.close()

    def import_snapshots(self, docs: list[dict[str, Any]]) -> None:
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "seed.ndjson"
            path.write_bytes(b"".join(msgspec.json.encode(doc) + b"\n" for doc in docs))
            self.cli("import", str(path))

    def access_log(self) -> list[LoggedRequest]:
        """The requests the companion answered, in order. A line is written just after its
        response is sent, so a caller that has the response may not see the line yet."""
        text = self.log_path.read_text(encoding="utf-8", errors="replace")
        return [
            LoggedRequest(m["method"], m["target"], int(m["status"])) for m in ACCESS_LINE.finditer(text)
        ]

    def log_checkpoint(self) -> int:
        """The length of the access log once every request made so far is in it: sends one more
        and waits for its line, which comes after theirs."""
        health = [r for r in self.access_log() if r.target == "/v1/health"]
        status, _ = self.request("/v1/health")
        assert status == 200
        wait_until(
            lambda: len([r for r in self.access_log() if r.target == "/v1/health"]) > len(health),
            10,
            "the companion's access log",
        )
        return len(self.access_log())


def wait_until(condition: Callable[[], Any], timeout: float, what: str, interval: float = 0.25) -> Any:
    """Polls `condition` until it returns something truthy; fails with `what` after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(interval)


@dataclass(frozen=True)
class Note:
    tone: str
    text: str


def _find(node: dict[str, Any], match: Callable[[dict[str, Any]], bool]) -> Iterator[dict[str, Any]]:
    if match(node):
        yield node
    for child in [*node.get("children", []), *node.get("shadowRoots", [])]:
        yield from _find(child, match)


def _attributes(node: dict[str, Any]) -> dict[str, str]:
    flat = node.get("attributes", [])
    return dict(zip(flat[::2], flat[1::2], strict=True))


def _text(node: dict[str, Any]) -> str:
    own = node.get("nodeValue", "") if node.get("nodeType") == 3 else ""
    return own + "".join(_text(child) for child in node.get("children", []))


def read_note(page: Page) -> Note | None:
    """The note the content script shows on the page, or None. It lives in a *closed* shadow
    root, which locators cannot enter; the DevTools protocol's DOM (with pierce) can."""
    session = page.context.new_cdp_session(page)
    try:
        root = session.send("DOM.getDocument", {"depth": -1, "pierce": True})["root"]
    finally:
        session.detach()
    for host in _find(root, lambda n: "data-ssi-companion-note" in _attributes(n)):
        for shadow in host.get("shadowRoots", []):
            for paragraph in _find(shadow, lambda n: _attributes(n).get("class") == "text"):
                return Note(tone=_attributes(host)["data-ssi-companion-note"], text=_text(paragraph))
    return None


def wait_for_note(page: Page, timeout: float = CAPTURE_TIMEOUT_S + 25) -> Note:
    note: Note = wait_until(lambda: read_note(page), timeout, f"the capture note on {page.url}")
    return note


class ExtensionBrowser:
    """A persistent Chromium profile with SSI Companion (and, for the attack tests, other
    extensions) loaded unpacked, and the SSI address answered with whatever page a test chose."""

    def __init__(self, context: BrowserContext, extension_ids: dict[str, str]) -> None:
        self.context = context
        self.extension_ids = extension_ids
        self.extension_id = extension_ids[EXTENSION_DIR.name]
        self.ssi_page = "<!doctype html><title>LinkedIn</title>"
        context.set_default_timeout(TIMEOUT_MS)
        context.route(f"{SSI_URL}*", self._serve_ssi)
        # The saved pages link LinkedIn's CSS and JS; answer at once instead of waiting for DNS.
        context.route("https://static.licdn.com/**", lambda route: route.fulfill(status=404, body=""))

    @classmethod
    def launch(cls, playwright: Playwright, chromium: str, profile: Path, extensions: list[Path]) -> "ExtensionBrowser":
        folders = ",".join(str(path) for path in extensions)
        context = playwright.chromium.launch_persistent_context(
            profile,
            executable_path=chromium,
            headless=True,
            args=[f"--disable-extensions-except={folders}", f"--load-extension={folders}"],
            accept_downloads=True,
            viewport={"width": 1000, "height": 900},
        )
        try:
            ids = cls._extension_ids(context, {path.name: path for path in extensions})
        except BaseException:
            context.close()
            raise
        return cls(context, ids)

    @classmethod
    def _extension_ids(cls, context: BrowserContext, wanted: dict[str, Path]) -> dict[str, str]:
        """Each extension's service worker starts at install; its URL holds the extension id.
        Waits on the "serviceworker" event: the sync API only learns of new workers while a
        Playwright call is running, so polling `service_workers` alone could wait forever."""
        deadline = time.monotonic() + 60
        while (ids := cls._worker_ids(context, wanted)) is None:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise AssertionError(f"the service workers of {sorted(wanted)} did not start within 60 s")
            try:
                context.wait_for_event("serviceworker", timeout=min(remaining, 5) * 1000)
            except PlaywrightTimeoutError:
                continue
        return ids

    @staticmethod
    def _worker_ids(context: BrowserContext, wanted: dict[str, Path]) -> dict[str, str] | None:
        ids: dict[str, str] = {}
        for worker in context.service_workers:
            match = re.match(r"chrome-extension://([a-p]{32})/(.+)$", worker.url)
            if not match:
                continue
            for name, folder in wanted.items():
                manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
                if manifest["background"]["service_worker"] == match[2]:
                    ids[name] = match[1]
        return ids if len(ids) == len(wanted) else None

    def close(self) -> None:
        self.context.close()

    def _serve_ssi(self, route: Route) -> None:
        route.fulfill(status=200, content_type="text/html; charset=utf-8", body=self.ssi_page)

    def visit_ssi(self, html: str) -> Page:
        """Opens https://www.linkedin.com/sales/ssi in a new tab, answered with `html`."""
        self.ssi_page = html
        page = self.context.new_page()
        page.goto(SSI_URL)
        return page

    def capture(self, html: str) -> Note:
        """A visit that the extension captures: waits for its note and closes the tab."""
        page = self.visit_ssi(html)
        try:
            return wait_for_note(page)
        finally:
            page.close()

    def open(self, path: str, extension: str = EXTENSION_DIR.name) -> Page:
        page = self.context.new_page()
        page.goto(f"chrome-extension://{self.extension_ids[extension]}/{path}")
        return page

    def storage(self, key: str) -> Any:
        """A value from the extension's storage.local, read on an extension page (the service
        worker may be asleep). Used to learn ids and state, never to drive behaviour."""
        page = self.open("options/options.html")
        try:
            return page.evaluate("key => chrome.storage.local.get(key).then(items => items[key] ?? null)", key)
        finally:
            page.close()

    def pair(self, companion: Companion) -> None:
        """What the user does: point the options page at the companion's port and type the code
        that `ssi-companion pair` printed."""
        page = self.open("options/options.html")
        try:
            port = page.get_by_test_id("setting-port")
            expect(port).not_to_have_value("")
            if port.input_value() != str(companion.port):
                port.fill(str(companion.port))
                port.press("Tab")  # the form saves on "change"
                expect(page.get_by_test_id("settings-status")).to_have_text("Saved.")
            page.get_by_test_id("pair-code").fill(companion.pairing_code())
            page.get_by_test_id("pair-submit").click()
            expect(page.get_by_test_id("pair-result")).to_have_text("Paired. Captures are now saved by the companion.")
            expect(page.get_by_test_id("pairing-state")).to_have_attribute("data-paired", "true")
        finally:
            page.close()

    def open_popup(self) -> Page:
        """The toolbar popup, opened as a tab, once it has heard from the companion."""
        page = self.open("popup/popup.html")
        expect(page.get_by_test_id("connection-state")).not_to_have_attribute("data-state", "unknown")
        return page


def screenshot(page: Page, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path

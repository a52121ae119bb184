"""Fixtures of the browser suite (`pytest -m browser`): Chromium with the unpacked extension,
one browser per test module (a fresh profile each), and a fresh companion with its own data
directory and port per test. The suite fails, never skips, when Chromium or the extension's
vendored libraries are missing: a browser suite that silently skips proves nothing in CI."""

import os
from collections.abc import Generator, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Playwright, expect, sync_playwright

from cli_helpers import free_port
from e2e.e2e_support import ARTIFACTS, CHROMIUM_HELP, EXTENSION_DIR, TIMEOUT_MS, Companion, ExtensionBrowser

expect.set_options(timeout=TIMEOUT_MS)


@pytest.fixture(scope="session")
def chromium() -> str:
    path = os.environ.get("SSI_CHROMIUM") or "/usr/bin/chromium"
    if not (Path(path).is_file() and os.access(path, os.X_OK)):
        pytest.fail(f"Chromium not found at {path}. {CHROMIUM_HELP}", pytrace=False)
    if not (EXTENSION_DIR / "vendor" / "uplot" / "uPlot.esm.js").is_file():
        pytest.fail(
            "extension/vendor/ is empty: run scripts/vendor-extension-libs (./scripts/test does) "
            "so the extension's pages can load their chart library.",
            pytrace=False,
        )
    return path


@pytest.fixture(scope="module")
def playwright() -> Iterator[Playwright]:
    # Per module, not per session: the sync API keeps an event loop of its own, which must not
    # outlive the browser tests when the whole suite runs in one process.
    with sync_playwright() as instance:
        yield instance


@pytest.fixture(scope="module")
def browser(playwright: Playwright, chromium: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ExtensionBrowser]:
    """Chromium with SSI Companion loaded unpacked, in a fresh profile."""
    launched = ExtensionBrowser.launch(playwright, chromium, tmp_path_factory.mktemp("profile"), [EXTENSION_DIR])
    yield launched
    launched.close()


@pytest.fixture
def companion(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Companion]:
    """A companion with a fresh data directory and port, not started yet: tests seed it first
    when they need history. Its log is kept in test-artifacts/e2e/."""
    server = Companion(tmp_path / "data", free_port(), ARTIFACTS / f"{request.node.name}-companion.log")
    yield server
    server.stop()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    report = yield
    if report.when == "call" and report.failed:
        item.stash[FAILED] = True
    return report


FAILED = pytest.StashKey[bool]()


@pytest.fixture(autouse=True)
def screenshots_on_failure(request: pytest.FixtureRequest) -> Iterator[None]:
    """Keeps a picture of every open tab of a failed test in test-artifacts/e2e/."""
    yield
    if not request.node.stash.get(FAILED, False) or "browser" not in request.fixturenames:
        return
    browser: ExtensionBrowser = request.getfixturevalue("browser")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for index, page in enumerate(browser.context.pages):
        try:
            page.screenshot(path=str(ARTIFACTS / f"FAILED-{request.node.name}-{index}.png"), full_page=True)
        except Exception:  # noqa: BLE001 - a closing tab must not hide the real failure
            continue

"""The popup in Chromium with 10 years of daily history (3,650 points): the time from the start
of navigation to popup/popup.html until its history chart has drawn its first frame.

The real extension runs unpacked in Chromium against a real companion (paired through the
real pairing flow); everything the popup does is included: loading its modules, the overview
(health, summary, advice) and the history through the service worker, and uPlot's drawing.
An init script notes `performance.now()` in the first animation frame after the chart's
canvas appears, i.e. when the first chart frame is ready to be shown.
"""

import shutil
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from benchmarks.helpers import CHROMIUM, EXTENSION_DIR, Bench, Companion, Figure, at_most, write_history

HISTORY_DAYS = 3650
GOALS = "overall = 80\n[pillars]\nengage_with_insights = 20\n"
MARK_CHART = """
new MutationObserver((_, observer) => {
  if (!document.querySelector('[data-testid="chart"] canvas')) return;
  observer.disconnect();
  requestAnimationFrame(() => { window.__chartDrawnAt = performance.now(); });
}).observe(document, { childList: true, subtree: true });
document.addEventListener("DOMContentLoaded", () => { window.__domReadyAt = performance.now(); });
const send = chrome.runtime.sendMessage.bind(chrome.runtime);
window.__historyPending = 0;
chrome.runtime.sendMessage = async (message) => {
  const history = message.type === "companion/history";
  const asked = performance.now();
  if (history) window.__historyPending += 1;
  try {
    const reply = await send(message);
    if (history) window.__historyMs ??= performance.now() - asked;
    return reply;
  } finally {
    if (history) window.__historyPending -= 1;
  }
};
"""
STORE_PAIRING = """async ([token, port]) => {
  await chrome.storage.local.set({
    auth: { token, paired_at: new Date().toISOString() },
    settings: { port, language: "en", reminderDays: 0, badge: true, profile: "me" },
  });
}"""


def _open_popup(context, url: str) -> tuple[float, float, float | None]:  # type: ignore[no-untyped-def]
    """Milliseconds from navigation start to the first chart frame and to DOMContentLoaded, and
    the round trip of the popup's first history question to the service worker, if it asked one
    before the chart was drawn (with the worker's copy in storage.session it reads that itself)."""
    page = context.new_page()
    try:
        page.goto(url)
        page.locator('[data-testid="chart"] canvas').first.wait_for(state="attached", timeout=30_000)
        deadline = time.monotonic() + 30
        while (drawn := page.evaluate("() => window.__chartDrawnAt ?? null")) is None:
            if time.monotonic() > deadline:
                raise TimeoutError("the chart never drew a frame")
            time.sleep(0.005)
        dom_ready, history = page.evaluate("() => [window.__domReadyAt, window.__historyMs]")
        _settle(page)
        return float(drawn), float(dom_ready), None if history is None else float(history)
    finally:
        page.close()


def _settle(page) -> None:  # type: ignore[no-untyped-def]
    """Waits, unmeasured, until the popup has its overview and every history question it asked
    (the refresh after a cached chart) is answered: the worker stores the series it read before
    answering, so no late store can refill storage.session after the next run clears it."""
    answered = page.locator('[data-testid="connection-state"]:not([data-state="unknown"])')
    answered.wait_for(state="attached", timeout=30_000)
    deadline = time.monotonic() + 30
    while page.evaluate("() => window.__historyPending") > 0:
        if time.monotonic() > deadline:
            raise TimeoutError("the popup's history questions were never answered")
        time.sleep(0.01)


BLANK_PAGE = """<!doctype html><meta charset="utf-8"><script type="module" src="bench-blank.js"></script>"""
BLANK_SCRIPT = "requestAnimationFrame(() => { window.__chartDrawnAt = performance.now(); });\n"


def _extension_with_blank_page(folder: Path) -> Path:
    """A copy of the extension with one more page: an empty module that notes its first frame.
    It is the baseline: what any extension page costs on this machine before doing anything."""
    copy = folder / "extension"
    shutil.copytree(EXTENSION_DIR, copy)
    (copy / "bench-blank.html").write_text(BLANK_PAGE)
    (copy / "bench-blank.js").write_text(BLANK_SCRIPT)
    return copy


def _blank_page_frame(context, url: str) -> float:  # type: ignore[no-untyped-def]
    page = context.new_page()
    try:
        page.goto(url)
        page.wait_for_function("() => window.__chartDrawnAt !== undefined", timeout=30_000)
        return float(page.evaluate("() => window.__chartDrawnAt"))
    finally:
        page.close()


def run(bench: Bench) -> list[Figure]:
    from playwright.sync_api import sync_playwright

    days = bench.size(HISTORY_DAYS, 100)
    folder = bench.folder("popup")
    write_history(folder, days, end=datetime.now(UTC))
    (folder / "goals.toml").write_text(GOALS)
    extension = _extension_with_blank_page(folder)
    samples: list[tuple[float, float, float | None]] = []
    uncached: list[float] = []
    uncached_history: list[float] = []
    blank: list[float] = []
    with Companion(folder) as companion, sync_playwright() as playwright:
        profile = tempfile.mkdtemp(prefix="chromium-", dir=bench.scratch)
        context = playwright.chromium.launch_persistent_context(
            profile,
            executable_path=str(CHROMIUM),
            headless=True,
            args=[f"--disable-extensions-except={extension}", f"--load-extension={extension}"],
        )
        try:
            worker = context.service_workers[0] if context.service_workers else context.wait_for_event("serviceworker")
            extension_id = worker.url.split("/")[2]
            token = companion.pair(f"chrome-extension://{extension_id}")
            worker.evaluate(STORE_PAIRING, [token, companion.port])
            context.add_init_script(MARK_CHART)
            url = f"chrome-extension://{extension_id}/popup/popup.html"
            blank_url = f"chrome-extension://{extension_id}/bench-blank.html"
            _open_popup(context, url)  # warm-up: the worker's first requests, caches
            _blank_page_frame(context, blank_url)
            for _ in range(bench.runs):
                blank.append(_blank_page_frame(context, blank_url))
                samples.append(_open_popup(context, url))
                # As the first popup after the browser starts: no series kept by the worker.
                worker.evaluate("() => chrome.storage.session.clear()")
                drawn, _, history = _open_popup(context, url)
                uncached.append(drawn)
                if history is not None:
                    uncached_history.append(history)
        finally:
            context.close()
    chart = [sample[0] for sample in samples]
    dom_ready = [sample[1] for sample in samples]
    return [
        Figure(f"popup.first_chart_with_{days}_points", "ms", chart, at_most(150, "≤ 150 ms")),
        Figure(
            "popup.blank_extension_page_first_frame",
            "ms",
            blank,
            note="baseline: an extension page with one empty module, same browser and run",
        ),
        Figure(
            f"popup.first_chart_with_{days}_points_uncached",
            "ms",
            uncached,
            note="context: first popup of a browser session (the worker has no series yet)",
        ),
        Figure("popup.dom_content_loaded", "ms", dom_ready, note="context: the page and its modules loaded"),
        Figure(
            f"popup.uncached_history_of_{days}_through_the_worker",
            "ms",
            uncached_history,
            note="context: ask → answer in the first popup of a session (the worker reads the companion)",
        ),
    ]

"""The popup in Chromium with 10 years of daily history (3,650 points): the time from the start
of navigation to popup/popup.html until its history chart has drawn its first frame.

The real extension runs unpacked in Chromium against a real companion (paired through the
real pairing flow); everything the popup does is included: loading its modules, the overview
(health, summary, advice) and the history through the service worker, and uPlot's drawing.
The popup notes `performance.now()` in the first animation frame after the chart's canvas
appears, i.e. when the first chart frame is ready to be shown. Reported as context in the
same browser: the dashboard (dashboard/dashboard.html) with the same history, until its four
charts have drawn their first frame (its first page of the snapshot table comes before them).

Judged: a Chromium with no DevTools attached (benchmarks/browser.py), driven from inside by a
page of a copy of the extension (benchmarks/js/popup-driver.js; the popup's own note is
benchmarks/js/popup-mark.js). Reported as context: the same popup in Chromium driven by
Playwright (DevTools attached), as measured before the fourth round, reading the same note.
"""

import json
import shutil
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlencode

from benchmarks.browser import ReportServer, headless_chromium, unpacked_extension_id
from benchmarks.helpers import CHROMIUM, EXTENSION_DIR, ROOT, Bench, Companion, Figure, at_most, write_history

JS_DIR = ROOT / "benchmarks" / "js"
HISTORY_DAYS = 3650
GOALS = "overall = 80\n[pillars]\nengage_with_insights = 20\n"
STORE_PAIRING = """async ([token, port]) => {
  await chrome.storage.local.set({
    auth: { token, paired_at: new Date().toISOString() },
    settings: { port, language: "en", reminderDays: 0, badge: true, profile: "me" },
  });
}"""


def _measured_in(context, url: str) -> float:  # type: ignore[no-untyped-def]
    """Opens `url` in a new page and returns the first frame its benchmark script noted
    (bench/popup-mark.js in the popup, once its questions are answered; bench/blank.js in the
    empty page): the same notes the Chromium without DevTools reports."""
    page = context.new_page()
    try:
        page.goto(url)
        # Polled from here: the extension's CSP refuses the string wait_for_function polls with.
        deadline = time.monotonic() + 30
        while (measured := page.evaluate("() => window.__ssiBenchMeasured ?? null")) is None:
            if time.monotonic() > deadline:
                raise TimeoutError(f"{url} never noted its first frame")
            time.sleep(0.005)
        return float(measured["drawn"])
    finally:
        page.close()


BLANK_PAGE = """<!doctype html><meta charset="utf-8"><script type="module" src="blank.js"></script>"""
# Noted as popup-mark.js notes the popup's chart: after the first frame has been rendered.
BLANK_SCRIPT = """requestAnimationFrame(() => setTimeout(() => {
  window.__ssiBenchMeasured = { timeOrigin: performance.timeOrigin, drawn: performance.now() };
  new BroadcastChannel("ssi-bench").postMessage(window.__ssiBenchMeasured);
}));
"""
DRIVER_PAGE = """<!doctype html><meta charset="utf-8"><script type="module" src="driver.js"></script>"""
# The page Chromium starts with: it sends the browser on to the driver once the extension has
# loaded (an extension page given on the command line is refused while it is still loading).
START_PAGE = """<!doctype html><meta charset="utf-8"><script>
(async function go() {
  try { await fetch(DRIVER, { cache: "no-store" }); location.href = DRIVER; } catch { setTimeout(go, 100); }
})();
</script>"""
# Parser-blocking and first in <head>, so that it is in place before any of the page's own
# scripts can run, whether they wait for the page to be parsed or not. {charts}: how many chart
# canvases the page draws.
MARK_SCRIPT = '<meta charset="utf-8">\n  <script src="../bench/popup-mark.js" data-charts="{charts}"></script>'
# The pages that note their first chart frame, and how many charts each draws.
MARKED_PAGES = {"popup/popup.html": 1, "dashboard/dashboard.html": 4}


def _bench_copy(folder: Path) -> Path:
    """A copy of the extension for the benchmark, with bench/: an empty page that notes its
    first frame (the baseline: what any extension page costs on this machine before doing
    anything), the driver, and the script the popup notes its first chart frame with (added to
    the top of the copy's popup page). The driver is reachable from the loopback start page."""
    copy = folder / "extension"
    shutil.copytree(EXTENSION_DIR, copy)
    bench = copy / "bench"
    bench.mkdir()
    (bench / "blank.html").write_text(BLANK_PAGE)
    (bench / "blank.js").write_text(BLANK_SCRIPT)
    (bench / "driver.html").write_text(DRIVER_PAGE)
    shutil.copy(JS_DIR / "popup-driver.js", bench / "driver.js")
    shutil.copy(JS_DIR / "popup-mark.js", bench / "popup-mark.js")
    for page, charts in MARKED_PAGES.items():
        text = (copy / page).read_text()
        if text.count('<meta charset="utf-8">') != 1:
            raise RuntimeError(f"{page} no longer starts as this benchmark expects")
        (copy / page).write_text(text.replace('<meta charset="utf-8">', MARK_SCRIPT.format(charts=charts)))
    manifest = json.loads((copy / "manifest.json").read_text())
    manifest.setdefault("web_accessible_resources", []).append(
        {"resources": ["bench/driver.html"], "matches": ["http://127.0.0.1/*"]}
    )
    (copy / "manifest.json").write_text(json.dumps(manifest, indent=2))
    return copy


def _undisturbed(companion: Companion, extension: Path, runs: int) -> dict[str, list[dict[str, float | None]]]:
    """Per run, what the empty page, the popup, the first popup of a session and the dashboard
    measured of themselves in a Chromium with nothing attached (benchmarks/js/popup-driver.js)."""

    def start(_: dict[str, str]) -> tuple[bytes, str]:
        query = urlencode({"server": server.base_url, "runs": runs})
        driver = f"chrome-extension://{unpacked_extension_id(extension)}/bench/driver.html?{query}"
        return START_PAGE.replace("DRIVER", json.dumps(driver)).encode(), "text/html; charset=utf-8"

    def pair(query: dict[str, str]) -> tuple[bytes, str]:
        return json.dumps({"token": companion.pair(query["origin"]), "port": companion.port}).encode(), "application/json"

    server = ReportServer({"/start": start, "/pair": pair})
    with server, headless_chromium(f"{server.base_url}/start", extension) as browser:
        name, data = server.next_report(timeout=90 + 30 * runs, browser=browser)
    results: dict[str, list[dict[str, float | None]]] = data
    if name != "popup":
        raise RuntimeError(f"unexpected report {name!r} from the popup benchmark's driver")
    return results


def _with_devtools(companion: Companion, extension: Path, runs: int, scratch: Path) -> tuple[list[float], list[float]]:
    """The empty page's first frame and the popup's first chart, per run, in Chromium driven by
    Playwright (DevTools attached), as measured before the fourth round."""
    from playwright.sync_api import sync_playwright

    blank: list[float] = []
    chart: list[float] = []
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            tempfile.mkdtemp(prefix="chromium-", dir=scratch),
            executable_path=str(CHROMIUM),
            headless=True,
            args=[f"--disable-extensions-except={extension}", f"--load-extension={extension}"],
        )
        try:
            worker = context.service_workers[0] if context.service_workers else context.wait_for_event("serviceworker")
            extension_id = worker.url.split("/")[2]
            token = companion.pair(f"chrome-extension://{extension_id}")
            worker.evaluate(STORE_PAIRING, [token, companion.port])
            url = f"chrome-extension://{extension_id}/popup/popup.html"
            blank_url = f"chrome-extension://{extension_id}/bench/blank.html"
            _measured_in(context, url)  # warm-up: the worker's first requests, caches
            _measured_in(context, blank_url)
            for _ in range(runs):
                blank.append(_measured_in(context, blank_url))
                chart.append(_measured_in(context, url))
        finally:
            context.close()
    return blank, chart


def run(bench: Bench) -> list[Figure]:
    days = bench.size(HISTORY_DAYS, 100)
    folder = bench.folder("popup")
    write_history(folder, days, end=datetime.now(UTC))
    (folder / "goals.toml").write_text(GOALS)
    extension = _bench_copy(folder)
    with Companion(folder) as companion:
        measured = _undisturbed(companion, extension, bench.runs)
        devtools_blank, devtools_chart = _with_devtools(companion, extension, bench.runs, bench.scratch)

    # Every popup's chart holds the whole history: a figure from a chart that drew less (a
    # series cut short, an empty chart) would not be this benchmark's.
    for kind in ("popup", "uncached"):
        drew = [sample.get("points") for sample in measured[kind]]
        if drew != [days] * len(drew):
            raise RuntimeError(f"the {kind} popup's chart held {drew} points, not {days} each")

    def values(kind: str, key: str) -> list[float]:
        return [float(value) for sample in measured[kind] if (value := sample.get(key)) is not None]

    return [
        Figure(f"popup.first_chart_with_{days}_points", "ms", values("popup", "drawn"), at_most(150, "≤ 150 ms")),
        Figure(
            "popup.blank_extension_page_first_frame",
            "ms",
            values("blank", "drawn"),
            note="baseline: an extension page with one empty module, same browser and run",
        ),
        Figure(
            f"popup.first_chart_with_{days}_points_uncached",
            "ms",
            values("uncached", "drawn"),
            note="context: first popup of a browser session (the worker has no series yet)",
        ),
        Figure("popup.dom_content_loaded", "ms", values("popup", "domContentLoaded"), note="context: the page and its modules loaded"),
        Figure(
            f"popup.uncached_history_of_{days}_through_the_worker",
            "ms",
            values("uncached", "history"),
            note="context: ask → answer in the first popup of a session (the worker reads the companion)",
        ),
        Figure(
            f"popup.dashboard_charts_with_{days}_points",
            "ms",
            values("dashboard", "drawn"),
            note="context: the dashboard's four history charts and first table page",
        ),
        Figure(
            f"popup.dashboard_history_of_{days}_through_the_worker",
            "ms",
            values("dashboard", "history"),
            note="context: the dashboard's ask → answer for the history (the worker reads the companion)",
        ),
        Figure(
            f"popup.devtools.first_chart_with_{days}_points",
            "ms",
            devtools_chart,
            note="context: the same popup in Chromium driven by Playwright, DevTools attached",
        ),
        Figure(
            "popup.devtools.blank_extension_page_first_frame",
            "ms",
            devtools_blank,
            note="context: the empty page in Chromium driven by Playwright, DevTools attached",
        ),
    ]

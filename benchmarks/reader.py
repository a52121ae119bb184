"""The page reader (extension/content/ssi-reader.js) on a realistic ~2 MB SSI page per layout:
per run a freshly loaded page, the time of its first `SsiReader.readSsiPage(document)` call
(cold code, as on a visit) and the mean of the calls after it (the content script reads again
until the reading settles).

Judged: Chromium with no DevTools attached (benchmarks/browser.py), each run's page in a new
tab. Reported: the same in Chromium driven by Playwright (DevTools attached, as measured before
the fourth round), and under jsdom."""

import html
import json
import subprocess
from pathlib import Path

from benchmarks.browser import ReportServer, headless_chromium
from benchmarks.helpers import CHROMIUM, EXTENSION_DIR, ROOT, Bench, Figure, at_most

SSI_URL = "https://www.linkedin.com/sales/ssi"
PAGES_SCRIPT = ROOT / "benchmarks" / "js" / "reader-pages.mjs"
IN_PAGE_SCRIPT = ROOT / "benchmarks" / "js" / "reader-in-page.js"
READER = EXTENSION_DIR / "content" / "ssi-reader.js"

# Runs inside the page: the first read, then the mean of `calls` more.
TIME_READS = """async (calls) => {
  const url = location.href;
  let started = performance.now();
  const result = SsiReader.readSsiPage(document, { url });
  const first = performance.now() - started;
  started = performance.now();
  for (let i = 0; i < calls; i++) SsiReader.readSsiPage(document, { url });
  return { result, first, mean: (performance.now() - started) / calls };
}"""


def build_pages(folder: Path, size: int) -> list[dict[str, object]]:
    subprocess.run(["node", str(PAGES_SCRIPT), "build", str(folder), str(size)], check=True, cwd=ROOT)
    pages: list[dict[str, object]] = json.loads((folder / "pages.json").read_text())
    return pages


def _serve_only(html: str):  # type: ignore[no-untyped-def]
    """A route handler: the SSI page gets `html`; anything else the page asks for is refused."""

    def handle(route, request):  # type: ignore[no-untyped-def]
        if request.url == SSI_URL:
            route.fulfill(body=html, content_type="text/html; charset=utf-8")
        else:
            route.abort()

    return handle


def chromium_reads(folder: Path, pages: list[dict[str, object]], runs: int, calls: int) -> dict[str, tuple[list[float], list[float]]]:
    from playwright.sync_api import sync_playwright

    results: dict[str, tuple[list[float], list[float]]] = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True)
        try:
            for page_info in pages:
                html = (folder / str(page_info["file"])).read_text()
                first, mean = results.setdefault(str(page_info["layout"]), ([], []))
                for _ in range(runs):
                    page = browser.new_page()
                    page.route("**/*", _serve_only(html))
                    page.goto(SSI_URL, wait_until="load")
                    page.add_script_tag(path=str(READER))
                    measured = page.evaluate(TIME_READS, calls)
                    if measured["result"] != page_info["expected"]:
                        raise RuntimeError(f"layout {page_info['layout']}: unexpected {measured['result']}")
                    first.append(measured["first"])
                    mean.append(measured["mean"])
                    page.close()
        finally:
            browser.close()
    return results


def undisturbed_reads(folder: Path, pages: list[dict[str, object]], runs: int, calls: int) -> dict[str, tuple[list[float], list[float]]]:
    """First and later reads per layout in Chromium with nothing attached: the pages time
    themselves (benchmarks/js/reader-in-page.js). The first page only warms up the browser
    that has just started."""
    plan = [pages[0]] + [page for page in pages for _ in range(runs)]
    documents = {str(page["layout"]): (folder / str(page["file"])).read_text() for page in pages}

    def page(query: dict[str, str]) -> tuple[bytes, str]:
        run = int(query["run"])
        after = f"/page?run={run + 1}" if run + 1 < len(plan) else ""
        timer = (
            f'<script src="/reader-in-page.js" data-run="{run}" data-calls="{calls}" '
            f'data-next="{html.escape(after)}" data-url="{SSI_URL}"></script>'
        )
        text = documents[str(plan[run]["layout"])]
        return text.replace("</body>", timer + "</body>", 1).encode(), "text/html; charset=utf-8"

    routes = {
        "/page": page,
        "/reader-in-page.js": lambda _: (IN_PAGE_SCRIPT.read_bytes(), "text/javascript"),
        "/ssi-reader.js": lambda _: (READER.read_bytes(), "text/javascript"),
    }
    results: dict[str, tuple[list[float], list[float]]] = {}
    with ReportServer(routes) as server, headless_chromium(f"{server.base_url}/page?run=0") as browser:
        for run, page_info in enumerate(plan):
            _, measured = server.next_report(timeout=60, browser=browser)
            if measured["run"] != run:
                raise RuntimeError(f"expected the report of run {run}, got run {measured['run']}")
            if measured["result"] != page_info["expected"]:
                raise RuntimeError(f"layout {page_info['layout']}: unexpected {measured['result']}")
            if run == 0:
                continue
            first, mean = results.setdefault(str(page_info["layout"]), ([], []))
            first.append(measured["first"])
            mean.append(measured["mean"])
    return results


def jsdom_reads(folder: Path, runs: int, calls: int) -> dict[str, dict[str, list[float]]]:
    """Each run in a Node process of its own, so that every first read is the reader's first,
    as on a visit (in one process only the first run's would be)."""
    reads: dict[str, dict[str, list[float]]] = {}
    for _ in range(runs):
        done = subprocess.run(
            ["node", str(PAGES_SCRIPT), "jsdom", str(folder), "1", str(calls)],
            check=True,
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
        for layout, times in json.loads(done.stdout).items():
            for key, values in times.items():
                reads.setdefault(layout, {}).setdefault(key, []).extend(values)
    return reads


def run(bench: Bench) -> list[Figure]:
    folder = bench.folder("reader")
    pages = build_pages(folder, bench.size(2 * 1024 * 1024, 200 * 1024))
    if bench.quick:  # one layout is enough to see that it all works
        pages = pages[:1]
        (folder / "pages.json").write_text(json.dumps(pages))
    megabytes = max(int(page["bytes"]) for page in pages) / 1e6  # type: ignore[call-overload]
    figures: list[Figure] = []
    calls = bench.size(20, 3)
    for layout, (first, mean) in undisturbed_reads(folder, pages, bench.runs, calls).items():
        figures.append(Figure(f"reader.chromium.layout_{layout}.first_read", "ms", first, at_most(5, "≤ 5 ms")))
        figures.append(Figure(f"reader.chromium.layout_{layout}.later_reads", "ms", mean, at_most(5, "≤ 5 ms")))
    for layout, (first, mean) in chromium_reads(folder, pages, bench.runs, calls).items():
        note = "context: Chromium driven by Playwright, DevTools attached"
        figures.append(Figure(f"reader.chromium_devtools.layout_{layout}.first_read", "ms", first, note=note))
        figures.append(Figure(f"reader.chromium_devtools.layout_{layout}.later_reads", "ms", mean, note=note))
    jsdom = jsdom_reads(folder, bench.runs, bench.size(5, 1))
    for layout, times in jsdom.items():
        figures.append(Figure(f"reader.jsdom.layout_{layout}.first_read", "ms", times["first_ms"], note="reported, not judged"))
        figures.append(Figure(f"reader.jsdom.layout_{layout}.later_reads", "ms", times["mean_ms"], note="reported, not judged"))
    figures[0].note = f"pages of {megabytes:.1f} MB"
    return figures

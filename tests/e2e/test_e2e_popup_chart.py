"""The popup's chart and the service worker's copy of its series, in the real browser: the copy
is kept when the popup reads the history, a capture is added to it at once (or, without a copy,
makes the worker read one for the popup opened next), and a change the extension cannot see (an
import on the command line) is drawn as soon as the companion's fresh answer arrives, after the
popup has drawn the copy."""

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from e2e.e2e_support import Companion, ExtensionBrowser, fixture_page, wait_until
from snapshot_factory import snapshot_doc

pytestmark = pytest.mark.browser
PILLARS_60 = (15.0, 15.0, 15.0, 15.0)
PILLARS_64 = (16.0, 16.0, 16.0, 16.0)


def cached_series(browser: ExtensionBrowser) -> dict[str, Any] | None:
    """The worker's copy in storage.session, read on an extension page."""
    page = browser.open("options/options.html")
    try:
        text = page.evaluate("chrome.storage.session.get('chart_series').then(items => items.chart_series ?? null)")
    finally:
        page.close()
    series: dict[str, Any] | None = None if text is None else json.loads(text)["series"]
    return series


def stored_series(companion: Companion) -> dict[str, list[Any]]:
    """The chart's columns as the companion's snapshot listing gives them: times in seconds
    since the epoch, to the millisecond (as JavaScript's Date keeps them)."""
    snapshots = companion.snapshots("?profile=me")
    epoch = datetime(1970, 1, 1, tzinfo=UTC)
    return {
        "time": [(datetime.fromisoformat(s["captured_at"]) - epoch) // timedelta(milliseconds=1) / 1000 for s in snapshots],
        "overall": [s["overall"] for s in snapshots],
        **{key: [s["pillars"][key] for s in snapshots] for key in snapshots[0]["pillars"]},
    }


def cached_overall(browser: ExtensionBrowser) -> list[Any] | None:
    series = cached_series(browser)
    return None if series is None else series["overall"]


def companion_series(browser: ExtensionBrowser) -> dict[str, Any]:
    """What the worker answers the popup when it must ask the companion."""
    page = browser.open("options/options.html")
    try:
        reply: dict[str, Any] = page.evaluate("chrome.runtime.sendMessage({ type: 'companion/history', chart: true })")
    finally:
        page.close()
    assert reply["connection"] == "ok"
    series: dict[str, Any] = reply["series"]
    return series


def test_popup_chart_follows_captures_and_imports(browser: ExtensionBrowser, companion: Companion) -> None:
    now = datetime.now(UTC)
    companion.import_snapshots([snapshot_doc(captured_at=now - timedelta(days=days), overall=60, pillars=PILLARS_60) for days in (40, 20)])
    companion.start()
    browser.pair(companion)
    assert cached_overall(browser) is None

    popup = browser.open_popup()
    expect(popup.get_by_test_id("chart")).to_have_attribute("data-points", "2")
    popup.close()
    assert cached_overall(browser) == [60, 60]

    # A capture reaches the copy with the companion's answer, without a read of the history.
    browser.capture(fixture_page("a-en.html"))
    assert cached_overall(browser) == [60, 60, 72]
    assert cached_series(browser) == companion_series(browser), "the added point is the one the companion stored"
    assert companion_series(browser) == stored_series(companion), "the worker's read is the stored history"
    popup = browser.open_popup()
    expect(popup.get_by_test_id("chart")).to_have_attribute("data-points", "3")
    expect(popup.get_by_test_id("chart").locator("canvas")).to_have_count(1)
    popup.close()

    # An import behind the extension's back: the popup draws the copy, then the companion's answer.
    companion.import_snapshots([snapshot_doc(captured_at=now - timedelta(days=30), overall=64, pillars=PILLARS_64)])
    popup = browser.open_popup()
    expect(popup.get_by_test_id("chart")).to_have_attribute("data-points", "4")
    expect(popup.get_by_test_id("chart").locator("canvas")).to_have_count(1)
    expect(popup.get_by_test_id("range-90d")).to_have_attribute("aria-pressed", "true")
    popup.close()
    assert cached_overall(browser) == [60, 64, 60, 72]


def history_reads(companion: Companion) -> int:
    """How often the chart's series was read from the companion."""
    companion.log_checkpoint()
    return len([r for r in companion.access_log() if r.method == "GET" and r.target.startswith("/v1/series")])


def test_a_capture_without_a_copy_reads_one_for_the_popup_opened_next(
    browser: ExtensionBrowser, companion: Companion
) -> None:
    """A browser session starts without a copy: the day's capture is usually what comes first,
    and the popup is opened after it. The worker reads the series then, once, so that popup
    draws the copy and only its refresh asks the companion."""
    now = datetime.now(UTC)
    companion.import_snapshots([snapshot_doc(captured_at=now - timedelta(days=days), overall=60, pillars=PILLARS_60) for days in (40, 20)])
    companion.start()
    browser.pair(companion)
    assert cached_overall(browser) is None
    assert history_reads(companion) == 0

    browser.capture(fixture_page("a-en.html"))
    wait_until(lambda: cached_overall(browser), 10, "the worker's copy after the capture")
    assert cached_overall(browser) == [60, 60, 72]
    assert history_reads(companion) == 1
    assert cached_series(browser) == companion_series(browser)

    popup = browser.open_popup()
    expect(popup.get_by_test_id("chart")).to_have_attribute("data-points", "3")
    expect(popup.get_by_test_id("chart").locator("canvas")).to_have_count(1)
    popup.close()


def set_profile(browser: ExtensionBrowser, profile: str) -> None:
    page = browser.open("options/options.html")
    try:
        field = page.get_by_test_id("setting-profile")
        expect(field).not_to_have_value("")
        field.fill(profile)
        field.press("Tab")  # the form saves on "change"
        expect(page.get_by_test_id("settings-status")).to_have_text("Saved.")
    finally:
        page.close()


def test_popup_reads_the_copy_itself_only_for_its_profile(browser: ExtensionBrowser, companion: Companion) -> None:
    """The popup reads the worker's copy from storage.session itself: it draws it while the
    companion is down, and not once the settings name another profile."""
    now = datetime.now(UTC)
    companion.import_snapshots([snapshot_doc(captured_at=now - timedelta(days=days), overall=60, pillars=PILLARS_60) for days in (3, 2, 1)])
    companion.start()
    browser.pair(companion)
    popup = browser.open_popup()
    expect(popup.get_by_test_id("chart")).to_have_attribute("data-points", "3")
    popup.close()
    assert cached_overall(browser) == [60, 60, 60]

    companion.stop()
    popup = browser.open_popup()
    expect(popup.get_by_test_id("connection-state")).to_have_attribute("data-state", "unreachable")
    expect(popup.get_by_test_id("chart")).to_have_attribute("data-points", "3")
    popup.close()

    set_profile(browser, "work")
    try:
        popup = browser.open_popup()
        expect(popup.get_by_test_id("chart")).to_have_attribute("data-points", "0")
        expect(popup.get_by_test_id("chart").locator("canvas")).to_have_count(0)
        popup.close()
    finally:
        set_profile(browser, "me")


def navigation_type(page: Any) -> str:
    kind: str = page.evaluate("performance.getEntriesByType('navigation')[0].type")
    return kind


def test_popup_starts_from_its_settings_copy_and_starts_again_when_it_is_out_of_date(
    browser: ExtensionBrowser, companion: Companion
) -> None:
    """The popup starts with the settings copy an extension page last wrote to localStorage
    (storage.local is a round trip away); settings changed where no page could update the copy
    make the popup start again with the real ones, here in the language they name."""
    companion.start()
    browser.pair(companion)  # the options page reads and saves the settings: the copy is written

    popup = browser.open_popup()
    expect(popup.get_by_test_id("connection-state")).to_have_text("Connected")
    copy = json.loads(popup.evaluate("localStorage.getItem('ssi-companion.settings')"))
    stored = popup.evaluate("chrome.storage.local.get('settings').then(items => items.settings)")
    assert copy == stored and copy["port"] == companion.port
    # What a page does not do: change storage.local without the copy (as an update or another
    # tool could).
    popup.evaluate("s => chrome.storage.local.set({ settings: s })", {**stored, "language": "de"})
    popup.wait_for_timeout(500)  # nothing reloads an open popup when the settings change
    assert navigation_type(popup) == "navigate"
    popup.close()

    try:
        popup = browser.open_popup()
        expect(popup.get_by_test_id("connection-state")).to_have_text("Verbunden")
        assert navigation_type(popup) == "reload", "the out-of-date copy was not noticed"
        assert json.loads(popup.evaluate("localStorage.getItem('ssi-companion.settings')"))["language"] == "de"
        popup.close()

        popup = browser.open_popup()  # the copy is right again: no second start
        expect(popup.get_by_test_id("connection-state")).to_have_text("Verbunden")
        assert navigation_type(popup) == "navigate"
        popup.close()
    finally:
        page = browser.open("options/options.html")  # the settings and their copy as they were
        page.evaluate(
            "s => chrome.storage.local.set({ settings: s }).then(() => localStorage.setItem('ssi-companion.settings', JSON.stringify(s)))",
            stored,
        )
        page.close()


# Fills the extension origin's localStorage to its quota with items of its own, largest first.
FILL_LOCAL_STORAGE = """() => {
  let index = 0;
  for (let size = 4 * 1024 * 1024; size >= 1; size = Math.floor(size / 4)) {
    for (;;) {
      try {
        localStorage.setItem(`test-filler-${index}`, "x".repeat(size));
        index += 1;
      } catch {
        break;
      }
    }
  }
  return index;
}"""
EMPTY_FILLERS = """() => {
  for (const key of Object.keys(localStorage)) if (key.startsWith("test-filler-")) localStorage.removeItem(key);
}"""


def test_popup_whose_settings_copy_cannot_be_renewed_starts_again_once_without_it(
    browser: ExtensionBrowser, companion: Companion
) -> None:
    """With localStorage full, the popup cannot write the settings it read over an out-of-date
    copy: it removes the copy and starts again once, with the stored settings, and a popup
    opened later starts from storage.local rather than from a copy, without starting again."""
    companion.start()
    browser.pair(companion)
    setup = browser.open("options/options.html")
    stored = setup.evaluate("chrome.storage.local.get('settings').then(items => items.settings)")
    assert json.loads(setup.evaluate("localStorage.getItem('ssi-companion.settings')")) == stored
    # Out of date: storage.local says German; the copy names only the port (so the browser's
    # language), and is shorter than the stored settings' copy would be, which then cannot
    # replace it.
    german = {**stored, "language": "de"}
    url = f"chrome-extension://{browser.extension_id}/popup/popup.html"
    try:
        setup.evaluate("s => chrome.storage.local.set({ settings: s })", german)
        setup.evaluate("port => localStorage.setItem('ssi-companion.settings', JSON.stringify({ port }))", companion.port)
        assert setup.evaluate(FILL_LOCAL_STORAGE) > 0
        with pytest.raises(Exception, match="quota"):
            setup.evaluate("s => localStorage.setItem('ssi-companion.settings', JSON.stringify(s))", german)

        for expected_loads, expected_type in ((2, "reload"), (1, "navigate")):
            popup = browser.context.new_page()
            loads: list[Page] = []
            popup.on("load", lambda page: loads.append(page))
            popup.goto(url)
            expect(popup.get_by_test_id("connection-state")).to_have_text("Verbunden")
            popup.wait_for_timeout(1000)  # time for another start, if the popup went round again
            assert len(loads) == expected_loads, f"{len(loads)} loads, expected {expected_loads}"
            assert navigation_type(popup) == expected_type
            assert popup.evaluate("localStorage.getItem('ssi-companion.settings')") is None
            popup.close()
    finally:
        setup.evaluate(EMPTY_FILLERS)
        setup.evaluate(
            "s => chrome.storage.local.set({ settings: s }).then(() => localStorage.setItem('ssi-companion.settings', JSON.stringify(s)))",
            stored,
        )
        setup.close()

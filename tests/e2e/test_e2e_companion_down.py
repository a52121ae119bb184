"""Nothing is lost when the companion is down: a visit while it is stopped is read, kept in the
extension's outbox, and shown as waiting; once the companion runs again on the same port and data
directory the snapshot arrives exactly once, by the extension's own retry alarm (30 s after the
failed attempt: the outbox's first backoff step) or at once by the popup's "Send now" button."""

import time

import pytest
from playwright.sync_api import expect

from e2e.e2e_support import Companion, ExtensionBrowser, fixture_page, screenshot, wait_until

pytestmark = pytest.mark.browser

QUEUED = "read, but the companion is not reachable. It is queued and will be saved once the companion runs."


def stored_posts(companion: Companion) -> list[int]:
    """Statuses of the snapshot uploads the companion answered (201 new, 200 already stored)."""
    companion.log_checkpoint()
    return [r.status for r in companion.access_log() if r.method == "POST" and r.target.startswith("/v1/snapshots")]


def capture_while_down(browser: ExtensionBrowser, companion: Companion, page: str, score: int) -> str:
    """Pairs, stops the companion, visits the page; returns the id of the snapshot left waiting."""
    companion.start()
    browser.pair(companion)
    companion.stop()
    note = browser.capture(fixture_page(page))
    assert (note.tone, note.text) == ("warning", f"SSI {score} {QUEUED}")
    assert companion.db_rows() == []
    [entry] = browser.storage("outbox")["entries"]
    assert entry["snapshot"]["overall"] == score
    snapshot_id: str = entry["snapshot"]["id"]
    return snapshot_id


def test_snapshot_waits_while_down_and_the_retry_alarm_delivers_it_once(
    browser: ExtensionBrowser, companion: Companion
) -> None:
    waiting = capture_while_down(browser, companion, "a-en.html", 72)
    retry_at_ms = browser.storage("outbox")["next_attempt_at"]

    popup = browser.open_popup()
    expect(popup.get_by_test_id("connection-state")).to_have_attribute("data-state", "unreachable")
    expect(popup.get_by_test_id("connection-state")).to_have_text("Companion not running")
    expect(popup.get_by_test_id("connection-help-commands")).to_contain_text("ssi-companion serve")
    expect(popup.get_by_test_id("outbox-state")).to_have_attribute("data-size", "1")
    expect(popup.get_by_test_id("outbox-state")).to_contain_text("Waiting for the companion: 1")
    expect(popup.get_by_test_id("retry-outbox")).to_be_visible()
    screenshot(popup, "popup-companion-down")
    popup.close()

    companion.start()
    # No extension page is open and nobody visits: only the worker's retry alarm can deliver.
    rows = wait_until(companion.db_rows, timeout=120, what="the retry alarm to deliver the waiting snapshot")
    assert time.time() * 1000 >= retry_at_ms - 1000, "delivered before the retry was due: not by the alarm"
    assert [row["id"] for row in rows] == [waiting]
    assert stored_posts(companion) == [201]

    popup = browser.open_popup()
    expect(popup.get_by_test_id("connection-state")).to_have_attribute("data-state", "ok")
    expect(popup.get_by_test_id("outbox-state")).to_have_text("All captures delivered.")
    expect(popup.get_by_test_id("overall-score")).to_have_text("72")
    popup.close()
    assert browser.storage("outbox")["entries"] == []
    assert [row["id"] for row in companion.db_rows()] == [waiting]


def test_send_now_delivers_a_waiting_snapshot_once(browser: ExtensionBrowser, companion: Companion) -> None:
    waiting = capture_while_down(browser, companion, "b-en.html", 81)

    popup = browser.open_popup()
    expect(popup.get_by_test_id("connection-state")).to_have_attribute("data-state", "unreachable")
    expect(popup.get_by_test_id("outbox-state")).to_have_attribute("data-size", "1")
    # "Send now" while the companion is still down: the snapshot keeps waiting, retried later.
    popup.get_by_test_id("retry-outbox").click()
    expect(popup.get_by_test_id("outbox-state")).to_have_text("Waiting for the companion: 1 · next try in 1 minute")
    assert companion.db_rows() == []

    companion.start()
    assert companion.db_rows() == []  # the next automatic try is still a minute away
    popup.get_by_test_id("retry-outbox").click()
    expect(popup.get_by_test_id("outbox-state")).to_have_text("All captures delivered.")
    expect(popup.get_by_test_id("retry-outbox")).to_be_hidden()
    assert [(row["id"], row["overall"]) for row in companion.db_rows()] == [(waiting, 81)]
    assert stored_posts(companion) == [201]

    popup.reload()
    expect(popup.get_by_test_id("connection-state")).to_have_attribute("data-state", "ok")
    expect(popup.get_by_test_id("overall-score")).to_have_text("81")
    # Delivered means forgotten: no retry left that could send it again.
    assert popup.evaluate("chrome.alarms.get('outbox-retry').then(alarm => alarm ?? null)") is None
    popup.close()
    assert [row["id"] for row in companion.db_rows()] == [waiting]

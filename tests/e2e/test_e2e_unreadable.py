"""Pages the extension cannot read store nothing, and the user is told why: in the note on the
page (a closed shadow root, read through the DevTools protocol) and in the popup. The content
script waits up to 20 s for a page to finish rendering before it gives up, so a page that only
renders late is still captured, once."""

import re

import pytest
from playwright.sync_api import expect

from e2e.e2e_support import Companion, ExtensionBrowser, expected_reading, fixture_page, wait_for_note

pytestmark = pytest.mark.browser

NOTES = {  # what the page says for each refusal of the page reader
    "not_ready": "SSI Companion: the page did not finish loading, so nothing was saved. Reload to try again.",
    "not_ssi_page": "SSI Companion: this does not look like your SSI page, so nothing was saved.",
    "unrecognized_layout": "SSI Companion: LinkedIn shows this page in a layout it cannot read yet, so nothing was saved.",
}
POPUP = {  # and what the popup says about the last visit afterwards
    "not_ready": re.compile(r"Your last visit \(.+\) ended before the page finished loading\."),
    "not_ssi_page": re.compile(r"Your last visit \(.+\) did not show the SSI page\."),
    "unrecognized_layout": re.compile(r"Your last visit \(.+\) could not be read: LinkedIn showed a layout"),
}


def uploads(companion: Companion) -> list[str]:
    companion.log_checkpoint()
    return [r.target for r in companion.access_log() if r.method == "POST" and r.target.startswith("/v1/snapshots")]


def test_skeleton_and_foreign_pages_store_nothing_and_say_why(browser: ExtensionBrowser, companion: Companion) -> None:
    companion.start()
    browser.pair(companion)

    # LinkedIn's skeleton loader that never finishes rendering.
    skeleton = browser.visit_ssi(fixture_page("a-skeleton.html"))
    note = wait_for_note(skeleton)
    assert (note.tone, note.text) == ("error", NOTES["not_ready"])
    skeleton.close()

    # Some other page served at the SSI address (its verdict comes another 20 s later).
    foreign = browser.visit_ssi(fixture_page("not-linkedin.html"))

    popup = browser.open_popup()
    expect(popup.get_by_test_id("connection-state")).to_have_attribute("data-state", "ok")
    expect(popup.get_by_test_id("read-error")).to_be_visible()
    expect(popup.get_by_test_id("read-error")).to_have_text(POPUP["not_ready"])
    expect(popup.get_by_test_id("empty-state")).to_be_visible()
    popup.close()

    note = wait_for_note(foreign)
    assert note.tone == "error"
    assert note.text in NOTES.values(), note.text
    code = next(code for code, text in NOTES.items() if text == note.text)
    foreign.close()

    popup = browser.open_popup()
    expect(popup.get_by_test_id("read-error")).to_have_text(POPUP[code])
    popup.close()

    assert companion.db_rows() == []
    assert companion.snapshots() == []
    assert uploads(companion) == []
    assert not (browser.storage("outbox") or {}).get("entries")  # nothing was queued either


def test_a_page_that_renders_late_is_captured_once(browser: ExtensionBrowser, companion: Companion) -> None:
    companion.start()
    browser.pair(companion)

    # The skeleton first; the scores 1.5 s later (tests/e2e/pages/a-en-late.html).
    note = browser.capture(fixture_page("a-en-late.html"))
    assert (note.tone, note.text) == ("success", "SSI 72 saved")

    expected = expected_reading("a-en.html")
    [snapshot] = companion.snapshots()
    assert {key: snapshot[key] for key in expected if key != "layout"} == {k: v for k, v in expected.items() if k != "layout"}
    assert snapshot["source"]["layout"] == expected["layout"]
    assert len(companion.db_rows()) == 1
    assert uploads(companion) == ["/v1/snapshots?lang=..."]  # the log keeps no query values

    # A capture after a failed visit: the popup no longer reports the failure.
    popup = browser.open_popup()
    expect(popup.get_by_test_id("overall-score")).to_have_text("72")
    expect(popup.get_by_test_id("read-error")).to_be_hidden()
    popup.close()

"""Journey 1, install and capture, in a real Chromium with the unpacked extension and a real
companion subprocess: a new user pairs through the options page with the code that
`ssi-companion pair` printed, visits the SSI page, and sees the popup light up. The snapshot is
checked where it ends up: the in-page note, the API (with the script token from
`ssi-companion token`), the SQLite file, and the popup."""

from datetime import datetime

import pytest
from playwright.sync_api import expect

from e2e.e2e_support import Companion, ExtensionBrowser, expected_reading, fixture_page, screenshot

pytestmark = pytest.mark.browser

PILLARS = ("professional_brand", "find_right_people", "engage_with_insights", "build_relationships")


def test_new_user_pairs_captures_and_sees_the_popup(browser: ExtensionBrowser, companion: Companion) -> None:
    companion.start()
    expected = expected_reading("a-en.html")

    # The user points the extension at the companion's port...
    options = browser.open("options/options.html")
    options.get_by_test_id("setting-port").fill(str(companion.port))
    options.get_by_test_id("setting-port").press("Tab")
    expect(options.get_by_test_id("settings-status")).to_have_text("Saved.")

    # ...and before pairing, the popup says what to do next.
    popup = browser.open_popup()
    expect(popup.get_by_test_id("connection-state")).to_have_attribute("data-state", "not_paired")
    expect(popup.get_by_test_id("connection-help-commands")).to_have_text("ssi-companion pair")
    popup.close()

    # A mistyped code is refused with a plain explanation, and nothing is paired.
    options.get_by_test_id("pair-code").fill("WRONG-CODE")
    options.get_by_test_id("pair-submit").click()
    expect(options.get_by_test_id("pair-result")).to_contain_text("That code was not accepted.")
    expect(options.get_by_test_id("pairing-state")).to_have_attribute("data-paired", "false")
    options.close()

    browser.pair(companion)
    note = browser.capture(fixture_page("a-en.html"))
    assert note.tone == "success"
    assert note.text == "SSI 72 saved"  # the first capture: no earlier one to compare with

    # The companion's API has it, with the values the page displays.
    [snapshot] = companion.snapshots()
    assert snapshot["overall"] == expected["overall"] == 72
    assert snapshot["pillars"] == expected["pillars"]
    assert snapshot["industry"] == expected["industry"]
    assert snapshot["network"] == expected["network"]
    assert snapshot["locale"] == "en"
    assert snapshot["profile"] == "me"
    assert snapshot["source"] == {"url": "https://www.linkedin.com/sales/ssi", "layout": "A", "extension_version": "0.1.0"}

    # ...and so does the database file, once.
    [row] = companion.db_rows()
    assert row["id"] == snapshot["id"]
    assert (row["overall"], row["industry_name"], row["source_layout"]) == (72, "Computer Software", "A")
    assert [row[key] for key in PILLARS] == [expected["pillars"][key] for key in PILLARS]
    assert datetime.fromisoformat(snapshot["captured_at"]).timestamp() * 1e6 == pytest.approx(row["captured_at_us"], abs=1)

    popup = browser.open_popup()
    expect(popup.get_by_test_id("connection-state")).to_have_attribute("data-state", "ok")
    expect(popup.get_by_test_id("connection-state")).to_have_text("Connected")
    expect(popup.get_by_test_id("overall-score")).to_have_text("72")
    for key, text in zip(PILLARS, ("18.41", "17.9", "16.25", "19.62"), strict=True):
        expect(popup.get_by_test_id(f"pillar-{key}-value")).to_have_text(text)
    for delta in ("delta-previous", "delta-7d", "delta-30d"):
        expect(popup.get_by_test_id(delta)).to_have_text("—")  # nothing to compare with yet
    expect(popup.get_by_test_id("last-capture")).to_have_attribute("datetime", snapshot["captured_at"])
    expect(popup.get_by_test_id("outbox-state")).to_have_text("All captures delivered.")
    expect(popup.get_by_test_id("retry-outbox")).to_be_hidden()
    expect(popup.get_by_test_id("empty-state")).to_be_hidden()
    expect(popup.get_by_test_id("chart")).to_have_attribute("data-points", "1")

    # Advice, in English, from the companion's catalogue: concrete, with actions.
    advice = companion.get_json("/v1/advice?lang=en")["items"]
    assert advice, "the companion gives advice after a first capture"
    items = popup.get_by_test_id("advice-list").locator(":scope > li")
    expect(items).to_have_count(min(3, len(advice)))
    first = sorted(advice, key=lambda item: item["priority"])[0]
    expect(items.first.locator("h3")).to_have_text(first["title"])
    expect(items.first.locator("ul > li")).to_have_count(len(first["actions"]))
    screenshot(popup, "popup-first-capture")
    popup.close()

"""Forgetting the pairing in the real browser: the options page's button deletes the token in
the extension and has the companion revoke it, so that a copy of it is worth nothing."""

import pytest
from playwright.sync_api import expect

from e2e.e2e_support import Companion, ExtensionBrowser

pytestmark = pytest.mark.browser


def test_forgetting_the_pairing_revokes_the_token_at_the_companion(
    browser: ExtensionBrowser, companion: Companion
) -> None:
    companion.start()
    browser.pair(companion)
    token = browser.storage("auth")["token"]
    assert companion.request("/v1/summary", token)[0] == 200

    page = browser.open("options/options.html")
    try:
        page.get_by_test_id("unpair").click()
        expect(page.get_by_test_id("pair-result")).to_have_text("Pairing removed. Captures will wait until you pair again.")
        expect(page.get_by_test_id("pairing-state")).to_have_attribute("data-paired", "false")
    finally:
        page.close()
    assert browser.storage("auth") is None
    status, body = companion.request("/v1/summary", token)
    assert status == 401, body

    browser.pair(companion)  # and pairing again works
    again = browser.storage("auth")["token"]
    assert again != token
    assert companion.request("/v1/summary", again)[0] == 200

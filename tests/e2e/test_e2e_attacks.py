"""Attacks from inside the same browser, on the browser side (tests/test_security.py covers the
companion's rules request by request, in process):

- another extension (tests/e2e/intruder-extension/, loaded unpacked next to SSI Companion with
  the same host permission for 127.0.0.1) cannot read or write the history, cannot ask SSI
  Companion's worker for it, and cannot pair by guessing codes: 401, then 429;
- a hostile web site (tests/e2e/pages/hostile.html at https://evil.example/) that fires fetches,
  a text/plain POST, forms, <img>/<script> GETs, a pairing guess and a navigation at the companion
  stores nothing and reads nothing. By default Chromium's Local Network Access already stops a
  public page from reaching 127.0.0.1; the test grants the page that permission (what a user who
  clicks "Allow" does), so every request reaches the companion and its own rules are what is
  tested: the access log must show each one refused.
"""

import json
import secrets
import sqlite3
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Page, Playwright, expect

from e2e.e2e_support import (
    EXTENSION_DIR,
    INTRUDER_DIR,
    Companion,
    ExtensionBrowser,
    LoggedRequest,
    fixture_page,
    wait_until,
)

pytestmark = pytest.mark.browser

EVIL = "https://evil.example"


@pytest.fixture(scope="module")
def browser(playwright: Playwright, chromium: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ExtensionBrowser]:
    """SSI Companion and the intruder extension, side by side in one profile."""
    launched = ExtensionBrowser.launch(
        playwright, chromium, tmp_path_factory.mktemp("profile"), [EXTENSION_DIR, INTRUDER_DIR]
    )
    yield launched
    launched.close()


def paired_with_history(browser: ExtensionBrowser, companion: Companion) -> dict[str, Any]:
    companion.start()
    browser.pair(companion)
    assert browser.capture(fixture_page("a-en.html")).tone == "success"
    # After a capture the worker reads the chart's series for the popup: let that read land
    # before the checkpoints, which count only what others send.
    wait_until(
        lambda: any(r.method == "GET" and r.target.startswith("/v1/series") for r in companion.access_log()),
        10,
        "the worker's read after the capture",
    )
    [snapshot] = companion.snapshots()
    return snapshot


def leaks(text: str, snapshot: dict[str, Any]) -> bool:
    """Whether `text` carries anything of the stored snapshot."""
    return snapshot["id"] in text or "Computer Software" in text or "18.41" in text


def requests_since(companion: Companion, checkpoint: int) -> list[LoggedRequest]:
    """What reached the companion since `checkpoint`, apart from the checkpoints' own health
    checks (the hostile page never asks for /v1/health)."""
    companion.log_checkpoint()
    return [r for r in companion.access_log()[checkpoint:] if r.target != "/v1/health"]


def test_another_extension_cannot_read_write_or_pair(browser: ExtensionBrowser, companion: Companion) -> None:
    stored = paired_with_history(browser, companion)
    intruder = browser.open("probe.html", extension=INTRUDER_DIR.name)
    guessed_token = secrets.token_urlsafe(32)

    def probe(path: str, init: dict[str, Any] | None = None) -> dict[str, Any]:
        result: dict[str, Any] = intruder.evaluate(
            "([url, init]) => probe(url, init)", [companion.url + path, init or {}]
        )
        return result

    bearer = {"headers": {"Authorization": f"Bearer {guessed_token}"}}
    post_headers = {"Content-Type": "application/json"}
    post = {"method": "POST", "headers": post_headers}
    forged = {**stored, "id": "6f9d3b2a-1c4e-4f8a-9b7d-2e5c8a1f0d39", "overall": 99}
    attempts = {
        "GET /v1/snapshots": (probe("/v1/snapshots"), 401),
        "GET /v1/export": (probe("/v1/export?format=csv"), 401),
        "GET /v1/summary": (probe("/v1/summary"), 401),
        "GET /v1/series": (probe("/v1/series"), 401),
        "GET /v1/snapshots, guessed token": (probe("/v1/snapshots", bearer), 401),
        # A POST carries the intruder's Origin, which is not the paired one.
        "POST /v1/snapshots": (probe("/v1/snapshots", {**post, "body": json.dumps(forged)}), 403),
        "POST /v1/snapshots, guessed token": (
            probe("/v1/snapshots", {**post, "headers": {**post_headers, **bearer["headers"]}, "body": json.dumps(forged)}),
            403,
        ),
        "PUT /v1/goals": (probe("/v1/goals", {**post, "method": "PUT", "body": '{"overall": 1}'}), 403),
    }
    for name, (result, status) in attempts.items():
        assert result["status"] == status, f"{name}: {result}"
        assert "error" in json.loads(result["body"]), name
        assert not leaks(result["body"], stored), f"{name} leaked: {result['body']}"

    # SSI Companion's worker answers only its own pages and its content script.
    for message in ({"type": "companion/history"}, {"type": "companion/export", "format": "csv"}, {"type": "companion/overview"}):
        answer = intruder.evaluate("([id, message]) => askOtherExtension(id, message)", [browser.extension_id, message])
        assert answer["reply"] is None, answer
        assert "Receiving end does not exist" in answer["error"], answer

    # Guessing pairing codes: five wrong guesses, then locked out, even with the right code.
    def pair(code: str) -> dict[str, Any]:
        return probe("/v1/pair", {**post, "body": json.dumps({"code": code, "client": "intruder"})})

    guesses = [pair(f"{letter * 4}-{letter * 4}") for letter in "ABCDEF"]
    assert [guess["status"] for guess in guesses] == [401] * 5 + [429]
    late = pair(companion.pairing_code())
    assert late["status"] == 429 and "token" not in json.loads(late["body"])
    intruder.close()

    # Nothing was written, and no token was ever issued to the intruder.
    assert [row["id"] for row in companion.db_rows()] == [stored["id"]]
    conn = sqlite3.connect(f"file:{companion.data_dir / 'history.sqlite3'}?mode=ro", uri=True)
    try:
        origins = [origin for (origin,) in conn.execute("SELECT origin FROM clients WHERE kind = 'extension'")]
    finally:
        conn.close()
    assert origins == [f"chrome-extension://{browser.extension_id}"]

    # SSI Companion itself is unaffected: its next capture is stored.
    assert browser.capture(fixture_page("b-en.html")).tone == "success"
    assert [row["overall"] for row in companion.db_rows()] == [72, 81]


def visit_hostile_page(browser: ExtensionBrowser, origin: str, companion: Companion) -> tuple[Page, dict[str, Any], str]:
    """Opens the hostile page; returns it, what its script learned, and the tab it navigated."""
    html = fixture_page("hostile.html").replace("__COMPANION__", companion.url)
    browser.context.route(f"{origin}/**", lambda route: route.fulfill(status=200, content_type="text/html", body=html))
    page = browser.context.new_page()
    with browser.context.expect_page() as opened:
        page.goto(f"{origin}/prize")
        expect(page.locator("#results")).to_be_attached()
    navigated = opened.value
    navigated.wait_for_load_state()
    shown = navigated.locator("body").text_content() or ""
    results: dict[str, Any] = json.loads(page.locator("#results").text_content() or "{}")
    navigated.close()
    return page, results, shown


def test_a_hostile_page_stores_nothing_and_reads_nothing(browser: ExtensionBrowser, companion: Companion) -> None:
    stored = paired_with_history(browser, companion)
    rows_before = companion.db_rows()

    # Chromium's default: Local Network Access keeps a public page away from 127.0.0.1.
    checkpoint = companion.log_checkpoint()
    page, results, shown = visit_hostile_page(browser, "https://default.evil.example", companion)
    page.close()
    assert not leaks(json.dumps(results) + shown, stored)
    assert [r for r in requests_since(companion, checkpoint) if r.status != 403] == []

    # The worst case: the user let the page reach local devices. Now every request gets through
    # to the companion, which must refuse each one.
    browser.context.grant_permissions(["local-network-access"], origin=EVIL)
    checkpoint = companion.log_checkpoint()
    page, results, shown = visit_hostile_page(browser, EVIL, companion)
    page.close()

    arrived = requests_since(companion, checkpoint)
    assert {(r.method, r.target.split("?")[0]) for r in arrived} >= {
        ("GET", "/v1/snapshots"),
        ("GET", "/v1/export"),
        ("POST", "/v1/snapshots"),
        ("POST", "/v1/pair"),
    }, f"the requests did not reach the companion: {arrived}"
    assert len(arrived) >= 10, arrived
    assert [r for r in arrived if r.status != 403] == [], "every request from the page is refused"

    # Nothing stored, nothing learned: readable answers are refusals, the rest is opaque.
    assert companion.db_rows() == rows_before
    assert not leaks(json.dumps(results) + shown, stored), results
    assert results["fetch_history"] == "failed: TypeError"  # no CORS header for a web origin
    assert results["post_json"] == "failed: TypeError"  # its preflight is refused
    for name in ("fetch_export_no_cors", "post_text_plain", "pair_guess"):
        assert results[name] == {"type": "opaque", "status": 0, "body": ""}, name
    for name in ("form_urlencoded", "form_text_plain", "form_multipart"):
        assert str(results[name]).startswith("unreadable: "), (name, results[name])  # a cross-origin frame
    assert results["img_export"] == results["script_history"] == "error"
    assert json.loads(shown)["error"]["code"] == "forbidden"  # what the navigated tab shows

    # The refused pairing guess did not count against the user: pairing still works.
    browser.pair(companion)

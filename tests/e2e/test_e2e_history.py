"""Journey 2, view history: visits on several days, the deltas, the popup chart and the dashboard.

Simulating days. The capture time is the content script's `new Date()`, in the extension's
isolated world. Playwright's clock (`page.clock.install(...)`) was tried: it installs its fake
`Date` through an init script in the page's *main* world, so the page's own scripts see the fake
time while the content script still stamps captures with the real time (verified: the main world
said 2023-11-14 while the stored `captured_at` was today). Nothing else reaches that world short
of faking the whole browser's system clock. So the earlier days are seeded the way a user brings
history from another machine, with `ssi-companion import` of an NDJSON file, 31 and 8 days before
now; then "today" is visited twice in the real browser with two different pages (layout B with
SSI 69, later layout A with SSI 72). Every delta of CONTRACT.md then has exactly one right answer,
computed by hand below:
    previous = 72 - 69 (this morning's visit)           = +3
    7d       = 72 - 66 (latest at or before now - 7 d)  = +6
    30d      = 72 - 60 (latest at or before now - 30 d) = +12
"""

from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import expect

from e2e.e2e_support import Companion, ExtensionBrowser, fixture_page, screenshot, wait_until
from snapshot_factory import snapshot_doc

pytestmark = pytest.mark.browser

PILLARS = ("professional_brand", "find_right_people", "engage_with_insights", "build_relationships")
# (days ago, overall, pillars, industry rank, industry average, network rank, network average)
SEEDED = [
    (31, 60, (15.1, 15.0, 13.4, 16.5), 9, 29, 4, 26),
    (8, 66, (16.41, 16.6, 14.55, 18.49), 6, 30, 2, 27),
]
TODAY = {  # the two pages visited today, in order, and what they display
    "b-en-69.html": (69, (17.6, 17.15, 15.4, 18.85)),
    "a-en.html": (72, (18.41, 17.9, 16.25, 19.62)),
}


def seed_earlier_days(companion: Companion, now: datetime) -> list[dict[str, object]]:
    docs = [
        snapshot_doc(
            captured_at=now - timedelta(days=days),
            overall=overall,
            pillars=pillars,
            industry={"name": "Computer Software", "rank_top_percent": ind_rank, "average": ind_avg},
            network={"rank_top_percent": net_rank, "average": net_avg},
        )
        for days, overall, pillars, ind_rank, ind_avg, net_rank, net_avg in SEEDED
    ]
    companion.import_snapshots(docs)
    return docs


def test_history_over_several_days_in_popup_and_dashboard(browser: ExtensionBrowser, companion: Companion) -> None:
    now = datetime.now(UTC)
    seed_earlier_days(companion, now)
    companion.cli("goals", "--overall", "80")
    companion.start()
    browser.pair(companion)

    notes = [browser.capture(fixture_page(page)) for page in TODAY]
    # The note compares with a week ago: 69 - 66 and 72 - 66.
    assert [note.text for note in notes] == ["SSI 69 saved · +3 this week", "SSI 72 saved · +6 this week"]

    history = companion.snapshots()
    assert [s["overall"] for s in history] == [60, 66, 69, 72]
    assert [s["source"]["layout"] for s in history[2:]] == ["B", "A"]
    for snapshot, (overall, pillars) in zip(history[2:], TODAY.values(), strict=True):
        assert snapshot["overall"] == overall
        assert [snapshot["pillars"][key] for key in PILLARS] == list(pillars)
    assert len(companion.db_rows()) == 4

    # The companion's deltas, against the hand-computed ones.
    metrics = companion.get_json("/v1/summary")["metrics"]
    assert metrics["overall"]["delta"] == {"previous": 3, "7d": 6, "30d": 12}
    assert metrics["professional_brand"]["delta"]["7d"] == pytest.approx(18.41 - 16.41)
    assert metrics["engage_with_insights"]["delta"]["30d"] == pytest.approx(16.25 - 13.4)
    assert metrics["overall"]["goal"] == 80 and metrics["overall"]["gap"] == -8

    popup = browser.open_popup()
    expect(popup.get_by_test_id("connection-state")).to_have_attribute("data-state", "ok")
    expect(popup.get_by_test_id("overall-score")).to_have_text("72")
    expect(popup.get_by_test_id("delta-previous")).to_have_text("+3")
    expect(popup.get_by_test_id("delta-7d")).to_have_text("+6")
    expect(popup.get_by_test_id("delta-30d")).to_have_text("+12")
    expect(popup.get_by_test_id("delta-7d")).to_have_class("up")
    # Component deltas over 7 days, rounded to one decimal as shown.
    for key, text in zip(PILLARS, ("+2", "+1.3", "+1.7", "+1.1"), strict=True):
        expect(popup.get_by_test_id(f"pillar-{key}-delta")).to_have_text(text)
    expect(popup.get_by_test_id("overall-goal")).to_have_text("Goal 80 · 8 to go")
    # All four days are in the chart (the default range is 90 days).
    expect(popup.get_by_test_id("chart")).to_have_attribute("data-points", "4")
    expect(popup.get_by_test_id("chart").locator("canvas")).to_have_count(1)
    expect(popup.get_by_test_id("chart-empty")).to_be_hidden()
    screenshot(popup, "popup-history")
    popup.close()

    dashboard = browser.open("dashboard/dashboard.html")
    expect(dashboard.get_by_test_id("connection-state")).to_have_attribute("data-state", "ok")
    expect(dashboard.get_by_test_id("overall-score")).to_have_text("72")
    expect(dashboard.get_by_test_id("overall-goal")).to_have_text("80")
    expect(dashboard.get_by_test_id("delta-30d")).to_have_text("+12")
    expect(dashboard.get_by_test_id("projection")).to_contain_text("80")
    for chart in ("chart-overall", "chart-pillars", "chart-averages", "chart-ranks"):
        expect(dashboard.get_by_test_id(chart).locator("canvas")).to_have_count(1)
    # The table lists every snapshot, newest first, with the peer comparisons.
    rows = dashboard.get_by_test_id("snapshot-table").locator("tbody tr")
    expect(rows).to_have_count(4)
    expect(rows.nth(0).locator("td").nth(1)).to_have_text("72")
    expect(rows.nth(3).locator("td").nth(1)).to_have_text("60")
    # Each row is the snapshot captured then (to the millisecond the table's columns keep).
    shown = [datetime.fromisoformat(str(rows.nth(i).get_attribute("data-captured-at"))) for i in range(4)]
    captured = [datetime.fromisoformat(s["captured_at"]) for s in reversed(history)]
    assert shown == [at.replace(microsecond=at.microsecond // 1000 * 1000) for at in captured]
    expect(rows.nth(0).locator("td:not(:first-child)")).to_have_text(
        ["72", "18.41", "17.9", "16.25", "19.62", "4%", "31", "1%", "28"]
    )
    expect(rows.nth(1).locator("td").nth(6)).to_have_text("5%")  # layout B's industry rank
    expect(dashboard.get_by_test_id("table-page")).to_have_text("Page 1 of 1 (4 snapshots)")
    screenshot(dashboard, "dashboard-history")
    dashboard.close()



def test_a_mistaken_goals_edit_is_shown_in_popup_and_dashboard(browser: ExtensionBrowser, companion: Companion) -> None:
    """Progress toward goals: an edit of goals.toml that cannot be used keeps the goals in force,
    and the popup and the dashboard say so instead of showing the old goals as if it were taken."""
    seed_earlier_days(companion, datetime.now(UTC))
    companion.cli("goals", "--overall", "80")
    companion.start()
    browser.pair(companion)
    (companion.data_dir / "goals.toml").write_text("overall = 800\n", encoding="utf-8")
    # The companion notices the edit (its watcher); its answers say so from then on.
    wait_until(lambda: companion.get_json("/v1/goals")["error"], 10, "the companion to report the goals file")

    for page in (browser.open_popup(), browser.open("dashboard/dashboard.html")):
        expect(page.get_by_test_id("goals-error")).to_be_visible()
        expect(page.get_by_test_id("goals-error")).to_contain_text("goals.toml")
        expect(page.get_by_test_id("goals-error-detail")).to_contain_text("($.overall)")
        expect(page.get_by_test_id("overall-goal")).to_contain_text("80")  # the goals in force
        page.close()

    (companion.data_dir / "goals.toml").write_text("overall = 75\n", encoding="utf-8")  # fixed
    wait_until(lambda: companion.get_json("/v1/goals")["error"] is None, 10, "the companion to take the fixed goals file")
    popup = browser.open_popup()
    expect(popup.get_by_test_id("overall-goal")).to_contain_text("75")
    expect(popup.get_by_test_id("goals-error")).to_be_hidden()
    popup.close()

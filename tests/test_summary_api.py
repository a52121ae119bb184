"""GET /v1/summary and /v1/advice, the ingest answer, and the cost of computing them."""

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web

from conftest import Client
from insight_helpers import T0, daily, eventually, history_db, insights_app, save_like_an_editor, snap
from snapshot_factory import snapshot_doc

from companion.app_keys import GOALS, INSIGHTS


@pytest.fixture
async def insights(aiohttp_client: Any, tmp_path: Path) -> Client:
    history_db(tmp_path, [snap(T0, (10, 12, 14, 16)), snap(T0 + timedelta(days=7), (11, 12, 14, 16))]).close()
    (tmp_path / "goals.toml").write_text("overall = 60\n")
    result: Client = await aiohttp_client(insights_app(tmp_path))
    return result


async def test_summary_of_the_default_profile(insights: Client) -> None:
    body = await (await insights.get("/v1/summary")).json()
    assert body["profile"] == "me"
    assert body["as_of"] == "2026-03-09T09:00:00Z"
    assert body["latest"]["pillars"]["professional_brand"] == 11
    assert body["metrics"]["overall"] == {
        "value": 53.0,
        "goal": 60.0,
        "goal_derived": False,
        "gap": -7.0,
        "status": "on_track",
        "delta": {"previous": 1.0, "7d": 1.0, "30d": None},
        "slope_per_week": 1.0,
    }
    assert set(body["metrics"]) == {
        "overall", "professional_brand", "find_right_people", "engage_with_insights", "build_relationships",
        "industry_rank_top_percent", "industry_average", "network_rank_top_percent", "network_average",
    }  # fmt: skip
    assert body["projection"] == {"goal": 60.0, "reach_date": "2026-04-27", "needed_per_week": None}


async def test_summary_of_an_unknown_profile_is_empty_not_an_error(insights: Client) -> None:
    response = await insights.get("/v1/summary", params={"profile": "work"})
    assert response.status == 200
    body = await response.json()
    assert body["latest"] is None and body["metrics"]["overall"]["value"] is None


async def test_a_bad_profile_parameter_is_400(insights: Client) -> None:
    response = await insights.get("/v1/summary", params={"profile": "a\nb"})
    assert response.status == 400
    assert (await response.json())["error"]["path"] == "profile"


@pytest.mark.parametrize(("lang", "expected"), [("de", "de"), ("es-MX", "es"), ("fr", "en"), ("", "en")])
async def test_advice_in_the_language_asked_for(insights: Client, lang: str, expected: str) -> None:
    body = await (await insights.get("/v1/advice", params={"lang": lang})).json()
    assert body["lang"] == expected
    assert [item["priority"] for item in body["items"]] == list(range(1, len(body["items"]) + 1))
    assert body["items"][0]["pillar"] in {"overall", "professional_brand", "find_right_people",
                                          "engage_with_insights", "build_relationships"}  # fmt: skip


async def test_the_ingest_answer_carries_summary_and_advice_under_the_goals_just_edited(
    client: Client, auth: dict[str, str], data_dir: Path
) -> None:
    """Through the full app: POST /v1/snapshots after a hot-reloaded goals edit."""
    first = snapshot_doc(captured_at=datetime(2026, 11, 14, 9, tzinfo=UTC), overall=70, pillars=(18, 17, 17, 18))
    assert (await client.post("/v1/snapshots", json=first, headers=auth)).status == 201
    save_like_an_editor(data_dir / "goals.toml", "overall = 80\n[pillars]\nengage_with_insights = 22\n")
    await eventually(lambda: client.app[GOALS].goals.overall == 80)
    second = snapshot_doc(captured_at=datetime(2026, 11, 21, 9, tzinfo=UTC), overall=72, pillars=(18.5, 17.5, 17, 19))
    response = await client.post("/v1/snapshots", json=second, headers=auth, params={"lang": "de"})
    body = await response.json()
    assert body["advice"]["lang"] == "de"
    engage = body["summary"]["metrics"]["engage_with_insights"]
    assert (engage["goal"], engage["goal_derived"], engage["gap"], engage["delta"]["7d"]) == (22, False, -5, 0)
    assert body["summary"]["metrics"]["overall"]["delta"] == {"previous": 2.0, "7d": 2.0, "30d": None}
    assert body["advice"]["items"][0]["pillar"] == "engage_with_insights"


async def test_a_met_overall_goal_is_not_undone_by_the_page_rounding_its_pillars(aiohttp_client: Any, tmp_path: Path) -> None:
    # SSI 72 over pillars adding up to 71.6, goal 72: every goal is met, and the advice says so.
    history_db(tmp_path, [snap(T0, (18, 18, 18, 17.6), overall=72)]).close()
    (tmp_path / "goals.toml").write_text("overall = 72\n")
    client: Client = await aiohttp_client(insights_app(tmp_path))
    metrics = (await (await client.get("/v1/summary")).json())["metrics"]
    scores = ("overall", "professional_brand", "find_right_people", "engage_with_insights", "build_relationships")
    assert {key: metrics[key]["status"] for key in scores} == dict.fromkeys(scores, "met")
    advice = await (await client.get("/v1/advice", params={"lang": "en"})).json()
    kinds = [item["kind"] for item in advice["items"]]
    assert "maintenance" in kinds and "gap" not in kinds, kinds


async def test_the_ingest_answer_says_when_the_goals_file_is_not_in_force(
    client: Client, auth: dict[str, str], data_dir: Path
) -> None:
    save_like_an_editor(data_dir / "goals.toml", "overall = 75\n")
    await eventually(lambda: client.app[GOALS].goals.overall == 75)
    save_like_an_editor(data_dir / "goals.toml", "overall = 750\n")
    await eventually(lambda: client.app[GOALS].error is not None)
    doc = snapshot_doc(captured_at=datetime(2026, 11, 21, 9, tzinfo=UTC))
    body = await (await client.post("/v1/snapshots", json=doc, headers=auth)).json()
    assert body["summary"]["metrics"]["overall"]["goal"] == 75  # the last valid goals
    assert body["summary"]["goals_error"]["path"] == "$.overall"
    assert "<= 100" in body["summary"]["goals_error"]["message"]


async def test_ten_years_of_daily_history_give_a_complete_answer(tmp_path: Path) -> None:
    """The ingest path computes both on every POST over long histories (its speed is measured
    by scripts/bench, not asserted here): every delta window and the slope are filled in."""
    start = datetime(2016, 1, 1, 8, tzinfo=UTC)
    history_db(tmp_path, daily(start, 3650, lambda day: (10 + day % 40 * 0.2, 12, 15 - day % 9 * 0.3, 14))).close()
    (tmp_path / "goals.toml").write_text("overall = 75\nby = 2026-12-31\n")
    app = insights_app(tmp_path)
    runner = web.AppRunner(app)
    await runner.setup()  # runs the cleanup contexts: the service and the watcher
    try:
        insights = app[INSIGHTS]
        summary, advice = await insights.summary("me"), await insights.advice("me", "de")
        overall = summary.metrics.overall
        assert overall.delta.previous is not None and overall.delta.d7 is not None and overall.delta.d30 is not None
        assert overall.slope_per_week is not None
        assert summary.latest is not None and summary.latest.captured_at == start + timedelta(days=3649)
        assert advice.lang == "de" and advice.items
    finally:
        await runner.cleanup()

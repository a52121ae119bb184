"""GET and PUT /v1/goals."""

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from conftest import Client
from insight_helpers import T0, history_db, insights_app, snap

from companion.app_keys import GOALS
from companion.goals.loading import read_goals
from shared_schema import Goals, PillarGoals, ProfileGoals


@pytest.fixture
async def client(aiohttp_client: Any, tmp_path: Path) -> Client:
    history_db(tmp_path, [snap(T0, (10, 12, 14, 16))]).close()
    result: Client = await aiohttp_client(insights_app(tmp_path))
    return result


async def test_without_a_file_there_are_no_goals_and_no_error(client: Client) -> None:
    body = await (await client.get("/v1/goals")).json()
    assert body["error"] is None
    assert body["goals"]["overall"] is None and body["goals"]["profiles"] == {}


async def test_put_writes_the_file_keeping_comments_and_returns_the_goals(client: Client, tmp_path: Path) -> None:
    path = tmp_path / "goals.toml"
    path.write_text("# Q1 push\noverall = 60 # was 55\n")
    goals = {
        "overall": 75,
        "by": "2027-03-31",
        "pillars": {"engage_with_insights": 18},
        "profiles": {"work": {"overall": 65}},
    }
    response = await client.put("/v1/goals", json=goals)
    assert response.status == 200
    body = await response.json()
    assert body["error"] is None
    assert body["goals"]["overall"] == 75 and body["goals"]["by"] == "2027-03-31"
    assert body["goals"]["profiles"]["work"]["overall"] == 65
    text = path.read_text()
    assert text.startswith("# Q1 push\noverall = 75 # was 55\n")
    assert read_goals(path) == Goals(
        overall=75,
        by=date(2027, 3, 31),
        pillars=PillarGoals(engage_with_insights=18),
        profiles={"work": ProfileGoals(overall=65)},
    )
    # In force at once: the summary uses them without waiting for the watcher.
    summary = await (await client.get("/v1/summary")).json()
    assert summary["metrics"]["overall"]["goal"] == 75
    assert summary["metrics"]["engage_with_insights"] | {"delta": None} == {
        "value": 14.0,
        "goal": 18.0,
        "goal_derived": False,
        "gap": -4.0,
        "status": "behind",
        "delta": None,
        "slope_per_week": None,
    }
    work = await (await client.get("/v1/summary", params={"profile": "work"})).json()
    assert work["metrics"]["overall"]["goal"] == 65


@pytest.mark.parametrize(
    ("goals", "path"),
    [
        ({"overall": 101}, "$.overall"),
        ({"pillars": {"engage_with_insights": 25.5}}, "$.pillars.engage_with_insights"),
        ({"pillars": {"engagement": 18}}, "$.pillars"),
        ({"by": "31.03.2027"}, "$.by"),
        ({"target": 75}, "$"),
        ({"overall": "75"}, "$.overall"),
        ({"profiles": {"": {}}}, "$.profiles"),  # a bad key: msgspec says "`key` in `$.profiles`"
        ({"profiles": {"a\x07b": {}}}, "$.profiles"),
    ],
)
async def test_an_invalid_goals_object_is_422_naming_the_field(
    client: Client, tmp_path: Path, goals: dict[str, Any], path: str
) -> None:
    response = await client.put("/v1/goals", json=goals)
    assert response.status == 422
    body = await response.json()
    assert body["error"]["path"] == path
    assert " - at " not in body["error"]["message"]  # the path is reported on its own
    assert not (tmp_path / "goals.toml").exists()


async def test_a_body_that_is_not_json_is_400(client: Client) -> None:
    response = await client.put("/v1/goals", data=b"overall = 75", headers={"Content-Type": "application/json"})
    assert response.status == 400
    assert (await response.json())["error"]["code"] == "invalid_json"


async def test_get_reports_an_invalid_file_and_the_goals_still_in_force(client: Client, tmp_path: Path) -> None:
    await client.put("/v1/goals", json={"overall": 70})
    (tmp_path / "goals.toml").write_text("overall = 70\nby = tomorrow\n")
    client.app[GOALS].reload()  # what the watcher does; here without waiting for it
    body = await (await client.get("/v1/goals")).json()
    assert body["goals"]["overall"] == 70
    assert body["error"]["code"] == "invalid_goals_file"
    assert "not valid TOML" in body["error"]["message"] and "line 2" in body["error"]["message"]


async def test_put_over_an_invalid_file_repairs_it(client: Client, tmp_path: Path) -> None:
    (tmp_path / "goals.toml").write_text("# keep\noverall = seventy\n")
    response = await client.put("/v1/goals", json={"overall": 70})
    assert (await response.json())["error"] is None
    assert (tmp_path / "goals.toml").read_text() == "# keep\noverall = 70\n"

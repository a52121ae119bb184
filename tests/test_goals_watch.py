"""Hot reload: editing goals.toml changes the summary within 2 seconds, without a restart."""

import asyncio
import time
from pathlib import Path
from typing import Any

import pytest

from conftest import Client
from insight_helpers import T0, eventually, history_db, insights_app, save_like_an_editor, snap

from companion.app_keys import GOALS
from companion.goals.state import GoalsState
from companion.goals.watcher import watching_goals


@pytest.fixture
async def client(aiohttp_client: Any, tmp_path: Path) -> Client:
    history_db(tmp_path, [snap(T0, (15, 15, 15, 15))]).close()
    (tmp_path / "goals.toml").write_text("# my goals\noverall = 70\n")
    result: Client = await aiohttp_client(insights_app(tmp_path))
    return result


async def _overall_goal(client: Client) -> float | None:
    body = await (await client.get("/v1/summary")).json()
    goal: float | None = body["metrics"]["overall"]["goal"]
    return goal


async def test_an_editors_atomic_save_changes_the_summary_within_2_seconds(client: Client, tmp_path: Path) -> None:
    assert await _overall_goal(client) == 70
    state = client.app[GOALS]
    started = time.monotonic()
    save_like_an_editor(tmp_path / "goals.toml", "# my goals\noverall = 80\n")
    await eventually(lambda: state.goals.overall == 80, timeout=2.0)
    assert await _overall_goal(client) == 80
    assert time.monotonic() - started < 2.0


async def test_writing_the_file_in_place_is_picked_up_too(client: Client, tmp_path: Path) -> None:
    (tmp_path / "goals.toml").write_text("overall = 65\n[pillars]\nengage_with_insights = 20\n")
    await eventually(lambda: client.app[GOALS].goals.overall == 65)
    body = await (await client.get("/v1/summary")).json()
    assert body["metrics"]["engage_with_insights"]["goal"] == 20
    assert body["metrics"]["engage_with_insights"]["goal_derived"] is False


async def test_an_invalid_edit_keeps_the_goals_and_is_reported_until_fixed(
    client: Client, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    state = client.app[GOALS]
    save_like_an_editor(tmp_path / "goals.toml", "overall = 70\n[pillars]\nengagement = 18\n")
    await eventually(lambda: state.error is not None)

    goals = await (await client.get("/v1/goals")).json()
    assert goals["goals"]["overall"] == 70
    assert goals["error"]["path"] == "$.pillars"
    assert "engagement" in goals["error"]["message"]
    assert await _overall_goal(client) == 70
    assert any("engagement" in r.getMessage() for r in caplog.records if r.name == "companion.goals")
    # The summary says so too: the popup shows it, where the unchanged goals would hide it.
    summary = await (await client.get("/v1/summary")).json()
    assert summary["goals_error"] == goals["error"]

    save_like_an_editor(tmp_path / "goals.toml", "overall = 71\n")
    await eventually(lambda: state.error is None)
    assert (await (await client.get("/v1/summary")).json())["goals_error"] is None
    assert (await (await client.get("/v1/goals")).json()) == {
        "goals": {"overall": 71.0, "by": None, "pillars": _no_pillars(), "profiles": {}},
        "error": None,
    }


async def test_other_files_in_the_data_directory_do_not_trigger_a_reload(
    aiohttp_client: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Counted, not inferred from the goals: reading an unchanged goals.toml changes nothing,
    # so a watcher that reloaded on every file would look the same from outside.
    reloads: list[Path] = []
    read = GoalsState.reload

    def counting(state: GoalsState) -> bool:
        reloads.append(state.path)
        return read(state)

    monkeypatch.setattr(GoalsState, "reload", counting)
    (tmp_path / "goals.toml").write_text("overall = 70\n")
    client: Client = await aiohttp_client(insights_app(tmp_path))
    await asyncio.sleep(0.5)  # the watcher is up, and its first look is done
    before = len(reloads)
    (tmp_path / "goals.toml.bak").write_text("overall = 10\n")
    (tmp_path / "notes.txt").write_text("x")
    await asyncio.sleep(1.0)
    assert len(reloads) == before
    assert client.app[GOALS].goals.overall == 70
    # The same watcher does reload for goals.toml itself.
    save_like_an_editor(tmp_path / "goals.toml", "overall = 71\n")
    await eventually(lambda: len(reloads) > before)


async def test_the_watcher_stops_with_the_app(aiohttp_client: Any, tmp_path: Path) -> None:
    app = insights_app(tmp_path)
    client: Client = await aiohttp_client(app)
    watchers = [task for task in asyncio.all_tasks() if task.get_name() == "goals-watcher"]
    assert len(watchers) == 1
    await client.close()
    assert watchers[0].done()


async def test_the_watcher_costs_no_cpu_while_idle(tmp_path: Path) -> None:
    state = GoalsState(tmp_path / "goals.toml")
    async with watching_goals(state):
        await asyncio.sleep(0.3)  # past start-up
        cpu = time.process_time()
        await asyncio.sleep(2.0)
        used = time.process_time() - cpu
    # A polling watcher would burn far more; this one wakes 4 times a second for microseconds.
    assert used < 0.05


async def test_an_edit_right_after_start_is_not_missed(tmp_path: Path) -> None:
    state = GoalsState(tmp_path / "goals.toml")
    async with watching_goals(state):
        save_like_an_editor(tmp_path / "goals.toml", "overall = 66\n")
        await eventually(lambda: state.goals.overall == 66)


def _no_pillars() -> dict[str, None]:
    return {
        "professional_brand": None,
        "find_right_people": None,
        "engage_with_insights": None,
        "build_relationships": None,
    }

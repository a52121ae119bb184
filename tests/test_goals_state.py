"""The goals in force: reloads, invalid edits that keep the last valid goals, and saving."""

import logging
from pathlib import Path

import pytest

from companion.goals.state import GoalsState
from shared_schema import Goals, PillarGoals


def test_the_file_is_read_at_start(tmp_path: Path) -> None:
    (tmp_path / "goals.toml").write_text("overall = 75\n")
    state = GoalsState(tmp_path / "goals.toml")
    assert state.goals == Goals(overall=75)
    assert state.error is None


def test_an_invalid_edit_keeps_the_last_valid_goals_and_reports_the_error_once(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "goals.toml"
    path.write_text("overall = 75\n")
    state = GoalsState(path)
    version = state.version

    path.write_text("overall = 175\n")
    with caplog.at_level(logging.WARNING, logger="companion.goals"):
        assert state.reload() is True
        assert state.reload() is False  # the same error again: nothing new to say

    assert state.goals == Goals(overall=75)
    assert state.error is not None
    assert state.error.path == "$.overall"
    assert state.version == version + 1
    warnings = [record for record in caplog.records if record.levelno == logging.WARNING]
    assert len(warnings) == 1
    assert "<= 100" in warnings[0].getMessage() and "previous goals stay in force" in warnings[0].getMessage()


def test_fixing_the_file_clears_the_error(tmp_path: Path) -> None:
    path = tmp_path / "goals.toml"
    path.write_text("overall = \n")
    state = GoalsState(path)
    assert state.goals == Goals() and state.error is not None
    path.write_text("overall = 70\n")
    assert state.reload() is True
    assert state.goals == Goals(overall=70)
    assert state.error is None


def test_an_unchanged_file_is_not_a_change(tmp_path: Path) -> None:
    path = tmp_path / "goals.toml"
    path.write_text("overall = 70\n")
    state = GoalsState(path)
    version = state.version
    path.write_text("overall = 70  # same value, new comment\n")
    assert state.reload() is False
    assert state.version == version


def test_deleting_the_file_means_no_goals(tmp_path: Path) -> None:
    path = tmp_path / "goals.toml"
    path.write_text("overall = 70\n")
    state = GoalsState(path)
    path.unlink()
    assert state.reload() is True
    assert state.goals == Goals()


async def test_saving_writes_the_file_and_puts_the_goals_in_force_at_once(tmp_path: Path) -> None:
    path = tmp_path / "goals.toml"
    path.write_text("# mine\noverall = \n")  # invalid on disk
    state = GoalsState(path)
    goals = Goals(overall=72, pillars=PillarGoals(find_right_people=20))
    await state.save(goals)
    assert state.goals == goals
    assert state.error is None
    assert path.read_text().startswith("# mine\n")
    assert GoalsState(path).goals == goals


def test_per_profile_targets_come_from_the_goals_in_force(tmp_path: Path) -> None:
    path = tmp_path / "goals.toml"
    path.write_text("overall = 70\n[profiles.work]\noverall = 55\n")
    state = GoalsState(path)
    assert state.targets("work").overall == 55
    assert state.targets("me").overall == 70

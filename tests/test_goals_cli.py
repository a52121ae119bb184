"""`ssi-companion goals`: showing and editing the goals file from the command line."""

import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from insight_helpers import T0, history_db, snap

from companion.cli import main
from companion.goals.loading import read_goals
from shared_schema import Goals, PillarGoals, ProfileGoals


def goals_cli(data_dir: Path, *flags: str) -> int:
    return main(["goals", "--data-dir", str(data_dir), *flags])


def test_without_flags_it_shows_that_nothing_is_set(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert goals_cli(tmp_path) == 0
    out = capsys.readouterr().out
    assert "overall: not set\n" in out and "engage_with_insights: not set\n" in out
    assert not (tmp_path / "goals.toml").exists()


def test_setting_goals_writes_the_file_and_shows_derived_pillar_goals(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    history_db(tmp_path, [snap(T0, (10, 15, 20, 25))]).close()
    code = goals_cli(tmp_path, "--overall", "85", "--by", "2027-03-31", "--pillar", "engage_with_insights=22.5")
    assert code == 0
    assert read_goals(tmp_path / "goals.toml") == Goals(
        overall=85, by=date(2027, 3, 31), pillars=PillarGoals(engage_with_insights=22.5)
    )
    lines = capsys.readouterr().out.splitlines()
    assert "overall: 85" in lines and "by: 2027-03-31" in lines
    assert "engage_with_insights: 22.5" in lines
    # 85 - 22.5 - 50 = 12.5 missing over headroom 15, 10, 0: 7.5 and 5 more.
    assert "professional_brand: 17.5 (derived from overall)" in lines
    assert "find_right_people: 20 (derived from overall)" in lines
    assert "build_relationships: 25 (derived from overall)" in lines


def test_editing_keeps_the_users_comments(tmp_path: Path) -> None:
    path = tmp_path / "goals.toml"
    path.write_text("# set with my manager\noverall = 70  # Q1\n[pillars]\nfind_right_people = 18\n")
    assert goals_cli(tmp_path, "--overall", "72", "--pillar", "find_right_people=none") == 0
    assert path.read_text() == "# set with my manager\noverall = 72  # Q1\n"


def test_profile_goals_are_set_shown_and_cleared_on_their_own(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    goals_cli(tmp_path, "--overall", "75")
    assert goals_cli(tmp_path, "--profile", "work", "--overall", "60") == 0
    assert read_goals(tmp_path / "goals.toml").profiles == {"work": ProfileGoals(overall=60)}
    capsys.readouterr()
    assert goals_cli(tmp_path, "--profile", "work") == 0
    assert "overall: 60\n" in capsys.readouterr().out
    assert goals_cli(tmp_path, "--profile", "work", "--clear") == 0
    assert read_goals(tmp_path / "goals.toml") == Goals(overall=75)


def test_clear_removes_every_goal(tmp_path: Path) -> None:
    goals_cli(tmp_path, "--overall", "75", "--profile", "work")
    goals_cli(tmp_path, "--overall", "70")
    assert goals_cli(tmp_path, "--clear") == 0
    assert read_goals(tmp_path / "goals.toml") == Goals()


@pytest.mark.parametrize(
    ("flags", "words"),
    [
        (["--overall", "120"], "--overall must be between 0 and 100"),
        (["--overall", "lots"], "--overall takes a number"),
        (["--pillar", "engage_with_insights:18"], "--pillar takes KEY=N"),
        (["--pillar", "engagement=18"], "unknown pillar 'engagement'"),
        (["--pillar", "build_relationships=26"], "between 0 and 25"),
        (["--by", "31.03.2027"], "--by takes a date as YYYY-MM-DD"),
        (["--by", "2027-02-30"], "--by takes a date"),
        (["--profile", "bad\tname", "--overall", "50"], "--profile must be"),
    ],
)
def test_bad_usage_exits_2_with_one_line_saying_what_to_do(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], flags: list[str], words: str
) -> None:
    assert goals_cli(tmp_path, *flags) == 2
    err = capsys.readouterr().err
    assert words in err
    assert err.count("\n") == 1 and err.startswith("ssi-companion goals: ")
    assert not (tmp_path / "goals.toml").exists()


def test_an_invalid_file_fails_with_1_and_is_left_alone(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "goals.toml"
    path.write_text("overall = 170\n")
    assert goals_cli(tmp_path) == 1
    assert "<= 100.0 (at $.overall); fix the file" in capsys.readouterr().err
    assert goals_cli(tmp_path, "--by", "2027-01-01") == 1
    assert "--clear" in capsys.readouterr().err
    assert path.read_text() == "overall = 170\n"
    assert goals_cli(tmp_path, "--clear", "--overall", "70") == 0
    assert read_goals(path) == Goals(overall=70)


def test_the_installed_command_runs_goals(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "companion", "goals", "--data-dir", str(tmp_path), "--overall", "64"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "overall: 64" in result.stdout
    assert read_goals(tmp_path / "goals.toml") == Goals(overall=64)

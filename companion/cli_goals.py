"""`ssi-companion goals`: show the goals in force, or edit goals.toml.

    ssi-companion goals                                   show them (with derived pillar goals)
    ssi-companion goals --overall 75 --by 2027-03-31      set the overall goal and its date
    ssi-companion goals --pillar engage_with_insights=18  set one pillar's goal
    ssi-companion goals --profile work --overall 60       set it for one profile only
    ssi-companion goals --pillar engage_with_insights=none --by none    remove single values
    ssi-companion goals --clear                           remove every goal (of --profile: its table)

The file is rewritten atomically with the user's comments kept; a running companion picks the
change up by itself. Exit status 0 on success, 2 on bad usage, 1 on any other failure.
"""

import argparse
import enum
import sqlite3
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Final, TypeVar

import msgspec

from companion.goals.loading import GoalsFileError, goals_path, read_goals
from companion.goals.saving import save_goals
from companion.goals.targets import pillar_targets, targets_for
from companion.query_params import DEFAULT_PROFILE
from companion.settings import resolve_data_dir
from companion.storage.database import connect, database_path
from companion.storage.snapshot_queries import latest_snapshot
from shared_schema import PILLAR_KEYS, Goals, ProfileGoals, Snapshot
from shared_schema.snapshot import ProfileName

T = TypeVar("T")
PROG: Final = "ssi-companion goals"
UNSET: Final = "none"


class UsageError(Exception):
    """A flag with a value that cannot be a goal (exit status 2)."""


class Remove(enum.Enum):
    """A flag given as 'none': remove that goal."""

    REMOVE = UNSET


REMOVE: Final = Remove.REMOVE


@dataclass(frozen=True, slots=True)
class GoalEdits:
    """What the flags ask for; `None` leaves a value as it is."""

    overall: float | Remove | None
    by: date | Remove | None
    pillars: dict[str, float | Remove]
    clear: bool

    def is_empty(self) -> bool:
        return self.overall is None and self.by is None and not self.pillars and not self.clear


def add_goals_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Add the `goals` command to the CLI's subparsers; `run_goals` handles it."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "goals",
        allow_abbrev=False,
        help="show or edit the goals file",
        description="Show the goals in force, or edit goals.toml (comments are kept). "
        f"Give '{UNSET}' as a value to remove that goal.",
    )
    parser.add_argument("--overall", metavar="N", help="overall goal, 0 to 100")
    parser.add_argument(
        "--pillar",
        action="append",
        default=[],
        metavar="KEY=N",
        help=f"a pillar's goal, 0 to 25; KEY is one of {', '.join(PILLAR_KEYS)}; repeatable",
    )
    parser.add_argument("--by", metavar="YYYY-MM-DD", help="target date")
    parser.add_argument(
        "--profile", metavar="P", help=f"edit or show the goals of this profile (default: {DEFAULT_PROFILE})"
    )
    parser.add_argument("--clear", action="store_true", help="remove all goals (with --profile: that profile's own)")
    parser.set_defaults(run=run_goals)
    return parser


def run_goals(args: argparse.Namespace) -> int:
    try:
        profile = _profile(args.profile)
        edits = parse_edits(args.overall, args.pillar, args.by, args.clear)
    except UsageError as error:
        return _fail(str(error), 2)
    path = goals_path(resolve_data_dir(args.data_dir))
    try:
        goals = Goals() if edits.clear and args.profile is None else read_goals(path)
    except GoalsFileError as error:
        hint = "fix the file" if edits.is_empty() else f"fix the file, or start over with `{PROG} --clear`"
        return _fail(f"{error.detail.message}{_at(error.detail.path)}; {hint}", 1)
    if not edits.is_empty():
        goals = apply_edits(goals, edits, args.profile)
        try:
            save_goals(path, goals)
        except OSError as error:
            return _fail(f"cannot write {path}: {error.strerror}; check the data directory's permissions", 1)
    for key, value in goal_lines(goals, profile, path, _latest(path.parent, profile)):
        print(f"{key}: {value}")
    return 0


def parse_edits(overall: str | None, pillars: list[str], by: str | None, clear: bool) -> GoalEdits:
    """Check every flag's value; raise UsageError naming the flag and what it accepts."""
    parsed_pillars: dict[str, float | Remove] = {}
    for item in pillars:
        key, equals, raw = item.partition("=")
        key = key.strip()
        if not equals:
            raise UsageError(f"--pillar takes KEY=N (e.g. engage_with_insights=18), not {item!r}")
        if key not in PILLAR_KEYS:
            raise UsageError(f"unknown pillar {key!r} in --pillar; use one of {', '.join(PILLAR_KEYS)}")
        parsed_pillars[key] = _number_or_remove(raw, f"--pillar {key}", 25)
    return GoalEdits(
        overall=None if overall is None else _number_or_remove(overall, "--overall", 100),
        by=None if by is None else _date_or_remove(by),
        pillars=parsed_pillars,
        clear=clear,
    )


def apply_edits(goals: Goals, edits: GoalEdits, profile: str | None) -> Goals:
    """The goals after the edits, at the top level or in `profile`'s table."""
    if profile is None:
        scope = (
            ProfileGoals() if edits.clear else ProfileGoals(overall=goals.overall, by=goals.by, pillars=goals.pillars)
        )
    else:
        scope = ProfileGoals() if edits.clear else goals.profiles.get(profile, ProfileGoals())
    pillars = msgspec.structs.replace(scope.pillars, **{key: _kept(value) for key, value in edits.pillars.items()})
    scope = ProfileGoals(
        overall=scope.overall if edits.overall is None else _kept(edits.overall),
        by=scope.by if edits.by is None else _kept(edits.by),
        pillars=pillars,
    )
    if profile is None:
        profiles = {} if edits.clear else goals.profiles
        return Goals(overall=scope.overall, by=scope.by, pillars=scope.pillars, profiles=profiles)
    profiles = dict(goals.profiles)
    if edits.clear and edits.overall is None and edits.by is None and not edits.pillars:
        profiles.pop(profile, None)
    else:
        profiles[profile] = scope
    return msgspec.structs.replace(goals, profiles=profiles)


def goal_lines(goals: Goals, profile: str, path: Path, latest: Snapshot | None) -> list[tuple[str, str]]:
    """`key: value` lines of the goals in force for `profile`, derived pillar goals marked."""
    targets = targets_for(goals, profile)
    pillars = pillar_targets(targets, latest.pillars if latest else None, latest.overall if latest else None)
    lines = [
        ("file", str(path) if path.exists() else f"{path} (not created yet)"),
        ("profile", profile),
        ("overall", _show(targets.overall)),
        ("by", targets.by.isoformat() if targets.by else "not set"),
    ]
    for key in PILLAR_KEYS:
        target = pillars.get(key)
        shown = _show(target.goal if target else None)
        lines.append((key, f"{shown} (derived from overall)" if target and target.derived else shown))
    if goals.profiles:
        lines.append(("profiles", ", ".join(sorted(goals.profiles))))
    return lines


def _latest(data_dir: Path, profile: str) -> Snapshot | None:
    """The latest snapshot, whose values derived goals depend on; None without a history."""
    database = database_path(data_dir)
    if not database.exists():
        return None
    try:
        conn = connect(database)
        try:
            snapshot = latest_snapshot(conn, profile)
        finally:
            conn.close()
    except sqlite3.Error:
        # Goals can still be shown; derived ones then assume an empty profile.
        return None
    return snapshot


def _number_or_remove(raw: str, flag: str, maximum: int) -> float | Remove:
    raw = raw.strip()
    if raw.lower() == UNSET:
        return REMOVE
    try:
        value = float(raw)
    except ValueError:
        raise UsageError(f"{flag} takes a number from 0 to {maximum} or '{UNSET}', not {raw!r}") from None
    if not 0 <= value <= maximum:
        raise UsageError(f"{flag} must be between 0 and {maximum}, not {raw}")
    return value


def _date_or_remove(raw: str) -> date | Remove:
    raw = raw.strip()
    if raw.lower() == UNSET:
        return REMOVE
    try:
        # fromisoformat also takes forms like 20270331; the file and the docs use YYYY-MM-DD.
        if len(raw) == 10:
            return date.fromisoformat(raw)
    except ValueError:
        pass
    raise UsageError(f"--by takes a date as YYYY-MM-DD or '{UNSET}', not {raw!r}")


def _profile(raw: str | None) -> str:
    if raw is None:
        return DEFAULT_PROFILE
    try:
        return msgspec.convert(raw, ProfileName)
    except msgspec.ValidationError:
        raise UsageError("--profile must be 1 to 64 printable characters") from None


def _kept(value: T | Remove) -> T | None:
    return None if value is REMOVE else value


def _show(value: float | None) -> str:
    return "not set" if value is None else f"{value:g}"


def _at(path: str | None) -> str:
    return f" (at {path})" if path else ""


def _fail(message: str, code: int) -> int:
    print(f"{PROG}: {message}", file=sys.stderr)
    return code

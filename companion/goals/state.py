"""The goals in force while the companion runs, and what is wrong with the file if anything.

One GoalsState is stored in the app at start-up and mutated in place (aiohttp deprecates
reassigning app keys after start-up). Everything runs on the event loop except the file write,
which goes to a thread because of its fsyncs.
"""

import asyncio
import logging
from pathlib import Path

import msgspec

from companion.goals.loading import GoalsFileError, read_goals
from companion.goals.saving import save_goals
from companion.goals.targets import ProfileTargets, targets_for
from shared_schema import ErrorDetail, Goals

logger = logging.getLogger("companion.goals")


class GoalsState:
    """Holds the last valid goals, the current file error, and a version that counts changes."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._goals = Goals()
        self._error: ErrorDetail | None = None
        self._version = 0
        self._write_lock = asyncio.Lock()
        self.reload()

    @property
    def goals(self) -> Goals:
        return self._goals

    @property
    def error(self) -> ErrorDetail | None:
        """Why the file on disk is not in force, or None when it is."""
        return self._error

    @property
    def version(self) -> int:
        """Increases whenever the goals in force or the error change."""
        return self._version

    def targets(self, profile: str) -> ProfileTargets:
        return targets_for(self._goals, profile)

    def reload(self) -> bool:
        """Read the file again. An invalid file keeps the last valid goals in force.

        Reading a file of a few hundred bytes is cheaper than a hop to a thread, so this runs
        on the loop. Returns whether anything changed.
        """
        try:
            goals = read_goals(self.path)
        except GoalsFileError as error:
            if error.detail == self._error:
                return False
            self._error = error.detail
            self._version += 1
            where = f" (at {error.detail.path})" if error.detail.path else ""
            logger.warning("%s%s; the previous goals stay in force", error.detail.message, where)
            return True
        return self._apply(goals)

    async def save(self, goals: Goals) -> None:
        """Write `goals` to the file (keeping the user's comments) and put them in force now,
        without waiting for the watcher to notice the change."""
        async with self._write_lock:
            await asyncio.to_thread(save_goals, self.path, goals)
            self._apply(goals)

    def _apply(self, goals: Goals) -> bool:
        if goals == self._goals and self._error is None:
            return False
        self._goals = goals
        self._error = None
        self._version += 1
        logger.info("goals in force: %s", _describe(goals))
        return True


def _describe(goals: Goals) -> str:
    """One short line for the log, e.g. "overall 75, by 2027-03-31, 1 pillar target"."""
    if goals == Goals():
        return "none set"
    parts = [f"overall {goals.overall:g}" if goals.overall is not None else "no overall target"]
    if goals.by is not None:
        parts.append(f"by {goals.by.isoformat()}")
    pillars = sum(value is not None for value in msgspec.structs.astuple(goals.pillars))
    if pillars:
        parts.append(f"{pillars} pillar target(s)")
    if goals.profiles:
        parts.append(f"{len(goals.profiles)} profile override(s)")
    return ", ".join(parts)

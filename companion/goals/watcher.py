"""Hot reload: watch the data directory and reload goals.toml when it changes.

The directory is watched, not the file: editors save atomically (write a temp file, rename it
over the old one), which replaces the inode a file watch would be attached to. A filter keeps
only events for goals.toml itself, so database writes and temp files are ignored.
"""

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Final

from watchfiles import Change, awatch

from companion.goals.state import GoalsState

logger = logging.getLogger("companion.goals")

# watchfiles' notify thread sleeps `step` ms between checks for events and for the stop event,
# so this is the idle cost (4 wake-ups a second, each a few microseconds) and, twice over, the
# latency after a save (well inside the 2 s promised). `debounce` caps how long a burst of
# events (an editor's temp file, rename, chmod) is gathered into one reload.
WATCH_STEP_MS: Final = 250
WATCH_DEBOUNCE_MS: Final = 1_000


def only_named(name: str) -> Callable[[Change, str], bool]:
    """A watch filter that keeps events for files called `name` (after a rename, too)."""

    def keep(_change: Change, path: str) -> bool:
        return Path(path).name == name

    return keep


async def watch_goals(state: GoalsState, stop: asyncio.Event) -> None:
    """Reload `state` on every change to its file until `stop` is set."""
    changes = awatch(
        state.path.parent,
        watch_filter=only_named(state.path.name),
        stop_event=stop,
        step=WATCH_STEP_MS,
        debounce=WATCH_DEBOUNCE_MS,
        recursive=False,
    )
    try:
        async for _ in changes:
            state.reload()
    except Exception:
        # Losing hot reload must not take the companion down; the goals in force stay.
        logger.exception("stopped watching %s; restart the companion to pick up edits", state.path)


@contextlib.asynccontextmanager
async def watching_goals(state: GoalsState) -> AsyncIterator[None]:
    """Runs the watcher while the `async with` block runs; stops it (promptly) on exit."""
    state.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    stop = asyncio.Event()
    task = asyncio.create_task(watch_goals(state, stop), name="goals-watcher")
    # One turn of the loop lets awatch register its watch (it does so before its first await);
    # reading the file again afterwards catches an edit made before the watch existed.
    await asyncio.sleep(0)
    state.reload()
    try:
        yield
    finally:
        stop.set()
        await task

"""Hot reload: watch the data directory and reload goals.toml when it changes.

The directory is watched, not the file: editors save atomically (write a temp file, rename it
over the old one), which replaces the inode a file watch would be attached to. A filter keeps
only events for goals.toml itself, so database writes and temp files are ignored.

watchfiles' synchronous `watch()` runs in a worker thread and hands each change to the event
loop. (Its `awatch()` does the same through anyio's thread machinery, which would cost the
companion about 1.5 MB of memory and 30 ms of start-up for nothing it needs.)
"""

import asyncio
import contextlib
import functools
import logging
import threading
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import TYPE_CHECKING, Final

from companion.goals.state import GoalsState

if TYPE_CHECKING:
    from watchfiles import Change

logger = logging.getLogger("companion.goals")

# watchfiles' notify thread sleeps `step` ms between checks for events and for the stop event,
# so this is the idle cost (4 wake-ups a second, each a few microseconds) and, twice over, the
# latency after a save (well inside the 2 s promised). `debounce` caps how long a burst of
# events (an editor's temp file, rename, chmod) is gathered into one reload.
WATCH_STEP_MS: Final = 250
WATCH_DEBOUNCE_MS: Final = 1_000
# Watching starts this long after start-up: importing watchfiles and registering the watch take
# tens of milliseconds that the server's first answers should not wait for.
WATCH_START_DELAY_S: Final = 0.1


def only_named(name: str) -> Callable[["Change", str], bool]:
    """A watch filter that keeps events for files called `name` (after a rename, too)."""

    def keep(_change: "Change", path: str) -> bool:
        return Path(path).name == name

    return keep


class _StopSignal:
    """The watch's `stop_event`. watchfiles asks `is_set()` after every step, the first time
    once its watch is registered: `on_first_check` then reads the file again, so an edit made
    before the watch existed is not missed."""

    def __init__(self, stopped: threading.Event, on_first_check: Callable[[], object]) -> None:
        self._stopped = stopped
        self._on_first_check: Callable[[], object] | None = on_first_check

    def is_set(self) -> bool:
        if self._on_first_check is not None:
            on_first_check, self._on_first_check = self._on_first_check, None
            on_first_check()
        return self._stopped.is_set()


def _watch(directory: Path, name: str, stop: _StopSignal, on_change: Callable[[], object]) -> None:
    """In a worker thread: call `on_change` for every change to `name` until `stop` is set."""
    from watchfiles import watch

    changes = watch(
        directory,
        watch_filter=only_named(name),
        stop_event=stop,
        step=WATCH_STEP_MS,
        debounce=WATCH_DEBOUNCE_MS,
        rust_timeout=0,  # no periodic time-outs: only changes and the stop check wake it
        recursive=False,
    )
    for _ in changes:
        on_change()


async def watch_goals(state: GoalsState, stopped: threading.Event) -> None:
    """Reload `state` on every change to its file until `stopped` is set."""
    await asyncio.sleep(WATCH_START_DELAY_S)
    if stopped.is_set():
        return
    reload = functools.partial(asyncio.get_running_loop().call_soon_threadsafe, state.reload)
    try:
        await asyncio.to_thread(_watch, state.path.parent, state.path.name, _StopSignal(stopped, reload), reload)
    except Exception:
        # Losing hot reload must not take the companion down; the goals in force stay.
        logger.exception("stopped watching %s; restart the companion to pick up edits", state.path)


@contextlib.asynccontextmanager
async def watching_goals(state: GoalsState) -> AsyncIterator[None]:
    """Runs the watcher while the `async with` block runs; stops it (promptly) on exit."""
    state.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    stopped = threading.Event()
    task = asyncio.create_task(watch_goals(state, stopped), name="goals-watcher")
    try:
        yield
    finally:
        stopped.set()
        await task

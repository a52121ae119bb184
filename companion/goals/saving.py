"""Writing goals.toml atomically: readers (the watcher, an editor) see the old file or the new
one, never half of it, and a crash leaves one of the two on disk."""

import contextlib
import os
import tempfile
from pathlib import Path

from companion.goals.toml_edit import render_goals
from shared_schema import Goals


def save_goals(path: Path, goals: Goals) -> str:
    """Write `goals` into `path`, keeping the user's comments where possible; return the text."""
    try:
        # Without a byte-order mark a Windows editor may have added (the file is saved without).
        previous: str | None = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        previous = None
    except UnicodeDecodeError:
        # Not text at all: nothing worth keeping.
        previous = None
    text = render_goals(goals, previous)
    write_atomically(path, text.encode("utf-8"))
    return text


def write_atomically(path: Path, content: bytes) -> None:
    """Temp file in the same directory, fsync, rename over the target, fsync the directory."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    try:
        mode = path.stat().st_mode & 0o777
    except FileNotFoundError:
        mode = 0o600
    # The temp name does not end in goals.toml, so the watcher ignores it until the rename.
    fd, temp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as file:
            file.write(content)
            file.flush()
            os.fsync(file.fileno())
        os.chmod(temp_name, mode)
        os.replace(temp_name, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp_name)
        raise
    _fsync_directory(path.parent)


def _fsync_directory(directory: Path) -> None:
    # Makes the rename itself durable; not possible (nor needed) on Windows.
    if os.name != "posix":
        return
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)

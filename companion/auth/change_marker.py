"""A small file next to the database that says "the clients table changed".

Every change to the clients table is followed by `mark_changed`, which writes new bytes into
the file. A running companion keeps the file mapped into memory and compares its bytes before
each answer (ChangeMarker.state: a memory read, no system call), re-reading the table when they
differ, so a token revoked by another process (`ssi-companion token --rotate`) is refused on
the very next request.

Cheaper-looking checks were measured and are slower: PRAGMA data_version sees the companion's
own snapshot commits as changes too, and it and os.stat() each release the GIL once per
request, which under 16 concurrent clients hands the event loop's turn to the writer thread
and lowered the ingest rate by about a quarter.
"""

import mmap
import os
from pathlib import Path
from typing import Final

CHANGE_MARKER: Final = "clients.changed"
MARKER_SIZE: Final = 8


def change_marker(database: Path) -> Path:
    """The marker of the clients table in `database`."""
    return database.with_name(CHANGE_MARKER)


def _open_marker(path: Path) -> int:
    """The marker open for writing, created (private to the user) if missing, never truncated."""
    return os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_BINARY", 0), 0o600)


def mark_changed(path: Path) -> None:
    """Tell running companions the clients table changed: call after committing the change.

    Written in place, so that the file a companion has mapped is the one that changes.
    """
    fd = _open_marker(path)
    try:
        os.write(fd, os.urandom(MARKER_SIZE))  # at offset 0: the file was just opened
    finally:
        os.close(fd)


class ChangeMarker:
    """The marker, mapped into memory for reading."""

    def __init__(self, path: Path) -> None:
        fd = _open_marker(path)
        try:
            size = os.fstat(fd).st_size
            if size < MARKER_SIZE:  # new: nothing marked it yet
                os.lseek(fd, size, os.SEEK_SET)
                os.write(fd, bytes(MARKER_SIZE - size))
            self._map = mmap.mmap(fd, MARKER_SIZE, access=mmap.ACCESS_READ)
        finally:
            os.close(fd)  # the mapping keeps the file

    def state(self) -> bytes:
        return self._map[:MARKER_SIZE]

    def close(self) -> None:
        self._map.close()

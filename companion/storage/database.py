"""Opening the history database with the durability settings the product promises."""

import os
import sqlite3
from pathlib import Path
from typing import Final

from companion.storage.migrations import migrate

DATABASE_FILENAME: Final = "history.sqlite3"
# How long a write waits for another process's write lock (an import holds it for its whole
# file). Shorter than the extension's 10 s request timeout, so that it hears the 503 that says
# why and when to retry, rather than giving up on a companion it then calls unreachable.
BUSY_TIMEOUT_MS: Final = 5_000


def is_locked(error: sqlite3.Error) -> bool:
    """Another connection kept the write lock for longer than BUSY_TIMEOUT_MS (an import of a
    large file holds it for its whole transaction)."""
    # The extended codes (SQLITE_BUSY_RECOVERY, ...) keep SQLITE_BUSY in their low byte. Errors
    # the sqlite3 module raises itself (a closed connection, say) have no code at all.
    code: int | None = getattr(error, "sqlite_errorcode", None)
    return code is not None and code & 0xFF == sqlite3.SQLITE_BUSY


def database_path(data_dir: Path) -> Path:
    return data_dir / DATABASE_FILENAME


def connect(path: Path) -> sqlite3.Connection:
    """A connection in autocommit mode (transactions are explicit), WAL and fsync on commit.

    `check_same_thread=False` because the reader pool opens connections in worker threads and
    closes them from the main thread at shutdown; each connection is still used by one thread
    at a time.
    """
    conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS:d}")
    conn.execute("PRAGMA journal_mode = WAL")
    # FULL: a commit is on disk before we answer 2xx, even across power loss.
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


def open_database(data_dir: Path) -> sqlite3.Connection:
    """Create the data directory and database if needed, and migrate to the current schema."""
    data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    path = database_path(data_dir)
    if not path.exists():
        # Create it private to the user before SQLite opens it.
        os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
    conn = connect(path)
    try:
        migrate(conn)
    except BaseException:
        conn.close()
        raise
    return conn

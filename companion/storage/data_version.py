"""Whether anything was committed to the history since the last look, answered on the event
loop without a thread hop.

`PRAGMA data_version` on a connection of its own changes whenever any other connection
commits: the writer thread, a pairing, the CLI's `import` in another process. It reads the WAL
index in shared memory (a few microseconds, no disk I/O), so caches of derived answers can be
checked on every request.
"""

import sqlite3
from pathlib import Path

from companion.storage.database import connect


def data_version(conn: sqlite3.Connection) -> int:
    """`conn`'s PRAGMA data_version: changes when another connection commits."""
    return int(conn.execute("PRAGMA data_version").fetchone()[0])


class DataVersion:
    def __init__(self, database: Path) -> None:
        self._conn = connect(database)

    def current(self) -> int:
        return data_version(self._conn)

    def close(self) -> None:
        self._conn.close()

"""One explicit write transaction, for the connections in autocommit mode (database.connect)."""

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def write_transaction(conn: sqlite3.Connection) -> Iterator[None]:
    """`BEGIN IMMEDIATE` (the write lock up front, so a busy database fails here and not halfway),
    then `COMMIT`; on any exception, Ctrl-C included, nothing of it is kept.

    A failed `COMMIT` is rolled back too. SQLite may already have rolled back by itself (after a
    full disk, say): rolling back again would raise "no transaction is active" and hide the
    error that says what went wrong, so it is only done while a transaction is open.
    """
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise

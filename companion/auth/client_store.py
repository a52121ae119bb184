"""The `clients` table: paired extensions and the script token, by token digest only.

Whoever commits a change to the table then calls change_marker.mark_changed, so that a running
companion re-reads it.
"""

import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from companion.auth.change_marker import change_marker, mark_changed

ClientKind = Literal["extension", "script"]


@dataclass(frozen=True, slots=True)
class Client:
    id: int
    kind: ClientKind
    origin: str | None
    label: str
    token_sha256: bytes


def mark_table_changed(conn: sqlite3.Connection) -> None:
    """change_marker.mark_changed for the database `conn` is connected to."""
    mark_changed(change_marker(Path(conn.execute("PRAGMA database_list").fetchone()[2])))


def load_clients(conn: sqlite3.Connection) -> list[Client]:
    rows = conn.execute("SELECT id, kind, origin, label, token_sha256 FROM clients ORDER BY id")
    return [Client(*row) for row in rows.fetchall()]


def add_extension(conn: sqlite3.Connection, origin: str, label: str, digest: bytes) -> None:
    # An origin's earlier tokens stay: one unpacked extension folder loaded in two browsers or
    # profiles has one origin, and each of them pairs for a token of its own.
    conn.execute(
        "INSERT INTO clients (kind, origin, label, token_sha256, created_at_us) "
        "VALUES ('extension', ?, ?, ?, ?)",
        (origin, label, digest, time.time_ns() // 1000),
    )


def remove_client(conn: sqlite3.Connection, client: Client) -> None:
    """Remove `client` if it is still there. Matched on its token too: SQLite hands a deleted
    row's id to the next new row, so a `client` read before a removal could name another."""
    conn.execute("DELETE FROM clients WHERE id = ? AND token_sha256 = ?", (client.id, client.token_sha256))


def replace_script_token(conn: sqlite3.Connection, digest: bytes) -> None:
    """There is one script token; rotating it revokes the previous one in the same commit."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        conn.execute("DELETE FROM clients WHERE kind = 'script'")
        conn.execute(
            "INSERT INTO clients (kind, origin, label, token_sha256, created_at_us) "
            "VALUES ('script', NULL, 'scripts', ?, ?)",
            (digest, time.time_ns() // 1000),
        )
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    mark_table_changed(conn)


def script_token_digest(conn: sqlite3.Connection) -> bytes | None:
    row = conn.execute("SELECT token_sha256 FROM clients WHERE kind = 'script'").fetchone()
    return bytes(row[0]) if row else None

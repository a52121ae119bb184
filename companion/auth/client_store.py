"""The `clients` table: paired extensions and the script token, by token digest only.

Whoever commits a change to the table then calls change_marker.mark_changed, so that a running
companion re-reads it.
"""

import sqlite3
import time
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from companion.auth.change_marker import change_marker, mark_changed
from companion.storage.transactions import write_transaction

ClientKind = Literal["extension", "script"]


@dataclass(frozen=True, slots=True)
class Client:
    id: int
    kind: ClientKind
    origin: str | None
    label: str
    token_sha256: bytes
    paired_at_us: int


def mark_table_changed(conn: sqlite3.Connection) -> None:
    """change_marker.mark_changed for the database `conn` is connected to."""
    mark_changed(change_marker(Path(conn.execute("PRAGMA database_list").fetchone()[2])))


def load_clients(conn: sqlite3.Connection) -> list[Client]:
    rows = conn.execute("SELECT id, kind, origin, label, token_sha256, created_at_us FROM clients ORDER BY id")
    return [Client(*row) for row in rows.fetchall()]


def load_extensions(conn: sqlite3.Connection) -> list[Client]:
    """The paired extensions (every client but the script token), oldest first."""
    return [client for client in load_clients(conn) if client.kind == "extension"]


def count_extensions(conn: sqlite3.Connection) -> int:
    """How many extensions are paired. `status` reads a history without upgrading it, and one
    from before pairing existed (schema 1) has no clients table: none are paired there."""
    if conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'clients'").fetchone() is None:
        return 0
    return int(conn.execute("SELECT count(*) FROM clients WHERE kind = 'extension'").fetchone()[0])


class UnknownExtensionError(LookupError):
    """Some ids name no paired extension (never paired, already revoked, or the script token)."""

    def __init__(self, ids: list[int]) -> None:
        super().__init__(", ".join(map(str, ids)))
        self.ids = ids


def remove_extensions(conn: sqlite3.Connection, ids: Collection[int]) -> list[Client]:
    """Revoke the extension tokens with these ids, all of them or none (UnknownExtensionError
    when an id names no paired extension), and tell a running companion. Returns what was removed."""
    with write_transaction(conn):
        # Read inside the transaction: the rows removed are the rows checked.
        extensions = {client.id: client for client in load_extensions(conn)}
        unknown = sorted({id_ for id_ in ids if id_ not in extensions})
        if unknown:
            raise UnknownExtensionError(unknown)
        removed = [extensions[id_] for id_ in sorted(set(ids))]
        for client in removed:
            remove_client(conn, client)
    mark_table_changed(conn)
    return removed


def add_extension(conn: sqlite3.Connection, origin: str, label: str, digest: bytes) -> None:
    # An origin's earlier tokens stay: one unpacked extension folder loaded in two browsers or
    # profiles has one origin, and each of them pairs for a token of its own.
    conn.execute(
        "INSERT INTO clients (kind, origin, label, token_sha256, created_at_us) "
        "VALUES ('extension', ?, ?, ?, ?)",
        (origin, label, digest, time.time_ns() // 1000),
    )


def remove_client(conn: sqlite3.Connection, client: Client) -> None:
    """Remove `client` if it is still there. Matched on its token too, so that an id alone can
    never remove another client (ids are not reused since migration 4; before, SQLite gave a
    deleted row's id to the next new row)."""
    conn.execute("DELETE FROM clients WHERE id = ? AND token_sha256 = ?", (client.id, client.token_sha256))


def replace_script_token(conn: sqlite3.Connection, digest: bytes) -> None:
    """There is one script token; rotating it revokes the previous one in the same commit."""
    with write_transaction(conn):
        conn.execute("DELETE FROM clients WHERE kind = 'script'")
        conn.execute(
            "INSERT INTO clients (kind, origin, label, token_sha256, created_at_us) "
            "VALUES ('script', NULL, 'scripts', ?, ?)",
            (digest, time.time_ns() // 1000),
        )
    mark_table_changed(conn)


def script_token_digest(conn: sqlite3.Connection) -> bytes | None:
    row = conn.execute("SELECT token_sha256 FROM clients WHERE kind = 'script'").fetchone()
    return bytes(row[0]) if row else None

"""The `clients` table: paired extensions and the script token, by token digest only."""

import sqlite3
import time
from dataclasses import dataclass
from typing import Literal

ClientKind = Literal["extension", "script"]


@dataclass(frozen=True, slots=True)
class Client:
    id: int
    kind: ClientKind
    origin: str | None
    label: str
    token_sha256: bytes


def load_clients(conn: sqlite3.Connection) -> list[Client]:
    rows = conn.execute("SELECT id, kind, origin, label, token_sha256 FROM clients ORDER BY id")
    return [Client(*row) for row in rows.fetchall()]


def add_extension(conn: sqlite3.Connection, origin: str, label: str, digest: bytes) -> None:
    conn.execute(
        "INSERT INTO clients (kind, origin, label, token_sha256, created_at_us) "
        "VALUES ('extension', ?, ?, ?, ?)",
        (origin, label, digest, time.time_ns() // 1000),
    )


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


def script_token_digest(conn: sqlite3.Connection) -> bytes | None:
    row = conn.execute("SELECT token_sha256 FROM clients WHERE kind = 'script'").fetchone()
    return bytes(row[0]) if row else None

"""Numbered schema migrations, tracked with `PRAGMA user_version`.

Append new migrations; never edit one that has shipped. Each runs in its own transaction, so
an interrupted upgrade leaves the database at the previous version, never half-way.
"""

import sqlite3
from typing import Final

from companion.storage.transactions import write_transaction


class SchemaTooNewError(Exception):
    """The database was written by a newer release; opening it could corrupt it."""


MIGRATIONS: Final[tuple[str, ...]] = (
    # 1: the snapshot history. Times are integer microseconds since the epoch (UTC) so they
    # sort and compare exactly; the id is the extension's UUID, unique so retries are no-ops.
    """
    CREATE TABLE snapshots (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        profile TEXT NOT NULL,
        captured_at_us INTEGER NOT NULL,
        overall INTEGER NOT NULL,
        professional_brand REAL NOT NULL,
        find_right_people REAL NOT NULL,
        engage_with_insights REAL NOT NULL,
        build_relationships REAL NOT NULL,
        industry_name TEXT,
        industry_rank_top_percent REAL,
        industry_average REAL,
        network_rank_top_percent REAL,
        network_average REAL,
        locale TEXT,
        source_url TEXT,
        source_layout TEXT,
        source_extension_version TEXT,
        received_at_us INTEGER NOT NULL
    );
    CREATE INDEX snapshots_by_profile_time ON snapshots (profile, captured_at_us);
    """,
    # 2: paired clients. Only a SHA-256 digest of each token is kept: the token itself is
    # shown once (extension) or kept in the OS keychain (scripts).
    """
    CREATE TABLE clients (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('extension', 'script')),
        origin TEXT,
        label TEXT NOT NULL DEFAULT '',
        token_sha256 BLOB NOT NULL UNIQUE,
        created_at_us INTEGER NOT NULL
    );
    CREATE UNIQUE INDEX clients_one_script_token ON clients (kind) WHERE kind = 'script';
    """,
    # 3: exports of every profile read in capture order; without this index SQLite sorted the
    # whole history first (seconds for a million rows before the first byte). The rowid (seq)
    # is part of every index, so `ORDER BY captured_at_us, seq` needs no sort step at all.
    """
    CREATE INDEX snapshots_by_time ON snapshots (captured_at_us);
    """,
    # 4: a client's id is never given to another client. `ssi-companion pair --revoke ID` takes
    # an id the user read from `pair --list`, maybe earlier or from shell history; without
    # AUTOINCREMENT SQLite hands a deleted highest id to the next pairing, and the same command
    # would revoke another browser. (Ids above the highest one kept cannot be known any more.)
    """
    CREATE TABLE clients_v4 (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        kind TEXT NOT NULL CHECK (kind IN ('extension', 'script')),
        origin TEXT,
        label TEXT NOT NULL DEFAULT '',
        token_sha256 BLOB NOT NULL UNIQUE,
        created_at_us INTEGER NOT NULL
    );
    INSERT INTO clients_v4 (id, kind, origin, label, token_sha256, created_at_us)
        SELECT id, kind, origin, label, token_sha256, created_at_us FROM clients;
    DROP TABLE clients;
    ALTER TABLE clients_v4 RENAME TO clients;
    CREATE UNIQUE INDEX clients_one_script_token ON clients (kind) WHERE kind = 'script';
    """,
)

LATEST_VERSION: Final = len(MIGRATIONS)


def schema_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def migrate(conn: sqlite3.Connection, target: int = LATEST_VERSION) -> int:
    """Bring the database up to `target`; return the version it was at before."""
    start = schema_version(conn)
    if start > LATEST_VERSION:
        raise SchemaTooNewError(
            f"the database is at schema version {start}, newer than this release knows "
            f"({LATEST_VERSION}); upgrade ssi-companion to open it"
        )
    for version in range(start + 1, target + 1):
        with write_transaction(conn):
            for statement in _statements(MIGRATIONS[version - 1]):
                conn.execute(statement)
            # PRAGMA user_version cannot take a parameter; `version` is our own integer.
            conn.execute(f"PRAGMA user_version = {version:d}")
    return start


def _statements(script: str) -> list[str]:
    # executescript() would commit our open transaction first; split on ';' instead (the
    # migrations contain no string literals or triggers with embedded semicolons).
    return [part.strip() for part in script.split(";") if part.strip()]

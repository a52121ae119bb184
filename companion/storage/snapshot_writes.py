"""Storing snapshots: idempotent on the id, and explicit about a conflicting retry."""

import enum
import sqlite3
import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC
from typing import Any

import msgspec

from companion.storage.snapshot_queries import get_snapshot
from companion.storage.snapshot_rows import INSERT_SNAPSHOT, to_row
from shared_schema import Snapshot


class WriteOutcome(enum.Enum):
    CREATED = "created"
    ALREADY_STORED = "already_stored"
    # The id is stored with different values: a client bug, never silently overwritten.
    CONFLICT = "conflict"


@dataclass(frozen=True, slots=True)
class WriteResult:
    outcome: WriteOutcome
    stored: Snapshot


def normalized(snapshot: Snapshot) -> Snapshot:
    """The snapshot as it is stored and returned: capture time in UTC."""
    return msgspec.structs.replace(snapshot, captured_at=snapshot.captured_at.astimezone(UTC))


def same_capture(a: Snapshot, b: Snapshot) -> bool:
    """Equal in everything that was measured. `source` says where a capture was read and is
    not carried by every format (CSV has no column for it), so it does not make a conflict."""
    return msgspec.structs.replace(a, source=None) == msgspec.structs.replace(b, source=None)


@dataclass(frozen=True, slots=True)
class RowToStore:
    """A snapshot as it is stored and its row. Made before the write transaction, so a value
    that cannot be stored fails on its own, not the transaction the others share."""

    snapshot: Snapshot
    row: tuple[Any, ...]


def row_to_store(snapshot: Snapshot) -> RowToStore:
    incoming = normalized(snapshot)
    return RowToStore(incoming, to_row(incoming))


def store_snapshots(conn: sqlite3.Connection, snapshots: Iterable[Snapshot]) -> list[WriteResult]:
    """Insert inside the caller's transaction; an id already present is compared, not replaced."""
    return store_rows(conn, map(row_to_store, snapshots))


def store_rows(conn: sqlite3.Connection, rows: Iterable[RowToStore]) -> list[WriteResult]:
    """store_snapshots() of rows made beforehand."""
    received_at_us = time.time_ns() // 1000
    results: list[WriteResult] = []
    for to_store in rows:
        incoming = to_store.snapshot
        if conn.execute(INSERT_SNAPSHOT, (*to_store.row, received_at_us)).rowcount == 1:
            results.append(WriteResult(WriteOutcome.CREATED, incoming))
            continue
        existing = get_snapshot(conn, str(incoming.id))
        if existing is None:  # pragma: no cover - the conflict came from the unique id
            raise RuntimeError(f"snapshot {incoming.id} conflicted but cannot be read back")
        outcome = WriteOutcome.ALREADY_STORED if same_capture(existing, incoming) else WriteOutcome.CONFLICT
        results.append(WriteResult(outcome, existing))
    return results

"""Storing snapshots: idempotent on the id, and explicit about a conflicting retry."""

import enum
import sqlite3
import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC

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


def store_snapshots(conn: sqlite3.Connection, snapshots: Iterable[Snapshot]) -> list[WriteResult]:
    """Insert inside the caller's transaction; an id already present is compared, not replaced."""
    received_at_us = time.time_ns() // 1000
    results: list[WriteResult] = []
    for snapshot in snapshots:
        incoming = normalized(snapshot)
        if conn.execute(INSERT_SNAPSHOT, (*to_row(incoming), received_at_us)).rowcount == 1:
            results.append(WriteResult(WriteOutcome.CREATED, incoming))
            continue
        existing = get_snapshot(conn, str(incoming.id))
        if existing is None:  # pragma: no cover - the conflict came from the unique id
            raise RuntimeError(f"snapshot {incoming.id} conflicted but cannot be read back")
        outcome = WriteOutcome.ALREADY_STORED if same_capture(existing, incoming) else WriteOutcome.CONFLICT
        results.append(WriteResult(outcome, existing))
    return results

"""Read queries over the snapshot history. Plain functions over a connection, run in a reader
thread by the server and directly by the CLI."""

import sqlite3
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from companion.storage.snapshot_records import SnapshotRecord, record_from_row
from companion.storage.snapshot_rows import SELECT_SNAPSHOT, from_row, to_microseconds
from shared_schema import Snapshot


@dataclass(frozen=True, slots=True)
class HistoryRange:
    """Which snapshots a listing or export covers. Bounds are inclusive; None is open."""

    profile: str | None = None
    since: datetime | None = None
    until: datetime | None = None

    def where(self) -> tuple[str, list[object]]:
        clauses: list[str] = []
        params: list[object] = []
        if self.profile is not None:
            clauses.append("profile = ?")
            params.append(self.profile)
        if self.since is not None:
            clauses.append("captured_at_us >= ?")
            params.append(to_microseconds(self.since))
        if self.until is not None:
            clauses.append("captured_at_us <= ?")
            params.append(to_microseconds(self.until))
        return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


# Ties on the capture time are broken by arrival order so listings are stable.
_OLDEST_FIRST = " ORDER BY captured_at_us, seq"
_NEWEST_FIRST = " ORDER BY captured_at_us DESC, seq DESC"


def get_snapshot(conn: sqlite3.Connection, snapshot_id: str) -> Snapshot | None:
    row = conn.execute(f"{SELECT_SNAPSHOT} WHERE id = ?", (snapshot_id,)).fetchone()
    return from_row(row) if row else None


def list_snapshots(
    conn: sqlite3.Connection, history: HistoryRange, limit: int | None = None
) -> list[Snapshot]:
    """Oldest first; with `limit`, only the newest `limit` of them (still oldest first)."""
    return [from_row(row) for row in _list_rows(conn, history, limit)]


def list_snapshot_records(
    conn: sqlite3.Connection, history: HistoryRange, limit: int | None = None
) -> list[SnapshotRecord]:
    """As list_snapshots, as SnapshotRecords: the listing the API sends, built cheaply."""
    return [record_from_row(row) for row in _list_rows(conn, history, limit)]


def _list_rows(conn: sqlite3.Connection, history: HistoryRange, limit: int | None) -> list[tuple[object, ...]]:
    where, params = history.where()
    if limit is None:
        return conn.execute(SELECT_SNAPSHOT + where + _OLDEST_FIRST, params).fetchall()
    rows = conn.execute(SELECT_SNAPSHOT + where + _NEWEST_FIRST + " LIMIT ?", [*params, limit]).fetchall()
    rows.reverse()
    return rows


def iter_snapshot_batches(
    conn: sqlite3.Connection, history: HistoryRange, batch_size: int = 2000
) -> Iterator[list[SnapshotRecord]]:
    """Every matching snapshot, oldest first, a batch at a time, in constant memory; as
    SnapshotRecords, which encode like Snapshots at a fraction of the cost (for exports)."""
    where, params = history.where()
    cursor = conn.execute(SELECT_SNAPSHOT + where + _OLDEST_FIRST, params)
    try:
        while rows := cursor.fetchmany(batch_size):
            yield [record_from_row(row) for row in rows]
    finally:
        cursor.close()


def series_columns(conn: sqlite3.Connection, history: HistoryRange, columns: Sequence[str]) -> list[list[Any]]:
    """The capture times (milliseconds since the epoch) and the named `columns` of the matching
    snapshots, oldest first, as one list per column: what a chart plots, read without building
    an object per snapshot. `columns` are column names from the code, never from a request."""
    where, params = history.where()
    # Integer division in SQLite truncates, as JavaScript's Date.parse drops sub-millisecond digits.
    sql = f"SELECT captured_at_us / 1000, {', '.join(columns)} FROM snapshots{where}{_OLDEST_FIRST}"
    rows = conn.execute(sql, params).fetchall()
    if not rows:
        return [[] for _ in range(len(columns) + 1)]
    return [list(column) for column in zip(*rows, strict=True)]


def count_snapshots(conn: sqlite3.Connection, profile: str | None = None) -> int:
    where, params = HistoryRange(profile=profile).where()
    return int(conn.execute("SELECT count(*) FROM snapshots" + where, params).fetchone()[0])


def latest_snapshot(conn: sqlite3.Connection, profile: str | None = None) -> Snapshot | None:
    where, params = HistoryRange(profile=profile).where()
    row = conn.execute(SELECT_SNAPSHOT + where + _NEWEST_FIRST + " LIMIT 1", params).fetchone()
    return from_row(row) if row else None

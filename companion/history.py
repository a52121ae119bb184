"""The history service: storing snapshots and reading them back, for the HTTP handlers.

Writes go through the single SnapshotWriter (group commit); reads run in reader threads;
exports use a connection of their own so one long download holds no shared resource.
"""

import asyncio
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Final, TypeVar

from companion.errors import Conflict, SchemaViolation, unavailable_while_locked
from companion.export_formats import ExportEncoder, ExportFormat
from companion.storage.database import connect
from companion.storage.readers import ReaderPool
from companion.storage.snapshot_queries import (
    HistoryRange,
    iter_snapshot_batches,
    list_snapshot_records,
    series_columns,
)
from companion.storage.snapshot_records import SnapshotRecord
from companion.storage.snapshot_writes import WriteOutcome, WriteResult
from companion.storage.writer import AfterWrite, SnapshotWriter
from shared_schema import Series, Snapshot
from shared_schema.snapshot import capture_time_error

EXPORT_BATCH_SIZE: Final = 2000
# When the history is locked by another process: an import holds the lock for its whole file,
# seconds for a large one, and the extension's outbox keeps the snapshot and tries again.
RETRY_AFTER_SECONDS: Final = 10
# The Series' columns after `profile` and `captured_at_ms`: the snapshots table's own names.
SERIES_METRICS: Final = Series.__struct_fields__[2:]
T = TypeVar("T")
U = TypeVar("U")


class HistoryService:
    def __init__(self, database: Path, writer: SnapshotWriter, readers: ReaderPool) -> None:
        self._database = database
        self._writer = writer
        self._readers = readers

    async def ingest(
        self,
        snapshot: Snapshot,
        after: AfterWrite[T],
        prepare: Callable[[T], U],
    ) -> tuple[WriteResult, U]:
        """Store a snapshot durably; returns once committed, with what `prepare` made of what
        `after` read for its profile inside the write transaction (`prepare` runs on the
        event loop while the commit syncs). Raises Conflict when the id is already stored with
        other values, ServiceUnavailable when another process holds the history's write lock."""
        problem = capture_time_error(snapshot.captured_at, datetime.now(UTC))
        if problem is not None:
            raise SchemaViolation(problem, path="$.captured_at")

        def prepared(result: WriteResult, read: T) -> U:
            if result.outcome is WriteOutcome.CONFLICT:
                # Nothing was stored, so there is no commit to wait for: refuse at once.
                raise Conflict(
                    f"snapshot {snapshot.id} is already stored with different values; "
                    "a new capture needs a new id",
                    path="$.id",
                )
            return prepare(read)

        with unavailable_while_locked(
            "the history is locked by another process (an `ssi-companion import` running?); "
            "nothing was stored, try again in a few seconds",
            retry_after_seconds=RETRY_AFTER_SECONDS,
        ):
            return await self._writer.write(snapshot, after, prepared)

    async def snapshots(self, history: HistoryRange, limit: int | None) -> list[SnapshotRecord]:
        return await self._readers.run(list_snapshot_records, history, limit)

    async def series(self, history: HistoryRange) -> Series:
        """One profile's snapshots in `history` as columns (`history.profile` must be set)."""
        if history.profile is None:
            raise ValueError("a series is one profile's history")
        captured_at_ms, *metrics = await self._readers.run(series_columns, history, SERIES_METRICS)
        return Series(
            profile=history.profile,
            captured_at_ms=captured_at_ms,
            **dict(zip(SERIES_METRICS, metrics, strict=True)),
        )

    async def export(
        self, fmt: ExportFormat, history: HistoryRange, exported_at: datetime
    ) -> AsyncIterator[bytes]:
        """The export file in chunks. The batches come from one read transaction, so the file
        is a consistent picture even while new snapshots arrive."""
        encoder = ExportEncoder(fmt, exported_at)
        conn = await asyncio.to_thread(connect, self._database)
        try:
            batches = iter_snapshot_batches(conn, history, EXPORT_BATCH_SIZE)

            def next_chunk() -> bytes | None:
                # Reading and encoding both happen off the event loop.
                batch = next(batches, None)
                return None if batch is None else encoder.batch(batch)

            yield encoder.start()
            while (chunk := await asyncio.to_thread(next_chunk)) is not None:
                yield chunk
            yield encoder.end()
        finally:
            await asyncio.to_thread(conn.close)

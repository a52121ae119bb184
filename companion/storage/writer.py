"""The single writer: one thread owns the write connection and commits in groups.

Concurrent requests queue their snapshots; the thread takes everything waiting, stores it in
one transaction with one fsync, and only then resolves each request's future. So a 2xx always
means committed, and under load many requests share one fsync (group commit). When idle the
thread is blocked on the queue and uses no CPU.
"""

import asyncio
import queue
import sqlite3
import threading
from typing import Final

from companion.storage.snapshot_writes import WriteResult, store_snapshots
from shared_schema import Snapshot

MAX_BATCH: Final = 256

_Item = tuple[Snapshot, asyncio.Future[WriteResult], asyncio.AbstractEventLoop]
_STOP: Final = None


class SnapshotWriter:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn
        self._queue: queue.SimpleQueue[_Item | None] = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._run, name="snapshot-writer", daemon=True)
        self._thread.start()

    async def write(self, snapshot: Snapshot) -> WriteResult:
        loop = asyncio.get_running_loop()
        future: asyncio.Future[WriteResult] = loop.create_future()
        self._queue.put((snapshot, future, loop))
        # Shielded: a client that disconnects must not cancel a write the thread will commit.
        return await asyncio.shield(future)

    def close(self) -> None:
        """Finish everything queued, then stop the thread."""
        self._queue.put(_STOP)
        self._thread.join()

    def _run(self) -> None:
        while (first := self._queue.get()) is not _STOP:
            batch = [first]
            stopping = False
            while len(batch) < MAX_BATCH:
                try:
                    item = self._queue.get_nowait()
                except queue.Empty:
                    break
                if item is _STOP:
                    stopping = True
                    break
                batch.append(item)
            self._commit(batch)
            if stopping:
                return

    def _commit(self, batch: list[_Item]) -> None:
        try:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                results = store_snapshots(self._conn, (snapshot for snapshot, _, _ in batch))
                self._conn.execute("COMMIT")
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
        except Exception as error:  # noqa: BLE001 - every waiting request must hear of it
            for _, future, loop in batch:
                loop.call_soon_threadsafe(_settle_error, future, error)
            return
        for (_, future, loop), result in zip(batch, results, strict=True):
            loop.call_soon_threadsafe(_settle, future, result)


def _settle(future: asyncio.Future[WriteResult], result: WriteResult) -> None:
    if not future.done():
        future.set_result(result)


def _settle_error(future: asyncio.Future[WriteResult], error: Exception) -> None:
    if not future.done():
        future.set_exception(error)

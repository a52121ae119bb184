"""The single writer: one thread owns the write connection and commits in groups.

Concurrent requests queue their snapshots; the thread takes everything waiting, stores it in
one transaction with one fsync, and only then resolves each request's future. So a 2xx always
means committed, and under load many requests share one fsync (group commit). When idle the
thread is blocked on the queue and uses no CPU.

Each write comes with a read to do right after its commit (`read_after`: what the answer's
summary is computed from). The thread does it on its own connection before resolving the
future, which saves the request a second trip to another thread, and the requests of one group
commit share one read per profile.
"""

import asyncio
import queue
import sqlite3
import threading
from collections.abc import Callable
from typing import Any, Final, TypeVar

from companion.storage.snapshot_writes import WriteResult, store_snapshots
from shared_schema import Snapshot

MAX_BATCH: Final = 256

T = TypeVar("T")
# A read after the commit, given the write connection and the snapshot's profile.
ReadAfter = Callable[[sqlite3.Connection, str], Any]
_Done = tuple[WriteResult, Any]
_Item = tuple[Snapshot, asyncio.Future[_Done], asyncio.AbstractEventLoop, ReadAfter]
_Outcome = tuple[asyncio.Future[_Done], asyncio.AbstractEventLoop, _Done | Exception]
_STOP: Final = None


class SnapshotWriter:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn
        self._queue: queue.SimpleQueue[_Item | None] = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._run, name="snapshot-writer", daemon=True)
        self._thread.start()

    async def write(
        self, snapshot: Snapshot, read_after: Callable[[sqlite3.Connection, str], T]
    ) -> tuple[WriteResult, T]:
        """Store `snapshot`; once committed, `read_after(connection, snapshot.profile)` too."""
        loop = asyncio.get_running_loop()
        future: asyncio.Future[tuple[WriteResult, T]] = loop.create_future()
        self._queue.put((snapshot, future, loop, read_after))
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
                results = store_snapshots(self._conn, (snapshot for snapshot, _, _, _ in batch))
                self._conn.execute("COMMIT")
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
        except Exception as error:  # noqa: BLE001 - every waiting request must hear of it
            _settle([(future, loop, error) for _, future, loop, _ in batch])
            return
        reads: dict[tuple[ReadAfter, str], Any] = {}
        outcomes: list[_Outcome] = []
        for (snapshot, future, loop, read_after), result in zip(batch, results, strict=True):
            key = (read_after, snapshot.profile)
            try:
                if key not in reads:
                    reads[key] = read_after(self._conn, snapshot.profile)
            except Exception as error:  # noqa: BLE001 - committed, but the request must hear of it
                outcomes.append((future, loop, error))
                continue
            outcomes.append((future, loop, (result, reads[key])))
        _settle(outcomes)


def _settle(outcomes: list[_Outcome]) -> None:
    """Hands the outcomes to their event loops, one wake-up per loop for the whole batch."""
    by_loop: dict[asyncio.AbstractEventLoop, list[tuple[asyncio.Future[_Done], _Done | Exception]]] = {}
    for future, loop, outcome in outcomes:
        by_loop.setdefault(loop, []).append((future, outcome))
    for loop, settled in by_loop.items():
        loop.call_soon_threadsafe(_resolve, settled)


def _resolve(settled: list[tuple[asyncio.Future[_Done], _Done | Exception]]) -> None:
    for future, outcome in settled:
        if future.done():
            continue
        if isinstance(outcome, Exception):
            future.set_exception(outcome)
        else:
            future.set_result(outcome)

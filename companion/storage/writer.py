"""The single writer: one thread owns the write connection and commits in groups.

Concurrent requests queue their snapshots; the thread takes everything waiting, stores it in
one transaction with one fsync, and only then confirms each request's commit. So a 2xx always
means committed, and under load many requests share one fsync (group commit). When idle the
thread is blocked on the queue and uses no CPU. Each snapshot's row is made before the
transaction, so a snapshot that cannot be stored is refused alone, never with its group.

Each write comes with a read (an AfterWrite: what the answer's summary is computed from). The
thread does it on its own connection inside the write transaction, after the inserts and before
the COMMIT, so it sees exactly what is about to be committed; the requests of one group share
one read per profile, which is told what the group wrote to that profile (so it can carry a
view forward instead of reading it again) and is told when the transaction it saw was rolled
back. It hands the reads to the event loop before committing: the loop builds
the answers while the fsync runs (SQLite releases the GIL while it syncs), and a request
answers only once its commit is confirmed — or with the commit's error.

Whatever goes wrong in a group, its requests hear of it and the thread goes on to the next
group: a writer thread that died would leave every later capture waiting for an answer that
never comes, while the companion still looked healthy.
"""

import asyncio
import logging
import queue
import sqlite3
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Final, Protocol, TypeVar

from companion.storage.snapshot_writes import RowToStore, WriteResult, row_to_store, store_rows
from shared_schema import Snapshot

MAX_BATCH: Final = 256

logger = logging.getLogger("companion.storage")

T = TypeVar("T")
T_co = TypeVar("T_co", covariant=True)
U = TypeVar("U")


class AfterWrite(Protocol[T_co]):
    """What the writer reads inside its transaction for each profile a group wrote to."""

    def read(self, conn: sqlite3.Connection, profile: str, written: list[WriteResult]) -> T_co:
        """After the group's inserts, before COMMIT; `written`: this group's writes to `profile`."""
        ...

    def rolled_back(self) -> None:
        """The transaction the reads saw was rolled back: nothing read in it may be kept."""
        ...


_STOP: Final = None


@dataclass(eq=False)
class _Write:
    snapshot: Snapshot
    after: AfterWrite[Any]
    prepare: Callable[[WriteResult, Any], Any]
    loop: asyncio.AbstractEventLoop
    # Settled once: with the result and what `prepare` made, after the commit; or with the
    # error that refused the write (raised by `prepare`) or failed it.
    answered: "asyncio.Future[tuple[WriteResult, Any]]" = field(init=False)
    # What `prepare` made, waiting for the commit's confirmation.
    prepared: tuple[WriteResult, Any] | None = field(init=False, default=None)

    def __post_init__(self) -> None:
        self.answered = self.loop.create_future()


class SnapshotWriter:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn
        self._queue: queue.SimpleQueue[_Write | None] = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._run, name="snapshot-writer", daemon=True)
        self._thread.start()

    async def write(
        self,
        snapshot: Snapshot,
        after: AfterWrite[T],
        prepare: Callable[[WriteResult, T], U],
    ) -> tuple[WriteResult, U]:
        """Store `snapshot`. `after.read(...)` runs in the thread inside the transaction;
        `prepare(result, read)` runs on the event loop while the commit is being synced.
        Returns the result and what `prepare` made, once committed; an error `prepare` raises
        is raised at once (a refusal needs no commit to wait for)."""
        if not self._thread.is_alive():
            raise RuntimeError("the snapshot writer has stopped; nothing was stored")
        item = _Write(snapshot, after, prepare, asyncio.get_running_loop())
        self._queue.put(item)
        # Once queued, the write is the thread's: a request that is cancelled here (its client
        # went away) cancels only its own waiting; the thread still commits the snapshot and
        # skips answering a request that is already done. One future per request, settled
        # once, so a request's task wakes once.
        return await item.answered

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
            try:
                self._commit(batch)
            except Exception as error:  # noqa: BLE001 - a bug: the group must still hear of it
                logger.error("a group of %d snapshot writes failed unexpectedly", len(batch), exc_info=error)
                self._abandon(batch, error)
            if stopping:
                return

    def _commit(self, batch: list[_Write]) -> None:
        batch, rows = _rows_to_store(batch)
        if not batch:
            return
        conn = self._conn
        try:
            conn.execute("BEGIN IMMEDIATE")
            results = store_rows(conn, rows)
            reads = _read_all(conn, batch, results)
        except Exception as error:  # noqa: BLE001 - every waiting request must hear of it
            self._abandon(batch, error)
            return
        _on_loops(_prepare, list(zip(batch, reads, strict=True)))
        try:
            conn.execute("COMMIT")
        except Exception as error:  # noqa: BLE001 - nothing of the group was stored
            self._abandon(batch, error)
            return
        _on_loops(_confirm, [(item, None) for item in batch])

    def _abandon(self, batch: list[_Write], error: Exception) -> None:
        """The group failed with `error`: its requests hear of it (a request already confirmed
        keeps its answer), the connection is left outside any transaction so that the next
        group can begin (SQLite may have rolled back by itself, after a full disk say), and
        every read of the group forgets what it may have seen in it."""
        _on_loops(_fail, [(item, error) for item in batch])
        if self._conn.in_transaction:
            try:
                self._conn.execute("ROLLBACK")
            except Exception:  # noqa: BLE001 - the next group's BEGIN will say what is still wrong
                logger.exception("could not roll back a failed group of snapshot writes")
        for after in {id(item.after): item.after for item in batch}.values():
            try:
                after.rolled_back()
            except Exception:  # noqa: BLE001 - one read's bug must not keep the others' views
                logger.exception("a read could not forget what it saw in a failed group")


def _rows_to_store(batch: list[_Write]) -> tuple[list[_Write], list[RowToStore]]:
    """The writes whose rows can be made, and their rows. Any other write is failed on its own
    here, before the transaction: one value that cannot be stored must not fail its group."""
    kept: list[_Write] = []
    rows: list[RowToStore] = []
    refused: list[tuple[_Write, Exception]] = []
    for item in batch:
        try:
            rows.append(row_to_store(item.snapshot))
        except Exception as error:  # noqa: BLE001 - that request must hear of it, and only it
            refused.append((item, error))
            continue
        kept.append(item)
    _on_loops(_fail, refused)
    return kept, rows


def _read_all(conn: sqlite3.Connection, batch: list[_Write], results: list[WriteResult]) -> list[Any]:
    """For each write, its result and read (one read per (AfterWrite, profile) for the
    group), or the exception its read raised."""
    written: dict[tuple[AfterWrite[Any], str], list[WriteResult]] = {}
    for item, result in zip(batch, results, strict=True):
        written.setdefault((item.after, item.snapshot.profile), []).append(result)
    reads: dict[tuple[AfterWrite[Any], str], Any] = {}
    outcomes: list[Any] = []
    for item, result in zip(batch, results, strict=True):
        key = (item.after, item.snapshot.profile)
        try:
            if key not in reads:
                reads[key] = item.after.read(conn, item.snapshot.profile, written[key])
        except Exception as error:  # noqa: BLE001 - the write stands; this request must hear of it
            outcomes.append(error)
            continue
        outcomes.append((result, reads[key]))
    return outcomes


def _on_loops(step: Callable[[list[tuple[_Write, Any]]], None], outcomes: list[tuple[_Write, Any]]) -> None:
    """Runs `step` on each event loop the writes came from, with that loop's (write, outcome)
    pairs: one wake-up per loop for the whole group. Calls from this thread to one loop run
    in the order they were made, so a group's `_prepare` always comes before its `_confirm`
    or `_fail`."""
    by_loop: dict[asyncio.AbstractEventLoop, list[tuple[_Write, Any]]] = {}
    for item, outcome in outcomes:
        by_loop.setdefault(item.loop, []).append((item, outcome))
    for loop, settled in by_loop.items():
        try:
            loop.call_soon_threadsafe(step, settled)
        except RuntimeError:
            pass  # that loop is closed: no request of it is waiting any more


def _prepare(reads: list[tuple[_Write, Any]]) -> None:
    """On the event loop, while the commit syncs: each request's answer from its read; a
    refusal or a failed read settles its request at once."""
    for item, outcome in reads:
        if item.answered.done():
            continue  # its client went away
        if isinstance(outcome, Exception):
            item.answered.set_exception(outcome)
            continue
        result, read = outcome
        try:
            item.prepared = (result, item.prepare(result, read))
        except Exception as error:  # noqa: BLE001 - a refusal, or a bug: the request hears of it
            item.answered.set_exception(error)


def _confirm(committed: list[tuple[_Write, None]]) -> None:
    for item, _ in committed:
        if item.prepared is not None and not item.answered.done():
            item.answered.set_result(item.prepared)


def _fail(failed: list[tuple[_Write, Exception]]) -> None:
    for item, error in failed:
        if not item.answered.done():
            item.answered.set_exception(error)

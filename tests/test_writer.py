"""The single writer thread on a real SQLite file: reads inside the write transaction, answers
built while the commit syncs, one read per profile for a group, and a failed COMMIT that
reaches every request of its group without anything being stored or answered as stored."""

import asyncio
import sqlite3
import threading
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Generic, TypeVar

import msgspec
import pytest

from companion.insights.history import HistoryView
from companion.insights.latest_views import LatestViews
from companion.storage.database import database_path, open_database
from companion.storage.snapshot_queries import count_snapshots
from companion.storage.snapshot_writes import WriteOutcome, WriteResult
from companion.storage.writer import SnapshotWriter
from shared_schema import Snapshot
from snapshot_factory import snapshot_doc

T = TypeVar("T")


def snapshot(overall: int = 72, **overrides: object) -> Snapshot:
    doc = snapshot_doc(overall=overall, pillars=(overall / 4,) * 4, **overrides)  # type: ignore[arg-type]
    return msgspec.convert(doc, Snapshot)


def stored_count(data_dir: Path) -> int:
    conn = sqlite3.connect(database_path(data_dir))
    try:
        return count_snapshots(conn)
    finally:
        conn.close()


class Reads(Generic[T]):
    """An AfterWrite that runs a plain read function and notes what the writer told it."""

    def __init__(self, read: "Callable[[sqlite3.Connection, str], T]") -> None:
        self._read = read
        self.profiles: list[str] = []
        self.rollbacks = 0

    def read(self, conn: sqlite3.Connection, profile: str, written: list[WriteResult]) -> T:
        self.profiles.append(profile)
        return self._read(conn, profile)

    def rolled_back(self) -> None:
        self.rollbacks += 1


def latest_overall(result: WriteResult, view: HistoryView) -> int:
    assert view.latest is not None
    return view.latest.overall


async def test_the_read_sees_the_write_and_the_answer_is_returned_once_committed(data_dir: Path) -> None:
    writer = SnapshotWriter(open_database(data_dir))
    try:
        result, overall = await writer.write(snapshot(overall=61), LatestViews(), latest_overall)
        assert result.outcome is WriteOutcome.CREATED
        assert overall == 61
        # Confirmed means committed: another connection sees it.
        assert stored_count(data_dir) == 1
    finally:
        writer.close()


async def test_a_group_shares_one_read_per_profile(data_dir: Path) -> None:
    writer = SnapshotWriter(open_database(data_dir))
    reads = Reads(
        lambda conn, profile: conn.execute("SELECT count(*) FROM snapshots WHERE profile = ?", (profile,)).fetchone()[0]
    )
    try:
        docs = [snapshot(profile="me" if i % 2 else "you", captured_at=f"2026-11-{i + 1:02d}T09:00:00Z") for i in range(20)]
        answers = await asyncio.gather(*(writer.write(s, reads, lambda _, read: read) for s in docs))
        # Every answer counts every write of its profile that was committed with it or before.
        assert sorted(count for _, count in answers)[-1] == 10
        assert len(reads.profiles) < len(docs)
        assert reads.rollbacks == 0
        assert stored_count(data_dir) == 20
    finally:
        writer.close()


def failing_commits(data_dir: Path) -> sqlite3.Connection:
    """The history's connection, on which the COMMIT of a group that stored an overall of 13
    fails: a deferred foreign key is checked at COMMIT, a real SQLite failure after the inserts
    and the reads succeeded, which is when the answers are already being built."""
    conn = open_database(data_dir)
    conn.executescript(
        """
        CREATE TABLE parent (id INTEGER PRIMARY KEY);
        CREATE TABLE child (parent_id INTEGER REFERENCES parent (id) DEFERRABLE INITIALLY DEFERRED);
        CREATE TRIGGER fail_at_commit AFTER INSERT ON snapshots WHEN NEW.overall = 13
        BEGIN INSERT INTO child VALUES (42); END;
        """
    )
    return conn


async def test_a_failed_commit_reaches_every_request_and_stores_nothing(data_dir: Path) -> None:
    conn = failing_commits(data_dir)
    writer = SnapshotWriter(conn)
    views = LatestViews()
    prepared: list[int] = []

    def prepare(result: WriteResult, view: HistoryView) -> int:
        overall = latest_overall(result, view)
        prepared.append(overall)
        return overall

    try:
        with pytest.raises(sqlite3.IntegrityError, match="FOREIGN KEY"):
            await writer.write(snapshot(overall=13), views, prepare)
        assert prepared == [13]  # built, but never answered as stored
        assert stored_count(data_dir) == 0
        # The connection is usable again: the next write commits.
        _, overall = await writer.write(snapshot(overall=14), views, prepare)
        assert overall == 14 and stored_count(data_dir) == 1
        # The view that saw the rolled-back capture was not kept: it is not `previous` now.
        assert views.read(conn, "me", []).previous is None
    finally:
        writer.close()


async def test_a_failing_read_fails_its_request_but_not_the_write(data_dir: Path) -> None:
    writer = SnapshotWriter(open_database(data_dir))

    broken = Reads(lambda conn, profile: conn.execute("SELECT no_such_column FROM snapshots").fetchone())
    try:
        with pytest.raises(sqlite3.OperationalError, match="no_such_column"):
            await writer.write(snapshot(), broken, lambda _, read: read)
        # The write stood: it was committed (the writer commits in order, so a later write
        # that is answered as committed comes after it).
        result, _ = await writer.write(snapshot(overall=64), LatestViews(), latest_overall)
        assert result.outcome is WriteOutcome.CREATED
        assert stored_count(data_dir) == 2
    finally:
        writer.close()


async def test_a_request_that_gives_up_still_has_its_snapshot_committed(data_dir: Path) -> None:
    writer = SnapshotWriter(open_database(data_dir))
    loop = asyncio.get_running_loop()
    loop_errors: list[dict[str, object]] = []
    loop.set_exception_handler(lambda _, context: loop_errors.append(context))
    reading, release = threading.Event(), threading.Event()

    def slow_read(conn: sqlite3.Connection, profile: str) -> object:
        reading.set()
        release.wait(10)
        return None

    try:
        waiting = asyncio.ensure_future(writer.write(snapshot(), Reads(slow_read), lambda _, read: read))
        await asyncio.to_thread(reading.wait, 10)
        waiting.cancel()  # the client went away while its write was in the transaction
        release.set()
        with pytest.raises(asyncio.CancelledError):
            await waiting
        # The next write is answered, and the one given up on was committed before it.
        result, _ = await writer.write(snapshot(overall=64), LatestViews(), latest_overall)
        assert result.outcome is WriteOutcome.CREATED
        assert stored_count(data_dir) == 2
        # Nothing tried to answer the request that had given up.
        assert loop_errors == []
    finally:
        loop.set_exception_handler(None)
        writer.close()


async def test_a_snapshot_that_cannot_be_stored_fails_alone_not_the_writes_grouped_with_it(data_dir: Path) -> None:
    writer = SnapshotWriter(open_database(data_dir))
    reading, release = threading.Event(), threading.Event()

    def held_read(conn: sqlite3.Connection, profile: str) -> None:
        reading.set()
        release.wait(10)

    # Year 1, an hour east of UTC, is before the first moment Python has in UTC: storing it
    # overflows. The service refuses such times; the writer must still not let one fail others.
    unstorable = msgspec.structs.replace(
        snapshot(), captured_at=datetime(1, 1, 1, tzinfo=timezone(timedelta(hours=1)))
    )
    good = [snapshot(captured_at=f"2026-11-{day:02d}T09:00:00Z") for day in range(1, 11)]
    try:
        # The first write holds the writer in its transaction while the others queue up, so
        # they are all taken as one group.
        first = asyncio.ensure_future(writer.write(snapshot(), Reads(held_read), lambda _, read: read))
        await asyncio.to_thread(reading.wait, 10)
        group = [
            asyncio.ensure_future(writer.write(s, LatestViews(), latest_overall))
            for s in [*good[:5], unstorable, *good[5:]]
        ]
        await asyncio.sleep(0)  # every write of the group is queued
        release.set()
        await first
        outcomes = await asyncio.gather(*group, return_exceptions=True)
        assert isinstance(outcomes.pop(5), OverflowError)
        assert [outcome for outcome in outcomes if isinstance(outcome, BaseException)] == []
        assert stored_count(data_dir) == 1 + len(good)
    finally:
        writer.close()


class ForgetsBadly(LatestViews):
    """A read whose `rolled_back` fails: a bug in the writer's collaborator."""

    def rolled_back(self) -> None:
        raise RuntimeError("could not forget")


async def test_a_failed_group_hears_of_its_own_error_every_read_forgets_and_the_next_group_commits(
    data_dir: Path, caplog: pytest.LogCaptureFixture
) -> None:
    conn = failing_commits(data_dir)
    writer = SnapshotWriter(conn)
    reading, release = threading.Event(), threading.Event()

    def held_read(conn: sqlite3.Connection, profile: str) -> None:
        reading.set()
        release.wait(10)

    views = LatestViews()
    try:
        first = asyncio.ensure_future(
            writer.write(snapshot(overall=61, captured_at="2026-11-01T09:00:00Z"), Reads(held_read), lambda _, read: read)
        )
        await asyncio.to_thread(reading.wait, 10)
        # Queued while the writer holds the first write's transaction: one group, whose COMMIT
        # fails (overall 13), and one of whose reads then fails to forget what it saw.
        group = [
            asyncio.ensure_future(writer.write(snapshot(overall=13, captured_at="2026-11-02T09:00:00Z"), ForgetsBadly(), latest_overall)),
            asyncio.ensure_future(writer.write(snapshot(overall=50, captured_at="2026-11-03T09:00:00Z"), views, latest_overall)),
        ]
        await asyncio.sleep(0)
        release.set()
        await first
        for waiting in group:
            # The COMMIT's own error, not the read's, and not an answer that never comes.
            with pytest.raises(sqlite3.IntegrityError, match="FOREIGN KEY"):
                await asyncio.wait_for(waiting, 10)
        assert stored_count(data_dir) == 1
        # The next group commits; once it has, the thread is done with the failed one.
        result, overall = await asyncio.wait_for(
            writer.write(snapshot(overall=14, captured_at="2026-11-04T09:00:00Z"), LatestViews(), latest_overall), 10
        )
        assert result.outcome is WriteOutcome.CREATED and overall == 14
        assert stored_count(data_dir) == 2
        assert any("could not forget" in str(record.exc_info[1]) for record in caplog.records if record.exc_info)
        # The other read forgot the view that held the rolled-back capture (kept, it would
        # still say 50 is the latest): what it reads now is what was stored.
        latest = views.read(conn, "me", []).latest
        assert latest is not None and latest.overall == 14
    finally:
        writer.close()


async def test_a_write_after_the_writer_stopped_is_refused_at_once(data_dir: Path) -> None:
    writer = SnapshotWriter(open_database(data_dir))
    writer.close()
    with pytest.raises(RuntimeError, match="writer has stopped"):
        await asyncio.wait_for(writer.write(snapshot(), LatestViews(), latest_overall), 10)
    assert stored_count(data_dir) == 0

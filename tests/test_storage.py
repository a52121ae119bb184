"""The SQLite history: durability settings, migrations from older versions, idempotent writes."""

import sqlite3
import stat
import uuid
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import msgspec
import pytest

from companion.storage.database import connect, database_path, open_database
from companion.storage.migrations import LATEST_VERSION, MIGRATIONS, SchemaTooNewError, migrate
from companion.storage.snapshot_queries import HistoryRange, count_snapshots, list_snapshots
from companion.storage.snapshot_rows import from_microseconds, to_microseconds
from companion.storage.snapshot_writes import WriteOutcome, store_snapshots
from companion.storage.transactions import write_transaction
from shared_schema import Snapshot
from snapshot_factory import snapshot_doc


def snapshot(**overrides: object) -> Snapshot:
    return msgspec.convert(snapshot_doc(**overrides), Snapshot)  # type: ignore[arg-type]


def store(conn: sqlite3.Connection, *snapshots: Snapshot) -> list[WriteOutcome]:
    conn.execute("BEGIN")
    results = store_snapshots(conn, snapshots)
    conn.execute("COMMIT")
    return [r.outcome for r in results]


def test_the_database_is_private_durable_and_current(data_dir: Path) -> None:
    conn = open_database(data_dir)
    try:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
        assert conn.execute("PRAGMA user_version").fetchone()[0] == LATEST_VERSION
        indexes = {row[1] for row in conn.execute("PRAGMA index_list(snapshots)")}
        assert "snapshots_by_profile_time" in indexes
    finally:
        conn.close()
    assert stat.S_IMODE(database_path(data_dir).stat().st_mode) == 0o600
    assert stat.S_IMODE(data_dir.stat().st_mode) == 0o700


def test_a_version_1_database_is_upgraded_without_loss(data_dir: Path) -> None:
    data_dir.mkdir(parents=True)
    old = sqlite3.connect(database_path(data_dir), isolation_level=None)
    migrate(old, target=1)
    assert old.execute("PRAGMA user_version").fetchone()[0] == 1
    kept = [snapshot(captured_at=datetime(2025, 1, day, tzinfo=UTC)) for day in range(1, 4)]
    store(old, *kept)
    old.close()

    conn = open_database(data_dir)
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == LATEST_VERSION
        assert list_snapshots(conn, HistoryRange()) == kept
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        assert "clients" in tables
    finally:
        conn.close()


def test_a_database_from_a_newer_release_is_not_opened(data_dir: Path) -> None:
    data_dir.mkdir(parents=True)
    newer = sqlite3.connect(database_path(data_dir))
    newer.execute(f"PRAGMA user_version = {LATEST_VERSION + 1}")
    newer.close()
    with pytest.raises(SchemaTooNewError, match="upgrade ssi-companion"):
        open_database(data_dir)


def test_a_failing_migration_leaves_the_previous_version(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data_dir.mkdir(parents=True)
    conn = sqlite3.connect(database_path(data_dir), isolation_level=None)
    migrate(conn, target=1)
    monkeypatch.setattr("companion.storage.migrations.MIGRATIONS", (*MIGRATIONS, "CREATE TABLE broken (;"))
    monkeypatch.setattr("companion.storage.migrations.LATEST_VERSION", len(MIGRATIONS) + 1)
    with pytest.raises(sqlite3.OperationalError):
        migrate(conn, target=len(MIGRATIONS) + 1)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
    conn.close()


def test_writes_are_idempotent_and_conflicts_keep_the_original(data_dir: Path) -> None:
    conn = open_database(data_dir)
    try:
        first = snapshot()
        assert store(conn, first) == [WriteOutcome.CREATED]
        assert store(conn, first) == [WriteOutcome.ALREADY_STORED]
        same_moment_other_offset = msgspec.structs.replace(
            first, captured_at=first.captured_at.astimezone(timezone(timedelta(hours=-5)))
        )
        assert store(conn, same_moment_other_offset) == [WriteOutcome.ALREADY_STORED]
        assert store(conn, msgspec.structs.replace(first, overall=73)) == [WriteOutcome.CONFLICT]
        assert count_snapshots(conn) == 1
        assert list_snapshots(conn, HistoryRange())[0].overall == first.overall
    finally:
        conn.close()


def test_a_snapshot_comes_back_exactly_as_stored(data_dir: Path) -> None:
    conn = open_database(data_dir)
    try:
        original = snapshot(captured_at="2026-03-04T05:06:07.123456+02:00", locale="pt-BR")
        original = msgspec.structs.replace(
            original,
            pillars=msgspec.structs.replace(original.pillars, professional_brand=18.413002),
        )
        store(conn, original)
        (back,) = list_snapshots(conn, HistoryRange())
        assert back == original
        assert back.captured_at.tzinfo == UTC
        assert msgspec.json.encode(back.captured_at) == b'"2026-03-04T03:06:07.123456Z"'
    finally:
        conn.close()


@pytest.mark.parametrize(
    "moment",
    [datetime(1970, 1, 1, tzinfo=UTC), datetime(2026, 11, 21, 9, 15, 2, 999999, tzinfo=UTC),
     datetime(1969, 12, 31, 23, 59, 59, 1, tzinfo=UTC), datetime(2099, 12, 31, tzinfo=UTC)],
)  # fmt: skip
def test_microsecond_timestamps_round_trip(moment: datetime) -> None:
    assert from_microseconds(to_microseconds(moment)) == moment


def test_a_committed_write_is_visible_to_a_new_connection(data_dir: Path) -> None:
    conn = open_database(data_dir)
    store(conn, snapshot(id=str(uuid.uuid4())))
    other = connect(database_path(data_dir))
    try:
        assert count_snapshots(other) == 1
    finally:
        other.close()
        conn.close()


def test_a_capture_without_its_source_is_the_same_capture(data_dir: Path) -> None:
    # CSV exports carry no source; re-importing one must not look like a conflict.
    conn = open_database(data_dir)
    try:
        first = snapshot()
        store(conn, first)
        assert store(conn, msgspec.structs.replace(first, source=None)) == [WriteOutcome.ALREADY_STORED]
        assert list_snapshots(conn, HistoryRange())[0].source == first.source
    finally:
        conn.close()


@pytest.mark.parametrize(
    "history",
    [
        HistoryRange(),
        HistoryRange(profile="me"),
        HistoryRange(since=datetime(2026, 1, 1, tzinfo=UTC)),
        HistoryRange(profile="me", since=datetime(2026, 1, 1, tzinfo=UTC), until=datetime(2026, 2, 1, tzinfo=UTC)),
    ],
)
def test_listings_and_exports_read_in_capture_order_without_sorting(data_dir: Path, history: HistoryRange) -> None:
    """A million-row export must start at once and stay flat: an index gives the capture order,
    so SQLite never collects and sorts the history first."""
    conn = open_database(data_dir)
    try:
        where, params = history.where()
        for order in (" ORDER BY captured_at_us, seq", " ORDER BY captured_at_us DESC, seq DESC"):
            plan = conn.execute("EXPLAIN QUERY PLAN SELECT * FROM snapshots" + where + order, params).fetchall()
            details = " ".join(str(step[-1]) for step in plan)
            assert "USING INDEX" in details and "TEMP B-TREE" not in details, details
    finally:
        conn.close()


def _rows(conn: sqlite3.Connection) -> list[tuple[int]]:
    return conn.execute("SELECT n FROM t").fetchall()


@pytest.mark.parametrize("error", [ValueError("bad row"), KeyboardInterrupt()])
def test_a_write_transaction_keeps_nothing_of_a_block_that_raises(tmp_path: Path, error: BaseException) -> None:
    conn = connect(tmp_path / "t.sqlite3")
    conn.execute("CREATE TABLE t (n INTEGER)")
    with write_transaction(conn):
        conn.execute("INSERT INTO t VALUES (1)")
    with pytest.raises(type(error)):
        with write_transaction(conn):
            conn.execute("INSERT INTO t VALUES (2)")
            raise error
    assert not conn.in_transaction
    assert _rows(conn) == [(1,)]


def test_a_write_transaction_sqlite_already_rolled_back_still_reports_the_first_error(tmp_path: Path) -> None:
    # After some failures (a full disk, say) SQLite rolls back by itself; a second ROLLBACK would
    # raise "cannot rollback - no transaction is active" in place of the error that says why.
    conn = connect(tmp_path / "t.sqlite3")
    conn.execute("CREATE TABLE t (n INTEGER)")
    with pytest.raises(OSError, match="No space left on device"):
        with write_transaction(conn):
            conn.execute("INSERT INTO t VALUES (1)")
            conn.execute("ROLLBACK")
            raise OSError(28, "No space left on device")
    assert _rows(conn) == []


def test_a_failed_commit_is_rolled_back(tmp_path: Path) -> None:
    # A deferred foreign key is only checked at COMMIT, which then fails with the transaction open.
    conn = connect(tmp_path / "t.sqlite3")
    conn.execute("CREATE TABLE parent (id INTEGER PRIMARY KEY)")
    conn.execute("CREATE TABLE t (n INTEGER REFERENCES parent (id) DEFERRABLE INITIALLY DEFERRED)")
    with pytest.raises(sqlite3.IntegrityError, match="FOREIGN KEY"):
        with write_transaction(conn):
            conn.execute("INSERT INTO t VALUES (1)")
    assert not conn.in_transaction
    assert _rows(conn) == []


def test_client_ids_are_never_handed_out_again_and_upgrading_keeps_the_clients(data_dir: Path) -> None:
    data_dir.mkdir(parents=True)
    old = sqlite3.connect(database_path(data_dir), isolation_level=None)
    migrate(old, target=3)
    old.executemany(
        "INSERT INTO clients (id, kind, origin, label, token_sha256, created_at_us) VALUES (?, ?, ?, ?, ?, ?)",
        [(1, "script", None, "scripts", b"s", 10), (2, "extension", "chrome-extension://x", "Chrome", b"x", 20)],
    )
    before = old.execute("SELECT * FROM clients ORDER BY id").fetchall()
    old.close()

    conn = open_database(data_dir)
    try:
        assert conn.execute("SELECT * FROM clients ORDER BY id").fetchall() == before
        conn.execute("DELETE FROM clients WHERE id = 2")
        conn.execute("INSERT INTO clients (kind, origin, label, token_sha256, created_at_us) VALUES ('extension', 'o', '', x'01', 30)")
        assert conn.execute("SELECT max(id) FROM clients").fetchone()[0] == 3
        with pytest.raises(sqlite3.IntegrityError, match="UNIQUE"):  # still one script token
            conn.execute("INSERT INTO clients (kind, label, token_sha256, created_at_us) VALUES ('script', '', x'02', 40)")
    finally:
        conn.close()

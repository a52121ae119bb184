"""Exports read SnapshotRecords (no validation) instead of Snapshots: they must encode to the
same bytes in every format, and keep Snapshot's fields, so the two can never drift apart."""

import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import msgspec
import pytest

from companion.export_formats import encode_export
from companion.storage.database import open_database
from companion.storage.snapshot_queries import (
    HistoryRange,
    iter_snapshot_batches,
    list_snapshot_records,
    list_snapshots,
)
from companion.storage.snapshot_records import (
    IndustryRecord,
    NetworkRecord,
    PillarsRecord,
    SnapshotRecord,
    SnapshotRecordList,
    SourceRecord,
)
from companion.storage.snapshot_writes import store_snapshots
from shared_schema import Industry, Network, Pillars, Snapshot, SnapshotList, Source
from snapshot_factory import daily_history, snapshot_doc


@pytest.mark.parametrize(
    ("record", "struct"),
    [(SnapshotRecord, Snapshot), (PillarsRecord, Pillars), (IndustryRecord, Industry),
     (NetworkRecord, Network), (SourceRecord, Source), (SnapshotRecordList, SnapshotList)],
)  # fmt: skip
def test_records_have_the_fields_of_the_wire_structs_in_order(record: type, struct: type) -> None:
    assert [field.encode_name for field in msgspec.structs.fields(record)] == [
        field.encode_name for field in msgspec.structs.fields(struct)
    ]


def varied_snapshots() -> list[Snapshot]:
    docs = daily_history(4)
    docs.append(snapshot_doc(captured_at="1969-12-31T23:59:59.000001Z", locale=None, source=None))
    docs.append(
        snapshot_doc(
            captured_at="2026-03-04T05:06:07.123456+02:00",
            industry={"name": "Tecnología, información", "rank_top_percent": None, "average": 31.5},
            network={"rank_top_percent": 0.5, "average": None},
            source={"url": None, "layout": "B", "extension_version": None},
        )
    )
    return [msgspec.convert(doc, Snapshot) for doc in docs]


@pytest.fixture
def stored(data_dir: Path) -> Iterator[sqlite3.Connection]:
    conn = open_database(data_dir)
    conn.execute("BEGIN")
    store_snapshots(conn, varied_snapshots())
    conn.execute("COMMIT")
    yield conn
    conn.close()


@pytest.mark.parametrize("fmt", ["csv", "json", "ndjson"])
def test_records_export_exactly_like_snapshots(stored: sqlite3.Connection, fmt: str) -> None:
    now = datetime(2026, 11, 22, tzinfo=UTC)
    snapshots = list_snapshots(stored, HistoryRange())
    records = [record for batch in iter_snapshot_batches(stored, HistoryRange(), batch_size=4) for record in batch]
    assert len(records) == len(snapshots) == 6
    assert msgspec.json.encode(records) == msgspec.json.encode(snapshots)
    assert b"".join(encode_export(fmt, [records], now)) == b"".join(encode_export(fmt, [snapshots], now))  # type: ignore[arg-type]


@pytest.mark.parametrize("limit", [None, 2])
def test_listed_records_encode_like_the_snapshot_list(stored: sqlite3.Connection, limit: int | None) -> None:
    snapshots = SnapshotList(snapshots=list_snapshots(stored, HistoryRange(), limit))
    records = SnapshotRecordList(snapshots=list_snapshot_records(stored, HistoryRange(), limit))
    assert msgspec.json.encode(records) == msgspec.json.encode(snapshots)

"""Stored snapshots read back for exports and listings, built without validating them again.

Rows were validated on the way in. Rebuilding the validating Snapshot Struct for each row
(parsing the UUID, the pillar-sum check, keyword construction of five Structs) was most of the
cost of exporting a large history. A SnapshotRecord has Snapshot's field names, order and
encoding, so msgspec encodes it to exactly the bytes of the equal Snapshot, and it has the
attributes the CSV writer reads; tests/test_snapshot_records.py holds the two in step.

`gc=False`: records hold only numbers, strings, datetimes and other records, so they can never
be part of a reference cycle; untracked, a million of them do not keep the garbage collector
busy (which took 40 % of building them).
"""

from datetime import datetime
from typing import Any

import msgspec

from companion.storage.snapshot_rows import from_microseconds


class PillarsRecord(msgspec.Struct, gc=False):
    professional_brand: float
    find_right_people: float
    engage_with_insights: float
    build_relationships: float


class IndustryRecord(msgspec.Struct, gc=False):
    name: str | None
    rank_top_percent: float | None
    average: float | None


class NetworkRecord(msgspec.Struct, gc=False):
    rank_top_percent: float | None
    average: float | None


class SourceRecord(msgspec.Struct, gc=False):
    url: str | None
    layout: str | None
    extension_version: str | None


class SnapshotRecord(msgspec.Struct, gc=False):
    id: str  # stored as str(UUID): the canonical form msgspec writes for a UUID
    captured_at: datetime
    profile: str
    overall: int
    pillars: PillarsRecord
    industry: IndustryRecord
    network: NetworkRecord
    locale: str | None
    source: SourceRecord | None


class SnapshotRecordList(msgspec.Struct, gc=False):
    """Encodes like shared_schema.SnapshotList (the GET /v1/snapshots answer)."""

    snapshots: list[SnapshotRecord]


def record_from_row(row: tuple[Any, ...]) -> SnapshotRecord:
    """A SnapshotRecord from a row of SELECT_SNAPSHOT (positional construction: the fastest)."""
    (id_, profile, captured, overall, brand, people, insights, relationships,
     industry_name, industry_rank, industry_avg, network_rank, network_avg,
     locale, source_url, source_layout, source_version) = row  # fmt: skip
    has_source = source_url is not None or source_layout is not None or source_version is not None
    return SnapshotRecord(
        id_,
        from_microseconds(captured),
        profile,
        overall,
        PillarsRecord(brand, people, insights, relationships),
        IndustryRecord(industry_name, industry_rank, industry_avg),
        NetworkRecord(network_rank, network_avg),
        locale,
        SourceRecord(source_url, source_layout, source_version) if has_source else None,
    )

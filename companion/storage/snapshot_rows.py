"""Mapping between Snapshot Structs and rows of the `snapshots` table."""

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any, Final

from shared_schema import Industry, Network, Pillars, Snapshot, Source

# Columns a Snapshot is stored in, in the order `to_row` produces and `from_row` expects.
SNAPSHOT_COLUMNS: Final = (
    "id",
    "profile",
    "captured_at_us",
    "overall",
    "professional_brand",
    "find_right_people",
    "engage_with_insights",
    "build_relationships",
    "industry_name",
    "industry_rank_top_percent",
    "industry_average",
    "network_rank_top_percent",
    "network_average",
    "locale",
    "source_url",
    "source_layout",
    "source_extension_version",
)
SELECT_SNAPSHOT: Final = f"SELECT {', '.join(SNAPSHOT_COLUMNS)} FROM snapshots"
INSERT_SNAPSHOT: Final = (
    f"INSERT INTO snapshots ({', '.join(SNAPSHOT_COLUMNS)}, received_at_us) "
    f"VALUES ({', '.join('?' * (len(SNAPSHOT_COLUMNS) + 1))}) ON CONFLICT (id) DO NOTHING"
)

_EPOCH: Final = datetime(1970, 1, 1, tzinfo=UTC)


def to_microseconds(moment: datetime) -> int:
    """Exact integer microseconds since the epoch (no float rounding)."""
    delta = moment - _EPOCH
    return (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds


def from_microseconds(value: int) -> datetime:
    # Adding a timedelta is exact and several times cheaper than fromtimestamp() + replace();
    # built from positional (days, seconds, microseconds), a third cheaper than by keyword
    # (every exported row and every summary row pays it).
    return _EPOCH + timedelta(0, 0, value)


def to_row(snapshot: Snapshot) -> tuple[Any, ...]:
    source = snapshot.source
    return (
        str(snapshot.id),
        snapshot.profile,
        to_microseconds(snapshot.captured_at),
        snapshot.overall,
        snapshot.pillars.professional_brand,
        snapshot.pillars.find_right_people,
        snapshot.pillars.engage_with_insights,
        snapshot.pillars.build_relationships,
        snapshot.industry.name,
        snapshot.industry.rank_top_percent,
        snapshot.industry.average,
        snapshot.network.rank_top_percent,
        snapshot.network.average,
        snapshot.locale,
        source.url if source else None,
        source.layout if source else None,
        source.extension_version if source else None,
    )


def from_row(row: tuple[Any, ...]) -> Snapshot:
    """Build a Snapshot from a row of SELECT_SNAPSHOT.

    Rows were validated on the way in, so this constructs the Struct directly rather than
    validating again (which would dominate the cost of large exports).
    """
    (id_, profile, captured, overall, brand, people, insights, relationships,
     industry_name, industry_rank, industry_avg, network_rank, network_avg,
     locale, source_url, source_layout, source_version) = row  # fmt: skip
    has_source = source_url is not None or source_layout is not None or source_version is not None
    return Snapshot(
        id=uuid.UUID(id_),
        captured_at=from_microseconds(captured),
        profile=profile,
        overall=overall,
        pillars=Pillars(
            professional_brand=brand,
            find_right_people=people,
            engage_with_insights=insights,
            build_relationships=relationships,
        ),
        industry=Industry(name=industry_name, rank_top_percent=industry_rank, average=industry_avg),
        network=Network(rank_top_percent=network_rank, average=network_avg),
        locale=locale,
        source=(
            Source(url=source_url, layout=source_layout, extension_version=source_version)
            if has_source
            else None
        ),
    )

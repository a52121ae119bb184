"""The few reads a summary needs, each an indexed look-up on (profile, captured_at_us).

Never the whole history: the latest snapshot, the one just before it, the latest at or before
7 and 30 days earlier, and the captures inside the slope window. With ten years of daily
history that is four single-row index seeks and about sixty rows.
"""

import sqlite3
from datetime import UTC, datetime, timedelta
from typing import Final

import msgspec

from companion.insights.metrics import METRIC_KEYS, MetricValues
from companion.insights.trend import US_PER_DAY, WindowRow
from companion.storage.snapshot_rows import SNAPSHOT_COLUMNS, from_row, to_microseconds
from shared_schema import Snapshot

DELTA_DAYS: Final = (7, 30)
# The slope uses the last 8 weeks of daily values: the latest day and the 55 days before it.
SLOPE_WINDOW_DAYS: Final = 56

_METRICS: Final = ", ".join(METRIC_KEYS)
# Newest first; equal capture times are ordered by arrival (seq), matching the listings. The
# index on (profile, captured_at_us) carries the rowid (seq), so no sort step is needed.
_NEWEST_FIRST: Final = " ORDER BY captured_at_us DESC, seq DESC LIMIT 1"
_LATEST: Final = f"SELECT seq, {', '.join(SNAPSHOT_COLUMNS)} FROM snapshots WHERE profile = ?" + _NEWEST_FIRST
_BEFORE: Final = (
    f"SELECT {_METRICS} FROM snapshots WHERE profile = ? AND (captured_at_us, seq) < (?, ?)" + _NEWEST_FIRST
)
_AT_OR_BEFORE: Final = f"SELECT {_METRICS} FROM snapshots WHERE profile = ? AND captured_at_us <= ?" + _NEWEST_FIRST
_WINDOW: Final = (
    f"SELECT captured_at_us, {_METRICS} FROM snapshots WHERE profile = ? AND captured_at_us >= ?"
    " ORDER BY captured_at_us, seq"
)


class HistoryView(msgspec.Struct, frozen=True, kw_only=True):
    """What the summary is computed from; everything but `window` is None before any capture."""

    latest: Snapshot | None = None
    previous: MetricValues | None = None
    # Keyed by days: the latest capture at or before latest.captured_at minus that many days.
    earlier: dict[int, MetricValues | None] = msgspec.field(default_factory=dict)
    # Captures from the first day of the slope window up to the latest, oldest first: the
    # capture time in microseconds, then the values in METRIC_KEYS order (see trend.WindowRow).
    window: list[WindowRow] = msgspec.field(default_factory=list)


def read_history_view(conn: sqlite3.Connection, profile: str) -> HistoryView:
    """All reads in one transaction, so they agree with each other: the caller's when one is
    open (the writer reads inside its write transaction, before committing), else their own."""
    if conn.in_transaction:
        return _read(conn, profile)
    conn.execute("BEGIN")
    try:
        return _read(conn, profile)
    finally:
        conn.execute("COMMIT")


def _read(conn: sqlite3.Connection, profile: str) -> HistoryView:
    row = conn.execute(_LATEST, (profile,)).fetchone()
    if row is None:
        return HistoryView()
    seq, latest = row[0], from_row(row[1:])
    latest_us = to_microseconds(latest.captured_at)
    previous = conn.execute(_BEFORE, (profile, latest_us, seq)).fetchone()
    earlier = earlier_values(conn, profile, latest_us)
    window = conn.execute(_WINDOW, (profile, window_start_us(latest))).fetchall()
    return HistoryView(latest=latest, previous=_optional_values(previous), earlier=earlier, window=window)


def window_start_us(latest: Snapshot) -> int:
    """The first moment of the slope window: midnight UTC, SLOPE_WINDOW_DAYS - 1 days before
    the latest capture's day."""
    day = latest.captured_at.astimezone(UTC).date() - timedelta(days=SLOPE_WINDOW_DAYS - 1)
    return to_microseconds(datetime.combine(day, datetime.min.time(), UTC))


def earlier_values(conn: sqlite3.Connection, profile: str, latest_us: int) -> dict[int, MetricValues | None]:
    """For each of DELTA_DAYS, the latest capture at or before that many days before `latest_us`."""
    return {
        days: _optional_values(conn.execute(_AT_OR_BEFORE, (profile, latest_us - days * US_PER_DAY)).fetchone())
        for days in DELTA_DAYS
    }


def _values(row: tuple[int | float | None, ...]) -> MetricValues:
    values = dict(zip(METRIC_KEYS, row, strict=True))
    # `overall` is the one INTEGER column; the others are REAL, which SQLite returns as floats
    # (or NULL), so only it needs converting.
    values["overall"] = float(values["overall"])  # type: ignore[arg-type]
    return values


def _optional_values(row: tuple[int | float | None, ...] | None) -> MetricValues | None:
    return None if row is None else _values(row)

"""Each profile's history view as of the writer's last commit, carried forward on new captures.

The writer reads a view for every group it commits (the answer's summary is built from it).
Reading it from SQLite costs five queries and a range of about sixty rows; but in the usual
case — one new capture, newer than every other, on top of the view read last time — the new
view follows from the old one: the old latest becomes `previous`, the window loses the days
that fell out of it and gains the new capture, and only the 7- and 30-day look-ups are asked
again (two single-row index seeks). The same holds for several new captures in one group as
long as each is newer than the one stored before it. Everything else is read from the
database as before:

- the first write for a profile;
- a capture older than (or as old as) the latest, which changes `previous` or the window's
  middle rather than its end;
- anything another connection committed since (`PRAGMA data_version` on the writer's
  connection changes then: `ssi-companion import` in another process, a pairing);
- after a rolled-back transaction, whose uncommitted rows a kept view may have seen.

A write that stored nothing (the id was already stored, or a conflict) leaves the view as it
was. tests/test_latest_views.py holds every carried view equal to a fresh read.

It relies on the writer's contract: every group that writes to a profile through it reads
that profile's view through it too, so it sees every write made on the writer's connection
(the ingest path is that connection's only writer; other connections are caught by
`data_version`). Used only by the writer thread, so it needs no lock.
"""

import sqlite3
from typing import Final

from companion.insights.history import HistoryView, earlier_values, read_history_view, window_start_us
from companion.insights.metrics import METRIC_KEYS, MetricValues, metric_values
from companion.insights.trend import WindowRow
from companion.storage.data_version import data_version
from companion.storage.snapshot_rows import to_microseconds
from companion.storage.snapshot_writes import WriteOutcome, WriteResult
from shared_schema import Snapshot

# Views kept: a user's profiles are few; a stray profile's view is dropped first.
KEPT_PROFILES: Final = 16


class LatestViews:
    """An AfterWrite (companion.storage.writer) that answers with the HistoryView."""

    def __init__(self) -> None:
        # profile -> (the connection's data_version when the view was made, the view)
        self._views: dict[str, tuple[int, HistoryView]] = {}

    def read(self, conn: sqlite3.Connection, profile: str, written: list[WriteResult]) -> HistoryView:
        version = data_version(conn)
        kept = self._views.pop(profile, None)
        view = None
        if kept is not None and kept[0] == version:
            view = _carried(conn, profile, kept[1], [w.stored for w in written if w.outcome is WriteOutcome.CREATED])
        if view is None:
            view = read_history_view(conn, profile)
        self._views[profile] = (version, view)
        while len(self._views) > KEPT_PROFILES:
            del self._views[next(iter(self._views))]
        return view

    def rolled_back(self) -> None:
        self._views.clear()


def _carried(conn: sqlite3.Connection, profile: str, view: HistoryView, created: list[Snapshot]) -> HistoryView | None:
    """`view` with the `created` captures (in the order they were stored) added, or None when
    it has to be read again: when one of them is not newer than every capture before it."""
    if not created:
        return view
    latest = view.latest
    if latest is None:
        return None
    previous, latest_us, added = latest, to_microseconds(latest.captured_at), []
    for new in created:
        new_us = to_microseconds(new.captured_at)
        # Equal times are ordered by arrival, so a capture as old as the latest one would come
        # after it too; the strict check keeps the rule simple at no real cost.
        if new_us <= latest_us:
            return None
        previous, latest, latest_us = latest, new, new_us
        added.append(_window_row(new_us, metric_values(new)))
    start = window_start_us(latest)
    return HistoryView(
        latest=latest,
        previous=metric_values(previous),
        earlier=earlier_values(conn, profile, latest_us),
        window=[row for row in view.window if row[0] >= start] + [row for row in added if row[0] >= start],
    )


def _window_row(captured_us: int, values: MetricValues) -> WindowRow:
    """The row the window query returns for a capture: `overall` as SQLite's INTEGER, the
    others as its REAL (float) or NULL."""
    overall, *rest = (values[key] for key in METRIC_KEYS)
    assert overall is not None  # every capture has an overall score
    return (captured_us, int(overall), *(None if value is None else float(value) for value in rest))

"""The CSV export builds its rows itself (for speed); they must be exactly what the csv module
writes for the same cells, whatever the text holds: commas, quotes, line breaks, accents."""

import csv
import io
import uuid
from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from companion.export_formats import ExportEncoder
from companion.storage.snapshot_records import (
    IndustryRecord,
    NetworkRecord,
    PillarsRecord,
    SnapshotRecord,
)

texts = st.text(alphabet=st.characters(codec="utf-8"), max_size=12) | st.sampled_from([",", '"', "\r\n", "a\nb", " x "])
numbers = st.floats(min_value=0, max_value=100, allow_nan=False)
records = st.builds(
    lambda profile, industry, locale, values, micros: SnapshotRecord(
        str(uuid.uuid4()),
        datetime(2026, 1, 1, tzinfo=UTC) + timedelta(microseconds=micros),
        profile,
        72,
        PillarsRecord(*values[:4]),
        IndustryRecord(industry, values[4], values[5]),
        NetworkRecord(values[6], values[7]),
        locale,
        None,
    ),
    texts,
    st.none() | texts,
    st.none() | texts,
    st.tuples(*([numbers] * 4), *([st.none() | numbers] * 4)),
    st.integers(min_value=0, max_value=10**12),
)


def csv_module_rows(snapshots: list[SnapshotRecord]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for s in snapshots:
        cells = [
            s.id, s.captured_at.isoformat().replace("+00:00", "Z"), s.profile, s.overall,
            s.pillars.professional_brand, s.pillars.find_right_people,
            s.pillars.engage_with_insights, s.pillars.build_relationships,
            s.industry.name, s.industry.rank_top_percent, s.industry.average,
            s.network.rank_top_percent, s.network.average, s.locale,
        ]  # fmt: skip
        writer.writerow(["" if cell is None else cell for cell in cells])
    return buffer.getvalue().encode("utf-8")


@given(st.lists(records, min_size=1, max_size=5))
def test_rows_are_what_the_csv_module_writes(snapshots: list[SnapshotRecord]) -> None:
    assert ExportEncoder("csv", datetime.now(UTC)).batch(snapshots) == csv_module_rows(snapshots)

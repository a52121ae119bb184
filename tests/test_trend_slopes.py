"""slopes_per_week, the summary's one-pass slopes straight from the window query's rows, gives
exactly slope_per_week(daily_values()) for every metric: same days, same arithmetic, bit for bit."""

from datetime import UTC, datetime, timedelta, timezone

from hypothesis import given
from hypothesis import strategies as st

from companion.insights.metrics import METRIC_KEYS, Reading
from companion.insights.trend import WindowRow, daily_values, slope_per_week, slopes_per_week
from companion.storage.snapshot_rows import to_microseconds

START = datetime(2026, 9, 1, tzinfo=UTC)
values = st.one_of(st.none(), st.floats(min_value=0, max_value=100, allow_nan=False))
readings = st.lists(
    st.builds(
        lambda minutes, offset, row: Reading(
            (START + timedelta(minutes=minutes)).astimezone(timezone(timedelta(hours=offset))),
            dict(zip(METRIC_KEYS, row, strict=True)),
        ),
        st.integers(min_value=-3 * 24 * 60, max_value=56 * 24 * 60),
        st.integers(min_value=-12, max_value=14),
        st.tuples(*(values for _ in METRIC_KEYS)),
    ),
    max_size=80,
).map(lambda items: sorted(items, key=lambda reading: reading.captured_at))


def as_rows(window: list[Reading]) -> list[WindowRow]:
    """The rows the window query would return for these captures."""
    return [(to_microseconds(r.captured_at), *(r.values[key] for key in METRIC_KEYS)) for r in window]


@given(readings)
def test_one_pass_slopes_equal_the_per_metric_slopes(window: list[Reading]) -> None:
    expected = {key: slope_per_week(daily_values(window, key)) for key in METRIC_KEYS}
    assert slopes_per_week(as_rows(window), METRIC_KEYS) == expected


def test_days_before_the_epoch_and_across_midnight_utc() -> None:
    # Floor division: 23:59 on 31 Dec 1969 is the day before 00:01 on 1 Jan 1970.
    late = datetime(1969, 12, 31, 23, 59, tzinfo=UTC)
    window = [
        Reading(late, dict.fromkeys(METRIC_KEYS, 10.0)),
        Reading(late + timedelta(minutes=2), dict.fromkeys(METRIC_KEYS, 11.0)),
    ]
    slopes = slopes_per_week(as_rows(window), METRIC_KEYS)
    assert slopes == dict.fromkeys(METRIC_KEYS, 7.0)


def test_integer_overall_values_give_the_same_slope_as_floats() -> None:
    # SQLite returns the INTEGER overall column as int; the slope must not depend on that.
    rows = [(to_microseconds(START + timedelta(days=d)), 50 + d, *([None] * 8)) for d in range(5)]
    as_floats = [(row[0], float(50 + d), *row[2:]) for d, row in enumerate(rows)]
    assert slopes_per_week(rows, METRIC_KEYS) == slopes_per_week(as_floats, METRIC_KEYS)
    assert slopes_per_week(rows, METRIC_KEYS)["overall"] == 7.0
    assert slopes_per_week([], METRIC_KEYS) == dict.fromkeys(METRIC_KEYS)

"""slopes_per_week, the summary's one-pass slopes, gives exactly slope_per_week(daily_values())
for every metric: same days, same arithmetic, bit for bit."""

from datetime import UTC, datetime, timedelta, timezone

from hypothesis import given
from hypothesis import strategies as st

from companion.insights.metrics import METRIC_KEYS, Reading
from companion.insights.trend import daily_values, slope_per_week, slopes_per_week

START = datetime(2026, 9, 1, tzinfo=UTC)
values = st.one_of(st.none(), st.floats(min_value=0, max_value=100, allow_nan=False))
readings = st.lists(
    st.builds(
        lambda minutes, offset, row: Reading(
            (START + timedelta(minutes=minutes)).astimezone(timezone(timedelta(hours=offset))),
            dict(zip(METRIC_KEYS, row, strict=True)),
        ),
        st.integers(min_value=0, max_value=56 * 24 * 60),
        st.integers(min_value=-12, max_value=14),
        st.tuples(*(values for _ in METRIC_KEYS)),
    ),
    max_size=80,
).map(lambda items: sorted(items, key=lambda reading: reading.captured_at))


@given(readings)
def test_one_pass_slopes_equal_the_per_metric_slopes(window: list[Reading]) -> None:
    expected = {key: slope_per_week(daily_values(window, key)) for key in METRIC_KEYS}
    assert slopes_per_week(window, METRIC_KEYS) == expected

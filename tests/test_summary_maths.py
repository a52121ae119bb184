"""The pure maths of the summary: daily values, slope, projection, status and deltas."""

import statistics
from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from companion.insights.deltas import difference
from companion.insights.metrics import METRIC_KEYS, MetricValues, Reading
from companion.insights.projection import HORIZON_DAYS, goal_status, needed_per_week, reach_date
from companion.insights.trend import daily_values, slope_per_week

DAY = date(2026, 11, 21)


def reading(at: datetime, overall: float | None, rank: float | None = None) -> Reading:
    values = dict.fromkeys(METRIC_KEYS, None) | {"overall": overall, "industry_rank_top_percent": rank}
    return Reading(at, values)


def test_the_last_value_of_each_utc_day_counts() -> None:
    morning = datetime(2026, 11, 20, 8, tzinfo=UTC)
    readings = [
        reading(morning, 50),
        reading(morning + timedelta(hours=3), 52),
        # 00:30 in Berlin on the 21st is still the 20th in UTC.
        reading(datetime(2026, 11, 21, 0, 30, tzinfo=timezone(timedelta(hours=1))), 53),
        reading(datetime(2026, 11, 21, 9, tzinfo=UTC), 55),
    ]
    assert daily_values(readings, "overall") == [(date(2026, 11, 20), 53), (date(2026, 11, 21), 55)]


def test_a_capture_without_the_value_keeps_the_days_earlier_one() -> None:
    morning = datetime(2026, 11, 20, 8, tzinfo=UTC)
    readings = [reading(morning, 50, rank=4), reading(morning + timedelta(hours=1), 51, rank=None)]
    assert daily_values(readings, "industry_rank_top_percent") == [(date(2026, 11, 20), 4)]
    assert daily_values([reading(morning, 50, rank=None)], "industry_rank_top_percent") == []


def test_slope_is_in_points_per_week() -> None:
    assert slope_per_week([(DAY, 10), (DAY + timedelta(days=1), 11), (DAY + timedelta(days=2), 12)]) == pytest.approx(7)


def test_slope_of_a_hand_computed_noisy_case() -> None:
    # x = 0, 1, 2 and y = 1, 3, 2: mean (1, 2), covariance 1, spread 2 -> 0.5 a day.
    points = [(DAY, 1.0), (DAY + timedelta(days=1), 3.0), (DAY + timedelta(days=2), 2.0)]
    assert slope_per_week(points) == pytest.approx(3.5)


def test_missing_days_are_spaced_by_the_calendar() -> None:
    # Two readings two weeks apart rising 2 points: 1 point a week, not 2.
    assert slope_per_week([(DAY, 10), (DAY + timedelta(days=14), 12)]) == pytest.approx(1)


def test_no_slope_from_fewer_than_two_days() -> None:
    assert slope_per_week([]) is None
    assert slope_per_week([(DAY, 60)]) is None


@given(
    st.dictionaries(
        st.integers(min_value=0, max_value=55),
        st.floats(min_value=0, max_value=100, allow_nan=False),
        min_size=2,
    )
)
def test_slope_matches_the_standard_library(values: dict[int, float]) -> None:
    points = sorted((DAY + timedelta(days=day), value) for day, value in values.items())
    expected = statistics.linear_regression([float(d.toordinal()) for d, _ in points], [v for _, v in points]).slope
    assert slope_per_week(points) == pytest.approx(expected * 7, abs=1e-9)


def test_reach_date_hand_computed() -> None:
    # 15 points at 1.5 a week: 10 weeks.
    assert reach_date(60, 75, 1.5, DAY) == DAY + timedelta(days=70)
    # 1 point at 0.3 a week is 23.33 days: reached on the 24th day.
    assert reach_date(60, 61, 0.3, DAY) == DAY + timedelta(days=24)


def test_reach_date_when_met_never_or_too_far() -> None:
    assert reach_date(75, 75, None, DAY) == DAY
    assert reach_date(80, 75, -2.0, DAY) == DAY
    assert reach_date(60, 75, -0.5, DAY) is None
    assert reach_date(60, 75, 0.0, DAY) is None
    assert reach_date(60, 75, None, DAY) is None
    assert reach_date(60, 75, 15 * 7 / (HORIZON_DAYS + 1), DAY) is None
    assert reach_date(60, 75, 15 * 7 / HORIZON_DAYS, DAY) == DAY + timedelta(days=HORIZON_DAYS)


def test_needed_per_week() -> None:
    assert needed_per_week(60, 75, DAY + timedelta(days=70), DAY) == pytest.approx(1.5)
    assert needed_per_week(60, 75, None, DAY) is None
    assert needed_per_week(76, 75, DAY + timedelta(days=7), DAY) == 0
    assert needed_per_week(60, 75, DAY, DAY) is None  # the date has come
    assert needed_per_week(60, 75, DAY - timedelta(days=3), DAY) is None


@pytest.mark.parametrize(
    ("value", "goal", "slope", "by", "status"),
    [
        (75, 75, None, None, "met"),
        (74, 75, 0.5, None, "on_track"),  # no date, rising
        (74, 75, -0.5, None, "behind"),  # no date, falling
        (74, 75, 0.0, None, "behind"),
        (74, 75, None, None, "behind"),  # no trend yet
        (60, 75, 1.5, DAY + timedelta(days=70), "on_track"),  # exactly in time
        (60, 75, 1.5, DAY + timedelta(days=69), "behind"),  # one day short
        (60, 75, 3.0, DAY - timedelta(days=1), "behind"),  # the date has passed
        (60, None, 3.0, None, None),
        (None, 75, 3.0, None, None),
    ],
)
def test_goal_status(
    value: float | None, goal: float | None, slope: float | None, by: date | None, status: str | None
) -> None:
    assert goal_status(value, goal, slope, by, DAY) == status


def test_a_difference_needs_both_values() -> None:
    latest = dict.fromkeys(METRIC_KEYS, 1.0) | {"network_average": None}
    earlier = dict.fromkeys(METRIC_KEYS, 0.75) | {"industry_average": None}
    assert difference(latest, earlier, "overall") == 0.25
    assert difference(latest, earlier, "network_average") is None
    assert difference(latest, earlier, "industry_average") is None
    assert difference(latest, None, "overall") is None


def test_a_difference_has_no_float_noise() -> None:
    latest: MetricValues = dict.fromkeys(METRIC_KEYS, 18.41)
    earlier: MetricValues = dict.fromkeys(METRIC_KEYS, 17.9)
    assert difference(latest, earlier, "professional_brand") == 0.51

"""The summary over real histories in SQLite: every edge of CONTRACT.md's definitions."""

import sqlite3
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from insight_helpers import T0, daily, history_db, metric, snap, store, summary_of

from companion.insights.metrics import METRIC_KEYS, metric_values
from shared_schema import PILLAR_KEYS, Goals, PillarGoals, ProfileGoals, Snapshot

US = timedelta(microseconds=1)


@pytest.fixture
def conn(tmp_path: Path) -> Iterator[sqlite3.Connection]:
    connection = history_db(tmp_path)
    yield connection
    connection.close()


def test_before_the_first_snapshot_only_goals_are_shown(conn: sqlite3.Connection) -> None:
    summary = summary_of(conn, Goals(overall=70))
    assert summary.latest is None and summary.as_of is None
    overall = metric(summary, "overall")
    assert (overall.value, overall.goal, overall.gap, overall.status, overall.slope_per_week) == (
        None,
        70,
        None,
        None,
        None,
    )
    assert overall.delta.previous is None and overall.delta.d7 is None and overall.delta.d30 is None
    assert metric(summary, "engage_with_insights").goal == 17.5
    assert metric(summary, "engage_with_insights").goal_derived is True
    assert summary.projection is not None
    assert (summary.projection.goal, summary.projection.reach_date, summary.projection.needed_per_week) == (
        70,
        None,
        None,
    )
    assert summary_of(conn).projection is None


def test_the_first_snapshot_has_values_but_no_deltas_or_trend(conn: sqlite3.Connection) -> None:
    store(conn, [snap(T0, (10, 12, 14, 16))])
    summary = summary_of(conn, Goals(overall=60, by=date(2026, 6, 1)))
    assert summary.as_of == T0
    overall = metric(summary, "overall")
    assert (overall.value, overall.goal, overall.gap, overall.status) == (52, 60, -8, "behind")
    assert overall.slope_per_week is None
    for key in METRIC_KEYS:
        delta = metric(summary, key).delta
        assert (delta.previous, delta.d7, delta.d30) == (None, None, None)
    assert summary.projection is not None
    assert summary.projection.reach_date is None
    # 8 points in 91 days (13 weeks).
    assert summary.projection.needed_per_week == pytest.approx(8 / 13, abs=0.001)


def test_several_captures_in_one_day(conn: sqlite3.Connection) -> None:
    store(
        conn,
        [
            snap(T0, (10, 10, 10, 10)),
            snap(T0 + timedelta(hours=2), (10, 10, 11, 10)),
            snap(T0 + timedelta(hours=5), (10, 10, 12.5, 10)),
        ],
    )
    summary = summary_of(conn)
    engage = metric(summary, "engage_with_insights")
    assert engage.value == 12.5
    assert engage.delta.previous == 1.5  # against the capture just before, the same day
    assert engage.delta.d7 is None
    assert engage.slope_per_week is None  # one day of data


def test_captures_at_the_same_moment_are_ordered_by_arrival(conn: sqlite3.Connection) -> None:
    store(conn, [snap(T0, (10, 10, 10, 10)), snap(T0, (10, 10, 10, 11))])
    summary = summary_of(conn)
    assert metric(summary, "build_relationships").value == 11
    assert metric(summary, "build_relationships").delta.previous == 1


def test_the_7_and_30_day_windows_include_their_exact_boundary(conn: sqlite3.Connection) -> None:
    latest = T0 + timedelta(days=40)
    store(
        conn,
        [
            snap(latest - timedelta(days=31), (10, 10, 10, 10)),
            snap(latest - timedelta(days=30), (11, 10, 10, 10)),  # exactly 30 days: counts
            snap(latest - timedelta(days=30) + US, (12, 10, 10, 10)),  # a microsecond late
            snap(latest - timedelta(days=7), (13, 10, 10, 10)),  # exactly 7 days: counts
            snap(latest - timedelta(days=7) + US, (14, 10, 10, 10)),
            snap(latest - timedelta(days=1), (15, 10, 10, 10)),
            snap(latest, (16, 10, 10, 10)),
        ],
    )
    delta = metric(summary_of(conn), "professional_brand").delta
    assert (delta.previous, delta.d7, delta.d30) == (1, 3, 5)


def test_gaps_of_weeks_use_the_last_capture_before_each_window(conn: sqlite3.Connection) -> None:
    store(conn, [snap(T0, (10, 10, 10, 10)), snap(T0 + timedelta(weeks=5), (12, 10, 10, 10))])
    summary = summary_of(conn)
    brand = metric(summary, "professional_brand")
    assert (brand.delta.previous, brand.delta.d7, brand.delta.d30) == (2, 2, 2)
    # Both days are inside the 8-week window: 2 points in 5 weeks.
    assert brand.slope_per_week == pytest.approx(0.4)


def test_only_the_last_8_weeks_make_the_slope(conn: sqlite3.Connection) -> None:
    latest_day = T0 + timedelta(days=100)
    store(
        conn,
        [
            snap(T0, (1, 10, 10, 10)),  # far outside the window: would flip the slope
            snap(latest_day - timedelta(days=56), (20, 10, 10, 10)),  # 56 days back: outside
            snap(latest_day - timedelta(days=55), (10, 10, 10, 10)),  # 55 days back: inside
            snap(latest_day, (12, 10, 10, 10)),
        ],
    )
    # Two points 55 days apart rising 2 points.
    assert metric(summary_of(conn), "professional_brand").slope_per_week == pytest.approx(round(2 / 55 * 7, 3))


def test_a_capture_after_a_long_pause_has_deltas_but_no_trend(conn: sqlite3.Connection) -> None:
    store(conn, [snap(T0, (10, 10, 10, 10)), snap(T0 + timedelta(weeks=20), (11, 10, 10, 10))])
    brand = metric(summary_of(conn), "professional_brand")
    assert brand.delta.d30 == 1
    assert brand.slope_per_week is None


def test_projection_against_a_hand_computed_case(conn: sqlite3.Connection) -> None:
    # Overall 40, 41, ... 53 over 14 days: exactly 1 point a day, 7 a week.
    store(conn, daily(T0, 14, lambda day: ((40 + day) / 4,) * 4))
    latest_day = (T0 + timedelta(days=13)).date()
    summary = summary_of(conn, Goals(overall=60, by=latest_day + timedelta(days=14)))
    overall = metric(summary, "overall")
    assert overall.value == 53
    assert overall.slope_per_week == pytest.approx(7)
    assert (overall.delta.previous, overall.delta.d7, overall.delta.d30) == (1, 7, None)
    assert overall.status == "on_track"
    assert summary.projection is not None
    assert summary.projection.reach_date == latest_day + timedelta(days=7)  # 7 points at 1 a day
    assert summary.projection.needed_per_week == pytest.approx(3.5)  # 7 points in 2 weeks
    # Pillar goals derived from 60: 1.75 more each (equal headroom), on track at 1.75 a week.
    brand = metric(summary, "professional_brand")
    assert (brand.goal, brand.goal_derived, brand.gap, brand.status) == (15.0, True, -1.75, "on_track")


def test_a_goal_already_met(conn: sqlite3.Connection) -> None:
    store(conn, daily(T0, 10, lambda day: (20, 20, 20, 20 - day * 0.1)))
    summary = summary_of(conn, Goals(overall=70, by=date(2026, 12, 31)))
    overall = metric(summary, "overall")
    assert (overall.gap, overall.status) == (9, "met")
    assert summary.projection is not None
    assert summary.projection.reach_date == (T0 + timedelta(days=9)).date()
    assert summary.projection.needed_per_week == 0
    assert all(metric(summary, key).status == "met" for key in PILLAR_KEYS)


def test_a_falling_trend_is_behind_and_never_reaches_the_goal(conn: sqlite3.Connection) -> None:
    store(conn, daily(T0, 21, lambda day: (15, 15, 15 - day * 0.2, 15)))
    summary = summary_of(conn, Goals(overall=70))
    engage = metric(summary, "engage_with_insights")
    assert engage.slope_per_week == pytest.approx(-1.4)
    assert engage.delta.d7 == pytest.approx(-1.4)
    assert engage.status == "behind"
    assert metric(summary, "overall").status == "behind"
    assert summary.projection is not None and summary.projection.reach_date is None


def test_ranks_are_differenced_honestly_and_have_no_goal(conn: sqlite3.Connection) -> None:
    store(
        conn,
        [
            snap(T0, industry_rank=12, network_rank=None),
            snap(T0 + timedelta(days=7), industry_rank=8, network_rank=3),
            snap(T0 + timedelta(days=14), industry_rank=5, network_rank=2),
        ],
    )
    summary = summary_of(conn, Goals(overall=90))
    industry = metric(summary, "industry_rank_top_percent")
    # Top 12% -> top 5%: smaller is better, and the delta says -7 (an improvement).
    assert (industry.value, industry.delta.previous, industry.delta.d7, industry.delta.d30) == (5, -3, -3, None)
    assert industry.slope_per_week == pytest.approx(-3.5)
    assert (industry.goal, industry.gap, industry.status, industry.goal_derived) == (None, None, None, False)
    network = metric(summary, "network_rank_top_percent")
    assert network.delta.d7 == -1
    # The first day had no network rank: two days of values remain.
    assert network.slope_per_week == pytest.approx(-1)


def test_a_value_the_page_did_not_show_has_null_deltas(conn: sqlite3.Connection) -> None:
    store(conn, [snap(T0, industry_average=40), snap(T0 + timedelta(days=8), industry_average=None)])
    average = metric(summary_of(conn), "industry_average")
    assert average.value is None
    assert (average.delta.previous, average.delta.d7) == (None, None)


def test_several_profiles_never_mix(conn: sqlite3.Connection) -> None:
    store(conn, daily(T0, 30, lambda day: (10 + day * 0.1, 10, 10, 10), profile="me"))
    store(conn, daily(T0 + timedelta(hours=1), 30, lambda day: (20 - day * 0.1, 20, 20, 20), profile="work"))
    store(conn, [snap(T0 + timedelta(days=40), (5, 5, 5, 5), profile="other")])
    goals = Goals(overall=50, profiles={"work": ProfileGoals(overall=85, pillars=PillarGoals(professional_brand=21))})
    me, work = summary_of(conn, goals, "me"), summary_of(conn, goals, "work")
    assert me.latest is not None and me.latest.profile == "me"
    assert metric(me, "professional_brand").delta.d7 == pytest.approx(0.7)
    assert metric(me, "professional_brand").slope_per_week == pytest.approx(0.7)
    assert metric(work, "professional_brand").delta.d7 == pytest.approx(-0.7)
    assert metric(me, "overall").goal == 50
    assert metric(work, "overall").goal == 85
    assert (metric(work, "professional_brand").goal, metric(work, "professional_brand").goal_derived) == (21, False)
    assert summary_of(conn, goals, "nobody").latest is None


@st.composite
def histories(draw: st.DrawFn) -> list[Snapshot]:
    """Up to 60 captures over 100 days with repeated moments and days, some values missing."""
    base = T0
    count = draw(st.integers(min_value=1, max_value=60))
    moments = draw(st.lists(st.integers(min_value=0, max_value=100 * 24 * 6), min_size=count, max_size=count))
    pillar = st.floats(min_value=0, max_value=25, allow_nan=False).map(lambda v: round(v, 3))
    average = st.none() | st.floats(min_value=0, max_value=100, allow_nan=False)
    result = []
    for step in moments:
        values = draw(st.tuples(pillar, pillar, pillar, pillar))
        result.append(
            snap(
                base + timedelta(minutes=10 * step),
                values,
                industry_average=draw(average),
                network_rank=draw(st.none() | st.floats(min_value=0.5, max_value=100)),
            )
        )
    return result


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(history=histories())
def test_deltas_and_slopes_match_a_brute_force_over_the_whole_history(tmp_path: Path, history: list[Snapshot]) -> None:
    conn = history_db(tmp_path / str(abs(hash(tuple(s.id for s in history)))), history)
    try:
        summary = summary_of(conn)
    finally:
        conn.close()
    # Stored order: by capture time, ties by arrival.
    ordered = [s for _, _, s in sorted((s.captured_at, index, s) for index, s in enumerate(history))]
    latest = ordered[-1]
    assert summary.latest is not None and summary.latest.id == latest.id
    previous = ordered[-2] if len(ordered) > 1 else None

    def at_or_before(moment: datetime) -> Snapshot | None:
        earlier = [s for s in ordered if s.captured_at <= moment]
        return earlier[-1] if earlier else None

    week, month = (
        at_or_before(latest.captured_at - timedelta(days=7)),
        at_or_before(latest.captured_at - timedelta(days=30)),
    )
    first_day = latest.captured_at.date() - timedelta(days=55)
    for key in METRIC_KEYS:
        got = metric(summary, key)
        for earlier, value in ((previous, got.delta.previous), (week, got.delta.d7), (month, got.delta.d30)):
            expected = _difference(latest, earlier, key)
            assert value == (None if expected is None else pytest.approx(expected, abs=0.0011))
        by_day: dict[date, float] = {}
        for s in ordered:
            v = metric_values(s)[key]
            if v is not None and s.captured_at.astimezone(UTC).date() >= first_day:
                by_day[s.captured_at.astimezone(UTC).date()] = v
        if len(by_day) < 2:
            assert got.slope_per_week is None
        else:
            xs = [float(d.toordinal() - first_day.toordinal()) for d in sorted(by_day)]
            ys = [by_day[d] for d in sorted(by_day)]
            slope = _least_squares(xs, ys) * 7
            assert got.slope_per_week == pytest.approx(slope, abs=0.0011)


def _difference(latest: Snapshot, earlier: Snapshot | None, key: str) -> float | None:
    if earlier is None:
        return None
    now, then = metric_values(latest)[key], metric_values(earlier)[key]
    return None if now is None or then is None else now - then


def _least_squares(xs: list[float], ys: list[float]) -> float:
    n = len(xs)
    sx, sy = sum(xs), sum(ys)
    sxy = sum(x * y for x, y in zip(xs, ys, strict=True))
    sxx = sum(x * x for x in xs)
    return (n * sxy - sx * sy) / (n * sxx - sx * sx)

"""Putting the summary together from the history view and the profile's targets (pure)."""

from datetime import UTC, date

from companion.goals.targets import PillarTarget, ProfileTargets, pillar_targets
from companion.insights.deltas import metric_delta
from companion.insights.history import HistoryView
from companion.insights.metrics import METRIC_KEYS, MetricValues, metric_values, points
from companion.insights.projection import goal_status, needed_per_week, reach_date
from companion.insights.trend import slopes_per_week
from shared_schema import Delta, ErrorDetail, Metrics, MetricSummary, Projection, Summary

_NO_DELTA = Delta(previous=None, d7=None, d30=None)


def build_summary(
    profile: str, view: HistoryView, targets: ProfileTargets, goals_error: ErrorDetail | None = None
) -> Summary:
    """The Summary of CONTRACT.md for one profile.

    Goals: `overall` has the overall target; each pillar its explicit target or one derived
    from the overall target (`goal_derived`); ranks and averages have no goals (the goals file
    has none for them), so their goal, gap and status are null. The target date applies to
    every goal. Before the first capture, values, deltas, slopes and statuses are null while
    the goals are still shown. `goals_error`: why the goals file is not in force, if it is not.
    """
    latest = view.latest
    values = metric_values(latest) if latest is not None else None
    today = latest.captured_at.astimezone(UTC).date() if latest is not None else None
    goals = _goals(targets, view)
    slopes = slopes_per_week(view.window, METRIC_KEYS)
    metrics = {key: _metric(key, values, view, goals.get(key), slopes[key], targets, today) for key in METRIC_KEYS}
    return Summary(
        profile=profile,
        as_of=latest.captured_at if latest is not None else None,
        latest=latest,
        metrics=Metrics(**metrics),
        projection=_projection(targets, values, slopes["overall"], today),
        goals_error=goals_error,
    )


def _goals(targets: ProfileTargets, view: HistoryView) -> dict[str, PillarTarget]:
    latest = view.latest
    pillars = pillar_targets(targets, latest.pillars if latest else None, latest.overall if latest else None)
    if targets.overall is not None:
        pillars["overall"] = PillarTarget(goal=targets.overall, derived=False)
    return pillars


def _metric(
    key: str,
    values: MetricValues | None,
    view: HistoryView,
    target: PillarTarget | None,
    slope: float | None,
    targets: ProfileTargets,
    today: date | None,
) -> MetricSummary:
    goal = target.goal if target is not None else None
    derived = target.derived if target is not None else False
    if values is None or today is None:
        return MetricSummary(
            value=None, goal=goal, goal_derived=derived, gap=None, status=None, delta=_NO_DELTA, slope_per_week=None
        )
    value = values[key]
    return MetricSummary(
        value=value,
        goal=goal,
        goal_derived=derived,
        gap=points(value - goal) if value is not None and goal is not None else None,
        status=goal_status(value, goal, slope, targets.by, today),
        delta=metric_delta(values, view.previous, view.earlier.get(7), view.earlier.get(30), key),
        slope_per_week=points(slope),
    )


def _projection(
    targets: ProfileTargets, values: MetricValues | None, slope: float | None, today: date | None
) -> Projection | None:
    """Null without an overall goal; reach date and pace are null before the first capture."""
    if targets.overall is None:
        return None
    goal = targets.overall
    value = values["overall"] if values is not None else None
    if value is None or today is None:
        return Projection(goal=goal, reach_date=None, needed_per_week=None)
    return Projection(
        goal=goal,
        reach_date=reach_date(value, goal, slope, today),
        needed_per_week=points(needed_per_week(value, goal, targets.by, today)),
    )

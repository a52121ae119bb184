"""Where the current pace leads: when a goal is reached, what it takes, whether it is on track."""

import math
from datetime import date, timedelta
from typing import Final

from companion.insights.trend import DAYS_PER_WEEK
from shared_schema.insight import GoalStatus

# Beyond this a projected date says nothing useful (the score moves within months), so a pace
# that slow counts as "never at this pace".
HORIZON_DAYS: Final = 10 * 365
# Float division can land a hair above a whole number of days (70.00000000001).
_DAY_EPSILON: Final = 1e-9


def reach_date(value: float, goal: float, slope_per_week: float | None, today: date) -> date | None:
    """The first day the value reaches `goal` going from `value` at `slope_per_week`.

    `today` (the latest capture's UTC day) when the goal is already met; None when the pace
    does not rise or would take longer than HORIZON_DAYS.
    """
    if value >= goal:
        return today
    if slope_per_week is None or slope_per_week <= 0:
        return None
    days = math.ceil((goal - value) / (slope_per_week / DAYS_PER_WEEK) - _DAY_EPSILON)
    if days > HORIZON_DAYS:
        return None
    return today + timedelta(days=days)


def needed_per_week(value: float, goal: float, by: date | None, today: date) -> float | None:
    """Points per week from `value` to `goal` by the target date.

    0 when the goal is met; None without a date, or when the date is today or past (no pace
    can make it any more).
    """
    if by is None:
        return None
    if value >= goal:
        return 0.0
    days = (by - today).days
    if days <= 0:
        return None
    return (goal - value) / days * DAYS_PER_WEEK


def goal_status(
    value: float | None, goal: float | None, slope_per_week: float | None, by: date | None, today: date
) -> GoalStatus | None:
    """met; on_track when the current pace reaches the goal (by the date, if one is set);
    behind otherwise, including when there is no trend yet. None without a value or goal."""
    if value is None or goal is None:
        return None
    if value >= goal:
        return "met"
    reached = reach_date(value, goal, slope_per_week, today)
    if reached is not None and (by is None or reached <= by):
        return "on_track"
    return "behind"

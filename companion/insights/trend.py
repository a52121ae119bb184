"""The trend: daily values and their least-squares slope."""

from collections.abc import Iterable
from datetime import UTC, date
from typing import Final

from companion.insights.metrics import Reading

DAYS_PER_WEEK: Final = 7


def daily_values(readings: Iterable[Reading], key: str) -> list[tuple[date, float]]:
    """The last known value of `key` on each UTC day, oldest day first.

    `readings` come oldest first, so later captures of a day overwrite earlier ones; a capture
    without this value (a rank the page did not show) leaves the day's earlier value standing.
    """
    by_day: dict[date, float] = {}
    for reading in readings:
        value = reading.values[key]
        if value is not None:
            by_day[reading.captured_at.astimezone(UTC).date()] = value
    return sorted(by_day.items())


def slope_per_week(points: list[tuple[date, float]]) -> float | None:
    """Ordinary least squares of value on day number, in points per week.

    Missing days are simply absent (x is the real day number), so gaps do not distort the
    pace. None with fewer than two days: one day gives no direction.
    """
    if len(points) < 2:
        return None
    return _slope(_day_offsets(tuple(day.toordinal() for day, _ in points)), [value for _, value in points])


def slopes_per_week(readings: Iterable[Reading], keys: Iterable[str]) -> dict[str, float | None]:
    """slope_per_week(daily_values(readings, key)) for every key, with the work the keys share
    done once: each capture's UTC day, and the day numbers' offsets and spread per distinct set
    of days (usually one: most captures carry every value). Same arithmetic, same results."""
    by_key: dict[str, dict[int, float]] = {key: {} for key in keys}
    for reading in readings:
        day = reading.captured_at.astimezone(UTC).toordinal()
        values = reading.values
        for key, by_day in by_key.items():
            value = values[key]
            if value is not None:
                by_day[day] = value
    offsets: dict[tuple[int, ...], tuple[list[float], float]] = {}
    slopes: dict[str, float | None] = {}
    for key, by_day in by_key.items():
        if len(by_day) < 2:
            slopes[key] = None
            continue
        days = tuple(sorted(by_day))
        if days not in offsets:
            offsets[days] = _day_offsets(days)
        slopes[key] = _slope(offsets[days], [by_day[day] for day in days])
    return slopes


def _day_offsets(days: tuple[int, ...]) -> tuple[list[float], float]:
    """Each day number's distance from their mean, and the sum of their squares."""
    mean = sum(days) / len(days)
    offsets = [day - mean for day in days]
    return offsets, sum([offset**2 for offset in offsets])


def _slope(day_offsets: tuple[list[float], float], values: list[float]) -> float:
    offsets, spread = day_offsets
    mean = sum(values) / len(values)
    covariance = sum([offset * (value - mean) for offset, value in zip(offsets, values, strict=True)])
    return covariance / spread * DAYS_PER_WEEK

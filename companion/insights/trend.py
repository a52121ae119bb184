"""The trend: daily values and their least-squares slope."""

from collections.abc import Iterable, Sequence
from datetime import UTC, date
from itertools import repeat
from operator import floordiv, mul
from typing import Any, Final

from companion.insights.metrics import Reading

DAYS_PER_WEEK: Final = 7
US_PER_DAY: Final = 86_400 * 1_000_000
# One capture of the slope window as the history query returns it: microseconds since the
# epoch (UTC), then the metric values in the order of the keys asked for.
WindowRow = tuple[Any, ...]
# Days are numbered from 1970-01-01, as a capture's microseconds divide into (both ways must
# give the same numbers: the offsets from their mean are rounded alike only then).
_EPOCH_ORDINAL: Final = date(1970, 1, 1).toordinal()


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
    day_numbers = tuple(day.toordinal() - _EPOCH_ORDINAL for day, _ in points)
    return _slope(_day_offsets(day_numbers), [value for _, value in points])


def slopes_per_week(rows: Sequence[WindowRow], keys: Sequence[str]) -> dict[str, float | None]:
    """slope_per_week(daily_values(...)) for every key, straight from the window query's rows
    (oldest first): the same days and the same arithmetic, bit for bit, without building a
    datetime or a dict per capture. This runs on every ingest, so it works column by column:
    the UTC day of a capture is its microseconds floor-divided by a day's, and a day's value is
    its last capture's. The days, each day's last row and the day offsets are found once for
    all the columns; a column is first tried with them, which holds whenever every day's last
    capture has its value (usually all but the ranks a page did not show), and only a column
    where one of those is missing needs days of its own."""
    if not rows:
        return dict.fromkeys(keys)
    captured, *columns = zip(*rows, strict=True)
    days = list(map(floordiv, captured, repeat(US_PER_DAY, len(captured))))
    if days != sorted(days):
        raise ValueError("window rows must come oldest first")
    one_row_per_day = len(set(days)) == len(days)
    # Day -> index of its last row. The days come in order, so the keys are in order too.
    last_row = None if one_row_per_day else {day: index for index, day in enumerate(days)}
    full_days = tuple(days) if last_row is None else tuple(last_row)
    if len(full_days) < 2:
        return dict.fromkeys(keys)  # a column's own days are among these: one day, no direction
    full_offsets = _day_offsets(full_days)
    slopes: dict[str, float | None] = {}
    for key, column in zip(keys, columns, strict=True):
        day_values = column if last_row is None else [column[index] for index in last_row.values()]
        try:
            slopes[key] = _slope(full_offsets, day_values)
        except TypeError:
            # A day's last capture lacks this value (None): the day's earlier value stands, and
            # a day without any value is left out.
            slopes[key] = _slope_with_gaps(days, column)
    return slopes


def _slope_with_gaps(days: list[int], column: Sequence[float | None]) -> float | None:
    by_day = {day: value for day, value in zip(days, column, strict=True) if value is not None}
    if len(by_day) < 2:
        return None
    return _slope(_day_offsets(tuple(by_day)), list(by_day.values()))


def _day_offsets(days: tuple[int, ...]) -> tuple[list[float], float]:
    """Each day number's distance from their mean, and the sum of their squares."""
    mean = sum(days) / len(days)
    offsets = [day - mean for day in days]
    return offsets, sum(map(mul, offsets, offsets))


def _slope(day_offsets: tuple[list[float], float], values: Sequence[float]) -> float:
    """Σ offset·(value − mean) / Σ offset², where the offsets sum to zero, so the values' mean
    drops out: Σ offset·value is the same covariance with less arithmetic."""
    offsets, spread = day_offsets
    if len(values) != len(offsets):
        raise ValueError("one value per day is needed")
    covariance: float = sum(map(mul, offsets, values))
    return covariance / spread * DAYS_PER_WEEK

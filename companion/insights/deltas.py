"""Differences between the latest values and earlier ones."""

from companion.insights.metrics import MetricValues, points
from shared_schema import Delta


def difference(latest: MetricValues, earlier: MetricValues | None, key: str) -> float | None:
    """latest - earlier for one metric; null when either side has no value."""
    if earlier is None:
        return None
    now, then = latest[key], earlier[key]
    if now is None or then is None:
        return None
    return points(now - then)


def metric_delta(
    latest: MetricValues,
    previous: MetricValues | None,
    week_ago: MetricValues | None,
    month_ago: MetricValues | None,
    key: str,
) -> Delta:
    """`previous`: the capture just before the latest; `week_ago` / `month_ago`: the latest
    capture at or before 7 / 30 days before the latest one (None where there is none).

    Ranks are differenced like everything else, so a negative rank delta is an improvement
    (top 3% after top 5%); the sign is never flipped behind the user's back.
    """
    return Delta(
        previous=difference(latest, previous, key),
        d7=difference(latest, week_ago, key),
        d30=difference(latest, month_ago, key),
    )

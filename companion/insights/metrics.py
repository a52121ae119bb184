"""The nine metrics a summary reports, named as in the Summary and as the database columns."""

from datetime import datetime
from typing import Final

import msgspec

from shared_schema import PILLAR_KEYS, Snapshot

# The same names are the columns of the `snapshots` table, so they can be selected directly.
METRIC_KEYS: Final = (
    "overall",
    *PILLAR_KEYS,
    "industry_rank_top_percent",
    "industry_average",
    "network_rank_top_percent",
    "network_average",
)
# Pillars come with up to three decimals; more digits in a difference are float noise.
POINT_DECIMALS: Final = 3

MetricValues = dict[str, float | None]


class Reading(msgspec.Struct, frozen=True):
    """One capture reduced to its time and the nine metric values."""

    captured_at: datetime
    values: MetricValues


def metric_values(snapshot: Snapshot) -> MetricValues:
    """The nine values of one snapshot; ranks and averages may be null (not shown on the page)."""
    pillars = snapshot.pillars
    return {
        "overall": float(snapshot.overall),
        "professional_brand": pillars.professional_brand,
        "find_right_people": pillars.find_right_people,
        "engage_with_insights": pillars.engage_with_insights,
        "build_relationships": pillars.build_relationships,
        "industry_rank_top_percent": snapshot.industry.rank_top_percent,
        "industry_average": snapshot.industry.average,
        "network_rank_top_percent": snapshot.network.rank_top_percent,
        "network_average": snapshot.network.average,
    }


def points(value: float | None) -> float | None:
    return None if value is None else round(value, POINT_DECIMALS) + 0.0  # + 0.0: no "-0.0"

"""What the companion tells the user: the summary (deltas, goals, projection) and advice."""

from datetime import date
from typing import Annotated, Literal

import msgspec
from msgspec import Meta

from shared_schema.base import Base, ErrorDetail
from shared_schema.snapshot import AwareDatetime, ProfileName, Snapshot

GoalStatus = Literal["met", "on_track", "behind"]
AdviceLang = Literal["en", "de", "es"]
AdviceTarget = Literal[
    "overall",
    "professional_brand",
    "find_right_people",
    "engage_with_insights",
    "build_relationships",
]


class Delta(Base, kw_only=True):
    """Latest value minus an earlier one; null where there is no earlier snapshot."""

    previous: float | None
    d7: float | None = msgspec.field(name="7d")
    d30: float | None = msgspec.field(name="30d")


class MetricSummary(Base):
    value: float | None
    goal: float | None
    goal_derived: bool
    gap: float | None
    status: GoalStatus | None
    delta: Delta
    slope_per_week: float | None


class Metrics(Base):
    overall: MetricSummary
    professional_brand: MetricSummary
    find_right_people: MetricSummary
    engage_with_insights: MetricSummary
    build_relationships: MetricSummary
    industry_rank_top_percent: MetricSummary
    industry_average: MetricSummary
    network_rank_top_percent: MetricSummary
    network_average: MetricSummary


class Projection(Base):
    goal: float | None
    reach_date: date | None
    needed_per_week: float | None


class Summary(Base):
    """Where the user stands. `latest` and `as_of` are null before the first snapshot."""

    profile: ProfileName
    as_of: AwareDatetime | None
    latest: Snapshot | None
    metrics: Metrics
    projection: Projection | None
    # Why goals.toml on disk is not in force (the goals above are the last valid ones), or
    # null: shown in the popup, where a mistaken edit would otherwise go unnoticed.
    goals_error: ErrorDetail | None = None


class AdviceItem(Base):
    pillar: AdviceTarget
    priority: Annotated[int, Meta(ge=1)]
    kind: str
    title: str
    reason: str
    actions: list[str]


class Advice(Base):
    lang: AdviceLang
    items: list[AdviceItem]

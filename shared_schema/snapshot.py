"""The Snapshot: one reading of the SSI page, as the extension sends it and as it is stored."""

import uuid
from datetime import UTC, datetime, timedelta
from typing import Annotated, Final

import msgspec
from msgspec import Meta

from shared_schema.base import Base

PILLAR_KEYS: Final = (
    "professional_brand",
    "find_right_people",
    "engage_with_insights",
    "build_relationships",
)

# The page shows the total as an integer and the components rounded, so the two may disagree
# by rounding; anything beyond this means the reading is wrong.
PILLAR_SUM_TOLERANCE: Final = 1.0

PillarScore = Annotated[float, Meta(ge=0, le=25, description="Points out of 25.")]
OverallScore = Annotated[int, Meta(ge=0, le=100, description="Points out of 100.")]
RankTopPercent = Annotated[
    float, Meta(gt=0, le=100, description="Top percentile: 4 means 'Top 4%'.")
]
AverageScore = Annotated[float, Meta(ge=0, le=100, description="Average SSI of a peer group.")]
ProfileName = Annotated[
    str,
    Meta(
        min_length=1,
        max_length=64,
        pattern=r"^[^\x00-\x1f\x7f]+$",
        description="Whose SSI this is; 'me' unless the user tracks several profiles.",
    ),
]
Locale = Annotated[str, Meta(max_length=35, pattern=r"^[A-Za-z]{2,3}([_-][A-Za-z0-9]{1,8})*$")]
AwareDatetime = Annotated[datetime, Meta(tz=True)]

# No SSI was captured before 2000: an earlier time is a computer's clock gone wrong or a broken
# file, and times near year 1 overflow the date arithmetic of storage and summaries.
EARLIEST_CAPTURE: Final = datetime(2000, 1, 1, tzinfo=UTC)
# A capture from the future means a wrong clock or a forged snapshot; allow for clock skew.
MAX_CAPTURE_SKEW: Final = timedelta(days=1)
# msgspec cannot bound a datetime, so capture_time_error() checks these where snapshots come in;
# the description carries them into the JSON Schema.
CaptureTime = Annotated[
    datetime,
    Meta(
        tz=True,
        description=f"RFC 3339 with an offset; not before {EARLIEST_CAPTURE:%Y-%m-%dT%H:%M:%SZ}, "
        "nor more than a day ahead of the companion's clock.",
    ),
]


class Pillars(Base):
    """The four components, each worth up to 25 points."""

    professional_brand: PillarScore
    find_right_people: PillarScore
    engage_with_insights: PillarScore
    build_relationships: PillarScore

    def total(self) -> float:
        return (
            self.professional_brand
            + self.find_right_people
            + self.engage_with_insights
            + self.build_relationships
        )


class Industry(Base):
    """The user's standing among sales professionals in their industry."""

    name: Annotated[str, Meta(min_length=1, max_length=200)] | None = None
    rank_top_percent: RankTopPercent | None = None
    average: AverageScore | None = None


class Network(Base):
    """The user's standing in their own network."""

    rank_top_percent: RankTopPercent | None = None
    average: AverageScore | None = None


class Source(Base):
    """Where a snapshot was read; informational only."""

    url: Annotated[str, Meta(max_length=2048)] | None = None
    layout: Annotated[str, Meta(max_length=32)] | None = None
    extension_version: Annotated[str, Meta(max_length=32)] | None = None


def pillar_sum_error(overall: int, pillars: Pillars) -> str | None:
    """Explain why the components cannot belong to this total, or None when they can."""
    total = pillars.total()
    if abs(total - overall) <= PILLAR_SUM_TOLERANCE:
        return None
    return (
        f"the four pillars sum to {total:.3f} but overall is {overall}; "
        f"they must agree within {PILLAR_SUM_TOLERANCE:g}"
    )


def capture_time_error(captured_at: datetime, now: datetime) -> str | None:
    """Explain why nothing can have been captured at `captured_at`, or None when it can.

    Checked where snapshots come in (POST, import), not by the Struct: the bound ahead depends
    on the clock, and the Struct is also rebuilt from history stored before these bounds existed.
    """
    if captured_at < EARLIEST_CAPTURE:
        moment = msgspec.json.encode(captured_at).decode()[1:-1]  # as on the wire
        return f"captured_at {moment} is before {EARLIEST_CAPTURE:%Y-%m-%dT%H:%M:%SZ}; check the computer's clock"
    if captured_at - now > MAX_CAPTURE_SKEW:
        return "captured_at is more than a day in the future; check the computer's clock"
    return None


class Snapshot(Base, kw_only=True):
    """One capture of the SSI page. `id` is the idempotency key made by the extension."""

    id: uuid.UUID
    captured_at: CaptureTime
    profile: ProfileName = "me"
    overall: OverallScore
    pillars: Pillars
    industry: Industry = msgspec.field(default_factory=Industry)
    network: Network = msgspec.field(default_factory=Network)
    locale: Locale | None = None
    source: Source | None = None

    def __post_init__(self) -> None:
        problem = pillar_sum_error(self.overall, self.pillars)
        if problem is not None:
            # msgspec reports errors raised here without a path; name the field the same way
            # its own messages do so clients can point at it.
            raise ValueError(f"{problem} - at `$.pillars`")


class PageReading(Base, kw_only=True):
    """What the extension's page reader extracts from a rendered SSI page."""

    overall: OverallScore
    pillars: Pillars
    industry: Industry
    network: Network
    locale: Locale | None = None
    layout: Annotated[str, Meta(max_length=32)]

    def __post_init__(self) -> None:
        problem = pillar_sum_error(self.overall, self.pillars)
        if problem is not None:
            raise ValueError(f"{problem} - at `$.pillars`")

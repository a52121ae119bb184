"""The user's targets, as written in goals.toml and exchanged through /v1/goals."""

from datetime import date
from typing import Annotated

import msgspec
from msgspec import Meta

from shared_schema.base import Base
from shared_schema.snapshot import ProfileName

OverallGoal = Annotated[float, Meta(ge=0, le=100)]
PillarGoal = Annotated[float, Meta(ge=0, le=25)]


class PillarGoals(Base):
    professional_brand: PillarGoal | None = None
    find_right_people: PillarGoal | None = None
    engage_with_insights: PillarGoal | None = None
    build_relationships: PillarGoal | None = None


class ProfileGoals(Base):
    """Targets for one profile; unset values fall back to the top-level ones."""

    overall: OverallGoal | None = None
    by: date | None = None
    pillars: PillarGoals = msgspec.field(default_factory=PillarGoals)


class Goals(Base):
    """The whole goals file: defaults for every profile, and optional per-profile overrides."""

    overall: OverallGoal | None = None
    by: date | None = None
    pillars: PillarGoals = msgspec.field(default_factory=PillarGoals)
    profiles: dict[ProfileName, ProfileGoals] = msgspec.field(default_factory=dict)

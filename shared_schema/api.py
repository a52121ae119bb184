"""Request and response bodies of the HTTP API that are not domain objects of their own."""

from typing import Annotated, Literal

from msgspec import Meta

from shared_schema.base import Base, ErrorDetail
from shared_schema.goals import Goals
from shared_schema.insight import Advice, Summary
from shared_schema.snapshot import AwareDatetime, Snapshot

EXPORT_FORMAT_NAME = "ssi-companion-export"
EXPORT_FORMAT_VERSION = 1


class Health(Base):
    status: Literal["ok"]
    version: str


class PairRequest(Base):
    code: Annotated[str, Meta(min_length=1, max_length=32)]
    client: Annotated[str, Meta(max_length=200)] = ""


class PairResponse(Base):
    token: str


class ErrorResponse(Base):
    error: ErrorDetail


class SnapshotList(Base):
    snapshots: list[Snapshot]


class Series(Base):
    """GET /v1/series: one profile's history as columns, oldest first, in the order of
    GET /v1/snapshots; entry i of every list belongs to the same snapshot. What a chart plots,
    at about an eighth of the snapshots' JSON (all nine metrics; 208 kB for 3,650 days)."""

    profile: str
    # Milliseconds since the Unix epoch (UTC), as JavaScript's Date counts them.
    captured_at_ms: list[int]
    overall: list[int]
    professional_brand: list[float]
    find_right_people: list[float]
    engage_with_insights: list[float]
    build_relationships: list[float]
    industry_rank_top_percent: list[float | None]
    industry_average: list[float | None]
    network_rank_top_percent: list[float | None]
    network_average: list[float | None]


class IngestResponse(Base):
    """Answer to POST /v1/snapshots: `created` is false when the id was already stored."""

    created: bool
    snapshot: Snapshot
    summary: Summary
    advice: Advice


class GoalsResponse(Base):
    """The goals in force, and what is wrong with goals.toml on disk if it is invalid."""

    goals: Goals
    error: ErrorDetail | None = None


class ExportDocument(Base):
    format: Literal["ssi-companion-export"]
    version: Literal[1]
    exported_at: AwareDatetime
    snapshots: list[Snapshot]

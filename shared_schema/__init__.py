"""The wire schema shared by the companion and the extension: msgspec Structs are the source of
truth; `ssi-companion.schema.json` beside this file is generated from them."""

from shared_schema.api import (
    EXPORT_FORMAT_NAME,
    EXPORT_FORMAT_VERSION,
    ErrorResponse,
    ExportDocument,
    GoalsResponse,
    Health,
    IngestResponse,
    PairRequest,
    PairResponse,
    Series,
    SnapshotList,
)
from shared_schema.base import ErrorDetail
from shared_schema.goals import Goals, PillarGoals, ProfileGoals
from shared_schema.insight import (
    Advice,
    AdviceItem,
    Delta,
    MetricSummary,
    Metrics,
    Projection,
    Summary,
)
from shared_schema.snapshot import (
    PILLAR_KEYS,
    Industry,
    Network,
    PageReading,
    Pillars,
    Snapshot,
    Source,
)

__all__ = [
    "EXPORT_FORMAT_NAME",
    "EXPORT_FORMAT_VERSION",
    "PILLAR_KEYS",
    "Advice",
    "AdviceItem",
    "Delta",
    "ErrorDetail",
    "ErrorResponse",
    "ExportDocument",
    "Goals",
    "GoalsResponse",
    "Health",
    "Industry",
    "IngestResponse",
    "MetricSummary",
    "Metrics",
    "Network",
    "PageReading",
    "PairRequest",
    "PairResponse",
    "PillarGoals",
    "Pillars",
    "ProfileGoals",
    "Projection",
    "Series",
    "Snapshot",
    "SnapshotList",
    "Source",
    "Summary",
]

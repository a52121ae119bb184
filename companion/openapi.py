"""GET /v1/openapi.json: the OpenAPI 3.1 document, generated from the shared msgspec Structs
so it cannot drift from what the handlers decode and encode."""

from dataclasses import dataclass, field
from functools import cache
from typing import Any, Final

import msgspec

from companion import __version__
from shared_schema import (
    Advice,
    ErrorResponse,
    ExportDocument,
    Goals,
    GoalsResponse,
    Health,
    IngestResponse,
    PairRequest,
    PairResponse,
    Series,
    Snapshot,
    SnapshotList,
    Summary,
)

_DATE_OR_TIME: Final = {
    "type": "string",
    "description": "A date (YYYY-MM-DD, whole UTC day) or an RFC 3339 timestamp with offset.",
}
_PROFILE: Final[dict[str, Any]] = {
    "type": "string",
    "maxLength": 64,
    "pattern": r"^[^\x00-\x1f\x7f]*$",
    "description": "Whose history; empty or absent means the default ('me', or every profile for listings).",
}
_SERIES_PROFILE: Final = {**_PROFILE, "description": "Whose history; empty or absent means 'me'."}
_LANG: Final = {"type": "string", "description": "en, de or es; anything else falls back to en."}
_RANGE_PARAMS: Final[dict[str, dict[str, Any]]] = {"since": _DATE_OR_TIME, "until": _DATE_OR_TIME, "profile": _PROFILE}
_SUCCESS_DESCRIPTIONS: Final = {200: "OK", 201: "Created", 204: "Done; no content"}
_ERRORS_EVERYWHERE: Final = (400, 403, 404)
_ERROR_DESCRIPTIONS: Final = {
    400: "Not JSON, or a bad query parameter",
    401: "Missing or invalid Bearer token",
    403: "Refused Host, Origin or cross-site request",
    404: "No such resource",
    409: "The id is already stored with different values",
    413: "Body over the size cap",
    415: "Body is not application/json",
    422: "The body breaks the schema; `path` names the field",
    429: "Too many wrong pairing codes",
    503: "Another process (an import) holds the history's write lock; retry after `Retry-After` seconds",
}


@dataclass(frozen=True)
class Operation:
    method: str
    path: str
    summary: str
    responses: dict[int, type | dict[str, Any] | None]  # None: no body
    body: type | None = None
    query: dict[str, dict[str, Any]] = field(default_factory=dict)
    errors: tuple[int, ...] = ()
    public: bool = False


OPERATIONS: Final = (
    Operation("get", "/v1/health", "Liveness and version", {200: Health}, public=True),
    Operation(
        "post", "/v1/pair", "Trade a pairing code for a token", {200: PairResponse},
        body=PairRequest, errors=(401, 413, 415, 422, 429), public=True,
    ),
    Operation(
        "delete", "/v1/pair", "Forget the calling extension's pairing: its token stops working",
        {204: None}, errors=(401, 503),
    ),
    Operation(
        "post", "/v1/snapshots", "Store a snapshot (idempotent on its id)",
        {200: IngestResponse, 201: IngestResponse}, body=Snapshot, query={"lang": _LANG},
        errors=(401, 409, 413, 415, 422, 503),
    ),
    Operation(
        "get", "/v1/snapshots", "History, oldest first", {200: SnapshotList},
        query={**_RANGE_PARAMS, "limit": {"type": "integer", "minimum": 1, "maximum": 1_000_000}},
        errors=(401,),
    ),
    Operation(
        "get", "/v1/series", "One profile's history as columns, oldest first (for charts)", {200: Series},
        query={"since": _DATE_OR_TIME, "until": _DATE_OR_TIME, "profile": _SERIES_PROFILE}, errors=(401,),
    ),
    Operation("get", "/v1/summary", "Latest values, deltas, goals, projection", {200: Summary},
              query={"profile": _PROFILE}, errors=(401,)),
    Operation("get", "/v1/advice", "Ranked targeted advice", {200: Advice},
              query={"profile": _PROFILE, "lang": _LANG}, errors=(401,)),
    Operation("get", "/v1/goals", "The goals in force", {200: GoalsResponse}, errors=(401,)),
    Operation("put", "/v1/goals", "Replace the goals", {200: GoalsResponse}, body=Goals,
              errors=(401, 413, 415, 422)),
    Operation(
        "get", "/v1/export", "Download the history", {200: {
            "text/csv": {"schema": {"type": "string"}},
            "application/json": {"schema": {"$ref": "#/components/schemas/ExportDocument"}},
            "application/x-ndjson": {"schema": {"type": "string"}},
        }},
        query={**_RANGE_PARAMS, "format": {"type": "string", "enum": ["csv", "json", "ndjson"]}},
        errors=(401,),
    ),
    Operation("get", "/v1/openapi.json", "This document", {200: {"application/json": {"schema": {"type": "object"}}}},
              errors=(401,)),
)  # fmt: skip


@cache
def query_parameters() -> dict[tuple[str, str], frozenset[str]]:
    """The query parameters each (METHOD, path) accepts; the guard refuses any other."""
    return {(op.method.upper(), op.path): frozenset(op.query) for op in OPERATIONS}


def build_openapi() -> dict[str, Any]:
    types = (Health, PairRequest, PairResponse, Snapshot, IngestResponse, SnapshotList, Series,
             Summary, Advice, Goals, GoalsResponse, ExportDocument, ErrorResponse)  # fmt: skip
    _, components = msgspec.json.schema_components(types, ref_template="#/components/schemas/{name}")
    paths: dict[str, dict[str, Any]] = {}
    for op in OPERATIONS:
        paths.setdefault(op.path, {})[op.method] = _operation(op)
    return {
        "openapi": "3.1.0",
        "info": {"title": "SSI Companion", "version": __version__},
        "servers": [{"url": "http://127.0.0.1:8723"}],
        "paths": paths,
        "components": {
            "schemas": dict(sorted(components.items())),
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
        },
        "security": [{"bearer": []}],
    }


def _operation(op: Operation) -> dict[str, Any]:
    responses: dict[str, Any] = {}
    for status, kind in op.responses.items():
        if kind is None:
            responses[str(status)] = {"description": _SUCCESS_DESCRIPTIONS[status]}
            continue
        content = kind if isinstance(kind, dict) else {"application/json": {"schema": _ref(kind)}}
        responses[str(status)] = {"description": _SUCCESS_DESCRIPTIONS[status], "content": content}
    for status in sorted({*_ERRORS_EVERYWHERE, *op.errors}):
        responses[str(status)] = {
            "description": _ERROR_DESCRIPTIONS[status],
            "content": {"application/json": {"schema": _ref(ErrorResponse)}},
        }
    operation: dict[str, Any] = {
        "operationId": f"{op.method}_{op.path.removeprefix('/v1/').replace('.', '_')}",
        "summary": op.summary,
        "responses": responses,
    }
    if op.public:
        operation["security"] = []
    if op.query:
        operation["parameters"] = [
            {"name": name, "in": "query", "required": False, "schema": schema}
            for name, schema in op.query.items()
        ]
    if op.body is not None:
        operation["requestBody"] = {
            "required": True,
            "content": {"application/json": {"schema": _ref(op.body)}},
        }
    return operation


def _ref(kind: type) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{kind.__name__}"}


@cache
def openapi_document() -> bytes:
    return msgspec.json.encode(build_openapi())

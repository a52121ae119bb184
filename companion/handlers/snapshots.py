"""Storing and listing snapshots, and the streamed export download."""

from datetime import UTC, datetime
from typing import Final

import msgspec
from aiohttp import web

from companion.app_keys import HISTORY, INSIGHTS
from companion.errors import InvalidParameter
from companion.export_formats import CONTENT_TYPES, EXPORT_FORMATS, ExportFormat, export_filename
from companion.http_json import decode, json_response
from companion.query_params import (
    optional_datetime,
    optional_positive_int,
    optional_profile,
    profile,
    supported_lang,
)
from companion.storage.snapshot_queries import HistoryRange
from companion.storage.snapshot_records import SnapshotRecordList
from companion.storage.snapshot_writes import WriteOutcome
from shared_schema import Snapshot

routes = web.RouteTableDef()


class _IngestAnswer(msgspec.Struct, kw_only=True):
    """shared_schema.IngestResponse (what the OpenAPI document describes) as sent: the same
    fields, with the summary and advice already encoded, once for all the requests of a group
    commit, which share them. tests/test_snapshots_api.py decodes answers as IngestResponse."""

    created: bool
    snapshot: Snapshot
    summary: msgspec.Raw
    advice: msgspec.Raw


_DECODER = msgspec.json.Decoder(Snapshot)
MAX_LIMIT: Final = 1_000_000


def _history_range(request: web.Request, who: str | None) -> HistoryRange:
    query = request.query
    since = optional_datetime(query, "since")
    until = optional_datetime(query, "until", end_of_day=True)
    if since is not None and until is not None and since > until:
        raise InvalidParameter("since must not be after until", path="since")
    return HistoryRange(profile=who, since=since, until=until)


@routes.post("/v1/snapshots", name="snapshots_post")
async def post_snapshot(request: web.Request) -> web.Response:
    snapshot = decode(await request.read(), _DECODER)
    # Advice in the language asked for, else the page's language, else English.
    lang = supported_lang(request.query.get("lang") or snapshot.locale)
    insights = request.app[INSIGHTS]
    # The writer reads what the summary needs in the write transaction; the answer is built
    # from it while the commit syncs, and sent once the commit is confirmed.
    result, (summary, advice) = await request.app[HISTORY].ingest(
        snapshot, insights.after_write, lambda view: insights.answer_for(snapshot.profile, view, lang)
    )
    created = result.outcome is WriteOutcome.CREATED
    body = _IngestAnswer(created=created, snapshot=result.stored, summary=summary, advice=advice)
    return json_response(body, status=201 if created else 200)


@routes.get("/v1/snapshots", name="snapshots_get")
async def get_snapshots(request: web.Request) -> web.Response:
    limit = optional_positive_int(request.query, "limit", MAX_LIMIT)
    snapshots = await request.app[HISTORY].snapshots(_history_range(request, optional_profile(request.query)), limit)
    return json_response(SnapshotRecordList(snapshots=snapshots))


@routes.get("/v1/series", name="series")
async def get_series(request: web.Request) -> web.Response:
    """One profile's history as columns (the default profile when none is named): what the
    popup's chart draws, an eighth of the snapshots' size and far cheaper to encode."""
    return json_response(await request.app[HISTORY].series(_history_range(request, profile(request.query))))


@routes.get("/v1/export", name="export")
async def export(request: web.Request) -> web.StreamResponse:
    fmt = request.query.get("format", "csv")
    if fmt not in EXPORT_FORMATS:
        raise InvalidParameter(f"format must be one of {', '.join(EXPORT_FORMATS)}, not {fmt!r}", path="format")
    export_format: ExportFormat = fmt
    history = _history_range(request, optional_profile(request.query))
    now = datetime.now(UTC)
    filename = export_filename(export_format, history.profile, now)
    response = web.StreamResponse(
        headers={
            "Content-Type": CONTENT_TYPES[export_format],
            "Content-Disposition": f'attachment; filename="{filename}"',
            "Cache-Control": "no-store",
        }
    )
    response.enable_chunked_encoding()
    await response.prepare(request)
    async for chunk in request.app[HISTORY].export(export_format, history, now):
        if chunk:
            await response.write(chunk)
    await response.write_eof()
    return response

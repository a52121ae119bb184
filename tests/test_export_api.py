"""GET /v1/export: the three formats, streamed, with a download filename, equal to the CLI."""

import asyncio
import csv
import io
import json
import sqlite3
from collections.abc import AsyncIterator
from typing import Any

import msgspec
import pytest
from aiohttp.test_utils import TestServer

from companion.app_keys import HISTORY
from companion.export_formats import CSV_COLUMNS, encode_export
from conftest import Client
from shared_schema import ExportDocument, Snapshot
from snapshot_factory import daily_history, snapshot_doc


async def store(client: Client, auth: dict[str, str], docs: list[dict[str, Any]]) -> None:
    for doc in docs:
        assert (await client.post("/v1/snapshots", json=doc, headers=auth)).status == 201


async def test_csv_export_is_a_spreadsheet_friendly_file(client: Client, auth: dict[str, str]) -> None:
    docs = daily_history(5)
    docs[2]["industry"]["name"] = "Tecnología, información e internet"  # a comma and accents
    docs[3]["network"]["average"] = None
    await store(client, auth, docs)
    response = await client.get("/v1/export", params={"format": "csv"}, headers=auth)
    assert response.status == 200
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert response.headers["Content-Disposition"].startswith('attachment; filename="ssi-history-all-')
    raw = await response.read()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM: Excel then reads UTF-8 correctly
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert [row[0] for row in rows[1:]] == [d["id"] for d in docs]
    assert rows[3][8] == "Tecnología, información e internet"
    assert rows[4][12] == ""  # null is an empty cell
    assert b"\r\n" in raw


async def test_json_export_is_the_export_document(client: Client, auth: dict[str, str]) -> None:
    docs = daily_history(4)
    await store(client, auth, docs)
    response = await client.get("/v1/export", params={"format": "json", "profile": "me"}, headers=auth)
    assert response.headers["Content-Disposition"].endswith('.json"')
    assert 'filename="ssi-history-me-' in response.headers["Content-Disposition"]
    document = msgspec.json.decode(await response.read(), type=ExportDocument)
    assert document.format == "ssi-companion-export" and document.version == 1
    assert [str(s.id) for s in document.snapshots] == [d["id"] for d in docs]


async def test_ndjson_export_is_one_snapshot_per_line(client: Client, auth: dict[str, str]) -> None:
    docs = daily_history(3)
    await store(client, auth, docs)
    response = await client.get("/v1/export", params={"format": "ndjson"}, headers=auth)
    assert response.headers["Content-Type"] == "application/x-ndjson"
    lines = (await response.read()).decode().splitlines()
    snapshots = [msgspec.json.decode(line, type=Snapshot) for line in lines]
    assert [str(s.id) for s in snapshots] == [d["id"] for d in docs]


async def test_export_of_an_empty_history_is_well_formed(client: Client, auth: dict[str, str]) -> None:
    as_json = await client.get("/v1/export", params={"format": "json"}, headers=auth)
    assert json.loads(await as_json.read())["snapshots"] == []
    as_csv = await client.get("/v1/export", params={"format": "csv"}, headers=auth)
    assert (await as_csv.read()).decode("utf-8-sig").splitlines() == [",".join(CSV_COLUMNS)]
    as_ndjson = await client.get("/v1/export", params={"format": "ndjson"}, headers=auth)
    assert await as_ndjson.read() == b""


async def test_export_respects_the_date_range(client: Client, auth: dict[str, str]) -> None:
    docs = daily_history(10)
    await store(client, auth, docs)
    response = await client.get(
        "/v1/export", params={"format": "ndjson", "since": "2026-01-04", "until": "2026-01-06"}, headers=auth
    )
    ids = [json.loads(line)["id"] for line in (await response.read()).decode().splitlines()]
    assert ids == [d["id"] for d in docs[3:6]]


async def test_a_large_export_streams_in_several_chunks(client: Client, auth: dict[str, str]) -> None:
    docs = [snapshot_doc(captured_at=f"2026-01-01T00:{i // 60:02d}:{i % 60:02d}Z") for i in range(2500)]
    for doc in docs:
        await client.post("/v1/snapshots", json=doc, headers=auth)
    response = await client.get("/v1/export", params={"format": "ndjson"}, headers=auth)
    assert response.headers.get("Transfer-Encoding") == "chunked"
    chunks = [chunk async for chunk in response.content.iter_any()]
    body = b"".join(chunks)
    assert body.count(b"\n") == 2500


@pytest.mark.parametrize("fmt", ["csv", "json", "ndjson"])
async def test_streamed_json_equals_encoding_the_whole_document(fmt: str) -> None:
    from datetime import UTC, datetime

    snapshots = [msgspec.json.decode(msgspec.json.encode(d), type=Snapshot) for d in daily_history(7)]
    now = datetime(2026, 11, 22, tzinfo=UTC)
    batches = [snapshots[:3], [], snapshots[3:]]
    streamed = b"".join(encode_export(fmt, batches, now))  # type: ignore[arg-type]
    whole = b"".join(encode_export(fmt, [snapshots], now))  # type: ignore[arg-type]
    assert streamed == whole
    if fmt == "json":
        expected = ExportDocument(format="ssi-companion-export", version=1, exported_at=now, snapshots=snapshots)
        assert streamed == msgspec.json.encode(expected)


async def test_an_unknown_format_is_400(client: Client, auth: dict[str, str]) -> None:
    response = await client.get("/v1/export", params={"format": "xlsx"}, headers=auth)
    assert response.status == 400
    assert (await response.json())["error"]["path"] == "format"


async def test_a_failure_halfway_through_a_download_cuts_it_short_instead_of_ending_it(
    client: Client, auth: dict[str, str], started_server: TestServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Once the first bytes are out, an error answer cannot follow: spliced into the chunked body
    # it would read as part of the file. The connection is closed without the last chunk.
    async def failing(*_: object) -> AsyncIterator[bytes]:
        yield b"id,captured_at\r\n"
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(client.app[HISTORY], "export", failing)
    reader, writer = await asyncio.open_connection("127.0.0.1", started_server.port)
    request = f"GET /v1/export?format=csv HTTP/1.1\r\nHost: 127.0.0.1:{started_server.port}\r\n"
    writer.write((request + f"Authorization: {auth['Authorization']}\r\n\r\n").encode())
    try:
        data = await asyncio.wait_for(reader.read(), timeout=10)  # until the server closes
    finally:
        writer.close()
        await writer.wait_closed()
    head, _, body = data.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 200")
    assert b"id,captured_at" in body
    assert b"HTTP/1.1 500" not in body and b"internal_error" not in body
    assert not body.endswith(b"0\r\n\r\n")

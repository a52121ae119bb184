"""POST and GET /v1/snapshots: storing, idempotent retries, every kind of bad input, ranges."""

import asyncio
import re
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import msgspec
import pytest

from companion.storage.database import BUSY_TIMEOUT_MS, database_path
from conftest import Client, holding_write_lock
from shared_schema import Advice, IngestResponse, Summary
from snapshot_factory import daily_history, snapshot_doc


def stored_ids(data_dir: Path) -> list[str]:
    with sqlite3.connect(database_path(data_dir)) as conn:
        return [row[0] for row in conn.execute("SELECT id FROM snapshots ORDER BY seq")]


async def post(client: Client, auth: dict[str, str], doc: Any, **kwargs: Any):  # type: ignore[no-untyped-def]
    return await client.post("/v1/snapshots", json=doc, headers=auth, **kwargs)


async def test_a_new_snapshot_is_stored_and_answered_with_summary_and_advice(
    client: Client, auth: dict[str, str], data_dir: Path
) -> None:
    doc = snapshot_doc(captured_at="2026-11-21T10:15:02+01:00")
    response = await post(client, auth, doc)
    assert response.status == 201
    body = await response.json()
    assert body["created"] is True
    assert body["snapshot"]["id"] == doc["id"]
    assert body["snapshot"]["captured_at"] == "2026-11-21T09:15:02Z"  # stored in UTC
    assert body["summary"]["latest"]["id"] == doc["id"]
    assert body["summary"]["metrics"]["overall"]["value"] == 72
    assert body["advice"]["lang"] == "en"
    assert stored_ids(data_dir) == [doc["id"]]
    # The answer is exactly the documented IngestResponse (no field more or less), and its
    # summary and advice are those GET /v1/summary and /v1/advice give.
    answer = msgspec.json.decode(await response.read(), type=IngestResponse)
    summary = await client.get("/v1/summary", headers=auth)
    advice = await client.get("/v1/advice", headers=auth)
    assert answer.summary == msgspec.json.decode(await summary.read(), type=Summary)
    assert answer.advice == msgspec.json.decode(await advice.read(), type=Advice)


async def test_a_retry_of_the_same_snapshot_is_200_and_stores_nothing_new(
    client: Client, auth: dict[str, str], data_dir: Path
) -> None:
    doc = snapshot_doc()
    assert (await post(client, auth, doc)).status == 201
    retry = await post(client, auth, doc)
    assert retry.status == 200
    assert (await retry.json())["created"] is False
    assert stored_ids(data_dir) == [doc["id"]]


async def test_concurrent_retries_store_exactly_one(client: Client, auth: dict[str, str], data_dir: Path) -> None:
    doc = snapshot_doc()
    responses = await asyncio.gather(*(post(client, auth, doc) for _ in range(20)))
    assert sorted(r.status for r in responses) == [200] * 19 + [201]
    assert stored_ids(data_dir) == [doc["id"]]


async def test_the_same_id_with_other_values_is_a_conflict_and_keeps_the_original(
    client: Client, auth: dict[str, str]
) -> None:
    doc = snapshot_doc()
    await post(client, auth, doc)
    changed = {**doc, "overall": 73}
    response = await post(client, auth, changed)
    assert response.status == 409
    assert (await response.json())["error"]["path"] == "$.id"
    listed = await (await client.get("/v1/snapshots", headers=auth)).json()
    assert [s["overall"] for s in listed["snapshots"]] == [72]


async def test_advice_language_follows_the_query_then_the_page_locale(client: Client, auth: dict[str, str]) -> None:
    german = await post(client, auth, snapshot_doc(locale="de"))
    assert (await german.json())["advice"]["lang"] == "de"
    spanish = await post(client, auth, snapshot_doc(locale="de"), params={"lang": "es"})
    assert (await spanish.json())["advice"]["lang"] == "es"
    unknown = await post(client, auth, snapshot_doc(locale="fr"))
    assert (await unknown.json())["advice"]["lang"] == "en"


def _with(path: str, value: Any) -> dict[str, Any]:
    doc = snapshot_doc()
    *parents, leaf = path.split(".")
    target = doc
    for key in parents:
        target = target[key]
    target[leaf] = value
    return doc


def _without(key: str) -> dict[str, Any]:
    doc = snapshot_doc()
    del doc[key]
    return doc


@pytest.mark.parametrize(
    ("doc", "path"),
    [
        (_with("overall", "72"), "$.overall"),
        (_with("overall", 101), "$.overall"),
        (_with("overall", -1), "$.overall"),
        (_with("overall", 72.5), "$.overall"),
        (_with("pillars.engage_with_insights", 25.5), "$.pillars.engage_with_insights"),
        (_with("pillars.engage_with_insights", -0.1), "$.pillars.engage_with_insights"),
        (_with("pillars.engage_with_insights", None), "$.pillars.engage_with_insights"),
        (_with("overall", 60), "$.pillars"),  # the pillars sum to ~72
        (_with("id", "not-a-uuid"), "$.id"),
        (_with("captured_at", "2026-11-21T09:15:02"), "$.captured_at"),  # no offset
        (_with("captured_at", "yesterday"), "$.captured_at"),
        (_with("industry.rank_top_percent", 0), "$.industry.rank_top_percent"),
        (_with("industry.rank_top_percent", 100.5), "$.industry.rank_top_percent"),
        (_with("network.average", 101), "$.network.average"),
        (_with("profile", ""), "$.profile"),
        (_with("profile", "a\nb"), "$.profile"),
        (_with("pillars.bogus", 1), "$.pillars"),
        ({**snapshot_doc(), "score": 72}, "$"),
        (_without("pillars"), "$"),
        (_without("id"), "$"),
    ],
)
async def test_schema_violations_are_422_naming_the_field(
    client: Client, auth: dict[str, str], data_dir: Path, doc: dict[str, Any], path: str
) -> None:
    response = await post(client, auth, doc)
    assert response.status == 422
    error = (await response.json())["error"]
    assert error["code"] == "invalid"
    assert error["path"] == path
    assert error["message"]
    assert stored_ids(data_dir) == []


async def test_the_pillar_sum_message_explains_the_mismatch(client: Client, auth: dict[str, str]) -> None:
    error = (await (await post(client, auth, _with("overall", 60))).json())["error"]
    assert "sum to 72.180" in error["message"] and "overall is 60" in error["message"]


async def test_a_capture_far_in_the_future_is_refused(client: Client, auth: dict[str, str]) -> None:
    future = (datetime.now(UTC) + timedelta(days=3)).isoformat()
    response = await post(client, auth, snapshot_doc(captured_at=future))
    assert response.status == 422
    assert (await response.json())["error"]["path"] == "$.captured_at"


@pytest.mark.parametrize("moment", ["0001-01-01T00:00:00+01:00", "0001-01-02T00:00:00Z", "1999-12-31T23:59:59.999999Z"])
async def test_a_capture_before_2000_is_refused(
    client: Client, auth: dict[str, str], data_dir: Path, moment: str
) -> None:
    # Year 1 once overflowed the UTC conversion (500), or was stored and broke the summary.
    response = await post(client, auth, snapshot_doc(captured_at=moment, profile="early"))
    assert response.status == 422
    error = (await response.json())["error"]
    assert error["path"] == "$.captured_at"
    assert f"captured_at {moment} is before 2000-01-01T00:00:00Z" in error["message"]
    assert stored_ids(data_dir) == []
    assert (await client.get("/v1/summary", params={"profile": "early"}, headers=auth)).status == 200


async def test_a_refused_snapshot_among_concurrent_ones_refuses_only_itself(
    client: Client, auth: dict[str, str], data_dir: Path
) -> None:
    docs = daily_history(20)
    early = snapshot_doc(captured_at="0001-01-01T00:00:00+01:00")
    responses = await asyncio.gather(*(post(client, auth, doc) for doc in [*docs[:10], early, *docs[10:]]))
    statuses = [response.status for response in responses]
    assert statuses == [201] * 10 + [422] + [201] * 10
    assert sorted(stored_ids(data_dir)) == sorted(doc["id"] for doc in docs)


def test_a_locked_history_is_reported_before_the_extension_stops_waiting() -> None:
    # Otherwise the extension times out first and calls a running companion unreachable.
    client_js = (Path(__file__).parent.parent / "extension" / "lib" / "companion-client.js").read_text()
    match = re.search(r"timeoutMs = ([\d_]+) \}", client_js)
    assert match is not None, "the extension client's default timeout is no longer where this test looks"
    assert BUSY_TIMEOUT_MS < int(match.group(1))


async def test_a_write_while_another_process_holds_the_lock_is_503_to_retry(
    short_busy_timeout: None, client: Client, auth: dict[str, str], data_dir: Path
) -> None:
    doc = snapshot_doc()
    with holding_write_lock(data_dir):
        response = await post(client, auth, doc)
    assert response.status == 503
    assert response.headers["Retry-After"] == "10"
    error = (await response.json())["error"]
    assert error["code"] == "unavailable"
    assert "locked by another process" in error["message"] and "try again" in error["message"]
    assert stored_ids(data_dir) == []
    # Sent again, as the extension's outbox does after a 5xx, it is stored.
    assert (await post(client, auth, doc)).status == 201


@pytest.mark.parametrize("body", [b"{", b"", b"[1", b"\xff\xfe", b"{'overall': 1}", b"null x"])
async def test_malformed_json_is_400(client: Client, auth: dict[str, str], data_dir: Path, body: bytes) -> None:
    response = await client.post(
        "/v1/snapshots", data=body, headers={**auth, "Content-Type": "application/json"}
    )
    assert response.status == 400
    assert (await response.json())["error"]["code"] == "invalid_json"
    assert stored_ids(data_dir) == []


@pytest.mark.parametrize("body", [b"[]", b'"snapshot"', b"42", b"null"])
async def test_json_of_the_wrong_shape_is_422(client: Client, auth: dict[str, str], body: bytes) -> None:
    response = await client.post("/v1/snapshots", data=body, headers={**auth, "Content-Type": "application/json"})
    assert response.status == 422


async def test_unknown_routes_and_methods_get_json_errors(client: Client, auth: dict[str, str]) -> None:
    missing = await client.get("/v1/nothing-here", headers=auth)
    assert missing.status == 404
    assert (await missing.json())["error"]["code"] == "not_found"
    wrong = await client.delete("/v1/snapshots", headers=auth)
    assert wrong.status == 405
    assert (await wrong.json())["error"]["code"] == "method_not_allowed"


async def _store_history(client: Client, auth: dict[str, str], docs: list[dict[str, Any]]) -> None:
    for doc in docs:
        assert (await post(client, auth, doc)).status == 201


async def test_listing_is_oldest_first_with_range_profile_and_limit(client: Client, auth: dict[str, str]) -> None:
    mine = daily_history(10)
    theirs = daily_history(3, profile="anna")
    await _store_history(client, auth, list(reversed(mine)) + theirs)

    everything = (await (await client.get("/v1/snapshots", headers=auth)).json())["snapshots"]
    assert len(everything) == 13
    times = [s["captured_at"] for s in everything]
    assert times == sorted(times)

    mine_only = await client.get("/v1/snapshots", params={"profile": "me"}, headers=auth)
    assert [s["id"] for s in (await mine_only.json())["snapshots"]] == [d["id"] for d in mine]

    window = await client.get(
        "/v1/snapshots", params={"profile": "me", "since": "2026-01-03", "until": "2026-01-05"}, headers=auth
    )
    assert [s["id"] for s in (await window.json())["snapshots"]] == [d["id"] for d in mine[2:5]]

    newest = await client.get("/v1/snapshots", params={"profile": "me", "limit": "3"}, headers=auth)
    assert [s["id"] for s in (await newest.json())["snapshots"]] == [d["id"] for d in mine[-3:]]


@pytest.mark.parametrize("path", ["/v1/snapshots", "/v1/series"])
@pytest.mark.parametrize(
    "params",
    [{"since": "last week"}, {"until": "2026-13-01"}, {"since": "2026-01-01T00:00:00"}, {"limit": "0"},
     {"limit": "-1"}, {"limit": "ten"}, {"since": "2026-02-01", "until": "2026-01-01"}, {"profile": "x" * 65},
     {"profile": "a\x07b"}, {"limit": ""}, {"limit": "\u00b2"}, {"limit": "\u0661"},
     {"limit": "9" * 5000}],
)  # fmt: skip
async def test_bad_query_parameters_are_400_naming_the_parameter(
    client: Client, auth: dict[str, str], params: dict[str, str], path: str
) -> None:
    # GET /v1/series takes the listing's range and profile (no limit, which it refuses as unknown).
    response = await client.get(path, params=params, headers=auth)
    assert response.status == 400
    error = (await response.json())["error"]
    assert error["code"] == "invalid_parameter"
    assert error["path"] in params


async def test_unknown_query_parameters_are_refused_by_name(client: Client, auth: dict[str, str]) -> None:
    response = await client.get("/v1/snapshots", params={"profle": "me"}, headers=auth)
    assert response.status == 400
    error = (await response.json())["error"]
    assert error["path"] == "profle" and "accepted: limit, profile, since, until" in error["message"]


async def test_a_repeated_query_parameter_is_refused(client: Client, auth: dict[str, str]) -> None:
    response = await client.get("/v1/snapshots?limit=&limit=0.0", headers=auth)
    assert response.status == 400
    assert (await response.json())["error"]["path"] == "limit"


async def test_without_a_token_the_answer_is_401_whatever_the_query(client: Client) -> None:
    response = await client.get("/v1/snapshots", params={"bogus": "1"})
    assert response.status == 401

"""GET /v1/series: one profile's history as columns, equal to GET /v1/snapshots read column by
column, with the same ranges (its refusals of bad parameters: tests/test_snapshots_api.py)."""

from datetime import UTC, datetime
from typing import Any

import msgspec

from conftest import Client
from shared_schema import Series
from snapshot_factory import daily_history, snapshot_doc

METRICS = Series.__struct_fields__[2:]


async def store(client: Client, auth: dict[str, str], docs: list[dict[str, Any]]) -> None:
    for doc in docs:
        response = await client.post("/v1/snapshots", json=doc, headers=auth)
        assert response.status == 201, await response.text()


def columns_of(snapshots: list[dict[str, Any]], profile: str) -> Series:
    """What the series must be: the listing's snapshots, read field by field."""
    def metric(snapshot: dict[str, Any], key: str) -> Any:
        if key == "overall":
            return snapshot["overall"]
        if key in snapshot["pillars"]:
            return snapshot["pillars"][key]
        group, _, field = key.partition("_")
        return snapshot[group][field]

    return Series(
        profile=profile,
        captured_at_ms=[
            int(datetime.fromisoformat(s["captured_at"]).timestamp() * 1000) for s in snapshots
        ],
        **{key: [metric(s, key) for s in snapshots] for key in METRICS},
    )


async def get_series(client: Client, auth: dict[str, str], **params: str) -> Series:
    response = await client.get("/v1/series", params=params, headers=auth)
    assert response.status == 200, await response.text()
    return msgspec.json.decode(await response.read(), type=Series)


async def test_the_series_is_the_listing_column_by_column(client: Client, auth: dict[str, str]) -> None:
    docs = daily_history(12)
    # Out of arrival order, a missing rank, and another profile that must not show up.
    docs[3]["network"] = {"rank_top_percent": None, "average": None}
    await store(client, auth, docs[6:] + docs[:6] + daily_history(3, profile="other"))
    listing = await client.get("/v1/snapshots", params={"profile": "me"}, headers=auth)
    snapshots = (await listing.json())["snapshots"]
    assert len(snapshots) == 12

    series = await get_series(client, auth, profile="me")

    assert series == columns_of(snapshots, "me")
    assert series.captured_at_ms == sorted(series.captured_at_ms)
    assert series.network_rank_top_percent[3] is None and series.network_average[3] is None
    assert series.network_rank_top_percent.count(None) == 1


async def test_without_a_profile_it_is_the_default_profiles(client: Client, auth: dict[str, str]) -> None:
    await store(client, auth, daily_history(2) + daily_history(5, profile="other"))
    series = await get_series(client, auth)
    assert series.profile == "me"
    assert len(series.captured_at_ms) == 2
    other = await get_series(client, auth, profile="other")
    assert (other.profile, len(other.overall)) == ("other", 5)


async def test_since_and_until_bound_it_like_the_listing(client: Client, auth: dict[str, str]) -> None:
    await store(client, auth, daily_history(10, start=datetime(2026, 1, 1, 8, 30, tzinfo=UTC)))
    series = await get_series(client, auth, since="2026-01-03", until="2026-01-05")
    days = [datetime.fromtimestamp(ms / 1000, UTC).day for ms in series.captured_at_ms]
    assert days == [3, 4, 5]
    assert all(len(getattr(series, key)) == 3 for key in METRICS)


async def test_capture_times_keep_milliseconds_and_drop_microseconds(client: Client, auth: dict[str, str]) -> None:
    # JavaScript's Date.parse reads "…02.123456Z" as …02.123: the series agrees with it.
    await store(client, auth, [snapshot_doc(captured_at="2026-11-21T09:15:02.123456Z")])
    series = await get_series(client, auth)
    assert series.captured_at_ms == [int(datetime(2026, 11, 21, 9, 15, 2, tzinfo=UTC).timestamp()) * 1000 + 123]


async def test_an_empty_history_is_empty_columns(client: Client, auth: dict[str, str]) -> None:
    body = await (await client.get("/v1/series", headers=auth)).json()
    assert body == {"profile": "me", "captured_at_ms": [], **{key: [] for key in METRICS}}


async def test_it_needs_the_token(client: Client) -> None:
    response = await client.get("/v1/series")
    assert response.status == 401


def test_its_columns_are_the_nine_metrics_of_the_summary() -> None:
    from companion.insights.metrics import METRIC_KEYS

    assert METRICS == METRIC_KEYS

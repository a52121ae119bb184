"""The access log as `serve` configures it: refusals always, successes with --access-log, and
never a query value, neither in the line nor in the record's structured fields."""

import logging
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer

from companion.access_log import ACCESS_LOG_FORMAT, access_logger_class
from conftest import EXTENSION_ORIGIN, Client, pair

SECRET = "ssi_" + "S3cr3tValue" * 4


async def logging_client(aiohttp_client: Any, app: web.Application, every_request: bool) -> Client:
    # The runner's options go to start_server: TestServer's constructor ignores them.
    server = TestServer(app)
    await server.start_server(
        access_log_class=access_logger_class(every_request), access_log_format=ACCESS_LOG_FORMAT
    )
    client: Client = await aiohttp_client(server)
    return client


@pytest.mark.parametrize("every_request", [False, True])
async def test_query_values_never_reach_the_access_log(
    aiohttp_client: Any, app: web.Application, data_dir: Path, caplog: pytest.LogCaptureFixture, every_request: bool
) -> None:
    # Before the first request: aiohttp decides per connection whether it logs at all.
    caplog.set_level(logging.INFO, logger="aiohttp.access")
    client = await logging_client(aiohttp_client, app, every_request)
    auth = {"Authorization": f"Bearer {await pair(client, data_dir, EXTENSION_ORIGIN)}"}
    assert (await client.get(f"/v1/snapshots?access_token={SECRET}")).status == 401
    assert (await client.get(f"/v1/summary?profile={SECRET}&x=%0Afake", headers=auth)).status == 400
    assert (await client.get(f"/v1/snapshots?profile={SECRET}", headers=auth)).status == 200
    for record in caplog.records:
        assert not any(SECRET in str(value) for value in vars(record).values()), record
        assert SECRET not in record.getMessage()
    assert '"GET /v1/snapshots?access_token=... HTTP/1.1" 401' in caplog.text
    assert '"GET /v1/summary?profile=...&x=... HTTP/1.1" 400' in caplog.text
    assert ('"GET /v1/snapshots?profile=... HTTP/1.1" 200' in caplog.text) is every_request

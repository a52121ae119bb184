"""The security model of ENGINEERING.md, attack by attack, against a real app on loopback.
Every refusal must also leak no Access-Control-Allow-Origin."""

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from aiohttp import ClientResponse
from aiohttp.test_utils import TestServer

from companion.auth.script_token import script_token
from companion.auth.secret_store import SecretStore
from companion.storage.database import open_database
from conftest import EXTENSION_ORIGIN, OTHER_EXTENSION_ORIGIN, Client, pair
from raw_http import raw_request
from snapshot_factory import snapshot_doc

pytestmark = pytest.mark.usefixtures("token")


def assert_refused(status: int, headers: object, expected: int) -> None:
    assert status == expected
    assert "Access-Control-Allow-Origin" not in headers  # type: ignore[operator]


async def assert_error(response: ClientResponse, status: int, code: str | None = None) -> dict[str, Any]:
    assert_refused(response.status, response.headers, status)
    body = await response.json()
    assert set(body) == {"error"}
    error: dict[str, Any] = body["error"]
    assert error["message"]
    if code is not None:
        assert error["code"] == code
    return error


async def test_health_is_public(client: Client) -> None:
    response = await client.get("/v1/health")
    assert response.status == 200
    assert (await response.json())["status"] == "ok"


@pytest.mark.parametrize("path", ["/v1/snapshots", "/v1/summary", "/v1/advice", "/v1/goals", "/v1/export"])
async def test_every_data_route_needs_a_token(client: Client, path: str) -> None:
    await assert_error(await client.get(path), 401, "unauthorized")


async def test_a_wrong_token_is_refused(client: Client) -> None:
    response = await client.get("/v1/snapshots", headers={"Authorization": "Bearer ssi_not-a-real-token"})
    await assert_error(response, 401)


async def test_a_token_in_the_query_string_is_refused_even_when_valid(client: Client, token: str) -> None:
    for key in ("token", "access_token", "api_key"):
        response = await client.get(f"/v1/snapshots?{key}={token}")
        await assert_error(response, 401)


async def test_a_valid_token_in_the_query_does_not_help_a_header_token_either(client: Client, auth: dict[str, str], token: str) -> None:
    response = await client.get(f"/v1/snapshots?token={token}", headers=auth)
    error = await assert_error(response, 401)
    assert "Authorization header" in error["message"]


async def test_basic_auth_scheme_is_not_a_bearer_token(client: Client, token: str) -> None:
    response = await client.get("/v1/snapshots", headers={"Authorization": f"Basic {token}"})
    await assert_error(response, 401)


@pytest.mark.parametrize("host", ["evil.example:8723", "attacker.test", "127.0.0.1.nip.io", "192.168.1.10"])
async def test_dns_rebinding_host_is_refused(client: Client, auth: dict[str, str], host: str) -> None:
    response = await client.get("/v1/snapshots", headers={**auth, "Host": host})
    await assert_error(response, 403, "forbidden")


async def test_loopback_host_on_another_port_is_refused(client: Client, auth: dict[str, str]) -> None:
    response = await client.get("/v1/health", headers={**auth, "Host": "127.0.0.1:1"})
    await assert_error(response, 403)


@pytest.mark.parametrize("name", ["127.0.0.1", "localhost", "[::1]"])
async def test_loopback_names_on_our_port_are_accepted(client: Client, auth: dict[str, str], name: str) -> None:
    response = await client.get("/v1/snapshots", headers={**auth, "Host": f"{name}:{client.port}"})
    assert response.status == 200


async def test_a_web_page_origin_is_refused_even_with_a_token(client: Client, token: str) -> None:
    headers = {"Authorization": f"Bearer {token}", "Origin": "https://evil.example"}
    await assert_error(await client.get("/v1/snapshots", headers=headers), 403)


async def test_a_web_page_cannot_even_read_health(client: Client) -> None:
    await assert_error(await client.get("/v1/health", headers={"Origin": "https://evil.example"}), 403)


async def test_the_null_origin_is_refused(client: Client, token: str) -> None:
    headers = {"Authorization": f"Bearer {token}", "Origin": "null"}
    await assert_error(await client.get("/v1/snapshots", headers=headers), 403)


async def test_another_extension_is_refused_with_the_paired_token(client: Client, token: str) -> None:
    headers = {"Authorization": f"Bearer {token}", "Origin": OTHER_EXTENSION_ORIGIN}
    await assert_error(await client.get("/v1/snapshots", headers=headers), 403)


async def test_a_second_paired_extension_cannot_use_the_first_ones_token(
    client: Client, token: str, data_dir: Path
) -> None:
    await pair(client, data_dir, OTHER_EXTENSION_ORIGIN)
    headers = {"Authorization": f"Bearer {token}", "Origin": OTHER_EXTENSION_ORIGIN}
    await assert_error(await client.get("/v1/snapshots", headers=headers), 403)


async def test_cross_site_request_without_origin_is_refused(client: Client, token: str) -> None:
    # What an <img src> or a link from a web page looks like.
    headers = {"Authorization": f"Bearer {token}", "Sec-Fetch-Site": "cross-site"}
    await assert_error(await client.get("/v1/export", headers=headers), 403)


async def test_same_origin_fetch_metadata_from_the_extension_is_fine(client: Client, auth: dict[str, str]) -> None:
    response = await client.get("/v1/snapshots", headers={**auth, "Sec-Fetch-Site": "none"})
    assert response.status == 200


@pytest.mark.parametrize(
    "content_type",
    ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"],
)
async def test_simple_request_content_types_are_refused(client: Client, auth: dict[str, str], content_type: str) -> None:
    body = b'{"overall": 1}'
    response = await client.post("/v1/snapshots", data=body, headers={**auth, "Content-Type": content_type})
    await assert_error(response, 415, "unsupported_media_type")


async def test_a_body_without_content_type_is_refused(client: Client, auth: dict[str, str]) -> None:
    response = await client.post("/v1/snapshots", data=b"{}", headers={**auth, "Content-Type": ""})
    await assert_error(response, 415)


async def test_an_oversized_body_is_refused(client: Client, auth: dict[str, str]) -> None:
    doc = snapshot_doc()
    doc["industry"]["name"] = "x" * 100_000
    response = await client.post("/v1/snapshots", json=doc, headers=auth)
    await assert_error(response, 413, "payload_too_large")


async def test_an_oversized_chunked_body_is_refused(client: Client, auth: dict[str, str]) -> None:
    async def chunks() -> AsyncIterator[bytes]:
        for _ in range(100):
            yield b" " * 1024

    response = await client.post(
        "/v1/snapshots", data=chunks(), headers={**auth, "Content-Type": "application/json"}
    )
    await assert_error(response, 413)


@pytest.mark.parametrize(
    "path",
    ["/v1/%73napshots", "/v1/snapshot%73", "/%761/snapshots", "/v1/Snapshots", "//v1/snapshots",
     "/v1//snapshots", "/v1/snapshots/", "/v1%2Fsnapshots", "/v1/./snapshots", "/v1/x/../snapshots"],
)  # fmt: skip
async def test_path_tricks_gain_nothing(started_server: TestServer, path: str) -> None:
    # Without a token: either the protected route (401) or no route at all (404), never data.
    port = started_server.port
    assert port is not None
    response = await raw_request(port, f"GET {path} HTTP/1.1", {"Host": f"127.0.0.1:{port}"})
    assert response.status in (401, 404), (path, response.status, response.body)
    assert b"snapshots\":" not in response.body
    assert "access-control-allow-origin" not in response.headers


async def test_an_encoded_path_to_a_public_route_does_not_open_a_private_one(started_server: TestServer) -> None:
    # "/v1/health/../snapshots" must not be treated as the public health route.
    port = started_server.port
    assert port is not None
    response = await raw_request(
        port,
        "GET /v1/health/..%2Fsnapshots HTTP/1.1",
        {"Host": f"127.0.0.1:{port}"},
    )
    assert response.status in (401, 404)


async def test_preflight_from_an_unknown_origin_gets_no_cors(client: Client) -> None:
    headers = {"Origin": "https://evil.example", "Access-Control-Request-Method": "POST",
               "Access-Control-Request-Headers": "authorization, content-type"}  # fmt: skip
    response = await client.options("/v1/snapshots", headers=headers)
    await assert_error(response, 403)
    assert "Access-Control-Allow-Methods" not in response.headers


async def test_preflight_from_an_unpaired_extension_gets_no_cors(client: Client) -> None:
    headers = {"Origin": OTHER_EXTENSION_ORIGIN, "Access-Control-Request-Method": "GET"}
    await assert_error(await client.options("/v1/snapshots", headers=headers), 403)


async def test_preflight_from_the_paired_extension_is_answered(client: Client) -> None:
    headers = {"Origin": EXTENSION_ORIGIN, "Access-Control-Request-Method": "POST",
               "Access-Control-Request-Headers": "authorization, content-type"}  # fmt: skip
    response = await client.options("/v1/snapshots", headers=headers)
    assert response.status == 204
    assert response.headers["Access-Control-Allow-Origin"] == EXTENSION_ORIGIN
    assert "Authorization" in response.headers["Access-Control-Allow-Headers"]
    assert "DELETE" in response.headers["Access-Control-Allow-Methods"]  # forgetting the pairing
    assert "Origin" in response.headers["Vary"]


async def test_cors_is_only_for_the_paired_origin_and_never_a_wildcard(client: Client, auth: dict[str, str]) -> None:
    response = await client.get("/v1/snapshots", headers=auth)
    assert response.headers["Access-Control-Allow-Origin"] == EXTENSION_ORIGIN
    assert "Origin" in response.headers["Vary"]
    plain = await client.get("/v1/health")
    assert "Access-Control-Allow-Origin" not in plain.headers
    assert "Origin" in plain.headers["Vary"]


async def test_even_the_paired_extension_gets_no_cors_on_a_refusal(client: Client, auth: dict[str, str]) -> None:
    response = await client.post("/v1/snapshots", data=b"{", headers={**auth, "Content-Type": "application/json"})
    await assert_error(response, 400)
    assert "Origin" in response.headers["Vary"]


async def test_a_script_token_works_without_origin(client: Client, data_dir: Path) -> None:
    conn = open_database(data_dir)
    try:
        token = script_token(conn, SecretStore(data_dir))
    finally:
        conn.close()
    response = await client.get("/v1/snapshots", headers={"Authorization": f"Bearer {token}"})
    assert response.status == 200
    refused = await client.get(
        "/v1/snapshots", headers={"Authorization": f"Bearer {token}", "Origin": "https://evil.example"}
    )
    await assert_error(refused, 403)


async def test_the_token_never_reaches_the_log(
    client: Client, auth: dict[str, str], token: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level("DEBUG")
    await client.get("/v1/snapshots", headers=auth)
    await client.get("/v1/snapshots", headers={"Authorization": "Bearer ssi_wrong"})
    await client.post("/v1/snapshots", json=snapshot_doc(), headers=auth)
    assert token not in caplog.text
    assert "ssi_wrong" not in caplog.text

"""Pairing codes, tokens bound to an origin, rate limiting, the script token, and where
secrets are kept (keychain, or a 0600 file when there is none)."""

import dataclasses
import json
import logging
import stat
from pathlib import Path

import keyring
import keyring.backends.fail
import pytest

from companion.app_keys import CLIENTS
from companion.auth.pairing import (
    FAILURE_WINDOW_SECONDS,
    MAX_FAILURES,
    MAX_TRACKED_ORIGINS,
    PAIRING_SECRET,
    PairingService,
    issue_pairing_code,
)
from companion.auth.client_store import mark_table_changed
from companion.auth.script_token import script_token
from companion.auth.secret_store import FALLBACK_FILENAME, SecretStore
from companion.errors import InvalidPairingCode, TooManyAttempts
from companion.storage.database import database_path, open_database
from conftest import EXTENSION_ORIGIN, OTHER_EXTENSION_ORIGIN, Client, MemoryKeyring, holding_write_lock, pair


async def post_pair(client: Client, code: str, origin: str | None = EXTENSION_ORIGIN):  # type: ignore[no-untyped-def]
    headers = {"Origin": origin} if origin else {}
    return await client.post("/v1/pair", json={"code": code, "client": "Chromium test"}, headers=headers)


async def test_pairing_gives_a_long_random_token_once(client: Client, data_dir: Path) -> None:
    code, _ = issue_pairing_code(SecretStore(data_dir))
    first = await post_pair(client, code)
    assert first.status == 200
    token = (await first.json())["token"]
    assert token.startswith("ssi_") and len(token) >= 40
    again = await post_pair(client, code)
    assert again.status == 401
    assert (await again.json())["error"]["code"] == "invalid_pairing_code"


async def test_the_code_is_forgiving_about_case_and_spacing(client: Client, data_dir: Path) -> None:
    code, _ = issue_pairing_code(SecretStore(data_dir))
    typed = " " + code.replace("-", " ").lower() + " "
    assert (await post_pair(client, typed)).status == 200


async def test_the_token_is_bound_to_the_pairing_origin(client: Client, data_dir: Path) -> None:
    code, _ = issue_pairing_code(SecretStore(data_dir))
    token = (await (await post_pair(client, code)).json())["token"]
    ok = await client.get("/v1/snapshots", headers={"Authorization": f"Bearer {token}", "Origin": EXTENSION_ORIGIN})
    assert ok.status == 200
    no_origin = await client.get("/v1/snapshots", headers={"Authorization": f"Bearer {token}"})
    assert no_origin.status == 200  # a GET from the service worker may carry no Origin


async def test_only_the_token_digest_is_stored(client: Client, data_dir: Path) -> None:
    code, _ = issue_pairing_code(SecretStore(data_dir))
    token = (await (await post_pair(client, code)).json())["token"]
    raw = database_path(data_dir).read_bytes() + (data_dir / "history.sqlite3-wal").read_bytes()
    assert token.encode() not in raw


async def test_pairing_needs_an_extension_origin(client: Client, data_dir: Path) -> None:
    code, _ = issue_pairing_code(SecretStore(data_dir))
    for origin in (None, "https://evil.example", "null"):
        response = await post_pair(client, code, origin)
        assert response.status == 403, origin
        assert "Access-Control-Allow-Origin" not in response.headers
    assert (await post_pair(client, code)).status == 200  # the code survived the refusals


async def test_an_expired_code_is_refused(client: Client, data_dir: Path) -> None:
    import time

    code, _ = issue_pairing_code(SecretStore(data_dir), now=time.time() - 601)
    response = await post_pair(client, code)
    assert response.status == 401


async def test_no_code_pending_is_refused(client: Client) -> None:
    assert (await post_pair(client, "ABCD-EFGH")).status == 401


async def test_a_new_code_replaces_the_old_one(client: Client, data_dir: Path) -> None:
    old, _ = issue_pairing_code(SecretStore(data_dir))
    new, _ = issue_pairing_code(SecretStore(data_dir))
    assert (await post_pair(client, old)).status == 401
    assert (await post_pair(client, new)).status == 200


async def test_wrong_codes_are_rate_limited_even_for_the_right_code(client: Client, data_dir: Path) -> None:
    code, _ = issue_pairing_code(SecretStore(data_dir))
    for _ in range(MAX_FAILURES):
        assert (await post_pair(client, "WRNG-CODE")).status == 401
    blocked = await post_pair(client, code)
    assert blocked.status == 429
    assert "wait" in (await blocked.json())["error"]["message"]


async def test_another_extensions_wrong_codes_do_not_lock_this_one_out(client: Client, data_dir: Path) -> None:
    # Counted per origin: an extension guessing codes only locks itself out.
    code, _ = issue_pairing_code(SecretStore(data_dir))
    for _ in range(MAX_FAILURES):
        assert (await post_pair(client, "WRNG-CODE", OTHER_EXTENSION_ORIGIN)).status == 401
    assert (await post_pair(client, code, OTHER_EXTENSION_ORIGIN)).status == 429
    assert (await post_pair(client, code)).status == 200


async def test_an_origins_lock_ends_with_the_window(client: Client, data_dir: Path) -> None:
    now = [1_000_000.0]
    pairing = PairingService(SecretStore(data_dir), client.app[CLIENTS], clock=lambda: now[0])
    for _ in range(MAX_FAILURES):
        with pytest.raises(InvalidPairingCode):
            pairing.pair("WRNG-CODE", EXTENSION_ORIGIN, "test")
    now[0] += FAILURE_WINDOW_SECONDS - 1
    code, _ = issue_pairing_code(SecretStore(data_dir), now=now[0])
    with pytest.raises(TooManyAttempts, match="wait 1 minute"):
        pairing.pair(code, EXTENSION_ORIGIN, "test")
    now[0] += 1
    assert len(pairing.pair(code, EXTENSION_ORIGIN, "test")) >= 32


async def test_the_wrong_codes_of_many_origins_take_bounded_memory(client: Client, data_dir: Path) -> None:
    pairing = PairingService(SecretStore(data_dir), client.app[CLIENTS], clock=lambda: 1_000_000.0)
    for index in range(MAX_TRACKED_ORIGINS + 50):
        with pytest.raises(InvalidPairingCode):
            pairing.pair("WRNG-CODE", f"chrome-extension://{index:032d}", "test")
    assert len(pairing._failures) == MAX_TRACKED_ORIGINS  # noqa: SLF001 - the bound itself


@pytest.mark.parametrize(
    ("body", "status"),
    [(b"{", 400), (b'{"client": "x"}', 422), (b'{"code": 5}', 422), (b'{"code": "A", "extra": 1}', 422)],
)
async def test_pair_bad_bodies(client: Client, body: bytes, status: int) -> None:
    response = await client.post(
        "/v1/pair", data=body, headers={"Origin": EXTENSION_ORIGIN, "Content-Type": "application/json"}
    )
    assert response.status == status


async def test_pairing_while_another_process_holds_the_lock_says_so(
    short_busy_timeout: None, client: Client, data_dir: Path
) -> None:
    code, _ = issue_pairing_code(SecretStore(data_dir))
    with holding_write_lock(data_dir):
        response = await post_pair(client, code)
    assert response.status == 503
    error = (await response.json())["error"]
    assert error["code"] == "unavailable"
    assert "ssi-companion pair" in error["message"]
    assert extension_count(data_dir) == 0


def extension_count(data_dir: Path, origin: str | None = None) -> int:
    """Paired extensions in the clients table (of `origin` only, when given)."""
    conn = open_database(data_dir)
    try:
        row = conn.execute(
            "SELECT count(*) FROM clients WHERE kind = 'extension' AND (? IS NULL OR origin = ?)", (origin, origin)
        )
        return int(row.fetchone()[0])
    finally:
        conn.close()


async def snapshots_status(client: Client, token: str, origin: str | None = EXTENSION_ORIGIN) -> int:
    """The status of GET /v1/snapshots with `token` (from `origin`; None: no Origin header)."""
    headers = {"Authorization": f"Bearer {token}"} | ({"Origin": origin} if origin else {})
    return (await client.get("/v1/snapshots", headers=headers)).status


async def test_two_extensions_can_pair_and_each_keeps_its_own_token(client: Client, data_dir: Path) -> None:
    first_code, _ = issue_pairing_code(SecretStore(data_dir))
    first = (await (await post_pair(client, first_code)).json())["token"]
    second_code, _ = issue_pairing_code(SecretStore(data_dir))
    second = (await (await post_pair(client, second_code, OTHER_EXTENSION_ORIGIN)).json())["token"]
    for token, origin in ((first, EXTENSION_ORIGIN), (second, OTHER_EXTENSION_ORIGIN)):
        response = await client.get("/v1/snapshots", headers={"Authorization": f"Bearer {token}", "Origin": origin})
        assert response.status == 200


async def test_a_rotated_script_token_is_refused_on_the_very_next_request(client: Client, data_dir: Path) -> None:
    # Rotated through a connection of its own, as `ssi-companion token --rotate` does from its
    # process; the old token is tried first, with nothing in between that could prompt a reload.
    conn = open_database(data_dir)
    try:
        old = script_token(conn, SecretStore(data_dir))
        assert script_token(conn, SecretStore(data_dir)) == old  # stable until rotated
        assert (await client.get("/v1/snapshots", headers={"Authorization": f"Bearer {old}"})).status == 200
        new = script_token(conn, SecretStore(data_dir), rotate=True)
    finally:
        conn.close()
    assert new != old
    assert (await client.get("/v1/snapshots", headers={"Authorization": f"Bearer {old}"})).status == 401
    assert (await client.get("/v1/snapshots", headers={"Authorization": f"Bearer {new}"})).status == 200


def remove_extension(data_dir: Path, origin: str) -> None:
    """Delete a paired extension's row from a connection of its own and mark the change, as
    every change to the clients table is marked (change_marker.mark_changed)."""
    conn = open_database(data_dir)
    try:
        with conn:
            assert conn.execute("DELETE FROM clients WHERE origin = ?", (origin,)).rowcount == 1
        mark_table_changed(conn)
    finally:
        conn.close()


@pytest.mark.parametrize(
    ("method", "first_request", "status"),
    [
        ("GET", {"Authorization": "Bearer {token}"}, 401),
        ("GET", {"Authorization": "Bearer {token}", "Origin": EXTENSION_ORIGIN}, 403),
        ("OPTIONS", {"Origin": EXTENSION_ORIGIN, "Access-Control-Request-Method": "GET"}, 403),
    ],
    ids=["token", "token and origin", "preflight"],
)
async def test_an_extension_removed_elsewhere_is_refused_on_the_very_next_request(
    client: Client, data_dir: Path, token: str, method: str, first_request: dict[str, str], status: int
) -> None:
    paired = {"Authorization": f"Bearer {token}", "Origin": EXTENSION_ORIGIN}
    assert (await client.get("/v1/snapshots", headers=paired)).status == 200
    remove_extension(data_dir, EXTENSION_ORIGIN)
    headers = {name: value.format(token=token) for name, value in first_request.items()}
    response = await client.request(method, "/v1/snapshots", headers=headers)
    assert response.status == status
    assert "Access-Control-Allow-Origin" not in response.headers


def test_secrets_go_to_the_keychain_when_there_is_one(data_dir: Path, memory_keyring: MemoryKeyring) -> None:
    issue_pairing_code(SecretStore(data_dir))
    assert any(name.startswith(PAIRING_SECRET) for _, name in memory_keyring.entries)
    assert not (data_dir / FALLBACK_FILENAME).exists()


def test_without_a_keychain_secrets_fall_back_to_a_private_file(
    data_dir: Path, caplog: pytest.LogCaptureFixture
) -> None:
    keyring.set_keyring(keyring.backends.fail.Keyring())  # type: ignore[no-untyped-call]
    store = SecretStore(data_dir)
    with caplog.at_level(logging.WARNING, logger="companion.secrets"):
        store.set("script-token", "ssi_secret")
    path = data_dir / FALLBACK_FILENAME
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert json.loads(path.read_text()) == {"script-token": "ssi_secret"}
    assert len([r for r in caplog.records if "no OS keychain" in r.getMessage()]) == 1
    assert SecretStore(data_dir).get("script-token") == "ssi_secret"
    store.delete("script-token")
    assert SecretStore(data_dir).get("script-token") is None


async def test_pairing_works_with_the_file_fallback(client: Client, data_dir: Path) -> None:
    keyring.set_keyring(keyring.backends.fail.Keyring())  # type: ignore[no-untyped-call]
    code, _ = issue_pairing_code(SecretStore(data_dir))
    assert (await post_pair(client, code)).status == 200
    assert (await post_pair(client, code)).status == 401


async def test_an_extension_that_forgets_its_pairing_is_refused_from_then_on(
    client: Client, data_dir: Path, token: str
) -> None:
    paired = {"Authorization": f"Bearer {token}", "Origin": EXTENSION_ORIGIN}
    assert await snapshots_status(client, token) == 200
    forgotten = await client.delete("/v1/pair", headers=paired)
    assert forgotten.status == 204
    assert await forgotten.read() == b""
    assert extension_count(data_dir, EXTENSION_ORIGIN) == 0
    # The token is gone, and with it the origin's standing: only pairing again is left to it.
    assert await snapshots_status(client, token, origin=None) == 401
    assert await snapshots_status(client, token) == 403
    assert (await client.delete("/v1/pair", headers=paired)).status == 403
    await pair(client, data_dir, EXTENSION_ORIGIN)


async def test_forgetting_a_pairing_takes_that_extensions_own_token(
    client: Client, data_dir: Path, token: str
) -> None:
    other_token = await pair(client, data_dir, OTHER_EXTENSION_ORIGIN)
    conn = open_database(data_dir)
    try:
        scripts = script_token(conn, SecretStore(data_dir))
    finally:
        conn.close()

    no_token = await client.delete("/v1/pair", headers={"Origin": EXTENSION_ORIGIN})
    assert no_token.status == 401
    script = await client.delete("/v1/pair", headers={"Authorization": f"Bearer {scripts}"})
    assert script.status == 403
    assert "ssi-companion token --rotate" in (await script.json())["error"]["message"]
    assert await snapshots_status(client, scripts, origin=None) == 200
    # Another extension's token cannot forget this one's pairing: it forgets its own.
    assert (await client.delete("/v1/pair", headers={"Authorization": f"Bearer {other_token}"})).status == 204
    assert extension_count(data_dir, OTHER_EXTENSION_ORIGIN) == 0
    assert extension_count(data_dir, EXTENSION_ORIGIN) == 1
    assert await snapshots_status(client, token) == 200


async def test_one_extension_paired_in_two_browsers_keeps_a_token_for_each(
    client: Client, data_dir: Path, token: str
) -> None:
    """One unpacked folder loaded in two browsers (or profiles) has one origin: pairing the
    second must not cut off the first, and each forgets only its own pairing."""
    second = await pair(client, data_dir, EXTENSION_ORIGIN)
    assert extension_count(data_dir, EXTENSION_ORIGIN) == 2
    for each in (token, second):
        assert await snapshots_status(client, each) == 200
    forgotten = await client.delete("/v1/pair", headers={"Authorization": f"Bearer {second}", "Origin": EXTENSION_ORIGIN})
    assert forgotten.status == 204
    assert await snapshots_status(client, second, origin=None) == 401
    assert await snapshots_status(client, token) == 200


@pytest.mark.parametrize("origin", [OTHER_EXTENSION_ORIGIN, "https://evil.example"])
async def test_a_stolen_token_cannot_be_revoked_from_another_origin(
    client: Client, data_dir: Path, token: str, origin: str
) -> None:
    await pair(client, data_dir, OTHER_EXTENSION_ORIGIN)
    response = await client.delete("/v1/pair", headers={"Authorization": f"Bearer {token}", "Origin": origin})
    assert response.status == 403
    assert extension_count(data_dir, EXTENSION_ORIGIN) == 1
    assert await snapshots_status(client, token) == 200


async def test_revoking_a_client_read_before_it_was_removed_leaves_the_next_one_alone(
    client: Client, data_dir: Path, token: str
) -> None:
    """A second "forget" with the same token, authenticated before the first one committed, when
    another extension has paired since: ids are never handed out again (migration 4), and a
    revocation matches the token too, in case a row with that id is someone else's."""
    registry = client.app[CLIENTS]
    first = registry.authenticate(token)
    assert first is not None
    registry.revoke(first)
    other_token = registry.pair_extension(OTHER_EXTENSION_ORIGIN, "another browser")
    other = registry.authenticate(other_token)
    assert other is not None and other.id > first.id
    registry.revoke(first)
    registry.revoke(dataclasses.replace(first, id=other.id))
    assert registry.authenticate(other_token) == other


async def test_forgetting_while_another_process_holds_the_lock_says_so(
    short_busy_timeout: None, client: Client, data_dir: Path, token: str
) -> None:
    paired = {"Authorization": f"Bearer {token}", "Origin": EXTENSION_ORIGIN}
    with holding_write_lock(data_dir):
        response = await client.delete("/v1/pair", headers=paired)
    assert response.status == 503
    assert "try again" in (await response.json())["error"]["message"]
    assert await snapshots_status(client, token) == 200  # nothing was changed

"""Shared fixtures: a real companion app on a loopback port with a real SQLite file in a
temporary directory. The only stand-in is the OS keychain (an in-memory keyring backend)."""

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import keyring
import keyring.backend
import keyring.errors
import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

from companion.auth.pairing import issue_pairing_code
from companion.auth.secret_store import SecretStore
from companion.settings import Settings
from companion.storage.database import database_path

EXTENSION_ORIGIN = "chrome-extension://" + "abcdefghijklmnopabcdefghijklmnop"
OTHER_EXTENSION_ORIGIN = "chrome-extension://" + "ponmlkjihgfedcbaponmlkjihgfedcba"
# The test client of the companion's app, as the fixtures below give it.
Client = TestClient[web.Request, web.Application]


class MemoryKeyring(keyring.backend.KeyringBackend):
    """The OS keychain, in memory: the boundary the tests do not cross."""

    priority = 1

    def __init__(self) -> None:
        super().__init__()  # type: ignore[no-untyped-call]  # keyring's own __init__ is untyped
        self.entries: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.entries.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.entries[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if self.entries.pop((service, username), None) is None:
            raise keyring.errors.PasswordDeleteError(username)


@pytest.fixture(autouse=True)
def memory_keyring() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@contextmanager
def holding_write_lock(data_dir: Path) -> Iterator[None]:
    """Another process holds the history's write lock, as `ssi-companion import` does for its
    whole file; released (nothing written) when the block ends."""
    other = sqlite3.connect(database_path(data_dir), isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        yield
    finally:
        other.close()


@pytest.fixture
def short_busy_timeout(monkeypatch: pytest.MonkeyPatch) -> None:
    """The companion's connections give up waiting for another's lock after 0.2 s, not 5 s.
    Ask for it before `client`: connections take the timeout when they open."""
    monkeypatch.setattr("companion.storage.database.BUSY_TIMEOUT_MS", 200)


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def settings(data_dir: Path) -> Settings:
    return Settings(data_dir=data_dir)


@pytest.fixture
async def app(settings: Settings) -> web.Application:
    from companion.app import create_app

    return create_app(settings)


@pytest.fixture
async def client(aiohttp_client: Any, app: web.Application) -> Client:
    client: Client = await aiohttp_client(app)
    return client


@pytest.fixture
async def token(client: Client, data_dir: Path) -> str:
    """A token obtained the way the extension gets one: a code from `pair`, then POST /v1/pair."""
    return await pair(client, data_dir, EXTENSION_ORIGIN)


async def pair(client: Client, data_dir: Path, origin: str) -> str:
    code, _ = issue_pairing_code(SecretStore(data_dir))
    response = await client.post(
        "/v1/pair", json={"code": code, "client": "tests"}, headers={"Origin": origin}
    )
    assert response.status == 200, await response.text()
    token: str = (await response.json())["token"]
    return token


@pytest.fixture
def auth(token: str) -> dict[str, str]:
    """Headers of a request from the paired extension."""
    return {"Authorization": f"Bearer {token}", "Origin": EXTENSION_ORIGIN}


@pytest.fixture
def started_server(client: Client) -> TestServer:
    """The loopback server behind `client`, for requests sent as raw bytes."""
    server = client.server
    assert isinstance(server, TestServer)
    return server

"""Kill -9 while clients post concurrently: every snapshot acknowledged with a 2xx survives,
and the database passes `PRAGMA integrity_check`."""

import asyncio
import signal
import sqlite3
import time
from pathlib import Path

import aiohttp

from cli_helpers import free_port, run_cli, running_server
from companion.storage.database import database_path
from snapshot_factory import snapshot_doc

CLIENTS = 8
KILL_AFTER_SECONDS = 1.5


async def _post_until_refused(url: str, token: str, acknowledged: list[str], worker: int) -> None:
    headers = {"Authorization": f"Bearer {token}"}
    async with aiohttp.ClientSession() as session:
        for n in range(100_000):
            doc = snapshot_doc(captured_at=f"2026-01-01T{worker:02d}:{n // 60 % 60:02d}:{n % 60:02d}.{n:06d}Z")
            try:
                async with session.post(f"{url}/v1/snapshots", json=doc, headers=headers) as response:
                    if response.status in (200, 201):
                        acknowledged.append(doc["id"])
                    else:
                        raise AssertionError(f"unexpected {response.status}: {await response.text()}")
            except (aiohttp.ClientError, ConnectionError):
                return  # the server is gone


def test_sigkill_during_concurrent_writes_loses_no_acknowledged_snapshot(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    token = run_cli(data_dir, "token").stdout.decode().strip()
    port = free_port()
    acknowledged: list[str] = []
    with running_server(data_dir, port) as (process, url):

        async def load_then_kill() -> None:
            posters = [asyncio.create_task(_post_until_refused(url, token, acknowledged, w)) for w in range(CLIENTS)]
            await asyncio.sleep(KILL_AFTER_SECONDS)
            process.send_signal(signal.SIGKILL)
            await asyncio.wait_for(asyncio.gather(*posters), timeout=30)

        asyncio.run(load_then_kill())
        process.wait()
    assert len(acknowledged) > 50, "the load did not get going before the kill"

    started = time.monotonic()
    with running_server(data_dir, port):
        pass  # the restart itself must succeed on the crashed database
    assert time.monotonic() - started < 30

    with sqlite3.connect(database_path(data_dir)) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        stored = {row[0] for row in conn.execute("SELECT id FROM snapshots")}
        duplicates = conn.execute("SELECT count(*) - count(DISTINCT id) FROM snapshots").fetchone()[0]
    missing = set(acknowledged) - stored
    assert not missing, f"{len(missing)} acknowledged snapshots were lost"
    assert duplicates == 0

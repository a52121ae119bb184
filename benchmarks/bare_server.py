"""The baseline the companion is compared with: a bare aiohttp app, no middleware, whose
POST handler does the same msgspec decode of a Snapshot and one fsync'd SQLite commit (WAL,
synchronous=FULL) inline, and whose GET answers a constant. What is left of the companion's
time above this is its own work: security checks, the writer thread, summary and advice.

    python -m benchmarks.bare_server PORT DATABASE
"""

import sqlite3
import sys

import msgspec
from aiohttp import web

from shared_schema import Snapshot

_DECODER = msgspec.json.Decoder(Snapshot)


def create_app(database: str) -> web.Application:
    conn = sqlite3.connect(database, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("CREATE TABLE IF NOT EXISTS snapshots (id TEXT PRIMARY KEY, captured_at TEXT, overall INTEGER)")

    async def ingest(request: web.Request) -> web.Response:
        snapshot = _DECODER.decode(await request.read())
        conn.execute("BEGIN IMMEDIATE")
        conn.execute(
            "INSERT INTO snapshots VALUES (?, ?, ?) ON CONFLICT (id) DO NOTHING",
            (str(snapshot.id), snapshot.captured_at.isoformat(), snapshot.overall),
        )
        conn.execute("COMMIT")
        return web.json_response({"created": True}, status=201)

    async def health(request: web.Request) -> web.Response:
        return web.json_response({"status": "ok"})

    app = web.Application()
    app.router.add_post("/ingest", ingest)
    app.router.add_get("/health", health)
    return app


if __name__ == "__main__":
    web.run_app(create_app(sys.argv[2]), host="127.0.0.1", port=int(sys.argv[1]), access_log=None, print=None)

"""The application factory: `create_app(settings)` wires storage, security and routes."""

import asyncio
from collections.abc import AsyncIterator

from aiohttp import web

from companion.app_keys import CLIENTS, HISTORY, PAIRING, READERS, SETTINGS
from companion.auth.change_marker import change_marker
from companion.auth.clients import ClientRegistry
from companion.auth.pairing import PairingService
from companion.auth.secret_store import SecretStore
from companion.error_middleware import error_middleware
from companion.handlers import meta, pairing, snapshots
from companion.history import HistoryService
from companion.insights.setup import setup_insights
from companion.security import add_cors_headers, guard_middleware
from companion.settings import Settings
from companion.storage.database import connect, database_path, open_database
from companion.storage.readers import ReaderPool
from companion.storage.writer import SnapshotWriter


def create_app(settings: Settings) -> web.Application:
    # Errors outermost so every refusal of the guard is rendered as the JSON error body.
    app = web.Application(
        middlewares=[error_middleware, guard_middleware], client_max_size=settings.max_body_bytes
    )
    app[SETTINGS] = settings
    app.cleanup_ctx.append(_storage)
    app.on_response_prepare.append(add_cors_headers)
    for module in (meta, pairing, snapshots):
        app.router.add_routes(module.routes)
    setup_insights(app, settings)
    return app


async def _storage(app: web.Application) -> AsyncIterator[None]:
    """Open the database (migrating it), start the writer thread; close all on shutdown."""
    data_dir = app[SETTINGS].data_dir
    write_conn = await asyncio.to_thread(open_database, data_dir)
    path = database_path(data_dir)
    writer = SnapshotWriter(write_conn)
    readers = ReaderPool(path)
    registry = ClientRegistry(await asyncio.to_thread(connect, path), change_marker(path))
    app[READERS] = readers
    app[HISTORY] = HistoryService(path, writer, readers)
    app[CLIENTS] = registry
    app[PAIRING] = PairingService(SecretStore(data_dir), registry)
    try:
        yield
    finally:
        # The writer finishes what is queued, so nothing acknowledged is lost at shutdown.
        await asyncio.to_thread(writer.close)
        readers.close()
        registry.close()
        write_conn.close()

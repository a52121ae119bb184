"""Wiring goals and insights into the app: state, the watcher's lifetime, and the routes."""

import asyncio
from collections.abc import AsyncIterator, Callable

from aiohttp import web

from companion.app_keys import GOALS, INSIGHTS, READERS
from companion.goals.loading import goals_path
from companion.goals.state import GoalsState
from companion.goals.watcher import watching_goals
from companion.handlers.insights import routes
from companion.insights.service import InsightService
from companion.settings import Settings
from companion.storage.data_version import DataVersion
from companion.storage.database import database_path, open_database
from companion.storage.readers import ReaderPool


def setup_insights(app: web.Application, settings: Settings) -> None:
    """Store the goals holder, register the insight service and the goals watcher in
    `cleanup_ctx`, and add the /v1/summary, /v1/advice and /v1/goals routes.

    The service reads through the app's shared ReaderPool (`app[READERS]`) when a cleanup
    context registered earlier provides one, else through a pool of its own (opening and
    migrating the database first), so the insights also work in an app without the storage
    context, as in their own tests.
    """
    goals = GoalsState(goals_path(settings.data_dir))
    app[GOALS] = goals
    app.cleanup_ctx.append(_insight_service(settings))
    app.cleanup_ctx.append(_watch_goals)
    app.router.add_routes(routes)


def _insight_service(settings: Settings) -> Callable[[web.Application], AsyncIterator[None]]:
    async def context(app: web.Application) -> AsyncIterator[None]:
        shared = app.get(READERS)
        readers = shared
        if readers is None:
            await asyncio.to_thread(lambda: open_database(settings.data_dir).close())
            readers = ReaderPool(database_path(settings.data_dir))
        versions = await asyncio.to_thread(DataVersion, database_path(settings.data_dir))
        app[INSIGHTS] = InsightService(readers, app[GOALS], versions=versions)
        try:
            yield
        finally:
            versions.close()
            if shared is None:
                readers.close()

    return context


async def _watch_goals(app: web.Application) -> AsyncIterator[None]:
    async with watching_goals(app[GOALS]):
        yield

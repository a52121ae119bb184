"""Shared helpers for the goals, summary and advice tests: histories in a real SQLite file,
summaries computed the way the service does, and a small app with only the insight routes."""

import asyncio
import os
import sqlite3
import uuid
from collections.abc import Callable, Iterable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from aiohttp import web

from companion.app_keys import SETTINGS
from companion.error_middleware import error_middleware
from companion.goals.targets import targets_for
from companion.insights.history import read_history_view
from companion.insights.setup import setup_insights
from companion.insights.summary import build_summary
from companion.settings import Settings
from companion.storage.database import open_database
from companion.storage.snapshot_writes import store_snapshots
from shared_schema import Goals, Industry, MetricSummary, Network, Pillars, Snapshot, Summary

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)  # a Monday morning
Values = tuple[float, float, float, float]


def snap(
    at: datetime,
    pillars: Values = (15.0, 15.0, 15.0, 15.0),
    *,
    profile: str = "me",
    overall: int | None = None,
    industry_average: float | None = 40.0,
    network_average: float | None = 35.0,
    industry_rank: float | None = 10.0,
    network_rank: float | None = 5.0,
    industry_name: str | None = "Computer Software",
) -> Snapshot:
    """A valid snapshot; `overall` defaults to the rounded sum of the pillars."""
    return Snapshot(
        id=uuid.uuid4(),
        captured_at=at,
        profile=profile,
        overall=round(sum(pillars)) if overall is None else overall,
        pillars=Pillars(*pillars),
        industry=Industry(name=industry_name, rank_top_percent=industry_rank, average=industry_average),
        network=Network(rank_top_percent=network_rank, average=network_average),
    )


def daily(start: datetime, days: int, pillars_on: Callable[[int], Values], **fields: Any) -> list[Snapshot]:
    """One snapshot a day for `days` days, with the pillars `pillars_on(day)` gives; `fields`
    go to `snap` (profile, peer averages, ranks)."""
    return [snap(start + timedelta(days=day), pillars_on(day), **fields) for day in range(days)]


def history_db(data_dir: Path, snapshots: Iterable[Snapshot] = ()) -> sqlite3.Connection:
    """A migrated database in `data_dir` holding `snapshots`."""
    conn = open_database(data_dir)
    store(conn, snapshots)
    return conn


def store(conn: sqlite3.Connection, snapshots: Iterable[Snapshot]) -> None:
    conn.execute("BEGIN")
    store_snapshots(conn, snapshots)
    conn.execute("COMMIT")


def summary_of(conn: sqlite3.Connection, goals: Goals | None = None, profile: str = "me") -> Summary:
    """What InsightService.summary answers, computed synchronously on `conn`."""
    return build_summary(profile, read_history_view(conn, profile), targets_for(goals or Goals(), profile))


def metric(summary: Summary, key: str) -> MetricSummary:
    value: MetricSummary = getattr(summary.metrics, key)
    return value


def insights_app(data_dir: Path) -> web.Application:
    """An app with only the insight routes, their state and the error rendering (no auth
    middleware: the full app's tests cover it on every route)."""
    settings = Settings(data_dir=data_dir)
    app = web.Application(middlewares=[error_middleware])
    app[SETTINGS] = settings
    setup_insights(app, settings)
    return app


def save_like_an_editor(path: Path, text: str) -> None:
    """What vim and VS Code do: write a temp file next to it, then rename it over the original."""
    temp = path.with_name(f".{path.name}.swp")
    temp.write_text(text, encoding="utf-8")
    os.replace(temp, path)


async def eventually(check: Callable[[], bool], timeout: float = 2.0) -> float:
    """Poll `check` until it holds; return how long that took. Fails after `timeout` seconds."""
    loop = asyncio.get_running_loop()
    started = loop.time()
    while not check():
        if loop.time() - started > timeout:
            raise AssertionError(f"not true within {timeout} s")
        await asyncio.sleep(0.02)
    return loop.time() - started

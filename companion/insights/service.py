"""The insight service: summary and advice for a profile, from a few reads in a reader thread."""

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Final

import msgspec

from companion.goals.state import GoalsState
from companion.http_json import encode
from companion.insights.advice_rules import ranked_findings
from companion.insights.advice_text import render_advice
from companion.insights.catalog import load_catalog
from companion.insights.history import HistoryView, read_history_view
from companion.insights.latest_views import LatestViews
from companion.insights.summary import build_summary
from companion.storage.data_version import DataVersion
from companion.storage.readers import ReaderPool
from shared_schema import Advice, Summary

# Summaries kept between writes; the profiles of one user are few, a stray query's are evicted.
CACHED_PROFILES: Final = 16


def _utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(eq=False, slots=True)
class _IngestAnswers:
    """What the ingest answers of one profile are built from, and the JSON built: the writer's
    view under one version of the goals, its summary encoded, and its advice per language."""

    view: HistoryView
    goals_version: int
    summary: Summary
    encoded_summary: msgspec.Raw
    advice: dict[str, msgspec.Raw] = field(default_factory=dict)


class InsightService:
    """Cheap enough for every ingest: one reader-thread call doing four indexed single-row
    look-ups and one range of at most 8 weeks, then pure arithmetic on the event loop.

    With `versions`, a profile's summary is kept until the next commit or goals change, and
    requests that arrive while it is being computed share that computation (the popup asks
    for the summary and the advice at once). Shared only when nothing was committed since the
    request arrived, so every answer includes every write that came before it. An ingest's
    summary comes from the view the writer read inside its write transaction, built once for all
    the requests of one group commit.
    """

    def __init__(
        self,
        readers: ReaderPool,
        goals: GoalsState,
        clock: Callable[[], datetime] = _utc_now,
        versions: DataVersion | None = None,
    ) -> None:
        self._readers = readers
        self._goals = goals
        self._clock = clock  # for "no capture for 7 days"; injectable so tests fix the day
        self._versions = versions
        # The writer's reads for ingest answers (used in its thread only).
        self.after_write = LatestViews()
        self._summaries: dict[str, tuple[tuple[int, int], asyncio.Future[Summary]]] = {}
        self._built: dict[str, _IngestAnswers] = {}

    async def summary(self, profile: str) -> Summary:
        if self._versions is None:
            return await self._computed(profile)
        state = (self._versions.current(), self._goals.version)
        cached = self._summaries.get(profile)
        if cached is None or cached[0] != state:
            task = asyncio.ensure_future(self._computed(profile))
            task.add_done_callback(lambda done: self._forget_failed(profile, done))
            self._summaries.pop(profile, None)
            self._summaries[profile] = cached = (state, task)
            while len(self._summaries) > CACHED_PROFILES:
                del self._summaries[next(iter(self._summaries))]
        # Shielded: one waiter giving up (a client that disconnects) must not cancel the others'.
        return await asyncio.shield(cached[1])

    async def _computed(self, profile: str) -> Summary:
        view = await self._readers.run(read_history_view, profile)
        return build_summary(profile, view, self._goals.targets(profile), self._goals.error)

    def _forget_failed(self, profile: str, done: asyncio.Future[Summary]) -> None:
        cached = self._summaries.get(profile)
        if cached is not None and cached[1] is done and (done.cancelled() or done.exception() is not None):
            del self._summaries[profile]

    async def advice(self, profile: str, lang: str) -> Advice:
        """Ranked advice in `lang` (en, de or es; anything else gets English)."""
        return self.advice_for(await self.summary(profile), lang)

    def answer_for(self, profile: str, view: HistoryView, lang: str) -> tuple[msgspec.Raw, msgspec.Raw]:
        """Summary and advice from `view`, as the POST /v1/snapshots answer sends them: JSON
        built and encoded once per view and language, so the requests of one group commit,
        which share the writer's read and are answered within microseconds of each other,
        share them too."""
        state = self._goals.version
        built = self._built.get(profile)
        if built is None or built.view is not view or built.goals_version != state:
            summary = build_summary(profile, view, self._goals.targets(profile), self._goals.error)
            built = _IngestAnswers(view, state, summary, msgspec.Raw(encode(summary)))
            self._built.pop(profile, None)
            self._built[profile] = built
            while len(self._built) > CACHED_PROFILES:
                del self._built[next(iter(self._built))]
        advice = built.advice.get(lang)
        if advice is None:
            advice = built.advice[lang] = msgspec.Raw(encode(self.advice_for(built.summary, lang)))
        return built.encoded_summary, advice

    def advice_for(self, summary: Summary, lang: str) -> Advice:
        return render_advice(ranked_findings(summary, self._clock()), load_catalog(lang))

"""Which advice applies, and how urgent each piece is (pure; texts are chosen elsewhere).

Every rule yields a Finding with a score; the findings are sorted by score and numbered, so
priority 1 is the most urgent. A component's score weighs how far it is below its goal, how
fast it fell recently and how much headroom it has left:

    score = GAP_WEIGHT * shortfall + DECLINE_WEIGHT * decline + HEADROOM_WEIGHT * (25 - value)

A point lost in a week weighs twice a point of gap: a fall is news and usually has one cause
to fix, while a gap closes slowly. Headroom breaks ties towards the component where points
come easiest. The other rules sit at fixed levels around that scale: old data and a missing
goal come first (everything else depends on them), a peer comparison scores by its distance,
and maintenance and the spam warning come last.
"""

import math
from datetime import date, datetime, timedelta
from typing import Final, Literal, get_args

import msgspec

from companion.goals.targets import PILLAR_MAX
from shared_schema import PILLAR_KEYS, MetricSummary, Snapshot, Summary
from shared_schema.insight import AdviceTarget

AdviceKind = Literal[
    "no_data",
    "stale",
    "no_goals",
    "gap",
    "decline",
    "headroom",
    "below_industry",
    "below_network",
    "maintenance",
    "spam_warning",
]

# Values for the placeholders of the catalog's texts ({value}, {days}, ...).
Params = dict[str, float | int | str | date]

STALE_AFTER: Final = timedelta(days=7)
# Smaller moves are the page's rounding or day-to-day noise, not a trend worth a word.
FALLING_THRESHOLD: Final = 0.1
GAP_WEIGHT: Final = 1.0
DECLINE_WEIGHT: Final = 2.0
HEADROOM_WEIGHT: Final = 0.2
# Without goals, the components with the most headroom are suggested, but only a couple.
HEADROOM_ITEMS: Final = 2
MIN_HEADROOM: Final = 1.0
SCORE_URGENT: Final = 100.0
SCORE_NO_GOALS: Final = 30.0
SCORE_PEER_BASE: Final = 1.0
# The overall score is a whole number and the averages have decimals: less than half a point
# below one is only rounding ("0 points below the average" is no advice).
MIN_PEER_GAP: Final = 0.5
SCORE_MAINTENANCE: Final = 0.5
SCORE_SPAM_WARNING: Final = 0.0
# The pillars where chasing volume (invitations, comments) is tempting and penalised.
SPAM_PRONE: Final = frozenset({"engage_with_insights", "build_relationships"})
_KIND_ORDER: Final = {kind: index for index, kind in enumerate(get_args(AdviceKind))}
_TARGET_ORDER: Final = {key: index for index, key in enumerate(("overall", *PILLAR_KEYS))}


class PillarFacts(msgspec.Struct, frozen=True, kw_only=True):
    """The numbers a component's reason quotes."""

    value: float
    gap: float | None  # value - goal; None without a goal
    change: float | None  # over 7 days, or per week from the slope when there is no 7-day delta
    change_is_weekly_pace: bool
    others_rising: bool


class Finding(msgspec.Struct, frozen=True, kw_only=True):
    kind: AdviceKind
    pillar: AdviceTarget
    score: float
    facts: PillarFacts | None = None
    params: Params = msgspec.field(default_factory=dict)


def ranked_findings(summary: Summary, now: datetime) -> list[Finding]:
    """Every finding for `summary`, most urgent first."""
    found = _findings(summary, now)
    return sorted(found, key=lambda item: (-item.score, _KIND_ORDER[item.kind], _TARGET_ORDER[item.pillar]))


def _findings(summary: Summary, now: datetime) -> list[Finding]:
    metrics = summary.metrics
    overall = metrics.overall
    has_goals = any(_metric(summary, key).goal is not None for key in ("overall", *PILLAR_KEYS))
    latest = summary.latest
    if latest is None or overall.value is None:
        # Nothing to measure yet; goals and the rest come once there is a first reading.
        return [Finding(kind="no_data", pillar="overall", score=SCORE_URGENT, params={"profile": summary.profile})]
    found = _pillar_findings(summary, has_goals)
    age = now - latest.captured_at
    if age >= STALE_AFTER:
        params: Params = {"days": age.days, "date": latest.captured_at.date()}
        found.append(Finding(kind="stale", pillar="overall", score=SCORE_URGENT, params=params))
    if not has_goals:
        params = {"value": overall.value, "suggested": suggested_goal(overall.value)}
        found.append(Finding(kind="no_goals", pillar="overall", score=SCORE_NO_GOALS, params=params))
    found += _peer_findings(latest, overall.value)
    if has_goals and all(_metric(summary, key).status in (None, "met") for key in ("overall", *PILLAR_KEYS)):
        params = {"value": overall.value, "suggested": suggested_goal(max(overall.value, overall.goal or 0))}
        found.append(Finding(kind="maintenance", pillar="overall", score=SCORE_MAINTENANCE, params=params))
    if any(item.pillar in SPAM_PRONE for item in found):
        found.append(Finding(kind="spam_warning", pillar="overall", score=SCORE_SPAM_WARNING))
    return found


def _pillar_findings(summary: Summary, has_goals: bool) -> list[Finding]:
    changes = {key: _change(_metric(summary, key)) for key in PILLAR_KEYS}
    roomiest = _most_headroom(summary) if not has_goals else []
    found: list[Finding] = []
    for key in PILLAR_KEYS:
        metric = _metric(summary, key)
        if metric.value is None:
            continue
        change, weekly = changes[key]
        decline = max(0.0, -(change or 0.0))
        shortfall = max(0.0, -(metric.gap or 0.0))
        score = GAP_WEIGHT * shortfall + DECLINE_WEIGHT * decline + HEADROOM_WEIGHT * (PILLAR_MAX - metric.value)
        kind: AdviceKind
        if metric.gap is not None and metric.gap < 0:
            kind = "gap"
        elif decline >= FALLING_THRESHOLD:
            kind = "decline"
        elif key in roomiest:
            kind = "headroom"
        else:
            continue
        others = [changes[other][0] for other in PILLAR_KEYS if other != key]
        facts = PillarFacts(
            value=metric.value,
            gap=metric.gap,
            change=change,
            change_is_weekly_pace=weekly,
            others_rising=decline >= FALLING_THRESHOLD and all(c is not None and c > 0 for c in others),
        )
        found.append(Finding(kind=kind, pillar=key, score=score, facts=facts))
    return found


def _change(metric: MetricSummary) -> tuple[float | None, bool]:
    """The 7-day change, or the weekly pace of the trend when the history is shorter."""
    if metric.delta.d7 is not None:
        return metric.delta.d7, False
    return metric.slope_per_week, metric.slope_per_week is not None


def _most_headroom(summary: Summary) -> list[str]:
    values = {key: _metric(summary, key).value for key in PILLAR_KEYS}
    roomy = [key for key, value in values.items() if value is not None and PILLAR_MAX - value >= MIN_HEADROOM]
    return sorted(roomy, key=lambda key: values[key] or 0.0)[:HEADROOM_ITEMS]


def _peer_findings(latest: Snapshot, value: float) -> list[Finding]:
    found: list[Finding] = []
    peers: tuple[tuple[AdviceKind, float | None], ...] = (
        ("below_industry", latest.industry.average),
        ("below_network", latest.network.average),
    )
    for kind, average in peers:
        if average is None or average - value < MIN_PEER_GAP:
            continue
        gap = average - value
        params: Params = {"value": value, "average": average, "gap": gap}
        if kind == "below_industry" and latest.industry.name:
            params["industry"] = latest.industry.name
        # Overall points are spread over four components: a quarter of the gap is comparable
        # with a component's shortfall.
        found.append(Finding(kind=kind, pillar="overall", score=SCORE_PEER_BASE + gap / 4, params=params))
    return found


def _metric(summary: Summary, key: str) -> MetricSummary:
    metric: MetricSummary = getattr(summary.metrics, key)
    return metric


def suggested_goal(value: float) -> int:
    """A round next target: at least 5 points up, on a multiple of 5, at most 100."""
    return min(100, math.ceil((value + 5) / 5) * 5)

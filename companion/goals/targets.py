"""The targets that apply to one profile, and pillar targets derived from the overall one.

Pure functions over the Goals Struct and the latest pillar values, so the rules can be tested
without files or a database.
"""

import math
from datetime import date
from typing import Final

import msgspec

from shared_schema import PILLAR_KEYS, Goals, PillarGoals, Pillars

PILLAR_MAX: Final = 25.0
# Derived goals are shown next to values the page gives with up to three decimals; two are
# plenty for a target and keep the numbers readable.
DERIVED_DECIMALS: Final = 2


class ProfileTargets(msgspec.Struct, frozen=True, kw_only=True):
    """What one profile aims for, as written in the file (nothing derived yet)."""

    overall: float | None = None
    by: date | None = None
    pillars: dict[str, float] = msgspec.field(default_factory=dict)

    def is_empty(self) -> bool:
        return self.overall is None and not self.pillars


class PillarTarget(msgspec.Struct, frozen=True, kw_only=True):
    goal: float
    derived: bool


def targets_for(goals: Goals, profile: str) -> ProfileTargets:
    """The top-level targets with `[profiles.<profile>]` laid over them value by value.

    A profile table overrides only what it sets: a profile with its own `overall` still
    inherits the top-level `by` and pillar targets unless it sets those too.
    """
    override = goals.profiles.get(profile)
    pillars = _set_pillars(goals.pillars)
    if override is None:
        return ProfileTargets(overall=goals.overall, by=goals.by, pillars=pillars)
    pillars.update(_set_pillars(override.pillars))
    return ProfileTargets(
        overall=override.overall if override.overall is not None else goals.overall,
        by=override.by if override.by is not None else goals.by,
        pillars=pillars,
    )


def _set_pillars(pillars: PillarGoals) -> dict[str, float]:
    return {key: value for key in PILLAR_KEYS if (value := getattr(pillars, key)) is not None}


def pillar_targets(
    targets: ProfileTargets, latest: Pillars | None, latest_overall: float | None = None
) -> dict[str, PillarTarget]:
    """Every pillar's target: the explicit ones, and the rest derived from the overall target.

    The points the overall target still needs beyond the explicit pillar targets and the
    current values of the other pillars are shared among those pillars in proportion to their
    headroom to 25, so a pillar that is nearly full is asked for little and none is asked for
    more than 25. When the overall target is already exceeded, the surplus is taken back in
    proportion to each pillar's current value instead, so the derived targets still add up to
    the overall one and show how much room each pillar has. Without a snapshot every pillar
    counts as 0, which gives a quarter of the overall target each. Without an overall target
    only explicit pillar targets exist.

    The page's overall score is a whole number within 1 of its pillars' sum (72 over pillars
    adding up to 71.6). So the derived targets aim at the pillar total that shows the overall
    target, offset by today's difference (`latest_overall` − the pillars' sum): a profile whose
    overall target is met is never told its pillars are behind.
    """
    result = {key: PillarTarget(goal=value, derived=False) for key, value in targets.pillars.items()}
    free = [key for key in PILLAR_KEYS if key not in result]
    if targets.overall is None or not free:
        return result
    current = {key: float(getattr(latest, key)) if latest is not None else 0.0 for key in free}
    shown_over_sum = 0.0
    if latest is not None and latest_overall is not None:
        shown_over_sum = latest_overall - sum(float(getattr(latest, key)) for key in PILLAR_KEYS)
    budget = targets.overall - shown_over_sum - sum(targets.pillars.values())
    for key, goal in _round_keeping_total(_share(budget, current)).items():
        result[key] = PillarTarget(goal=goal, derived=True)
    return {key: result[key] for key in PILLAR_KEYS}


def _round_keeping_total(shares: dict[str, float]) -> dict[str, float]:
    """The shares to DERIVED_DECIMALS, adding up to their total rounded the same way: each is
    rounded down, and the hundredths that leaves are given to the shares that lost the most
    (largest remainders). Rounding each share on its own could leave the derived targets up
    to 0.02 off the overall target (0.125 four times is 0.48 for 0.5)."""
    unit = 10**DERIVED_DECIMALS
    scaled = {key: value * unit for key, value in shares.items()}
    units = {key: math.floor(value) for key, value in scaled.items()}
    leftover = round(sum(scaled.values())) - sum(units.values())
    for key in sorted(scaled, key=lambda key: scaled[key] - units[key], reverse=True)[:leftover]:
        units[key] += 1
    return {key: units[key] / unit for key in shares}


def _share(budget: float, current: dict[str, float]) -> dict[str, float]:
    """Split `budget` points over the pillars in `current` as `pillar_targets` describes."""
    missing = budget - sum(current.values())
    if missing >= 0:
        headroom = {key: PILLAR_MAX - value for key, value in current.items()}
        total_headroom = sum(headroom.values())
        if total_headroom <= missing:
            # More is needed than these pillars can give (explicit targets set too low): max out.
            return dict.fromkeys(current, PILLAR_MAX)
        return {key: value + missing * headroom[key] / total_headroom for key, value in current.items()}
    if budget <= 0:
        return dict.fromkeys(current, 0.0)
    total = sum(current.values())  # > budget > 0 here
    return {key: value * budget / total for key, value in current.items()}

"""Which targets apply to a profile, and pillar targets derived from the overall one."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from companion.goals.targets import PillarTarget, ProfileTargets, pillar_targets, targets_for
from shared_schema import PILLAR_KEYS, Goals, PillarGoals, Pillars, ProfileGoals


def test_missing_points_are_shared_in_proportion_to_headroom() -> None:
    # Headroom 15, 10, 5, 0: the 15 missing points (70 -> 85) go 7.5, 5, 2.5, 0.
    latest = Pillars(professional_brand=10, find_right_people=15, engage_with_insights=20, build_relationships=25)
    goals = pillar_targets(ProfileTargets(overall=85), latest)
    assert goals == {
        "professional_brand": PillarTarget(goal=17.5, derived=True),
        "find_right_people": PillarTarget(goal=20.0, derived=True),
        "engage_with_insights": PillarTarget(goal=22.5, derived=True),
        "build_relationships": PillarTarget(goal=25.0, derived=True),
    }


def test_a_met_overall_target_asks_no_pillar_for_more_when_the_page_rounds_the_overall_up() -> None:
    # The page shows 72 over pillars adding up to 71.6: the overall target of 72 is met, so the
    # derived targets are the pillars as they are, not 72 shared out (18.1 each, "behind").
    latest = Pillars(professional_brand=18, find_right_people=18, engage_with_insights=18, build_relationships=17.6)
    goals = pillar_targets(ProfileTargets(overall=72), latest, latest_overall=72)
    assert {key: target.goal for key, target in goals.items()} == {
        "professional_brand": 18.0, "find_right_people": 18.0, "engage_with_insights": 18.0, "build_relationships": 17.6,
    }  # fmt: skip
    # Eight more points on the page means eight more for the pillars, shared by headroom.
    higher = pillar_targets(ProfileTargets(overall=80), latest, latest_overall=72)
    assert sum(target.goal for target in higher.values()) == pytest.approx(79.6, abs=0.005 + 1e-9)
    # A page that rounds down (72 over 72.4) asks the pillars for the 0.4 more that shows 73.
    rounded_down = Pillars(professional_brand=18, find_right_people=18, engage_with_insights=18, build_relationships=18.4)
    next_point = pillar_targets(ProfileTargets(overall=73), rounded_down, latest_overall=72)
    assert sum(target.goal for target in next_point.values()) == pytest.approx(73.4, abs=0.005 + 1e-9)


def test_explicit_pillar_targets_are_kept_and_the_rest_share_what_remains() -> None:
    latest = Pillars(professional_brand=10, find_right_people=10, engage_with_insights=10, build_relationships=10)
    goals = pillar_targets(ProfileTargets(overall=70, pillars={"engage_with_insights": 22}), latest)
    assert goals["engage_with_insights"] == PillarTarget(goal=22, derived=False)
    # 70 - 22 = 48 for three pillars at 10 with equal headroom: 16 each.
    for key in ("professional_brand", "find_right_people", "build_relationships"):
        assert goals[key] == PillarTarget(goal=16.0, derived=True)


def test_derived_targets_are_rounded_together_so_they_add_up_to_the_overall_target() -> None:
    latest = Pillars(professional_brand=10, find_right_people=10, engage_with_insights=10, build_relationships=10)
    goals = pillar_targets(ProfileTargets(overall=72, pillars={"engage_with_insights": 22}), latest)
    # 50 points for three equal pillars: 16.666… each. Rounded one by one they would be
    # 16.67 three times, 72.01 with the explicit 22.
    derived = [goals[key].goal for key in ("professional_brand", "find_right_people", "build_relationships")]
    assert sorted(derived) == [16.66, 16.67, 16.67]
    assert sum(derived) + 22 == pytest.approx(72, abs=1e-9)
    # Four quarters of 0.5: 0.125 each, 0.48 if each were rounded on its own.
    quarters = pillar_targets(ProfileTargets(overall=0.5), None)
    assert sorted(target.goal for target in quarters.values()) == [0.12, 0.12, 0.13, 0.13]


def test_derived_targets_never_exceed_25_even_when_explicit_ones_leave_too_much() -> None:
    latest = Pillars(professional_brand=20, find_right_people=20, engage_with_insights=20, build_relationships=20)
    explicit = {"professional_brand": 5.0, "find_right_people": 5.0}
    goals = pillar_targets(ProfileTargets(overall=95, pillars=explicit), latest)
    assert goals["engage_with_insights"].goal == 25.0
    assert goals["build_relationships"].goal == 25.0


def test_a_goal_already_exceeded_gives_targets_below_the_current_values() -> None:
    latest = Pillars(professional_brand=20, find_right_people=10, engage_with_insights=20, build_relationships=10)
    goals = pillar_targets(ProfileTargets(overall=45), latest)
    # 60 now, 45 wanted: each keeps its share of the total (3/4 of its value).
    assert [goals[key].goal for key in PILLAR_KEYS] == [15.0, 7.5, 15.0, 7.5]
    assert all(goals[key].derived for key in PILLAR_KEYS)


def test_without_a_snapshot_each_pillar_gets_a_quarter_of_the_overall_target() -> None:
    goals = pillar_targets(ProfileTargets(overall=70), None)
    assert {key: target.goal for key, target in goals.items()} == dict.fromkeys(PILLAR_KEYS, 17.5)


def test_without_an_overall_target_only_explicit_pillar_targets_exist() -> None:
    latest = Pillars(professional_brand=10, find_right_people=10, engage_with_insights=10, build_relationships=10)
    assert pillar_targets(ProfileTargets(pillars={"find_right_people": 12}), latest) == {
        "find_right_people": PillarTarget(goal=12, derived=False)
    }
    assert pillar_targets(ProfileTargets(), latest) == {}


def test_a_profile_table_overrides_only_what_it_sets() -> None:
    goals = Goals(
        overall=75,
        by=date(2027, 3, 31),
        pillars=PillarGoals(engage_with_insights=18, build_relationships=20),
        profiles={"work": ProfileGoals(overall=60, pillars=PillarGoals(engage_with_insights=15))},
    )
    assert targets_for(goals, "work") == ProfileTargets(
        overall=60,
        by=date(2027, 3, 31),
        pillars={"engage_with_insights": 15, "build_relationships": 20},
    )
    assert targets_for(goals, "me") == ProfileTargets(
        overall=75, by=date(2027, 3, 31), pillars={"engage_with_insights": 18, "build_relationships": 20}
    )


pillar_value = st.floats(min_value=0, max_value=25, allow_nan=False)


@given(
    values=st.tuples(pillar_value, pillar_value, pillar_value, pillar_value),
    overall=st.floats(min_value=0, max_value=100, allow_nan=False),
)
def test_derived_targets_add_up_to_the_overall_target_and_stay_in_range(
    values: tuple[float, float, float, float], overall: float
) -> None:
    latest = Pillars(*values)
    goals = pillar_targets(ProfileTargets(overall=overall), latest)
    assert set(goals) == set(PILLAR_KEYS)
    assert all(0 <= target.goal <= 25 and target.derived for target in goals.values())
    # The four are rounded to hundredths together, so they add up to the overall target
    # rounded to hundredths; the 1e-9 absorbs binary floating point.
    assert sum(target.goal for target in goals.values()) == pytest.approx(overall, abs=0.005 + 1e-9)
    for key, current in zip(PILLAR_KEYS, values, strict=True):
        # Every pillar moves in the same direction as the total has to (each is within a
        # hundredth of its exact share).
        if overall >= sum(values):
            assert goals[key].goal >= current - 0.01
        else:
            assert goals[key].goal <= current + 0.01

"""Which advice is given in crafted situations, and in which order."""

import sqlite3
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from insight_helpers import T0, Values, daily, history_db, snap, store, summary_of

from companion.insights.advice_rules import ranked_findings
from companion.insights.advice_text import render_advice
from companion.insights.catalog import load_catalog
from shared_schema import Advice, AdviceItem, Goals, PillarGoals, ProfileGoals

LAST = T0 + timedelta(days=13)
SOON_AFTER = LAST + timedelta(hours=1)


@pytest.fixture
def conn(tmp_path: Path) -> Iterator[sqlite3.Connection]:
    connection = history_db(tmp_path)
    yield connection
    connection.close()


def advice(
    conn: sqlite3.Connection, goals: Goals | None = None, *, now: datetime = SOON_AFTER, profile: str = "me"
) -> Advice:
    summary = summary_of(conn, goals, profile)
    return render_advice(ranked_findings(summary, now), load_catalog("en"))


def two_weeks(conn: sqlite3.Connection, pillars_on: Callable[[int], Values], **peers: float | None) -> None:
    """14 daily captures ending at LAST; `peers` sets the industry/network averages."""
    store(conn, daily(T0, 14, pillars_on, **peers))


def kinds(result: Advice) -> list[tuple[str, str]]:
    return [(item.kind, item.pillar) for item in result.items]


def item(result: Advice, kind: str, pillar: str = "overall") -> AdviceItem:
    return next(i for i in result.items if i.kind == kind and i.pillar == pillar)


def test_priorities_are_1_to_n_in_order(conn: sqlite3.Connection) -> None:
    two_weeks(conn, lambda day: (8, 9, 10 - day * 0.1, 11), industry_average=60)
    result = advice(conn, Goals(overall=70))
    assert [i.priority for i in result.items] == list(range(1, len(result.items) + 1))
    assert all(2 <= len(i.actions) <= 4 for i in result.items)


def test_the_reason_quotes_the_users_numbers(conn: sqlite3.Connection) -> None:
    # Engage falls from 7.3 to 6.1 in the last week; its goal is 15.
    two_weeks(conn, lambda day: (20, 20, 7.3 if day <= 6 else 6.1, 20))
    result = advice(conn, Goals(pillars=PillarGoals(engage_with_insights=15)))
    engage = result.items[0]
    assert (engage.kind, engage.pillar, engage.priority) == ("gap", "engage_with_insights", 1)
    assert engage.title == "Engage more with what your network shares"
    assert engage.reason == "Engage with insights 6.1/25 — 8.9 below your goal, down 1.2 in 7 days"


def test_without_goals_it_asks_for_one_and_points_at_the_most_headroom(conn: sqlite3.Connection) -> None:
    two_weeks(conn, lambda day: (20, 9.8, 12, 18))
    result = advice(conn, None)
    assert kinds(result)[:3] == [
        ("no_goals", "overall"),
        ("headroom", "find_right_people"),
        ("headroom", "engage_with_insights"),
    ]
    no_goals = result.items[0]
    assert "Your SSI is 60" in no_goals.reason
    assert "ssi-companion goals --overall 65" in no_goals.actions[0]
    assert result.items[1].reason == "Find the right people 9.8/25 — 15.2 points left to gain"
    assert ("headroom", "professional_brand") not in kinds(result)


def test_every_goal_met_gives_maintenance_and_nothing_to_fix(conn: sqlite3.Connection) -> None:
    two_weeks(conn, lambda day: (19, 19, 19, 19 + day * 0.01), industry_average=50, network_average=50)
    result = advice(conn, Goals(overall=70, pillars=PillarGoals(engage_with_insights=18)))
    assert kinds(result) == [("maintenance", "overall")]
    maintenance = result.items[0]
    assert maintenance.reason == "Your SSI is 76 and you have met every goal you set."
    assert any("Raise your overall goal to 85" in action for action in maintenance.actions)


def test_one_pillar_falling_while_the_others_rise_comes_first(conn: sqlite3.Connection) -> None:
    # 76 in total against a goal of 70: engage's derived goal is 18.1 * 70/76 = 16.67.
    two_weeks(conn, lambda day: (18 + day * 0.1, 18 + day * 0.1, 22 - day * 0.3, 18 + day * 0.1))
    result = advice(conn, Goals(overall=70))
    first = result.items[0]
    assert (first.kind, first.pillar) == ("decline", "engage_with_insights")
    assert first.title == "Your engagement is dropping"
    assert first.reason == (
        "Engage with insights 18.1/25 — still 1.4 above your goal, down 2.1 in 7 days, while your other components rose"
    )
    assert ("maintenance", "overall") in kinds(result)  # every goal is still met
    assert kinds(result)[-1] == ("spam_warning", "overall")


def test_a_young_history_uses_the_weekly_pace(conn: sqlite3.Connection) -> None:
    store(conn, [snap(LAST - timedelta(days=2), (20, 20, 12, 20)), snap(LAST, (20, 20, 11, 20))])
    engage = item(advice(conn, None), "decline", "engage_with_insights")
    assert engage.reason == "Engage with insights 11/25 — falling 3.5 a week"


def test_below_the_industry_and_network_averages(conn: sqlite3.Connection) -> None:
    two_weeks(conn, lambda day: (12, 12, 12, 12), industry_average=60, network_average=52)
    result = advice(conn, Goals(overall=50))
    industry, network = item(result, "below_industry"), item(result, "below_network")
    assert industry.reason == "Your SSI of 48 is 12 points below the Computer Software average (60)."
    assert network.reason == "Your SSI of 48 is 4 points below the average in your network (52)."
    assert industry.priority < network.priority  # further behind comes first


def test_an_unnamed_industry_is_described_generically(conn: sqlite3.Connection) -> None:
    store(conn, [snap(LAST, (12, 12, 12, 12), industry_average=60, industry_name=None)])
    industry = item(advice(conn, Goals(overall=50)), "below_industry")
    assert industry.reason == "Your SSI of 48 is 12 points below the average in your industry (60)."


def test_at_or_above_the_averages_says_nothing_about_them(conn: sqlite3.Connection) -> None:
    two_weeks(conn, lambda day: (12, 12, 12, 12), industry_average=48, network_average=None)
    assert not {"below_industry", "below_network"} & {kind for kind, _ in kinds(advice(conn, Goals(overall=50)))}


def test_a_fraction_of_a_point_below_an_average_is_only_rounding(conn: sqlite3.Connection) -> None:
    # SSI 48 against averages of 48.04 and 48.4: not "0 points below the average".
    two_weeks(conn, lambda day: (12, 12, 12, 12), industry_average=48.04, network_average=48.4)
    assert not {"below_industry", "below_network"} & {kind for kind, _ in kinds(advice(conn, Goals(overall=50)))}


def test_no_capture_for_7_days_comes_first(conn: sqlite3.Connection) -> None:
    two_weeks(conn, lambda day: (12, 12, 12, 12))
    stale = advice(conn, Goals(overall=60), now=LAST + timedelta(days=9, hours=2))
    assert kinds(stale)[0] == ("stale", "overall")
    assert stale.items[0].reason.startswith(f"Your last reading is from {LAST.date().isoformat()}, 9 days ago")
    almost = advice(conn, Goals(overall=60), now=LAST + timedelta(days=6, hours=23))
    assert "stale" not in {kind for kind, _ in kinds(almost)}
    exactly = advice(conn, Goals(overall=60), now=LAST + timedelta(days=7))
    assert kinds(exactly)[0] == ("stale", "overall")


def test_before_the_first_capture_it_says_how_to_take_one(conn: sqlite3.Connection) -> None:
    result = advice(conn, Goals(overall=60), profile="work")
    assert kinds(result) == [("no_data", "overall")]
    assert result.items[0].reason == "There is no SSI reading for the profile “work” yet."


def test_the_spam_warning_comes_with_advice_on_engaging_and_connecting_only(conn: sqlite3.Connection) -> None:
    two_weeks(conn, lambda day: (10, 10, 20, 20))
    brand_only = advice(conn, Goals(pillars=PillarGoals(professional_brand=15, find_right_people=12)))
    assert "spam_warning" not in {kind for kind, _ in kinds(brand_only)}
    with_relationships = advice(conn, Goals(pillars=PillarGoals(build_relationships=22)))
    assert kinds(with_relationships)[-1] == ("spam_warning", "overall")
    warning = with_relationships.items[-1]
    assert "penalises" in warning.reason
    assert any("automation" in action for action in warning.actions)


def test_a_larger_gap_ranks_higher(conn: sqlite3.Connection) -> None:
    two_weeks(conn, lambda day: (10, 10, 10, 10))
    result = advice(
        conn, Goals(pillars=PillarGoals(professional_brand=12, find_right_people=16, build_relationships=14))
    )
    order = [i.pillar for i in result.items if i.kind == "gap"]
    assert order == ["find_right_people", "build_relationships", "professional_brand"]


def test_a_recent_decline_outranks_an_equal_gap(conn: sqlite3.Connection) -> None:
    # Both 3 below their goal with the same headroom; relationships lost a point this week.
    two_weeks(conn, lambda day: (12, 12, 12, 13 if day <= 6 else 12))
    goals = Goals(pillars=PillarGoals(find_right_people=15, build_relationships=15))
    assert [i.pillar for i in advice(conn, goals).items if i.kind == "gap"] == [
        "build_relationships",
        "find_right_people",
    ]


def test_with_equal_gaps_more_headroom_ranks_higher(conn: sqlite3.Connection) -> None:
    two_weeks(conn, lambda day: (20, 8, 12, 20))
    goals = Goals(pillars=PillarGoals(find_right_people=10, engage_with_insights=14))
    assert [i.pillar for i in advice(conn, goals).items if i.kind == "gap"] == [
        "find_right_people",
        "engage_with_insights",
    ]


def test_advice_follows_the_profiles_own_goals(conn: sqlite3.Connection) -> None:
    two_weeks(conn, lambda day: (15, 15, 15, 15))
    store(conn, [snap(LAST, (15, 15, 15, 15), profile="work")])
    goals = Goals(overall=55, profiles={"work": ProfileGoals(overall=70)})
    assert kinds(advice(conn, goals))[0] == ("maintenance", "overall")
    assert kinds(advice(conn, goals, profile="work"))[0][0] == "gap"

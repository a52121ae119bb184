"""Reading goals.toml, and writing it atomically without losing what the user wrote."""

import os
import stat
from datetime import date
from pathlib import Path

import msgspec
import pytest
from hypothesis import given
from hypothesis import strategies as st

from companion.goals.loading import MAX_GOALS_BYTES, GoalsFileError, parse_goals, read_goals
from companion.goals.saving import save_goals
from companion.goals.toml_edit import render_goals
from shared_schema import Goals, PillarGoals, ProfileGoals

CONTRACT_EXAMPLE = """\
overall = 75
by = 2027-03-31            # optional target date
[pillars]                  # optional per-pillar targets
engage_with_insights = 18
"""


def test_the_contract_example_reads_as_written() -> None:
    assert parse_goals(CONTRACT_EXAMPLE.encode()) == Goals(
        overall=75, by=date(2027, 3, 31), pillars=PillarGoals(engage_with_insights=18)
    )


def test_no_file_and_an_empty_file_mean_no_goals(tmp_path: Path) -> None:
    assert read_goals(tmp_path / "goals.toml") == Goals()
    (tmp_path / "goals.toml").write_text("# nothing yet\n")
    assert read_goals(tmp_path / "goals.toml") == Goals()


def test_profile_tables_are_read() -> None:
    text = b'overall = 70\n[profiles."Team A"]\noverall = 60\n[profiles."Team A".pillars]\nfind_right_people = 20\n'
    goals = parse_goals(text)
    assert goals.profiles == {"Team A": ProfileGoals(overall=60, pillars=PillarGoals(find_right_people=20))}


@pytest.mark.parametrize(
    ("text", "path", "words"),
    [
        ("overall = 120\n", "$.overall", "<= 100"),
        ("overall = -1\n", "$.overall", ">= 0"),
        ("[pillars]\nengage_with_insights = 26\n", "$.pillars.engage_with_insights", "<= 25"),
        ("[pillars]\nengagement = 18\n", "$.pillars", "unknown field `engagement`"),
        ("target = 75\n", "$", "unknown field `target`"),
        ('overall = "75"\n', "$.overall", "Expected `float | null`"),
        ("by = 2027-03-31T10:00:00\n", "$.by", "got `datetime`"),
        ("[profiles.me]\noverall = 101\n", "$.profiles.me.overall", "<= 100"),
        ('[profiles.""]\noverall = 70\n', "$.profiles", "length >= 1"),
    ],
)
def test_a_value_the_schema_rejects_is_reported_with_its_path(text: str, path: str, words: str) -> None:
    with pytest.raises(GoalsFileError) as caught:
        parse_goals(text.encode())
    assert caught.value.detail.path == path
    assert words in caught.value.detail.message
    assert caught.value.detail.code == "invalid_goals_file"


def test_broken_toml_is_reported_with_the_line() -> None:
    with pytest.raises(GoalsFileError) as caught:
        parse_goals(b"overall = 75\nby = \n")
    assert "not valid TOML" in caught.value.detail.message
    assert "line 2" in caught.value.detail.message


def test_a_file_that_is_not_utf8_is_reported() -> None:
    with pytest.raises(GoalsFileError, match="not UTF-8 text"):
        parse_goals("overall = 75 # für später\n".encode("latin-1"))


def test_a_huge_file_is_refused_without_being_parsed(tmp_path: Path) -> None:
    path = tmp_path / "goals.toml"
    path.write_bytes(b"# padding\n" * (MAX_GOALS_BYTES // 10 + 1))
    with pytest.raises(GoalsFileError, match="larger than"):
        read_goals(path)


def test_a_byte_order_mark_from_a_windows_editor_is_no_part_of_the_goals(tmp_path: Path) -> None:
    path = tmp_path / "goals.toml"
    path.write_bytes("\ufeff# my goals\noverall = 70\n".encode())
    assert read_goals(path) == Goals(overall=70)
    save_goals(path, Goals(overall=75))
    assert path.read_bytes() == b"# my goals\noverall = 75\n"  # the comment kept, the mark gone


def test_saving_keeps_comments_and_edits_values_in_place(tmp_path: Path) -> None:
    path = tmp_path / "goals.toml"
    path.write_text("# My targets for Q1\n" + CONTRACT_EXAMPLE.replace("= 18", "= 18  # my focus"))
    goals = Goals(overall=80, by=date(2027, 6, 30), pillars=PillarGoals(engage_with_insights=19.5))
    save_goals(path, goals)
    assert path.read_text() == (
        "# My targets for Q1\n"
        "overall = 80\n"
        "by = 2027-06-30            # optional target date\n"
        "[pillars]                  # optional per-pillar targets\n"
        "engage_with_insights = 19.5  # my focus\n"
    )
    assert read_goals(path) == goals


def test_saving_adds_values_next_to_their_siblings_and_new_tables_at_the_end(tmp_path: Path) -> None:
    path = tmp_path / "goals.toml"
    path.write_text(CONTRACT_EXAMPLE)
    goals = Goals(
        overall=75,
        by=date(2027, 3, 31),
        pillars=PillarGoals(engage_with_insights=18, build_relationships=21),
        profiles={"Team A": ProfileGoals(overall=60)},
    )
    save_goals(path, goals)
    text = path.read_text()
    assert text.startswith(CONTRACT_EXAMPLE + "build_relationships = 21\n")
    assert text.endswith('\n[profiles."Team A"]\noverall = 60\n')
    assert read_goals(path) == goals


def test_removed_values_and_profiles_disappear_but_other_comments_stay(tmp_path: Path) -> None:
    path = tmp_path / "goals.toml"
    path.write_text(CONTRACT_EXAMPLE + "\n# side project\n[profiles.side]\noverall = 40\n")
    save_goals(path, Goals(overall=75))
    text = path.read_text()
    assert "by =" not in text and "side" not in text.replace("# side project", "")
    assert "# optional per-pillar targets" in text  # the commented [pillars] header stays
    assert "# side project" in text
    assert read_goals(path) == Goals(overall=75)


def test_dotted_keys_and_inline_tables_are_understood(tmp_path: Path) -> None:
    path = tmp_path / "goals.toml"
    path.write_text("overall = 70\npillars.engage_with_insights = 15 # dotted\nprofiles = { me = { overall = 72 } }\n")
    goals = Goals(overall=70, pillars=PillarGoals(engage_with_insights=16, find_right_people=14))
    save_goals(path, goals)
    text = path.read_text()
    assert "pillars.engage_with_insights = 16 # dotted\npillars.find_right_people = 14\n" in text
    assert read_goals(path) == goals


def test_an_invalid_file_is_replaced_by_a_valid_one_keeping_its_comments(tmp_path: Path) -> None:
    path = tmp_path / "goals.toml"
    path.write_text("# keep me\noverall = 7 5\nunknown = true\n[whatever]\nx = 1\n")
    save_goals(path, Goals(overall=75))
    assert path.read_text() == "# keep me\noverall = 75\n"


def test_a_file_this_editor_cannot_follow_is_rewritten_cleanly(tmp_path: Path) -> None:
    path = tmp_path / "goals.toml"
    # A multi-line inline construct spread over lines the line editor cannot read on their own.
    path.write_text('overall = 70\nnote = """\n[pillars]\n"""\n')
    goals = Goals(overall=71, pillars=PillarGoals(build_relationships=20))
    save_goals(path, goals)
    assert read_goals(path) == goals


def test_a_new_file_explains_itself(tmp_path: Path) -> None:
    path = tmp_path / "data" / "goals.toml"
    save_goals(path, Goals(overall=75))
    text = path.read_text()
    assert text.startswith("# SSI Companion goals.")
    assert read_goals(path) == Goals(overall=75)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_the_write_is_atomic_and_keeps_the_file_mode(tmp_path: Path) -> None:
    path = tmp_path / "goals.toml"
    path.write_text(CONTRACT_EXAMPLE)
    os.chmod(path, 0o640)
    inode = path.stat().st_ino
    save_goals(path, Goals(overall=60))
    assert path.stat().st_ino != inode  # replaced by rename, never rewritten in place
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["goals.toml"]  # no temp file left behind


def test_a_failed_write_leaves_the_old_file_and_no_temp_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "goals.toml"
    path.write_text(CONTRACT_EXAMPLE)

    def broken_replace(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError):
        save_goals(path, Goals(overall=60))
    assert path.read_text() == CONTRACT_EXAMPLE
    assert [p.name for p in tmp_path.iterdir()] == ["goals.toml"]


pillar_goal = st.none() | st.floats(min_value=0, max_value=25, allow_nan=False)
pillar_goals = st.builds(
    PillarGoals,
    professional_brand=pillar_goal,
    find_right_people=pillar_goal,
    engage_with_insights=pillar_goal,
    build_relationships=pillar_goal,
)
overall_goal = st.none() | st.floats(min_value=0, max_value=100, allow_nan=False)
target_date = st.none() | st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31))
profile_name = st.text(
    st.characters(min_codepoint=0x20, max_codepoint=0x2FF, exclude_characters="\x7f"), min_size=1, max_size=12
)
goals_strategy = st.builds(
    Goals,
    overall=overall_goal,
    by=target_date,
    pillars=pillar_goals,
    profiles=st.dictionaries(
        profile_name,
        st.builds(ProfileGoals, overall=overall_goal, by=target_date, pillars=pillar_goals),
        max_size=3,
    ),
)


@given(before=goals_strategy, after=goals_strategy)
def test_any_goals_written_over_any_commented_file_read_back_identically(before: Goals, after: Goals) -> None:
    # A user's file: a fresh rendering with a comment after every line and a header comment.
    commented = "# mine\n" + "".join(
        f"{line}  # note {n}\n" if line.strip() else "\n"
        for n, line in enumerate(render_goals(before, None).splitlines())
    )
    text = render_goals(after, commented)
    assert msgspec.toml.decode(text.encode(), type=Goals) == after
    assert text.startswith("# mine\n")


@given(goals=goals_strategy)
def test_writing_the_same_goals_again_changes_nothing(goals: Goals) -> None:
    first = render_goals(goals, None)
    assert render_goals(goals, first) == first


def test_a_profile_name_with_a_unicode_line_separator_survives_an_edit() -> None:
    goals = Goals(profiles={"a\u2028b": ProfileGoals(), "x": ProfileGoals(overall=5)})
    text = render_goals(Goals(profiles={"a\u2028b": ProfileGoals(overall=1)}), None)
    assert msgspec.toml.decode(render_goals(goals, text).encode(), type=Goals) == goals


def test_windows_line_endings_are_kept() -> None:
    assert render_goals(Goals(overall=3), "overall = 1\r\n# c\r\n") == "overall = 3\r\n# c\r\n"

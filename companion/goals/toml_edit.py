"""Writing Goals back into goals.toml while keeping what the user wrote around them.

The file is edited line by line: a value that is still wanted is replaced in place (keeping the
key's spelling, the indentation and the comment after it), a value that is no longer wanted is
removed, and a new value goes next to its siblings or into its table, or into a new table at
the end. Comments, blank lines and the order of tables stay as they were. Lines that the Goals
schema would reject (unknown keys and tables, broken syntax) are dropped, since keeping them
would leave the file invalid.

The result is decoded again and must give exactly the goals asked for; when it does not (an
exotic layout this editor does not understand), a freshly rendered file is written instead.
"""

from collections.abc import Iterator
from datetime import date
from typing import Final

import msgspec

from companion.goals.toml_lines import KeyPath, Scalar, TomlLine, classify, format_key, format_value, replace_value
from shared_schema import PILLAR_KEYS, Goals, PillarGoals

FRESH_HEADER: Final = (
    "# SSI Companion goals. Edit freely: the companion reloads this file when it changes.\n"
    "# overall = 0..100, by = YYYY-MM-DD (optional target date), [pillars] with any of\n"
    "# " + ", ".join(PILLAR_KEYS) + " = 0..25,\n"
    "# and [profiles.<name>] tables that override these values for one profile.\n"
)


def render_goals(goals: Goals, previous: str | None) -> str:
    """The new file content for `goals`, edited into `previous` (the old content) if possible."""
    if previous is None or not previous.strip():
        body = render_fresh(goals)
        return FRESH_HEADER + "\n" + body if body else FRESH_HEADER
    edited = _edit(previous, goals)
    if _decodes_to(edited, goals):
        return edited
    return render_fresh(goals)


def render_fresh(goals: Goals) -> str:
    """A canonical rendering: top-level values, then [pillars], then one table per profile."""
    blocks = [_block((), _scalars(goals.overall, goals.by))]
    blocks.append(_block(("pillars",), _pillar_scalars(goals.pillars)))
    for name, profile in goals.profiles.items():
        own = _scalars(profile.overall, profile.by)
        pillars = _pillar_scalars(profile.pillars)
        # A profile with nothing set still gets its (empty) table, so it is not lost.
        if own or not pillars:
            blocks.append(_block(("profiles", name), own, always=True))
        blocks.append(_block(("profiles", name, "pillars"), pillars))
    return "\n".join(block for block in blocks if block)


def goal_values(goals: Goals) -> dict[KeyPath, Scalar]:
    """Every value set in `goals`, by its full key path in the file."""
    values: dict[KeyPath, Scalar] = {}
    for prefix, overall, by, pillars in _scopes(goals):
        values.update({(*prefix, key): value for key, value in _scalars(overall, by).items()})
        values.update({(*prefix, "pillars", key): value for key, value in _pillar_scalars(pillars).items()})
    return values


def _scopes(goals: Goals) -> Iterator[tuple[KeyPath, float | None, date | None, PillarGoals]]:
    yield (), goals.overall, goals.by, goals.pillars
    for name, profile in goals.profiles.items():
        yield ("profiles", name), profile.overall, profile.by, profile.pillars


def _scalars(overall: float | None, by: date | None) -> dict[str, Scalar]:
    values: dict[str, Scalar] = {}
    if overall is not None:
        values["overall"] = overall
    if by is not None:
        values["by"] = by
    return values


def _pillar_scalars(pillars: PillarGoals) -> dict[str, Scalar]:
    return {key: value for key in PILLAR_KEYS if (value := getattr(pillars, key)) is not None}


def _block(table: KeyPath, values: dict[str, Scalar], *, always: bool = False) -> str:
    if not values and not always:
        return ""
    lines = [f"[{format_key(table)}]"] if table else []
    lines += [f"{format_key((key,))} = {format_value(value)}" for key, value in values.items()]
    return "\n".join(lines) + "\n"


def _decodes_to(text: str, goals: Goals) -> bool:
    try:
        return msgspec.toml.decode(text.encode(), type=Goals) == goals
    except (msgspec.DecodeError, msgspec.ValidationError):
        return False


# --- editing in place -------------------------------------------------------------------


def _edit(previous: str, goals: Goals) -> str:
    newline = "\r\n" if "\r\n" in previous else "\n"
    wanted = goal_values(goals)
    profiles = set(goals.profiles)
    kept: list[TomlLine] = []
    written: dict[KeyPath, int] = {}  # full key path -> index in `kept`
    table: KeyPath | None = ()
    # Split on newlines only: str.splitlines() would also split inside a profile name that
    # holds a Unicode line separator.
    for line in map(classify, previous.replace("\r\n", "\n").split("\n")):
        if line.kind == "header":
            table = line.path if line.path is not None and _table_wanted(line.path, profiles) else None
            if table is not None:
                kept.append(line)
            continue
        if table is None or line.kind == "junk":
            continue
        if line.kind == "kv":
            assert line.path is not None
            full = (*table, *line.path)
            if full not in wanted or full in written:
                continue
            line.text = replace_value(line.text, format_value(wanted[full]))
            written[full] = len(kept)
        kept.append(line)
    _insert_missing(kept, wanted, written)
    kept = _tidy(kept, profiles)
    _append_missing_profiles(kept, profiles, set(written))
    return newline.join(line.text for line in kept).strip("\r\n") + newline


def _table_wanted(table: KeyPath, profiles: set[str]) -> bool:
    if table in ((), ("pillars",), ("profiles",)):
        return True
    return len(table) in (2, 3) and table[0] == "profiles" and table[1] in profiles and table[2:] in ((), ("pillars",))


def _insert_missing(kept: list[TomlLine], wanted: dict[KeyPath, Scalar], written: dict[KeyPath, int]) -> None:
    """Put each value the file lacks next to a sibling, into its table, or into a new table."""
    for full, value in wanted.items():
        if full in written:
            continue
        table = full[:-1]
        index, key_in_table, indent = _insertion_point(kept, written, table, full)
        if index is None:
            kept.append(TomlLine("", "trivia"))
            kept.append(TomlLine(f"[{format_key(table)}]", "header", table))
            index, key_in_table, indent = len(kept), full[-1:], ""
        line = TomlLine(f"{indent}{format_key(key_in_table)} = {format_value(value)}", "kv", key_in_table)
        kept.insert(index, line)
        for key, position in written.items():
            if position >= index:
                written[key] = position + 1
        written[full] = index


def _insertion_point(
    kept: list[TomlLine], written: dict[KeyPath, int], table: KeyPath, full: KeyPath
) -> tuple[int | None, KeyPath, str]:
    siblings = [position for key, position in written.items() if key[:-1] == table]
    if siblings:
        # After the last sibling, in the same style (it may be a dotted key in another table).
        sibling = kept[max(siblings)]
        assert sibling.path is not None
        relative = (*sibling.path[:-1], full[-1])
        indent = sibling.text[: len(sibling.text) - len(sibling.text.lstrip())]
        return max(siblings) + 1, relative, indent
    header = _header_index(kept, table)
    if header is None:
        return None, full[-1:], ""
    end = header + 1
    for index in range(header + 1, len(kept)):
        if kept[index].kind == "header":
            break
        if kept[index].kind == "kv":
            end = index + 1
    if table == () and end == 0:
        # Below the comment block that opens the file, which usually describes the file.
        while end < len(kept) and kept[end].kind == "trivia" and kept[end].text.strip():
            end += 1
    return end, full[-1:], ""


def _header_index(kept: list[TomlLine], table: KeyPath) -> int | None:
    if table == ():
        return -1
    for index, line in enumerate(kept):
        if line.kind == "header" and line.path == table:
            return index
    return None


def _tidy(kept: list[TomlLine], profiles: set[str]) -> list[TomlLine]:
    """Drop tables left with nothing in them (unless the user commented them, or they are the
    table of a profile with nothing set) and runs of blank lines that removed values leave."""
    tidy: list[TomlLine] = []
    for index, line in enumerate(kept):
        empty_profile = (
            line.path is not None and len(line.path) == 2 and line.path[0] == "profiles" and line.path[1] in profiles
        )
        if line.kind == "header" and "#" not in line.text and not empty_profile and _section_is_empty(kept, index):
            continue
        if not line.text.strip() and tidy and not tidy[-1].text.strip():
            continue
        tidy.append(line)
    return tidy


def _section_is_empty(kept: list[TomlLine], header: int) -> bool:
    for line in kept[header + 1 :]:
        if line.kind == "header":
            return True
        if line.text.strip():
            return False
    return True


def _append_missing_profiles(kept: list[TomlLine], profiles: set[str], written: set[KeyPath]) -> None:
    """A profile with no values set must still appear, as an empty table."""
    tables = [line.path for line in kept if line.kind == "header" and line.path is not None]
    present = {path[1] for path in [*tables, *written] if len(path) >= 2 and path[0] == "profiles"}
    for name in sorted(profiles - present):
        table = ("profiles", name)
        kept.append(TomlLine("", "trivia"))
        kept.append(TomlLine(f"[{format_key(table)}]", "header", table))

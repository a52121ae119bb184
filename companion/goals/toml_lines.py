"""Line-level TOML for the goals editor: what a single line is, and writing keys and values.

Each line is parsed on its own with msgspec's TOML decoder, so quoting, dotted keys and
comments are understood exactly as a TOML reader would, without a round-tripping TOML library.
"""

from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

import msgspec

KeyPath = tuple[str, ...]
Scalar = float | date


@dataclass(slots=True)
class TomlLine:
    """One line of the file. `trivia` is a blank or comment-only line; `junk` does not parse."""

    text: str
    kind: Literal["trivia", "header", "kv", "junk"]
    # header: the table's path (None for an array of tables); kv: the key relative to its table.
    path: KeyPath | None = None


def format_key(path: KeyPath) -> str:
    """A dotted TOML key; parts that are not bare keys are written as basic strings."""
    return ".".join(part if _is_bare(part) else msgspec.json.encode(part).decode() for part in path)


def _is_bare(part: str) -> bool:
    return bool(part) and all(ch.isascii() and (ch.isalnum() or ch in "-_") for ch in part)


def format_value(value: Scalar) -> str:
    if isinstance(value, date):
        return value.isoformat()
    # 75.0 reads better as 75 in a hand-edited file, and TOML integers decode into floats.
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def classify(text: str) -> TomlLine:
    stripped = text.strip()
    if not stripped or stripped.startswith("#"):
        return TomlLine(text, "trivia")
    document = _decode(text)
    if document is None:
        return TomlLine(text, "junk")
    if stripped.startswith("["):
        path, leaf = _walk(document)
        return TomlLine(text, "header", path if leaf == {} else None)
    equals = _equals_index(text)
    key = _decode(text[:equals] + "= 0") if equals is not None else None
    if key is None:
        return TomlLine(text, "junk")
    return TomlLine(text, "kv", _walk(key)[0])


def _decode(text: str) -> dict[str, Any] | None:
    try:
        document = msgspec.toml.decode(text.encode())
    except msgspec.DecodeError:
        return None
    return document if isinstance(document, dict) else None


def _walk(document: dict[str, Any]) -> tuple[KeyPath, Any]:
    """The key path of a one-line document (`a.b = 1` or `[a.b]`) and what it leads to."""
    path: list[str] = []
    node: Any = document
    while isinstance(node, dict) and len(node) == 1:
        key, node = next(iter(node.items()))
        path.append(key)
    return tuple(path), node


def _equals_index(text: str) -> int | None:
    """The `=` that ends the key, skipping any inside quoted key parts."""
    quote: str | None = None
    for index, ch in enumerate(text):
        if quote is not None:
            quote = None if ch == quote else quote
        elif ch in "\"'":
            quote = ch
        elif ch == "=":
            return index
    return None


def replace_value(text: str, value: str) -> str:
    """Swap the value after `=`, keeping the key as written and any trailing comment.

    The values managed here are numbers and dates, which contain no `#`, so the comment
    starts at the first `#` after the value.
    """
    equals = _equals_index(text)
    assert equals is not None
    head, rest = text[: equals + 1], text[equals + 1 :]
    gap = rest[: len(rest) - len(rest.lstrip())] or " "
    hash_at = rest.find("#")
    if hash_at < 0:
        return f"{head}{gap}{value}"
    before_comment = rest[:hash_at]
    spacing = before_comment[len(before_comment.rstrip()) :] or " "
    return f"{head}{gap}{value}{spacing}{rest[hash_at:]}"

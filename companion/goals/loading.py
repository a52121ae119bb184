"""Reading goals.toml into the Goals Struct, with errors that say what and where."""

import codecs
from pathlib import Path
from typing import Final

import msgspec

from companion.validation_errors import split_validation_error
from shared_schema import ErrorDetail, Goals, ProfileGoals

GOALS_FILENAME: Final = "goals.toml"
# A goals file is a few hundred bytes; refusing anything huge keeps a stray file from being
# read into memory on every change.
MAX_GOALS_BYTES: Final = 1024 * 1024
INVALID_GOALS_CODE: Final = "invalid_goals_file"


class GoalsFileError(Exception):
    """goals.toml exists but cannot be used; `detail` is what GET /v1/goals reports."""

    def __init__(self, detail: ErrorDetail) -> None:
        super().__init__(detail.message)
        self.detail = detail


def goals_path(data_dir: Path) -> Path:
    return data_dir / GOALS_FILENAME


def parse_goals(content: bytes, name: str = GOALS_FILENAME) -> Goals:
    """Decode and validate the file's content; an empty file means no goals."""
    # Notepad and other Windows editors may start a UTF-8 file with a byte-order mark, which
    # TOML does not allow: it is no part of what the user wrote.
    content = content.removeprefix(codecs.BOM_UTF8)
    try:
        return msgspec.toml.decode(content, type=Goals)
    except msgspec.ValidationError as error:
        text, path = split_validation_error(error)
        if path.startswith("$.profiles[...]"):
            text, path = _profile_error(content) or (text, path)
        raise GoalsFileError(ErrorDetail(code=INVALID_GOALS_CODE, message=f"{name}: {text}", path=path)) from None
    except msgspec.DecodeError as error:
        raise GoalsFileError(
            ErrorDetail(code=INVALID_GOALS_CODE, message=f"{name} is not valid TOML: {error}")
        ) from None
    except UnicodeDecodeError as error:
        raise GoalsFileError(
            ErrorDetail(
                code=INVALID_GOALS_CODE,
                message=f"{name} is not UTF-8 text (byte {error.start}); save it as UTF-8",
            )
        ) from None


def _profile_error(content: bytes) -> tuple[str, str] | None:
    """msgspec writes `$.profiles[...]` for a dict entry; name the profile instead, since a
    file may hold several."""
    profiles = msgspec.toml.decode(content).get("profiles", {})
    for profile, table in profiles.items():
        try:
            msgspec.convert(table, ProfileGoals)
        except msgspec.ValidationError as error:
            text, path = split_validation_error(error)
            return text, f"$.profiles.{profile}{path[1:]}"
    return None


def read_goals(path: Path) -> Goals:
    """The goals in `path`; no file means no goals (the user has not set any yet)."""
    try:
        with path.open("rb") as file:
            content = file.read(MAX_GOALS_BYTES + 1)
    except FileNotFoundError:
        return Goals()
    except OSError as error:
        raise GoalsFileError(
            ErrorDetail(code=INVALID_GOALS_CODE, message=f"cannot read {path}: {error.strerror}")
        ) from None
    if len(content) > MAX_GOALS_BYTES:
        raise GoalsFileError(
            ErrorDetail(
                code=INVALID_GOALS_CODE,
                message=f"{path.name} is larger than {MAX_GOALS_BYTES // 1024} KiB; it should hold a few lines",
            )
        )
    return parse_goals(content, path.name)

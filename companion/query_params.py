"""Parsing query-string parameters into typed values, with errors that name the parameter."""

from datetime import UTC, date, datetime, time
from typing import Final

from multidict import MultiMapping

from companion.errors import InvalidParameter

SUPPORTED_LANGS: Final = ("en", "de", "es")
DEFAULT_PROFILE: Final = "me"


def optional_datetime(query: MultiMapping[str], name: str, *, end_of_day: bool = False) -> datetime | None:
    """An RFC 3339 timestamp or a plain date. A date means the start of that UTC day, or its end
    for an upper bound, so `until=2026-11-21` includes the whole day."""
    raw = query.get(name)
    if raw is None or raw == "":
        return None
    return parse_moment(raw, name, end_of_day=end_of_day)


def parse_moment(raw: str, name: str, *, end_of_day: bool = False) -> datetime:
    try:
        if len(raw) == 10:
            day = date.fromisoformat(raw)
            return datetime.combine(day, time.max if end_of_day else time.min, tzinfo=UTC)
        moment = datetime.fromisoformat(raw.replace("z", "Z"))
    except ValueError:
        raise InvalidParameter(
            f"{name} must be a date (YYYY-MM-DD) or an RFC 3339 timestamp, not {raw!r}", path=name
        ) from None
    if moment.tzinfo is None:
        raise InvalidParameter(f"{name} needs a timezone offset (e.g. Z), got {raw!r}", path=name)
    return moment


def optional_positive_int(query: MultiMapping[str], name: str, maximum: int) -> int | None:
    raw = query.get(name)
    if raw is None:
        return None
    # An empty value is refused like any other non-number (the OpenAPI document says integer):
    # "limit=" is a mistake to point out, not a request for everything. ASCII digits only, no
    # more of them than the maximum has: isdigit() alone also accepts '²', which int() refuses,
    # and int() refuses thousands of digits.
    digits = raw.isascii() and raw.isdigit() and len(raw) <= len(str(maximum))
    if not digits or not 1 <= int(raw) <= maximum:
        raise InvalidParameter(f"{name} must be a whole number from 1 to {maximum}, not {raw!r}", path=name)
    return int(raw)


def profile(query: MultiMapping[str]) -> str:
    value = query.get("profile") or DEFAULT_PROFILE
    if len(value) > 64 or any(ord(ch) < 0x20 or ord(ch) == 0x7F for ch in value):
        raise InvalidParameter("profile must be 1 to 64 printable characters", path="profile")
    return value


def optional_profile(query: MultiMapping[str]) -> str | None:
    return profile(query) if query.get("profile") else None


def lang(query: MultiMapping[str], fallback: str = "en") -> str:
    """One of en/de/es; anything else (including a regional tag like de-AT) maps sensibly."""
    return supported_lang(query.get("lang"), fallback)


def supported_lang(raw: str | None, fallback: str = "en") -> str:
    if not raw:
        return fallback
    base = raw.replace("_", "-").split("-", 1)[0].lower()
    return base if base in SUPPORTED_LANGS else "en"

"""The one base class every wire message derives from, and the error detail several carry."""

import msgspec


class Base(msgspec.Struct, forbid_unknown_fields=True, kw_only=True, omit_defaults=False):
    """Strict by default: an unknown field is an error, never silently dropped."""


class ErrorDetail(Base):
    """What is wrong: in every error answer, and for a goals file that is not in force."""

    code: str
    message: str
    path: str | None = None

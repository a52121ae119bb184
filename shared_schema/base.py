"""The one base class every wire message derives from."""

import msgspec


class Base(msgspec.Struct, forbid_unknown_fields=True, kw_only=True, omit_defaults=False):
    """Strict by default: an unknown field is an error, never silently dropped."""

"""msgspec's validation messages, split into what is wrong and where, for the error bodies of
the HTTP API and the goals file alike (both report the path on its own)."""

import re
from typing import Final

import msgspec

# msgspec ends a validation message with " - at `$.field`", or " - at `key` in `$.field`" when
# a key of that object is at fault.
_PATH_SUFFIX: Final = re.compile(r" - at (?:`key` in )?`(\$[^`]*)`$")


def split_validation_error(error: msgspec.ValidationError) -> tuple[str, str]:
    """The message without its path, and the path ("$" when msgspec names none)."""
    message = str(error)
    match = _PATH_SUFFIX.search(message)
    if match is None:
        return message, "$"
    return message[: match.start()], match.group(1)

"""Tokens and pairing codes: generation, and the digests that are all we store."""

import hashlib
import secrets
import string
from typing import Final

TOKEN_PREFIX: Final = "ssi_"
# No 0/O, 1/I/L: the code is read off a terminal and typed by hand.
PAIRING_ALPHABET: Final = "".join(
    ch for ch in string.ascii_uppercase + string.digits if ch not in "0O1IL"
)
PAIRING_CODE_LENGTH: Final = 8


def new_token() -> str:
    """256 bits of randomness; the prefix makes a leaked token easy to recognise."""
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def token_digest(token: str) -> bytes:
    return hashlib.sha256(token.encode("utf-8")).digest()


def new_pairing_code() -> str:
    code = "".join(secrets.choice(PAIRING_ALPHABET) for _ in range(PAIRING_CODE_LENGTH))
    return f"{code[:4]}-{code[4:]}"


def canonical_pairing_code(raw: str) -> str:
    """What the user typed, forgiving case, spaces and dashes."""
    cleaned = "".join(ch for ch in raw.upper() if ch.isalnum())
    return f"{cleaned[:4]}-{cleaned[4:]}" if len(cleaned) == PAIRING_CODE_LENGTH else cleaned

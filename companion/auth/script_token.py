"""The API token for scripts: kept in the secret store so `ssi-companion token` can show it
again, with its digest in the database so the server can check it."""

import sqlite3
from typing import Final

from companion.auth.client_store import replace_script_token, script_token_digest
from companion.auth.secret_store import SecretStore
from companion.auth.tokens import new_token, token_digest

SCRIPT_TOKEN_SECRET: Final = "script-token"


def script_token(conn: sqlite3.Connection, store: SecretStore, rotate: bool = False) -> str:
    """The current script token, creating (or with `rotate`, replacing) it as needed."""
    current = store.get(SCRIPT_TOKEN_SECRET)
    if not rotate and current is not None and script_token_digest(conn) == token_digest(current):
        return current
    token = new_token()
    # Keychain first, so that a token the database accepts is never one nobody can show again.
    store.set(SCRIPT_TOKEN_SECRET, token)
    try:
        replace_script_token(conn, token_digest(token))
    except BaseException:
        # Nothing changed in the database (busy, say): its token is still the one to show.
        if current is not None:
            store.set(SCRIPT_TOKEN_SECRET, current)
        raise
    return token

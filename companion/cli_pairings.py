"""`ssi-companion pair --list` and `ssi-companion pair --revoke ID`: which browsers' extensions
hold a token, and taking one back.

An extension forgets its own pairing from its settings (DELETE /v1/pair), but only while it is
installed and the companion is running. These are for the rest: a browser profile that is gone,
a Forget made while the companion was stopped, or the pairings a temporary Firefox add-on leaves
behind (it gets a new origin every time Firefox starts).
"""

import sqlite3
import unicodedata
from datetime import datetime

from companion.auth.client_store import Client, load_extensions, remove_extensions
from companion.cli import PROG

NONE_PAIRED = f"no extension is paired; run `{PROG} pair` and type the code into the extension's settings"
HEADINGS = ("ID", "PAIRED (local time)", "BROWSER", "ORIGIN")
UNNAMED = "(unnamed)"


def paired_extension_lines(conn: sqlite3.Connection) -> list[str]:
    """The paired extensions as an aligned table, oldest first; one line when there are none."""
    rows = [_columns(client) for client in load_extensions(conn)]
    if not rows:
        return [NONE_PAIRED]
    table = [HEADINGS, *rows]
    widths = [max(len(row[column]) for row in table) for column in range(len(HEADINGS) - 1)]
    return ["  ".join([*(cell.ljust(width) for cell, width in zip(row[:-1], widths, strict=True)), row[-1]]) for row in table]


def revoke_lines(conn: sqlite3.Connection, ids: list[int]) -> list[str]:
    """Revoke these extensions' tokens (all or none: UnknownExtensionError) and say what was revoked."""
    removed = remove_extensions(conn, ids)
    lines = [f"revoked {c.id}: {_name(c)} ({c.origin}), paired {_when(c)}" for c in removed]
    lines.append("A revoked token stops working at once; that browser's extension must pair again to send captures.")
    return lines


def _columns(client: Client) -> tuple[str, str, str, str]:
    return (str(client.id), _when(client), _name(client), client.origin or "-")


def _when(client: Client) -> str:
    return datetime.fromtimestamp(client.paired_at_us / 1_000_000).strftime("%Y-%m-%d %H:%M")


def _name(client: Client) -> str:
    """The name an extension gave itself when it paired, with control characters (a terminal
    escape sequence, a newline) shown as U+FFFD instead of acted on."""
    shown = "".join("\ufffd" if unicodedata.category(char).startswith("C") else char for char in client.label)
    return shown.strip() or UNNAMED

"""The server's view of who is paired: token digests and extension origins, kept in memory.

Authentication compares the candidate's digest with every stored digest in constant time.
Before every answer the registry checks the clients table's change marker (change_marker.py: a
memory read) and re-reads the table if another process changed it. Checking only after a miss
is not enough: a token revoked elsewhere (`ssi-companion token --rotate`) would keep matching
the stale copy until someone happened to send an unknown token.
"""

import hmac
import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path

from companion.auth.change_marker import ChangeMarker, mark_changed
from companion.auth.client_store import Client, add_extension, load_clients, remove_client
from companion.auth.tokens import new_token, token_digest
from companion.storage.transactions import write_transaction


class ClientRegistry:
    def __init__(self, conn: sqlite3.Connection, marker: Path) -> None:
        self._conn = conn
        self._marker_path = marker
        self._marker = ChangeMarker(marker)
        # The connection is shared by the event loop and pairing's worker thread; the lock also
        # makes a reload atomic, so an older read can never overwrite a newer one.
        self._lock = threading.Lock()
        self._clients: tuple[Client, ...] = ()
        self._origins: frozenset[str] = frozenset()
        self._seen = b""
        with self._lock:
            self._load()

    def authenticate(self, token: str) -> Client | None:
        digest = token_digest(token)
        self._refresh()
        found = None
        for client in self._clients:  # no early exit: the time taken says nothing
            if hmac.compare_digest(client.token_sha256, digest):
                found = client
        return found

    def is_paired_origin(self, origin: str) -> bool:
        self._refresh()
        return origin in self._origins

    def pair_extension(self, origin: str, label: str) -> str:
        """Create a token bound to `origin`; it is returned once and only its digest is kept."""
        token = new_token()
        self._change(lambda conn: add_extension(conn, origin, label, token_digest(token)))
        return token

    def revoke(self, client: Client) -> None:
        """Remove `client`: its token is refused from the next request on, and an extension's
        origin is no longer paired unless it has another token."""
        self._change(lambda conn: remove_client(conn, client))

    def close(self) -> None:
        self._marker.close()
        self._conn.close()

    def _change(self, apply: Callable[[sqlite3.Connection], None]) -> None:
        """Commit `apply`'s change to the table, tell other processes, and re-read it."""
        with self._lock:
            with write_transaction(self._conn):
                apply(self._conn)
            mark_changed(self._marker_path)
            self._load()

    def _refresh(self) -> None:
        """Re-read the table if its change marker changed since the last read."""
        if self._marker.state() != self._seen:
            with self._lock:
                self._load()

    def _load(self) -> None:
        """Read the table; the caller holds the lock."""
        # The marker is noted before the read: a change in between is then seen by the next
        # refresh, never missed.
        self._seen = self._marker.state()
        self._clients = tuple(load_clients(self._conn))
        self._origins = frozenset(
            c.origin for c in self._clients if c.kind == "extension" and c.origin
        )

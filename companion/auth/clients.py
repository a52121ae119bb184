"""The server's view of who is paired: token digests and extension origins, kept in memory.

Authentication compares the candidate's digest with every stored digest in constant time. A
miss re-reads the table only when another process committed since (PRAGMA data_version), so a
token rotated by `ssi-companion token --rotate` works at once without a restart.
"""

import hmac
import sqlite3
import threading

from companion.auth.client_store import Client, add_extension, load_clients
from companion.auth.tokens import new_token, token_digest
from companion.storage.data_version import data_version


class ClientRegistry:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn
        self._lock = threading.Lock()
        self._clients: tuple[Client, ...] = ()
        self._origins: frozenset[str] = frozenset()
        self._data_version = -1
        self._reload()

    def authenticate(self, token: str) -> Client | None:
        digest = token_digest(token)
        client = self._match(digest)
        if client is None and self._changed_elsewhere():
            self._reload()
            client = self._match(digest)
        return client

    def is_paired_origin(self, origin: str) -> bool:
        return origin in self._origins

    def pair_extension(self, origin: str, label: str) -> str:
        """Create a token bound to `origin`; it is returned once and only its digest is kept."""
        token = new_token()
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                add_extension(self._conn, origin, label, token_digest(token))
                self._conn.execute("COMMIT")
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
        self._reload()
        return token

    def close(self) -> None:
        self._conn.close()

    def _match(self, digest: bytes) -> Client | None:
        found = None
        for client in self._clients:  # no early exit: the time taken says nothing
            if hmac.compare_digest(client.token_sha256, digest):
                found = client
        return found

    def _changed_elsewhere(self) -> bool:
        with self._lock:
            return data_version(self._conn) != self._data_version

    def _reload(self) -> None:
        with self._lock:
            self._data_version = data_version(self._conn)
            clients = tuple(load_clients(self._conn))
        self._clients = clients
        self._origins = frozenset(c.origin for c in clients if c.kind == "extension" and c.origin)

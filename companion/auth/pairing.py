"""Pairing: `ssi-companion pair` leaves a one-time code in the secret store; the extension's
options page sends it to POST /v1/pair and gets a token bound to its origin.

Wrong codes are counted per extension origin: after MAX_FAILURES within FAILURE_WINDOW every
attempt from that origin is refused with 429 until the window has passed, so another extension
cannot guess codes. Counted per origin, not for all of them together, so that another extension
trying wrong codes cannot lock the user's own extension out of pairing either. (Web pages cannot
pair at all: POST /v1/pair refuses any Origin that is not an extension's, which the browser sets.)
"""

import hmac
import json
import threading
import time
from collections import deque
from collections.abc import Callable
from typing import Final

from companion.auth.clients import ClientRegistry
from companion.auth.secret_store import SecretStore
from companion.auth.tokens import canonical_pairing_code, new_pairing_code
from companion.errors import InvalidPairingCode, TooManyAttempts, unavailable_while_locked

PAIRING_SECRET: Final = "pairing-code"
CODE_TTL_SECONDS: Final = 600
MAX_FAILURES: Final = 5
FAILURE_WINDOW_SECONDS: Final = 600
# Origins whose wrong codes are remembered. Each extension has one origin, so only a local
# program forging Origin headers could send more, and it could run `ssi-companion token` anyway;
# the bound keeps its memory use flat.
MAX_TRACKED_ORIGINS: Final = 256


def issue_pairing_code(store: SecretStore, now: float | None = None) -> tuple[str, float]:
    """Make a new code (replacing any earlier one) and return it with its expiry time."""
    code = new_pairing_code()
    expires_at = (time.time() if now is None else now) + CODE_TTL_SECONDS
    store.set(PAIRING_SECRET, json.dumps({"code": code, "expires_at": expires_at}))
    return code, expires_at


class PairingService:
    def __init__(
        self, store: SecretStore, registry: ClientRegistry, clock: Callable[[], float] = time.time
    ) -> None:
        self._store = store
        self._registry = registry
        self._clock = clock
        self._failures: dict[str, deque[float]] = {}  # origin -> times of its wrong codes
        self._lock = threading.Lock()

    def pair(self, code: str, origin: str, label: str) -> str:
        """Trade a valid code for a token; blocking (keychain and database), run in a thread."""
        with self._lock:
            now = self._clock()
            failures = self._recent_failures(origin, now)
            if len(failures) >= MAX_FAILURES:
                wait = int(failures[0] + FAILURE_WINDOW_SECONDS - now) // 60 + 1
                raise TooManyAttempts(
                    f"too many wrong pairing codes; wait {wait} minute(s), then run "
                    "`ssi-companion pair` for a new code"
                )
            if not self._code_is_valid(code, now):
                failures.append(now)
                self._failures[origin] = failures
                while len(self._failures) > MAX_TRACKED_ORIGINS:
                    del self._failures[next(iter(self._failures))]
                raise InvalidPairingCode(
                    "that pairing code is wrong, used or expired; run `ssi-companion pair` "
                    "and type the new code",
                    path="$.code",
                )
            self._store.delete(PAIRING_SECRET)  # one-time: gone before the token exists
            with unavailable_while_locked(
                "the companion's database is locked by another process (an `ssi-companion "
                "import` running?); when it is done, run `ssi-companion pair` for a new code"
            ):
                return self._registry.pair_extension(origin, label)

    def _recent_failures(self, origin: str, now: float) -> deque[float]:
        """`origin`'s wrong codes within the window; forgets every origin with none left."""
        cutoff = now - FAILURE_WINDOW_SECONDS
        for known in list(self._failures):
            times = self._failures[known]
            while times and times[0] <= cutoff:
                times.popleft()
            if not times:
                del self._failures[known]
        return self._failures.get(origin, deque())

    def _code_is_valid(self, code: str, now: float) -> bool:
        raw = self._store.get(PAIRING_SECRET)
        if raw is None:
            return False
        pending = json.loads(raw)
        expected = str(pending.get("code", ""))
        typed = canonical_pairing_code(code)
        # Compare first, then check expiry, so timing does not tell an expired code apart.
        matches = hmac.compare_digest(typed.encode(), expected.encode())
        return matches and float(pending.get("expires_at", 0)) > now

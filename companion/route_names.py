"""Route names that the security middleware decides on (never on the raw path)."""

from typing import Final

HEALTH: Final = "health"
PAIR: Final = "pair"
UNPAIR: Final = "unpair"
# Everything else needs a valid Bearer token.
PUBLIC_ROUTES: Final = frozenset({HEALTH, PAIR})

"""How the user is doing and what to do next: the summary (deltas, goals, trend, projection)
and the ranked advice, computed from a handful of indexed reads of the history."""

"""SSI Companion: the local service that keeps the history of LinkedIn SSI snapshots."""

__version__ = "0.1.0"

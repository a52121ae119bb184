"""Building valid snapshot documents for tests, varied on purpose."""

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any


def snapshot_doc(
    *,
    captured_at: datetime | str | None = None,
    overall: int = 72,
    pillars: tuple[float, float, float, float] = (18.41, 17.9, 16.25, 19.62),
    profile: str = "me",
    **overrides: Any,
) -> dict[str, Any]:
    moment = captured_at or datetime(2026, 11, 21, 9, 15, 2, tzinfo=UTC)
    doc: dict[str, Any] = {
        "id": str(uuid.uuid4()),
        "captured_at": moment if isinstance(moment, str) else moment.isoformat(),
        "profile": profile,
        "overall": overall,
        "pillars": dict(
            zip(
                ("professional_brand", "find_right_people", "engage_with_insights", "build_relationships"),
                pillars,
                strict=True,
            )
        ),
        "industry": {"name": "Computer Software", "rank_top_percent": 4, "average": 31},
        "network": {"rank_top_percent": 1, "average": 28},
        "locale": "en",
        "source": {"url": "https://www.linkedin.com/sales/ssi", "layout": "A", "extension_version": "0.1.0"},
    }
    doc.update(overrides)
    return doc


def daily_history(days: int, start: datetime | None = None, profile: str = "me") -> list[dict[str, Any]]:
    """`days` snapshots one day apart with a slowly rising, slightly noisy score."""
    first = start or datetime(2026, 1, 1, 8, 30, tzinfo=UTC)
    docs = []
    for day in range(days):
        brand = 10 + (day % 50) * 0.2
        people = 12 + (day % 7) * 0.5
        insights = 8 + (day % 30) * 0.3
        relationships = 15.5
        total = round(brand + people + insights + relationships)
        docs.append(
            snapshot_doc(
                captured_at=first + timedelta(days=day),
                overall=total,
                pillars=(brand, people, insights, relationships),
                profile=profile,
            )
        )
    return docs

"""Summary and advice over 10 years of daily snapshots (3,650), with goals set: GET /v1/summary
and GET /v1/advice round trips from one client; and the same summary right after a write
(a late capture of an older day, which changes the history but not the latest snapshot), so
nothing computed for the previous answer can be reused."""

import json
import random
from datetime import UTC, datetime, timedelta

from benchmarks.helpers import DAY, Bench, Companion, Figure, at_most, snapshot_doc, write_history
from benchmarks.loadgen import build_request, load

HISTORY_DAYS = 3650
GOALS = """overall = 80
by = {by}
[pillars]
engage_with_insights = 20
"""


def run(bench: Bench) -> list[Figure]:
    days = bench.size(HISTORY_DAYS, 60)
    count = bench.size(1000, 40)
    folder = bench.folder("insights")
    write_history(folder, days)
    (folder / "goals.toml").write_text(GOALS.format(by=(datetime.now(UTC) + timedelta(days=200)).date()))
    rng = random.Random(7)
    summary_p50, summary_p99, advice_p50, advice_p99, fresh_p50, fresh_p99, get_p50 = ([] for _ in range(7))
    with Companion(folder) as companion:
        port = companion.port
        auth = {"Authorization": f"Bearer {companion.token()}"}
        summary = build_request("GET", "/v1/summary?profile=me", port, auth)
        advice = build_request("GET", "/v1/advice?profile=me&lang=de", port, auth)
        health = build_request("GET", "/v1/health", port)
        load(port, [summary, advice] * (count // 10), 1)  # warm-up
        for _ in range(bench.runs):
            result = load(port, [summary] * count, 1)
            assert result.statuses == {200: count}, result.statuses
            summary_p50.append(result.percentile(0.5))
            summary_p99.append(result.percentile(0.99))
            result = load(port, [advice] * count, 1)
            assert result.statuses == {200: count}, result.statuses
            advice_p50.append(result.percentile(0.5))
            advice_p99.append(result.percentile(0.99))

            # Late captures of days 100-3,000 days ago: the summary's inputs are unchanged, the
            # database is not. Only the summaries' latencies (every second request) count.
            now = datetime.now(UTC)
            late = [
                build_request(
                    "POST",
                    "/v1/snapshots",
                    port,
                    auth,
                    json.dumps(snapshot_doc(i, now - (100 + rng.randrange(max(1, days - 100))) * DAY - timedelta(hours=1), "me", rng)).encode(),
                )
                for i in range(count // 2)
            ]
            result = load(port, [request for pair in zip(late, [summary] * len(late), strict=True) for request in pair], 1)
            assert set(result.statuses) <= {200, 201}, result.statuses
            fresh = result.latencies_ms[1::2]
            fresh.sort()
            fresh_p50.append(fresh[len(fresh) // 2])
            fresh_p99.append(fresh[min(len(fresh) - 1, int(0.99 * len(fresh)))])

            get_p50.append(load(port, [health] * count, 1).percentile(0.5))
    return [
        Figure("insights.summary.p50", "ms", summary_p50, at_most(5, "≤ 5 ms")),
        Figure("insights.summary.p99", "ms", summary_p99),
        Figure("insights.advice.p50", "ms", advice_p50, at_most(5, "≤ 5 ms")),
        Figure("insights.advice.p99", "ms", advice_p99),
        Figure("insights.summary_after_a_write.p50", "ms", fresh_p50, at_most(5, "≤ 5 ms")),
        Figure("insights.summary_after_a_write.p99", "ms", fresh_p99),
        Figure("insights.health.p50", "ms", get_p50, note="baseline: GET /v1/health on the same server"),
    ]

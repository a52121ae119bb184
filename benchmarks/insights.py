"""Summary and advice over 10 years of daily snapshots (3,650), with goals set: GET /v1/summary
and GET /v1/advice round trips from one client; and the same summary right after a write
(a late capture of an older day, which changes the history but not the latest snapshot), so
nothing computed for the previous answer can be reused.

As context, the two ways to read the history a chart draws, on the same 3,650 days: GET
/v1/series (the popup's read since the sixth round) and GET /v1/snapshots (before it).

Every run has a history and a server of its own: the late captures one run adds must not be
part of the next run's history."""

import http.client
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


def _answer_bytes(port: int, path: str, headers: dict[str, str]) -> int:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request("GET", path, headers=headers)
        response = conn.getresponse()
        body = response.read()
        if response.status != 200:
            raise RuntimeError(f"GET {path} answered {response.status}: {body[:300]!r}")
        return len(body)
    finally:
        conn.close()


def run(bench: Bench) -> list[Figure]:
    days = bench.size(HISTORY_DAYS, 60)
    count = bench.size(1000, 40)
    rng = random.Random(7)
    summary_p50, summary_p99, advice_p50, advice_p99, fresh_p50, fresh_p99, get_p50 = ([] for _ in range(7))
    chart_paths = {"series": "/v1/series?profile=me", "snapshots": "/v1/snapshots?profile=me"}
    chart_reads: dict[str, list[float]] = {name: [] for name in chart_paths}
    answer_kb: dict[str, float] = {}
    for index in range(bench.runs):
        folder = bench.folder(f"insights-{index}")
        write_history(folder, days)
        (folder / "goals.toml").write_text(GOALS.format(by=(datetime.now(UTC) + timedelta(days=200)).date()))
        with Companion(folder) as companion:
            port = companion.port
            auth = {"Authorization": f"Bearer {companion.token()}"}
            summary = build_request("GET", "/v1/summary?profile=me", port, auth)
            advice = build_request("GET", "/v1/advice?profile=me&lang=de", port, auth)
            health = build_request("GET", "/v1/health", port)
            load(port, [summary, advice] * (count // 10), 1)  # warm-up

            # The chart's history reads first, while the history is exactly `days` long.
            reads = bench.size(40, 4)
            answer_kb = {name: _answer_bytes(port, path, auth) / 1000 for name, path in chart_paths.items()}
            for name, path in chart_paths.items():
                request = build_request("GET", path, port, auth)
                result = load(port, [request] * reads, 1)
                result.expect(200, reads, f"GET {path}")
                chart_reads[name].append(result.percentile(0.5))

            result = load(port, [summary] * count, 1)
            result.expect(200, count, "GET /v1/summary")
            summary_p50.append(result.percentile(0.5))
            summary_p99.append(result.percentile(0.99))
            result = load(port, [advice] * count, 1)
            result.expect(200, count, "GET /v1/advice")
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
            # Every late capture is new (201), every summary answered (200).
            assert result.statuses == {201: len(late), 200: len(late)}, result.statuses
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
        Figure(
            f"insights.chart_history_{days}_days.series.p50", "ms", chart_reads["series"],
            note=f"context: GET /v1/series, the popup's read ({answer_kb['series']:,.0f} kB)",
        ),
        Figure(
            f"insights.chart_history_{days}_days.snapshots.p50", "ms", chart_reads["snapshots"],
            note=f"context: GET /v1/snapshots, the popup's read before the sixth round ({answer_kb['snapshots']:,.0f} kB)",
        ),
    ]

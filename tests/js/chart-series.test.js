// @ts-check
/** The charts' columns: built from snapshots or the companion's series, extended by a capture, compared. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  appendToChartSeries,
  chartSeriesOf,
  CHART_KEYS,
  columnsFromSeries,
  emptyChartSeries,
  emptyColumns,
  sameChartSeries,
  toChartSeries,
  toColumns,
} from "../../extension/lib/series.js";
import { createFakeCompanion, makeSnapshot } from "./helpers/fake-companion.js";
import { validatorFor } from "./helpers/schema.js";

const at = (/** @type {string} */ iso, /** @type {number} */ overall) =>
  makeSnapshot({ captured_at: iso, overall, pillars: { professional_brand: 20, find_right_people: 18, engage_with_insights: 17.5, build_relationships: overall - 55.5 } });
const HISTORY = [at("2026-11-01T09:00:00Z", 70), at("2026-11-02T09:00:00+02:00", 71), at("2026-11-03T09:00:00Z", 72)];

describe("chart series", () => {
  it("keeps only the plotted columns, the same values the dashboard's columns have", () => {
    const series = toChartSeries(HISTORY);
    assert.deepEqual(Object.keys(series), [...CHART_KEYS]);
    const columns = toColumns(HISTORY);
    for (const key of CHART_KEYS) assert.deepEqual(series[key], columns[key]);
    assert.deepEqual(series.time, [Date.UTC(2026, 10, 1, 9) / 1000, Date.UTC(2026, 10, 2, 7) / 1000, Date.UTC(2026, 10, 3, 9) / 1000]);
    assert.deepEqual(series.overall, [70, 71, 72]);
    assert.deepEqual(series.build_relationships, [14.5, 15.5, 16.5]);
  });

  it("reads the companion's GET /v1/series answer into the same columns as from the snapshots", async () => {
    const companion = createFakeCompanion();
    const peers = makeSnapshot({
      captured_at: "2026-11-04T09:00:00Z",
      industry: { name: "Software", rank_top_percent: 4, average: 31.5 },
      network: { rank_top_percent: 1.5, average: 28 },
    });
    const history = [...HISTORY, peers];
    for (const snapshot of history) await companion.post(snapshot);
    const answer = companion.series("me");
    // The fake answers what the real one does (its schema), so this holds for the real answer.
    const validate = validatorFor("Series");
    assert.ok(validate(answer), JSON.stringify(validate.errors));
    const columns = columnsFromSeries(answer);
    assert.deepEqual(columns, toColumns(history));
    assert.deepEqual(columns.industry_rank.at(-1), 4);
    assert.deepEqual(columns.network_average.at(-1), 28);
    const series = chartSeriesOf(columns);
    assert.deepEqual(Object.keys(series), [...CHART_KEYS]);
    assert.ok(sameChartSeries(series, toChartSeries(history)));
    // Milliseconds, as Date.parse gives them: a capture's time equals the snapshot path's.
    const precise = makeSnapshot({ captured_at: "2026-11-05T09:00:00.123Z" });
    const single = createFakeCompanion();
    await single.post(precise);
    assert.deepEqual(columnsFromSeries(single.series("me")).time, toColumns([precise]).time);
    assert.deepEqual(columnsFromSeries(companion.series("nobody")), emptyColumns());
  });

  it("refuses an answer that is not a series, naming the list at fault", () => {
    const two = [1, 2];
    const good = {
      profile: "me", captured_at_ms: two, overall: [70, 71], professional_brand: two, find_right_people: two,
      engage_with_insights: two, build_relationships: two, industry_rank_top_percent: [null, 2],
      industry_average: two, network_rank_top_percent: two, network_average: [null, null],
    };
    assert.doesNotThrow(() => columnsFromSeries(good));
    assert.throws(() => columnsFromSeries(null), /"captured_at_ms"/);
    assert.throws(() => columnsFromSeries({ snapshots: [] }), /"captured_at_ms"/);
    assert.throws(() => columnsFromSeries({ ...good, overall: [70] }), /"overall"/);
    assert.throws(() => columnsFromSeries({ ...good, build_relationships: "1,2" }), /"build_relationships"/);
    const { network_average, ...withoutAverages } = good;
    assert.throws(() => columnsFromSeries(withoutAverages), /"network_average"/);
  });

  it("is about a tenth of the snapshots' JSON", () => {
    const snapshots = Array.from({ length: 3650 }, (_, i) => at(new Date(Date.UTC(2016, 0, 1) + i * 86_400_000).toISOString(), 60 + (i % 30)));
    assert.ok(JSON.stringify(toChartSeries(snapshots)).length * 8 < JSON.stringify(snapshots).length);
  });

  it("appends a capture that comes after the latest point", () => {
    const next = at("2026-11-04T09:00:00Z", 73);
    const appended = appendToChartSeries(toChartSeries(HISTORY), next);
    assert.ok(appended);
    assert.ok(sameChartSeries(appended, toChartSeries([...HISTORY, next])));
    const same = at("2026-11-03T09:00:00Z", 74); // the same second as the latest: after it, as the companion orders by arrival
    assert.ok(sameChartSeries(/** @type {any} */ (appendToChartSeries(toChartSeries(HISTORY), same)), toChartSeries([...HISTORY, same])));
    assert.ok(sameChartSeries(/** @type {any} */ (appendToChartSeries(emptyChartSeries(), next)), toChartSeries([next])));
  });

  it("refuses a capture older than the latest point, or without a readable time", () => {
    assert.equal(appendToChartSeries(toChartSeries(HISTORY), at("2026-11-02T10:00:00Z", 73)), null);
    assert.equal(appendToChartSeries(toChartSeries(HISTORY), at("yesterday", 73)), null);
  });

  it("tells equal series from different ones in any column", () => {
    const series = toChartSeries(HISTORY);
    assert.ok(sameChartSeries(series, toChartSeries(structuredClone(HISTORY))));
    assert.ok(sameChartSeries(emptyChartSeries(), toChartSeries([])));
    for (const key of CHART_KEYS) {
      const changed = structuredClone(series);
      changed[key][1] += 0.01;
      assert.equal(sameChartSeries(series, changed), false, key);
    }
    assert.equal(sameChartSeries(series, toChartSeries(HISTORY.slice(1))), false);
  });
});

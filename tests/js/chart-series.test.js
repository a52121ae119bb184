// @ts-check
/** The popup chart's columns: built from snapshots, extended by a capture, compared. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  appendToChartSeries,
  chartSeriesFromColumns,
  CHART_KEYS,
  emptyChartSeries,
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
    for (const snapshot of HISTORY) await companion.post(snapshot);
    const answer = companion.series("me");
    // The fake answers what the real one does (its schema), so this holds for the real answer.
    const validate = validatorFor("Series");
    assert.ok(validate(answer), JSON.stringify(validate.errors));
    const series = chartSeriesFromColumns(answer);
    assert.deepEqual(Object.keys(series), [...CHART_KEYS]);
    assert.ok(sameChartSeries(series, toChartSeries(HISTORY)));
    // Milliseconds, as Date.parse gives them: a capture's time equals the snapshot path's.
    const precise = makeSnapshot({ captured_at: "2026-11-05T09:00:00.123Z" });
    assert.deepEqual(chartSeriesFromColumns({ ...companion.series("nobody"), captured_at_ms: [Date.parse(precise.captured_at)], overall: [72], professional_brand: [1], find_right_people: [1], engage_with_insights: [1], build_relationships: [1] }).time, toChartSeries([precise]).time);
    assert.ok(sameChartSeries(chartSeriesFromColumns(companion.series("nobody")), emptyChartSeries()));
  });

  it("refuses an answer that is not a series, naming the list at fault", () => {
    const good = { profile: "me", captured_at_ms: [1, 2], overall: [70, 71], professional_brand: [1, 2], find_right_people: [1, 2], engage_with_insights: [1, 2], build_relationships: [1, 2] };
    assert.doesNotThrow(() => chartSeriesFromColumns(good));
    assert.throws(() => chartSeriesFromColumns(null), /"captured_at_ms"/);
    assert.throws(() => chartSeriesFromColumns({ snapshots: [] }), /"captured_at_ms"/);
    assert.throws(() => chartSeriesFromColumns({ ...good, overall: [70] }), /"overall"/);
    assert.throws(() => chartSeriesFromColumns({ ...good, build_relationships: "1,2" }), /"build_relationships"/);
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

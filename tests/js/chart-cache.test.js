// @ts-check
/**
 * The popup chart's series through the service worker, and the worker's cached copy of it:
 * answered at once when asked for, kept up to date by captures, and never another companion's,
 * another profile's or older than what the extension itself has since stored.
 */
import assert from "node:assert/strict";
import { beforeEach, describe, it } from "node:test";
import { installFakeBrowser } from "./helpers/fake-browser.js";
import { makeSnapshot } from "./helpers/fake-companion.js";
import { until } from "./helpers/until.js";

const browser = installFakeBrowser();
const { handleHistory, warmChartSeries } = await import("../../extension/background/queries.js");
const { handleCapture } = await import("../../extension/background/capture.js");
const { handlePair, handleUnpair } = await import("../../extension/background/pairing.js");
const { readStarted, storeSeries } = await import("../../extension/background/chart-cache.js");
const { toChartSeries, sameChartSeries } = await import("../../extension/lib/series.js");

const SOURCE = "http://127.0.0.1:8723";
const chart = (/** @type {object} */ options = {}) => /** @type {Promise<any>} */ (handleHistory({ chart: true, ...options }));
const cached = () => chart({ cached: true });
const reads = () => browser.http.requests.filter((r) => r.method === "GET" && r.url.pathname === "/v1/series").length;
/** What the companion would answer now. */
const truth = (profile = "me") => toChartSeries(browser.companion.history(profile));
/** @param {Partial<any>} settings */
const setSettings = (settings) => browser.chrome.storage.local.set({ settings: { port: 8723, profile: "me", ...settings } });

beforeEach(async () => {
  browser.companion.setUp(true);
  browser.companion.stored.clear();
  await setSettings({});
  await browser.chrome.storage.local.set({ auth: { token: browser.http.token, paired_at: "2026-11-01T00:00:00Z" } });
  await browser.chrome.storage.session.remove("chart_series");
  for (let i = 0; i < 3; i++) await browser.companion.post(makeSnapshot({ overall: 70 + i }));
});

describe("chart series through the worker", () => {
  it("answers the plotted columns instead of the snapshots, and keeps them", async () => {
    const reply = await chart();
    assert.equal(reply.connection, "ok");
    assert.equal(reply.from_cache, false);
    assert.equal(reply.snapshots, undefined);
    assert.deepEqual(reply.series, truth());
    assert.deepEqual(reply.series.overall, [70, 71, 72]);
    assert.deepEqual(JSON.parse(browser.session().chart_series), { source: SOURCE, profile: "me", series: truth() });
  });

  it("answers from its copy when the page accepts one, without asking the companion", async () => {
    const first = await cached();
    assert.equal(first.from_cache, false, "nothing kept yet: the companion's answer");
    const before = reads();
    const second = await cached();
    assert.equal(second.from_cache, true);
    assert.deepEqual(second.series, first.series);
    assert.equal(reads(), before);
  });

  it("asks the companion whenever the page does not accept a copy", async () => {
    await chart();
    const before = reads();
    const reply = await chart();
    assert.equal(reply.from_cache, false);
    assert.equal(reads(), before + 1);
  });

  it("adds a captured snapshot to its copy, which then matches the companion", async () => {
    await chart();
    await handleCapture({ snapshot: makeSnapshot({ overall: 75 }) });
    const reply = await cached();
    assert.equal(reply.from_cache, true);
    assert.deepEqual(reply.series.overall, [70, 71, 72, 75]);
    assert.ok(sameChartSeries(reply.series, truth()));
  });

  it("replaces its copy with a fresh read for a capture it cannot place: older than the latest, or stored before", async () => {
    await chart();
    let before = reads();
    await handleCapture({ snapshot: makeSnapshot({ captured_at: "2026-10-01T09:00:00.000Z" }) });
    await until(() => reads() === before + 1 && browser.session().chart_series !== undefined, 3000, "the copy read again");
    await warmChartSeries();
    let refreshed = await cached();
    assert.equal(refreshed.from_cache, true);
    assert.deepEqual(refreshed.series, truth(), "the October capture in its place");

    const retried = makeSnapshot({ overall: 77 });
    await browser.companion.post(retried); // stored, but the answer never reached the extension
    before = reads();
    await handleCapture({ snapshot: retried });
    await until(() => reads() === before + 1 && browser.session().chart_series !== undefined, 3000, "the copy read again");
    await warmChartSeries();
    refreshed = await cached();
    assert.deepEqual(refreshed.series, truth());
    assert.equal(refreshed.series.overall.filter((/** @type {number} */ value) => value === 77).length, 1, "not appended twice");
  });

  it("reads the history into its copy after a capture when it has none, for the popup opened next", async () => {
    await handleCapture({ snapshot: makeSnapshot({ overall: 78 }) });
    await until(() => browser.session().chart_series !== undefined, 3000, "a copy after the capture");
    await warmChartSeries();
    const before = reads();
    const reply = await cached();
    assert.equal(reply.from_cache, true);
    assert.equal(reads(), before, "the popup's question needs no read");
    assert.deepEqual(reply.series, truth());
    assert.equal(reply.series.overall.at(-1), 78);
  });

  it("reads nothing more after a capture when it has a copy, and reads once for captures in a row", async () => {
    await chart();
    let before = reads();
    await handleCapture({ snapshot: makeSnapshot({ overall: 74 }) });
    await warmChartSeries();
    assert.equal(reads(), before, "the capture was appended to the copy");

    await browser.chrome.storage.session.remove("chart_series");
    before = reads();
    await Promise.all([handleCapture({ snapshot: makeSnapshot({ overall: 75 }) }), warmChartSeries(), warmChartSeries()]);
    await warmChartSeries();
    assert.equal(reads(), before + 1, "one read, however many asked for it while it was under way");
    assert.deepEqual((await cached()).series, truth());
  });

  it("lets a popup that asks while the worker is reading wait for that read instead of reading again", async () => {
    const before = reads();
    const warming = warmChartSeries();
    const reply = await cached();
    assert.equal(reply.from_cache, true);
    assert.equal(reads(), before + 1);
    assert.deepEqual(reply.series, truth());
    await warming;
  });

  it("reads nothing after a capture the companion refused", async () => {
    const before = reads();
    browser.companion.answer(422, { error: { code: "invalid", message: "refused for the test", path: "$.overall" } });
    try {
      const reply = await handleCapture({ snapshot: makeSnapshot({ overall: 79 }) });
      assert.equal(reply.outcome, "refused");
      await new Promise((resolve) => setTimeout(resolve, 50)); // a read would have been sent by now
    } finally {
      browser.companion.answer(null);
    }
    assert.equal(reads(), before);
    assert.equal(browser.session().chart_series, undefined);
  });

  it("keeps its copy for another profile's capture", async () => {
    await chart();
    await handleCapture({ snapshot: makeSnapshot({ profile: "work" }) });
    const reply = await cached();
    assert.equal(reply.from_cache, true);
    assert.deepEqual(reply.series, truth("me"));
  });

  it("does not store a read that was under way when a capture arrived", async () => {
    await chart();
    const started = readStarted();
    const stale = truth();
    await handleCapture({ snapshot: makeSnapshot({ overall: 76 }) });
    await storeSeries(started, { source: SOURCE, profile: "me", series: stale });
    const reply = await cached();
    assert.deepEqual(reply.series.overall.at(-1), 76);
  });

  it("serves its copy only to the same companion address and profile", async () => {
    await chart();
    await setSettings({ profile: "work" });
    assert.equal((await cached()).from_cache, false);
    await setSettings({ profile: "me", port: 8724 });
    const reply = await cached();
    assert.equal(reply.from_cache, false);
    assert.ok(reply.series, "read from the companion on the new port");
  });

  it("forgets its copy when unpaired or paired again", async () => {
    await chart();
    await handleUnpair();
    assert.equal(browser.session().chart_series, undefined);
    const unpaired = await cached();
    assert.equal(unpaired.connection, "not_paired");
    assert.equal(unpaired.series, null);

    const paired = await handlePair({ code: "ABC123" });
    assert.deepEqual(paired, { paired: true });
    await chart();
    await handlePair({ code: "DEF456" });
    assert.equal(browser.session().chart_series, undefined);
  });

  it("drops its copy before the token when unpaired (the popup reads the copy without a token)", async () => {
    await chart();
    const local = browser.chrome.storage.local;
    const remove = local.remove.bind(local);
    /** @type {unknown[]} */
    const copyWhenTheTokenWent = [];
    local.remove = async (/** @type {any} */ keys) => {
      if ([keys].flat().includes("auth")) copyWhenTheTokenWent.push(browser.session().chart_series);
      return remove(keys);
    };
    try {
      await handleUnpair();
    } finally {
      local.remove = remove;
    }
    assert.deepEqual(copyWhenTheTokenWent, [undefined]);
    assert.equal(browser.session().chart_series, undefined);
  });

  it("says when the companion cannot answer, and keeps the copy it has", async () => {
    await chart();
    browser.companion.setUp(false);
    const reply = await chart();
    assert.equal(reply.connection, "unreachable");
    assert.equal(reply.series, null);
    assert.equal((await cached()).from_cache, true);
  });
});

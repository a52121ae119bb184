// @ts-check
/**
 * The service worker as the browser starts it (background/service-worker.js with its listeners,
 * over a fake browser and a fake companion): at browser start it reads the popup chart's
 * series, because storage.session starts every session empty and the session's first popup
 * would otherwise wait for the whole history.
 */
import assert from "node:assert/strict";
import { beforeEach, describe, it } from "node:test";
import { installFakeBrowser, resetToPaired } from "./helpers/fake-browser.js";
import { makeSnapshot } from "./helpers/fake-companion.js";
import { until } from "./helpers/until.js";

const browser = installFakeBrowser();
await import("../../extension/background/service-worker.js");
const { handleHistory } = await import("../../extension/background/queries.js");
const { toChartSeries } = await import("../../extension/lib/series.js");

const reads = () => browser.http.requests.filter((r) => r.method === "GET" && r.url.pathname === "/v1/series").length;
const pause = (/** @type {number} */ ms) => new Promise((resolve) => setTimeout(resolve, ms));

beforeEach(async () => {
  await resetToPaired(browser);
  for (let i = 0; i < 3; i++) await browser.companion.post(makeSnapshot({ overall: 70 + i }));
});

describe("worker start", () => {
  it("reads the chart's series at browser start, so the session's first popup draws it at once", async () => {
    const before = reads();
    browser.chrome.runtime.onStartup.dispatch();
    await until(() => browser.session().chart_series !== undefined, 3000, "the series after start");
    assert.equal(reads(), before + 1);
    const reply = /** @type {any} */ (await handleHistory({ chart: true, cached: true }));
    assert.equal(reply.from_cache, true);
    assert.equal(reads(), before + 1, "the popup's question needs no read");
    assert.deepEqual(reply.series, toChartSeries(browser.companion.history("me")));
  });

  it("reads nothing at start while not paired", async () => {
    await browser.chrome.storage.local.remove("auth");
    const before = reads();
    browser.chrome.runtime.onStartup.dispatch();
    await pause(100);
    assert.equal(reads(), before);
    assert.equal(browser.session().chart_series, undefined);
  });

  it("starts quietly without a series while the companion is down", async () => {
    browser.companion.setUp(false);
    browser.chrome.runtime.onStartup.dispatch();
    await pause(100);
    assert.equal(browser.session().chart_series, undefined);
  });
});

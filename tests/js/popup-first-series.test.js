// @ts-check
/**
 * The popup's first series: the worker's copy read straight from storage.session when it is
 * for the companion and profile in the settings, otherwise the worker's answer.
 */
import assert from "node:assert/strict";
import { beforeEach, describe, it } from "node:test";
import { installFakeBrowser } from "./helpers/fake-browser.js";

const browser = installFakeBrowser();
const { loadFirstSeries } = await import("../../extension/popup/first-series.js");
const { normalizeSettings } = await import("../../extension/lib/settings.js");

const SERIES = { time: [1, 2], overall: [70, 71], professional_brand: [17, 18], find_right_people: [17, 18], engage_with_insights: [17, 18], build_relationships: [19, 17] };
const FRESH = { ...SERIES, overall: [70, 72] };
/** @type {any[]} */
let asked = [];
/** @type {(message: any) => Promise<any>} */
let worker;

/** @param {Partial<import("../../extension/lib/settings.js").Settings>} settings */
const load = (settings = {}) => loadFirstSeries(Promise.resolve(normalizeSettings({ port: 8723, profile: "me", ...settings })));
/** @param {object} entry */
const keep = (entry) => browser.chrome.storage.session.set({ chart_series: JSON.stringify(entry) });

beforeEach(async () => {
  asked = [];
  worker = async () => ({ ok: true, connection: "ok", series: FRESH, from_cache: false });
  /** @type {any} */ (browser.chrome.runtime).sendMessage = async (/** @type {any} */ message) => {
    asked.push(message);
    return worker(message);
  };
  await browser.chrome.storage.session.remove("chart_series");
});

describe("popup's first series", () => {
  it("is the worker's copy when it was read from this companion for this profile, without asking the worker", async () => {
    await keep({ source: "http://127.0.0.1:8723", profile: "me", series: SERIES });
    assert.deepEqual(await load(), { series: SERIES, from_cache: true });
    assert.deepEqual(asked, []);
  });

  for (const [what, settings] of /** @type {const} */ ([
    ["another profile", { profile: "work" }],
    ["another companion port", { port: 8724 }],
  ])) {
    it(`is the worker's answer from the companion when the copy is for ${what}`, async () => {
      await keep({ source: "http://127.0.0.1:8723", profile: "me", series: SERIES });
      const reply = await load(settings);
      assert.equal(reply?.from_cache, false);
      assert.deepEqual(reply?.series, FRESH);
      assert.deepEqual(asked, [{ type: "companion/history", chart: true }]);
    });
  }

  it("is the worker's answer when there is no copy, asked without waiting for the settings", async () => {
    const reply = await loadFirstSeries(new Promise(() => {}));
    assert.deepEqual(reply?.series, FRESH);
    assert.deepEqual(asked, [{ type: "companion/history", chart: true }]);
  });

  it("lets the worker look for its copy when the page cannot read storage.session", async () => {
    const session = browser.chrome.storage.session;
    const get = session.get;
    session.get = async () => {
      throw new Error("Access to storage is not allowed from this context.");
    };
    try {
      await load();
    } finally {
      session.get = get;
    }
    assert.deepEqual(asked, [{ type: "companion/history", chart: true, cached: true }]);
  });

  it("is null when neither the copy nor the worker can answer", async () => {
    worker = async () => ({ ok: false, error: "worker failed" });
    assert.equal(await load(), null);
  });
});

// @ts-check
/**
 * The worker's overview, which the popup and the dashboard open with: when the companion is back
 * after captures were queued, they are delivered before the summary is read, so the page shows
 * the score just captured, not the one before it.
 */
import assert from "node:assert/strict";
import { beforeEach, describe, it } from "node:test";
import { installFakeBrowser, resetToPaired } from "./helpers/fake-browser.js";
import { makeSnapshot } from "./helpers/fake-companion.js";

const browser = installFakeBrowser({ uiLanguage: "en-US" });
const { handleCapture } = await import("../../extension/background/capture.js");
const { handleOverview } = await import("../../extension/background/queries.js");

beforeEach(() => resetToPaired(browser));

describe("overview", () => {
  it("delivers what was queued while the companion was down before reading the summary", async () => {
    await handleCapture({ snapshot: makeSnapshot({ overall: 60 }) });
    browser.companion.setUp(false);
    const queued = await handleCapture({ snapshot: makeSnapshot({ overall: 72 }) });
    assert.equal(queued.outcome, "queued");
    browser.companion.setUp(true);

    const reply = /** @type {any} */ (await handleOverview({}));
    assert.equal(reply.connection, "ok");
    assert.equal(reply.outbox.size, 0);
    assert.deepEqual(browser.companion.history("me").map((s) => s.overall), [60, 72]);
    assert.equal(reply.summary.latest.overall, 72);
    assert.equal(browser.local().last_known.summary.latest.overall, 72);
    assert.equal(browser.badge.text, "72");
  });

  it("keeps the queue, and says so, while the companion is still down", async () => {
    browser.companion.setUp(false);
    await handleCapture({ snapshot: makeSnapshot({ overall: 65 }) });
    const reply = /** @type {any} */ (await handleOverview({}));
    assert.equal(reply.connection, "unreachable");
    assert.equal(reply.outbox.size, 1);
    assert.equal(reply.summary, null);
  });

  it("does not call another program on the port the companion, even when it answers 200", async () => {
    const realFetch = globalThis.fetch;
    await browser.chrome.storage.local.set({ last_known: null });
    globalThis.fetch = async (input, init) =>
      new URL(String(input)).port === "8723" ? Response.json({ status: "up", summary: "everything" }) : realFetch(input, init);
    try {
      const reply = /** @type {any} */ (await handleOverview({}));
      assert.equal(reply.connection, "error");
      assert.match(reply.message, /did not come from the SSI companion/);
      assert.equal(reply.version, null);
      assert.equal(reply.summary, null);
    } finally {
      globalThis.fetch = realFetch;
    }
  });
});

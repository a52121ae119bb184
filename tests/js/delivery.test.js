// @ts-check
/**
 * The worker's delivery of the outbox (background/delivery.js and capture.js) when things go
 * wrong: another program on the port, a snapshot the companion keeps failing on, storage writes
 * that fail, overlapping deliveries, a full outbox. Wired as in the extension over a fake
 * browser and a fake companion.
 */
import assert from "node:assert/strict";
import { beforeEach, describe, it } from "node:test";
import { installFakeBrowser, resetToPaired } from "./helpers/fake-browser.js";
import { makeSnapshot } from "./helpers/fake-companion.js";
import { readExtensionFile } from "./helpers/paths.js";
import { until } from "./helpers/until.js";

const browser = installFakeBrowser();
const { handleCapture } = await import("../../extension/background/capture.js");
const { deliver, outbox, ALARM_RETRY } = await import("../../extension/background/delivery.js");
const { onMessage } = await import("../../extension/background/router.js");
const { OUTBOX_DEFAULTS } = await import("../../extension/lib/outbox.js");

const realFetch = globalThis.fetch;
const realPost = browser.companion.post;
const realSet = browser.chrome.storage.local.set;
const english = JSON.parse(readExtensionFile("_locales/en/messages.json"));
const INTERNAL_ERROR = { error: { code: "internal_error", message: "the companion hit an unexpected error", path: null } };

/** @param {string} score */
const queuedNote = (score) => english.note_queued.message.replace("$SCORE$", score);
const queuedIds = () => browser.local().outbox.entries.map((/** @type {any} */ e) => e.snapshot.id);

/** The companion takes one snapshot, then goes away. */
function upForOne() {
  browser.companion.post = async (s) => {
    const answer = await realPost(s);
    browser.companion.setUp(false);
    return answer;
  };
}

/**
 * Makes storage.local reject writes of `key` until the returned function is called.
 * @param {string} key
 */
function failWritesOf(key) {
  browser.chrome.storage.local.set = async (items) => {
    if (key in items) throw new Error(`storage.local refused ${key}`);
    return realSet(items);
  };
  return () => void (browser.chrome.storage.local.set = realSet);
}

beforeEach(async () => {
  globalThis.fetch = realFetch;
  browser.companion.post = realPost;
  browser.chrome.storage.local.set = realSet;
  await resetToPaired(browser);
  await browser.chrome.storage.local.remove("outbox");
  await browser.chrome.storage.local.remove("status");
  browser.alarms.clear();
});

describe("answers that are not the companion's", () => {
  it("keeps a capture another program answered with a 200, and the status is not ok", async () => {
    // The port setting points at another program that answers everything.
    globalThis.fetch = async (input, init) =>
      new URL(String(input)).port === "8723" ? new Response("<html>Welcome</html>", { status: 200 }) : realFetch(input, init);
    const snapshot = makeSnapshot();
    const reply = await handleCapture({ snapshot });
    assert.equal(reply.outcome, "queued");
    assert.equal(reply.note.text, queuedNote("72"));
    assert.deepEqual(queuedIds(), [snapshot.id]);
    const status = browser.local().status;
    assert.equal(status.connection, "error");
    assert.match(status.message, /did not come from the SSI companion/);
    assert.ok(browser.alarms.has(ALARM_RETRY));
  });
});

describe("a snapshot the companion keeps failing on", () => {
  it("waits in the outbox without holding up the captures after it", async () => {
    const poison = makeSnapshot();
    browser.companion.post = async (s) => (s.id === poison.id ? { status: 500, body: INTERNAL_ERROR } : realPost(s));
    const first = await handleCapture({ snapshot: poison });
    assert.equal(first.outcome, "queued");
    assert.equal(browser.local().status.connection, "error");
    assert.equal(browser.local().status.message, INTERNAL_ERROR.error.message);

    const next = makeSnapshot({ profile: "work" });
    const second = await handleCapture({ snapshot: next });
    assert.equal(second.outcome, "saved");
    assert.equal(browser.companion.commits.get(next.id), 1);
    assert.deepEqual(queuedIds(), [poison.id]);
    assert.ok(browser.alarms.has(ALARM_RETRY), "the failing one is retried");
    assert.equal(first.note.text, queuedNote("72"), "not 'unreachable': the companion answered");
  });
});

describe("the retry alarm", () => {
  for (const key of ["status", "last_known"]) {
    it(`stays set when writing ${key} after the flush fails`, async () => {
      const waiting = makeSnapshot();
      await outbox.enqueue(makeSnapshot());
      await outbox.enqueue(waiting);
      upForOne();
      const restore = failWritesOf(key);
      await assert.rejects(deliver({ force: true }), /storage.local refused/);
      restore();
      assert.deepEqual(queuedIds(), [waiting.id]);
      const alarm = browser.alarms.get(ALARM_RETRY);
      assert.ok(alarm, "the alarm that woke the worker is gone; a new one must be set");
      assert.equal(alarm.when, browser.local().outbox.next_attempt_at);
    });
  }

  it("is not cleared by an older delivery that finishes after a newer one", async () => {
    await outbox.enqueue(makeSnapshot());
    // The older delivery empties the outbox, then its status write is slow.
    /** @type {() => void} */
    let release = () => {};
    const slow = new Promise((resolve) => (release = () => resolve(undefined)));
    let held = false;
    browser.chrome.storage.local.set = async (items) => {
      if ("status" in items && !held) {
        held = true;
        await slow;
      }
      return realSet(items);
    };
    const older = deliver({ force: true });
    await until(() => held, 3000, "the older delivery's status write");

    // Meanwhile a new capture is queued while the companion went away.
    browser.companion.setUp(false);
    const fresh = makeSnapshot();
    await outbox.enqueue(fresh);
    await deliver({ force: true });
    assert.ok(browser.alarms.has(ALARM_RETRY));

    release();
    await older;
    assert.deepEqual(queuedIds(), [fresh.id]);
    assert.ok(browser.alarms.has(ALARM_RETRY), "the fresh capture keeps its retry");
  });
});

describe("a capture whose delivery fails after it was queued", () => {
  it("is reported as queued, never with a request to reload the page", async () => {
    browser.companion.setUp(false);
    const restore = failWritesOf("status");
    const snapshot = makeSnapshot();
    /** @type {any} */
    const reply = await new Promise((resolve) =>
      onMessage({ type: "capture/snapshot", snapshot }, { id: "testid", tab: { id: 1 }, url: "https://www.linkedin.com/sales/ssi" }, resolve),
    );
    restore();
    assert.equal(reply.ok, true, "the page shows the worker's note, not its own 'reload' fallback");
    assert.equal(reply.outcome, "queued");
    assert.equal(reply.note.text, queuedNote("72"));
    assert.deepEqual(queuedIds(), [snapshot.id]);
    assert.ok(browser.alarms.has(ALARM_RETRY), "delivery will retry");
  });

  it("is never told to reload in any language", () => {
    for (const lang of ["en", "de", "es"]) {
      const catalogue = JSON.parse(readExtensionFile(`_locales/${lang}/messages.json`));
      const queued = Object.entries(catalogue).filter(([key]) => key.startsWith("note_queued"));
      assert.equal(queued.length, 3, lang);
      for (const [key, { message }] of queued) assert.doesNotMatch(message, /reload|neu lad|lade .* neu|recarg/i, `${lang}: ${key}`);
    }
  });
});

describe("a full outbox", () => {
  /** Fills the outbox to its limit with captures the companion has not seen. */
  async function fill() {
    const entries = Array.from({ length: OUTBOX_DEFAULTS.limit }, () => ({
      snapshot: makeSnapshot(),
      queued_at: "2026-11-01T00:00:00Z",
      attempts: 3,
      last_error: "cannot reach the companion",
    }));
    await realSet({ outbox: { entries, attempt: 3, next_attempt_at: Date.now() + 60_000, problems: [] } });
  }

  it("sends what waits first, and queues the capture in the room that makes", async () => {
    await fill();
    upForOne(); // back, if only for one snapshot: delivering a thousand takes a while
    const snapshot = makeSnapshot();
    const reply = await handleCapture({ snapshot });
    assert.equal(reply.outcome, "queued");
    assert.equal(browser.companion.stored.size, 1);
    assert.equal(queuedIds().length, OUTBOX_DEFAULTS.limit);
    assert.equal(queuedIds().at(-1), snapshot.id);
    assert.deepEqual(browser.local().outbox.problems, [], "not reported as refused");
  });

  it("still refuses the capture, once, when the companion stays away", async () => {
    await fill();
    browser.companion.setUp(false);
    const snapshot = makeSnapshot();
    const reply = await handleCapture({ snapshot });
    assert.equal(reply.outcome, "outbox_full");
    const problems = browser.local().outbox.problems;
    assert.deepEqual(problems.map((/** @type {any} */ p) => [p.reason, p.id]), [["outbox_full", snapshot.id]]);
  });
});

// @ts-check
/**
 * The service worker's capture path, wired as in the extension (storage.local, alarms, badge,
 * notifications) over a fake browser and a fake companion.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { installFakeBrowser } from "./helpers/fake-browser.js";
import { makeSnapshot } from "./helpers/fake-companion.js";

const browser = installFakeBrowser({ uiLanguage: "de-DE" });
const { handleCapture, handleCaptureFailed } = await import("../../extension/background/capture.js");
const { deliver, ALARM_RETRY } = await import("../../extension/background/delivery.js");
const { reminderDue } = await import("../../extension/background/reminder.js");
const { onMessage } = await import("../../extension/background/router.js");

const pair = () => browser.chrome.storage.local.set({ auth: { token: browser.http.token, paired_at: "2026-11-01T00:00:00Z" } });
const unpair = () => browser.chrome.storage.local.remove("auth");

describe("worker capture path", () => {
  it("queues a capture while not paired, says so in German, and sends nothing without a token", async () => {
    await unpair();
    const snapshot = makeSnapshot();
    const reply = await handleCapture({ snapshot });
    assert.equal(reply.outcome, "queued");
    assert.equal(reply.note.tone, "warning");
    assert.match(reply.note.text, /^SSI 72 erfasst und vorgemerkt/);
    assert.equal(reply.note.dismiss, "Schließen");
    assert.equal(browser.http.requests.filter((r) => r.method === "POST").length, 0);
    assert.equal(browser.local().outbox.entries.length, 1);
    assert.ok(browser.alarms.has(ALARM_RETRY), "a retry is scheduled");
    assert.equal(browser.local().status.connection, "not_paired");
    assert.equal(browser.badge.text, "1", "the badge counts queued captures");
  });

  it("delivers the queue once paired and shows the weekly change on the page", async () => {
    await pair();
    const snapshot = makeSnapshot();
    const reply = await handleCapture({ snapshot });
    assert.equal(reply.outcome, "saved");
    assert.equal(reply.note.text, "SSI 72 gespeichert · +2 in dieser Woche");
    const posts = browser.http.requests.filter((r) => r.method === "POST");
    assert.equal(posts.length, 2, "the earlier capture and this one");
    assert.ok(posts.every((r) => r.url.searchParams.get("lang") === "de"));
    assert.equal(browser.local().outbox.entries.length, 0);
    assert.equal(browser.alarms.has(ALARM_RETRY), false);
    assert.equal(browser.local().status.connection, "ok");
    assert.equal(browser.local().last_capture.outcome, "saved");
    assert.equal(browser.badge.text, "72", "the badge shows the SSI");
  });

  it("queues when the companion is down and delivers from the retry alarm", async () => {
    browser.companion.setUp(false);
    const snapshot = makeSnapshot();
    const reply = await handleCapture({ snapshot });
    assert.equal(reply.outcome, "queued");
    assert.match(reply.note.text, /Companion ist nicht erreichbar/);
    assert.equal(browser.local().status.connection, "unreachable");
    const alarm = browser.alarms.get(ALARM_RETRY);
    assert.ok(alarm.when > Date.now());

    browser.companion.setUp(true);
    const early = await deliver();
    assert.equal(early.skipped, true, "the alarm has not fired yet");
    const result = await deliver({ force: true });
    assert.deepEqual(result.delivered.map((d) => d.id), [snapshot.id]);
    assert.equal(browser.companion.commits.get(snapshot.id), 1);
  });

  it("reports a refused capture on the page, in the badge and as a notification", async () => {
    browser.companion.answer(422, { error: { code: "invalid", message: "overall must be <= 100", path: "$.overall" } });
    const reply = await handleCapture({ snapshot: makeSnapshot() });
    browser.companion.answer(null);
    assert.equal(reply.outcome, "refused");
    assert.equal(reply.note.tone, "error");
    assert.match(reply.note.text, /abgelehnt \(overall must be <= 100\)/);
    assert.equal(browser.badge.text, "!");
    assert.equal(browser.notifications.at(-1).id, "delivery-problem");
    assert.equal(browser.local().outbox.problems.length, 1);
  });

  it("turns a reader refusal into a localised note", async () => {
    const reply = await handleCaptureFailed({ error: { code: "unrecognized_layout" } });
    assert.match(reply.note.text, /Layout, das die Erweiterung noch nicht lesen kann/);
    assert.equal(browser.local().last_read_error.code, "unrecognized_layout");
  });
});

describe("worker message routing", () => {
  /** @param {any} message @param {any} sender */
  const send = (message, sender) =>
    new Promise((resolve) => {
      const async = onMessage(message, sender, resolve);
      if (!async) resolve("ignored");
    });
  const contentScript = { id: "testid", tab: { id: 1 }, url: "https://www.linkedin.com/sales/ssi" };
  const popup = { id: "testid", url: "chrome-extension://testid/popup/popup.html" };

  it("lets the content script report captures but not read history or pair", async () => {
    assert.equal(await send({ type: "companion/export", format: "csv" }, contentScript), "ignored");
    assert.equal(await send({ type: "companion/pair", code: "x" }, contentScript), "ignored");
    const reply = /** @type {any} */ (await send({ type: "capture/failed", error: { code: "not_ready" } }, contentScript));
    assert.equal(reply.ok, true);
  });

  it("ignores captures from other pages and other extensions", async () => {
    const other = { id: "someone-else", tab: { id: 1 }, url: "https://www.linkedin.com/sales/ssi" };
    assert.equal(await send({ type: "capture/snapshot", snapshot: makeSnapshot() }, other), "ignored");
    assert.equal(await send({ type: "capture/snapshot", snapshot: makeSnapshot() }, { ...contentScript, url: "https://evil.example/" }), "ignored");
    assert.equal(await send({ type: "capture/snapshot", snapshot: makeSnapshot() }, popup), "ignored");
  });

  it("answers errors as { ok: false }", async () => {
    const reply = /** @type {any} */ (await send({ type: "companion/export", format: "exe" }, popup));
    assert.equal(reply.ok, false);
    assert.match(reply.error, /unknown export format/);
  });
});

describe("reminder", () => {
  const DAY = 86_400_000;
  const now = Date.parse("2026-11-21T12:00:00Z");
  it("fires after N days without a capture, once per period", () => {
    assert.equal(reminderDue({ days: 3, now, lastCaptureAt: now - 2 * DAY, notifiedAt: null }), false);
    assert.equal(reminderDue({ days: 3, now, lastCaptureAt: now - 3 * DAY, notifiedAt: null }), true);
    assert.equal(reminderDue({ days: 3, now, lastCaptureAt: now - 4 * DAY, notifiedAt: now - DAY }), false);
    assert.equal(reminderDue({ days: 3, now, lastCaptureAt: now - 7 * DAY, notifiedAt: now - 3 * DAY }), true);
  });
  it("is off at 0 days and before any capture", () => {
    assert.equal(reminderDue({ days: 0, now, lastCaptureAt: now - 90 * DAY, notifiedAt: null }), false);
    assert.equal(reminderDue({ days: 3, now, lastCaptureAt: null, notifiedAt: null }), false);
  });
});

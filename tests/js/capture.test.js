// @ts-check
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { readFileSync } from "node:fs";
import { runCaptureScript, until } from "./helpers/content-script.js";
import { repoPath } from "./helpers/paths.js";
import { validatorFor } from "./helpers/schema.js";

const validateSnapshot = validatorFor("Snapshot");

const READING = {
  overall: 72,
  pillars: { professional_brand: 18.41, find_right_people: 17.9, engage_with_insights: 16.25, build_relationships: 19.62 },
  industry: { name: "Computer Software", rank_top_percent: 4, average: 31 },
  network: { rank_top_percent: 1, average: 28 },
  locale: "de",
  layout: "A",
};
const NOT_READY = { ok: false, error: { code: "not_ready", message: "skeleton" } };

/** A reader that sees the SSI only once the page has rendered `#score`. */
const readWhenRendered = (/** @type {Document} */ doc) =>
  doc.querySelector("#score") ? { ok: true, reading: structuredClone(READING) } : NOT_READY;

describe("capture content script", () => {
  it("waits for the page to render, then sends one valid snapshot to the worker", async () => {
    const page = runCaptureScript({ readSsiPage: readWhenRendered, settings: { profile: "work" } });
    await new Promise((resolve) => setTimeout(resolve, 60));
    assert.equal(page.sent.length, 0, "nothing is sent before the page has rendered");

    page.document.body.insertAdjacentHTML("beforeend", '<div id="score">72</div>');
    await until(() => page.sent.length > 0);
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal(page.sent.length, 1, "captured once per visit");

    const [{ type, snapshot }] = page.sent;
    assert.equal(type, "capture/snapshot");
    assert.ok(validateSnapshot(snapshot), JSON.stringify(validateSnapshot.errors));
    assert.match(snapshot.id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.match(snapshot.captured_at, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/);
    assert.ok(Math.abs(Date.parse(snapshot.captured_at) - Date.now()) < 5000);
    assert.equal(snapshot.profile, "work");
    assert.equal(snapshot.overall, 72);
    assert.deepEqual(snapshot.pillars, READING.pillars);
    assert.deepEqual(snapshot.industry, READING.industry);
    assert.deepEqual(snapshot.network, READING.network);
    assert.equal(snapshot.locale, "de");
    assert.deepEqual(snapshot.source, { url: "https://www.linkedin.com/sales/ssi", layout: "A", extension_version: "0.1.0" });
  });

  it("waits until animated numbers stop changing", async () => {
    let reads = 0;
    const page = runCaptureScript({
      readSsiPage: () => {
        reads += 1;
        return { ok: true, reading: { ...structuredClone(READING), overall: Math.min(70 + reads, 72) } };
      },
    });
    await until(() => page.sent.length > 0);
    assert.equal(page.sent[0].snapshot.overall, 72);
    assert.ok(reads >= 3);
  });

  it("defaults the profile to me and drops a locale the schema would refuse", async () => {
    const page = runCaptureScript({
      readSsiPage: () => ({ ok: true, reading: { ...structuredClone(READING), locale: "not a locale!" } }),
    });
    await until(() => page.sent.length > 0);
    assert.equal(page.sent[0].snapshot.profile, "me");
    assert.equal(page.sent[0].snapshot.locale, null);
    assert.ok(validateSnapshot(page.sent[0].snapshot));
  });

  it("captures once even when the script is injected twice", async () => {
    const page = runCaptureScript({ readSsiPage: () => ({ ok: true, reading: structuredClone(READING) }) });
    page.runAgain();
    await until(() => page.sent.length > 0);
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal(page.sent.length, 1);
  });

  it("reports the reader's refusal after the timeout and stores nothing", async () => {
    const refusal = { ok: false, error: { code: "unrecognized_layout", message: "no donut" } };
    const page = runCaptureScript({
      readSsiPage: () => refusal,
      reply: () => ({ ok: true, note: { text: "layout not recognised", tone: "error", dismiss: "Schließen" } }),
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.equal(page.sent.length, 0, "still waiting: the page may yet render");
    await until(() => page.sent.length > 0);
    assert.deepEqual(page.sent, [{ type: "capture/failed", error: refusal.error }]);
    await until(() => page.shadowRoots.length > 0);
    const note = /** @type {HTMLElement} */ (page.shadowRoots[0].querySelector(".note"));
    assert.equal(note.querySelector(".text")?.textContent, "layout not recognised");
    assert.ok(note.classList.contains("error"));
    assert.equal(note.getAttribute("role"), "alert");
    assert.equal(note.querySelector("button")?.getAttribute("aria-label"), "Schließen");
  });

  it("says nothing about a visit the user ended by moving on within LinkedIn", async () => {
    // The real reader: an SSI page that has not rendered yet, then another page.
    const page = runCaptureScript({});
    await new Promise((resolve) => setTimeout(resolve, 60));
    // LinkedIn's own navigation: the document stays, the address changes.
    page.window.history.pushState({}, "", "/feed/");
    page.document.body.insertAdjacentHTML("beforeend", "<main>the feed</main>");
    await new Promise((resolve) => setTimeout(resolve, 600)); // past the (sped-up) 20 s timeout
    assert.deepEqual(page.sent, []);
    assert.equal(page.shadowRoots.length, 0, "no note");
  });

  it("shows the worker's note on the page and removes it when dismissed", async () => {
    const page = runCaptureScript({
      readSsiPage: () => ({ ok: true, reading: structuredClone(READING) }),
      reply: () => ({ ok: true, outcome: "saved", note: { text: "SSI 72 saved · +2 this week", tone: "success", dismiss: "Dismiss" } }),
    });
    await until(() => page.shadowRoots.length > 0);
    const host = /** @type {HTMLElement} */ (page.document.querySelector("[data-ssi-companion-note]"));
    assert.equal(host.getAttribute("data-ssi-companion-note"), "success");
    const root = page.shadowRoots[0];
    assert.equal(root.querySelector(".text")?.textContent, "SSI 72 saved · +2 this week");
    assert.equal(root.querySelector(".note")?.getAttribute("role"), "status");
    /** @type {HTMLButtonElement} */ (root.querySelector("button")).click();
    assert.equal(page.document.querySelector("[data-ssi-companion-note]"), null);
  });

  it("fades the note out by itself", async () => {
    const page = runCaptureScript({ readSsiPage: () => ({ ok: true, reading: structuredClone(READING) }) });
    await until(() => page.shadowRoots.length > 0);
    // 6 s for a success note, at TIME_SCALE 50: about 120 ms, then the fade.
    await until(() => page.document.querySelector("[data-ssi-companion-note]") === null, 3000);
  });

  it("says so on the page when the extension cannot be reached", async () => {
    const page = runCaptureScript({
      readSsiPage: () => ({ ok: true, reading: structuredClone(READING) }),
      reply: () => {
        throw new Error("Extension context invalidated.");
      },
    });
    await until(() => page.shadowRoots.length > 0);
    assert.match(String(page.shadowRoots[0].querySelector(".text")?.textContent), /could not save this visit/);
  });

  it("turns the real reader's reading of a saved SSI page into a valid snapshot", async () => {
    const html = readFileSync(repoPath("tests/fixtures/pages/a-en.html"), "utf8");
    const page = runCaptureScript({ html, url: "https://www.linkedin.com/sales/ssi" });
    await until(() => page.sent.length > 0);
    const [{ type, snapshot }] = page.sent;
    assert.equal(type, "capture/snapshot");
    assert.ok(validateSnapshot(snapshot), JSON.stringify(validateSnapshot.errors));
    assert.equal(snapshot.overall, 72);
    assert.deepEqual(snapshot.pillars, READING.pillars);
    assert.equal(snapshot.source.layout, "A");
  });
});

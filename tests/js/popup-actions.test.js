// @ts-check
/** The popup's export buttons, through the real worker: what the user reads when an export cannot run. */
import assert from "node:assert/strict";
import { beforeEach, describe, it } from "node:test";
import { installFakeBrowser, routeToWorker } from "./helpers/fake-browser.js";
import { until } from "./helpers/until.js";

// Before any extension module: lib/browser-api.js takes the browser's API object when first imported.
const browser = installFakeBrowser({ uiLanguage: "de-DE" });
const { loadPage, text, translatorFor } = await import("./helpers/page-dom.js");
const { wireActions } = await import("../../extension/popup/actions.js");

await routeToWorker(browser, "popup/popup.html");

/** @param {Document} document */
async function exportStatusAfterClick(document) {
  /** @type {HTMLButtonElement} */ (document.querySelector('[data-testid="export-csv"]')).click();
  const status = () => text(document, "export-status");
  await until(() => status() !== "" && status() !== translatorFor("de")("export_running"), 2000, "the export's outcome");
  return status();
}

beforeEach(async () => {
  browser.companion.setUp(true);
  await browser.chrome.storage.local.set({ settings: { port: 8723, profile: "me", language: "de" } });
  await browser.chrome.storage.local.remove("auth");
});

describe("popup export", () => {
  it("says in words that this browser is not paired, not the internal code", async () => {
    const document = loadPage("popup/popup.html");
    wireActions({ t: translatorFor("de"), onOutboxChanged: () => undefined });
    assert.equal(await exportStatusAfterClick(document), "Export fehlgeschlagen: Nicht verbunden");
  });

  it("says to start the companion when it is not running", async () => {
    await browser.chrome.storage.local.set({ auth: { token: browser.http.token, paired_at: "2026-11-01T00:00:00Z" } });
    browser.companion.setUp(false);
    const document = loadPage("popup/popup.html");
    wireActions({ t: translatorFor("de"), onOutboxChanged: () => undefined });
    assert.equal(await exportStatusAfterClick(document), translatorFor("de")("export_unreachable"));
  });
});

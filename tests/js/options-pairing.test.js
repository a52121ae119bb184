// @ts-check
/**
 * The options page's pairing form through the real worker: each failure in the user's language,
 * and forgetting the pairing, which revokes the token at the companion when it can.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { installFakeBrowser, routeToWorker } from "./helpers/fake-browser.js";
import { until } from "./helpers/until.js";

// Before any extension module: lib/browser-api.js takes the browser's API object when first imported.
const browser = installFakeBrowser({ uiLanguage: "de-DE" });
const { loadPage, text, translatorFor } = await import("./helpers/page-dom.js");
const { wirePairing } = await import("../../extension/options/pairing.js");

await routeToWorker(browser, "options/options.html");

/** The companion answers POST /v1/pair with `status` and `error`. @param {number} status @param {string} message */
function pairAnswers(status, message) {
  const fetch = globalThis.fetch;
  globalThis.fetch = async (input, init) =>
    new URL(String(input)).pathname === "/v1/pair"
      ? Response.json({ error: { code: "unavailable", message, path: null } }, { status })
      : fetch(input, init);
  return () => void (globalThis.fetch = fetch);
}

describe("options pairing", () => {
  for (const lang of /** @type {const} */ (["de", "es"])) {
    it(`says in ${lang} that the companion is busy while an import holds its history`, async () => {
      await browser.chrome.storage.local.set({ settings: { port: 8723, profile: "me", language: lang } });
      const restore = pairAnswers(503, "the companion's database is locked by another process");
      try {
        const document = loadPage("options/options.html");
        const t = translatorFor(lang);
        wirePairing({ t, locale: lang });
        /** @type {HTMLInputElement} */ (document.querySelector('[data-testid="pair-code"]')).value = "ABCD-EFGH";
        /** @type {HTMLFormElement} */ (document.querySelector('[data-testid="pair-form"]')).requestSubmit();
        await until(() => text(document, "pair-result") !== t("pairing_running") && text(document, "pair-result") !== "", 2000, "the pairing's outcome");
        assert.equal(text(document, "pair-result"), t("pairing_busy"));
        assert.doesNotMatch(text(document, "pair-result"), /locked/);
      } finally {
        restore();
      }
    });
  }
});

describe("forgetting the pairing", () => {
  /** Opens the options page in German, paired, and clicks "Forget this pairing". */
  async function forget() {
    await browser.chrome.storage.local.set({
      settings: { port: 8723, profile: "me", language: "de" },
      auth: { token: browser.http.token, paired_at: "2026-11-01T00:00:00Z" },
    });
    const document = loadPage("options/options.html");
    const t = translatorFor("de");
    wirePairing({ t, locale: "de" });
    const sent = browser.http.requests.length;
    /** @type {HTMLButtonElement} */ (document.querySelector('[data-testid="unpair"]')).click();
    await until(() => text(document, "pair-result") !== "", 2000, "the outcome of forgetting");
    const revocations = browser.http.requests
      .slice(sent)
      .filter((request) => request.method === "DELETE" && request.url.pathname === "/v1/pair");
    const { auth } = await browser.chrome.storage.local.get("auth");
    return { document, t, revocations, auth };
  }

  it("has the companion revoke the token, then deletes it here", async () => {
    browser.companion.setUp(true);
    const { document, t, revocations, auth } = await forget();
    assert.equal(text(document, "pair-result"), t("pairing_forgotten"));
    assert.equal(revocations.length, 1);
    assert.equal(revocations[0].headers.Authorization, `Bearer ${browser.http.token}`);
    assert.equal(auth, undefined);
  });

  it("deletes the token here even when the companion cannot be told, and says it still accepts it", async () => {
    browser.companion.setUp(false);
    try {
      const { document, t, revocations, auth } = await forget();
      assert.equal(text(document, "pair-result"), t("pairing_forgotten_here"));
      assert.equal(/** @type {HTMLElement} */ (document.querySelector('[data-testid="pair-result"]')).dataset.tone, "warn");
      assert.equal(revocations.length, 1, "it tried");
      assert.equal(auth, undefined);
    } finally {
      browser.companion.setUp(true);
    }
  });
});

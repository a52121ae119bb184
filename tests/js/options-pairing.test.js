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

/**
 * The companion answers `method` /v1/pair with `status` and an error saying `message`.
 * @param {"POST" | "DELETE"} method @param {number} status @param {string} message
 */
function pairAnswers(method, status, message) {
  const fetch = globalThis.fetch;
  globalThis.fetch = async (input, init) =>
    new URL(String(input)).pathname === "/v1/pair" && (init?.method ?? "GET") === method
      ? Response.json({ error: { code: "unavailable", message, path: null } }, { status })
      : fetch(input, init);
  return () => void (globalThis.fetch = fetch);
}

describe("options pairing", () => {
  for (const lang of /** @type {const} */ (["de", "es"])) {
    it(`says in ${lang} that the companion is busy while an import holds its history`, async () => {
      await browser.chrome.storage.local.set({ settings: { port: 8723, profile: "me", language: lang } });
      const restore = pairAnswers("POST", 503, "the companion's database is locked by another process");
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

  // 401: this companion does not know the token, so there is nothing it could revoke; 503: it
  // is busy (an import) and could not.
  for (const [status, key] of /** @type {const} */ ([[401, "pairing_forgotten"], [503, "pairing_forgotten_here"]])) {
    it(`deletes the token here when the companion answers ${status}, and says ${key}`, async () => {
      const restore = pairAnswers("DELETE", status, "no");
      try {
        const { document, t, auth } = await forget();
        assert.equal(text(document, "pair-result"), t(key));
        assert.equal(auth, undefined);
      } finally {
        restore();
      }
    });
  }

  it("keeps a pairing made while the companion was being asked to revoke the old one", async () => {
    const fetch = globalThis.fetch;
    /** @type {(value?: unknown) => void} */
    let asked = () => {};
    /** @type {(value?: unknown) => void} */
    let answer = () => {};
    const beingAsked = new Promise((resolve) => void (asked = resolve));
    const answered = new Promise((resolve) => void (answer = resolve));
    globalThis.fetch = async (input, init) => {
      if (new URL(String(input)).pathname === "/v1/pair" && init?.method === "DELETE") {
        asked();
        await answered;
        return new Response(null, { status: 204 });
      }
      return fetch(input, init);
    };
    try {
      const forgetting = forget();
      await beingAsked;
      const newer = { token: "tok-newer", paired_at: "2026-11-02T00:00:00Z" };
      await browser.chrome.storage.local.set({ auth: newer }); // as handlePair stores a new token
      answer();
      const { auth } = await forgetting;
      assert.deepEqual(auth, newer);
    } finally {
      globalThis.fetch = fetch;
    }
  });

  it("says that removing the pairing failed, and why, when the browser cannot delete the token", async () => {
    const local = browser.chrome.storage.local;
    const remove = local.remove;
    local.remove = async () => {
      throw new Error("storage is gone");
    };
    browser.companion.setUp(true);
    try {
      const { document, t, revocations } = await forget();
      assert.equal(text(document, "pair-result"), t("forget_error", "storage is gone"));
      assert.notEqual(t("forget_error", "x"), t("pairing_error", "x"));
      assert.equal(revocations.length, 1, "the companion was asked first");
    } finally {
      local.remove = remove;
    }
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

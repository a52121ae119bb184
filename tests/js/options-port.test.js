// @ts-check
/**
 * Ports browsers refuse to connect to: the options page refuses them in the user's language and
 * saves nothing, and the list is the companion's (`serve` refuses the same ports).
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { installFakeBrowser, routeToWorker } from "./helpers/fake-browser.js";
import { until } from "./helpers/until.js";

// Before any extension module: lib/browser-api.js takes the browser's API object when first imported.
const browser = installFakeBrowser({ uiLanguage: "de-DE" });
const { loadPage, text, translatorFor } = await import("./helpers/page-dom.js");
const { BROWSER_BLOCKED_PORTS, isBlockedPort } = await import("../../extension/lib/settings.js");

await routeToWorker(browser, "options/options.html");

/** The numbers of companion/settings.py's BROWSER_BLOCKED_PORTS. */
function companionBlockedPorts() {
  const source = readFileSync(new URL("../../companion/settings.py", import.meta.url), "utf8");
  const literal = source.match(/BROWSER_BLOCKED_PORTS: Final = frozenset\(\s*\{([^}]*)\}/);
  assert.ok(literal, "companion/settings.py defines BROWSER_BLOCKED_PORTS as a frozenset literal");
  return literal[1].split(",").map((n) => n.trim()).filter(Boolean).map(Number);
}

describe("ports browsers block", () => {
  it("are the ones the companion refuses to listen on", () => {
    const companion = companionBlockedPorts();
    assert.ok(companion.includes(6000) && companion.includes(10080));
    assert.deepEqual([...BROWSER_BLOCKED_PORTS].sort((a, b) => a - b), companion.sort((a, b) => a - b));
  });

  it("are told apart from ports the extension can reach, and from what is not a port", () => {
    assert.equal(isBlockedPort(6000), true);
    assert.equal(isBlockedPort("6667"), true);
    assert.equal(isBlockedPort(8723), false);
    assert.equal(isBlockedPort(6001), false);
    assert.equal(isBlockedPort(0), false);
    assert.equal(isBlockedPort("x"), false);
  });

  it("are refused by the options page in the user's language, saved or typed, and nothing is saved", async () => {
    // Saved before the options page refused them: said as soon as the page opens.
    await browser.chrome.storage.local.set({ settings: { port: 6000, profile: "me", language: "de" } });
    const document = loadPage("options/options.html");
    const t = translatorFor("de");
    await import("../../extension/options/options.js");
    const port = /** @type {HTMLInputElement} */ (document.querySelector('[data-testid="setting-port"]'));
    await until(() => port.value === "6000" && text(document, "settings-status") !== "", 2000, "the options page showing the saved port");
    assert.equal(text(document, "settings-status"), t("blocked_port", 6000));
    assert.match(text(document, "settings-status"), /6000/);
    assert.equal(port.validity.customError, true);

    const change = (/** @type {string} */ value) => {
      port.value = value;
      port.dispatchEvent(new (/** @type {any} */ (document.defaultView)).Event("change", { bubbles: true }));
    };
    /** @returns {Promise<number>} */
    const savedPort = async () => (/** @type {any} */ (await browser.chrome.storage.local.get("settings"))).settings.port;

    // A port the browser can reach is saved, and the field is valid again.
    change("8724");
    await until(() => text(document, "settings-status") === t("settings_saved"), 2000, "the port being saved");
    assert.equal(port.validity.customError, false);
    assert.equal(await savedPort(), 8724);

    // Typed: refused, and the port saved before stays.
    change("6667");
    await until(() => text(document, "settings-status") === t("blocked_port", 6667), 2000, "the options page's verdict");
    assert.equal(port.validity.customError, true);
    assert.equal(await savedPort(), 8724);
  });
});

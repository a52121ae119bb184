// @ts-check
/**
 * The settings copy in localStorage (lib/storage.js), which the popup starts with instead of
 * waiting for storage.local: written whenever a page reads or saves the settings, normalised
 * when read back, never trusted when unreadable, and absent where there is no localStorage
 * (the service worker). tests/e2e checks the popup starting again when the copy is out of date.
 */
import assert from "node:assert/strict";
import { beforeEach, describe, it } from "node:test";
import { installFakeBrowser } from "./helpers/fake-browser.js";

const browser = installFakeBrowser();
const { copiedSettings, getSettings, sameSettings, saveSettings } = await import("../../extension/lib/storage.js");
const { DEFAULT_SETTINGS } = await import("../../extension/lib/settings.js");

const COPY = "ssi-companion.settings";

/** A page's localStorage: strings in, strings out. */
class MemoryStorage {
  constructor() {
    /** @type {Map<string, string>} */
    this.items = new Map();
  }
  /** @param {string} key */
  getItem(key) {
    return this.items.get(key) ?? null;
  }
  /** @param {string} key @param {string} value */
  setItem(key, value) {
    this.items.set(key, String(value));
  }
}

/** @param {MemoryStorage | undefined} storage */
function setLocalStorage(storage) {
  Object.defineProperty(globalThis, "localStorage", { value: storage, configurable: true, writable: true });
}

/** The page's localStorage in the current test. */
let storage = new MemoryStorage();

beforeEach(async () => {
  storage = new MemoryStorage();
  setLocalStorage(storage);
  await browser.chrome.storage.local.remove("settings");
});

describe("the settings copy", () => {
  it("is written when a page reads the settings, and read back as they were", async () => {
    assert.equal(copiedSettings(), null, "no copy before any read");
    await browser.chrome.storage.local.set({ settings: { port: 8724, language: "es", profile: "anna" } });
    const settings = await getSettings();
    assert.deepEqual(settings, { ...DEFAULT_SETTINGS, port: 8724, language: "es", profile: "anna" });
    assert.deepEqual(copiedSettings(), settings);
    assert.ok(sameSettings(/** @type {any} */ (copiedSettings()), settings));
  });

  it("follows every save", async () => {
    await saveSettings({ language: "de" });
    await saveSettings({ reminderDays: 7 });
    const expected = { ...DEFAULT_SETTINGS, language: "de", reminderDays: 7 };
    assert.deepEqual(browser.local().settings, expected);
    assert.deepEqual(copiedSettings(), expected);
  });

  it("is normalised when read, and ignored when it cannot be read", async () => {
    storage.setItem(COPY, JSON.stringify({ port: "99999", language: "xx", badge: false }));
    assert.deepEqual(copiedSettings(), { ...DEFAULT_SETTINGS, badge: false });
    storage.setItem(COPY, "{not json");
    assert.equal(copiedSettings(), null);
  });

  it("differs from the stored settings once they change without it", async () => {
    await saveSettings({ language: "de" });
    await browser.chrome.storage.local.set({ settings: { ...DEFAULT_SETTINGS, language: "es" } });
    const copy = /** @type {any} */ (copiedSettings());
    assert.equal(copy.language, "de");
    assert.equal(sameSettings(copy, await getSettings()), false);
    assert.equal(/** @type {any} */ (copiedSettings()).language, "es", "reading the settings renews the copy");
  });

  it("is neither read nor written without localStorage, as in the service worker", async () => {
    setLocalStorage(undefined);
    assert.equal(copiedSettings(), null);
    assert.deepEqual(await saveSettings({ language: "es" }), { ...DEFAULT_SETTINGS, language: "es" });
    assert.deepEqual(await getSettings(), { ...DEFAULT_SETTINGS, language: "es" });
  });

  it("does not stop a save when localStorage refuses to write", async () => {
    setLocalStorage(
      Object.assign(new MemoryStorage(), {
        setItem() {
          throw new Error("QuotaExceededError");
        },
      }),
    );
    assert.deepEqual(await saveSettings({ language: "de" }), { ...DEFAULT_SETTINGS, language: "de" });
    assert.equal(browser.local().settings.language, "de");
    assert.equal(copiedSettings(), null);
  });
});

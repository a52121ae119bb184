// @ts-check
/**
 * The settings copy in localStorage (lib/storage.js), which the popup starts with instead of
 * waiting for storage.local: written on every save and when a page copies what it read, never
 * by a mere read (the background reads too), normalised when read back, ignored when
 * unreadable, removed when it cannot be renewed, and absent where there is no localStorage (the
 * service worker). tests/e2e checks the popup starting again when the copy is out of date.
 */
import assert from "node:assert/strict";
import { beforeEach, describe, it } from "node:test";
import { installFakeBrowser } from "./helpers/fake-browser.js";

const browser = installFakeBrowser();
const { copiedSettings, copySettings, getSettings, sameSettings, saveSettings } = await import(
  "../../extension/lib/storage.js"
);
const { DEFAULT_SETTINGS } = await import("../../extension/lib/settings.js");

const COPY = "ssi-companion.settings";

/** A page's localStorage: strings in, strings out. */
class MemoryStorage {
  constructor() {
    /** @type {Map<string, string>} */
    this.items = new Map();
    this.writes = 0;
  }
  /** @param {string} key */
  getItem(key) {
    return this.items.get(key) ?? null;
  }
  /** @param {string} key @param {string} value */
  setItem(key, value) {
    this.writes++;
    this.items.set(key, String(value));
  }
  /** @param {string} key */
  removeItem(key) {
    this.items.delete(key);
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
  it("is made by a page from what it read, never by the read alone, and read back as it was", async () => {
    assert.equal(copiedSettings(), null, "no copy before any");
    await browser.chrome.storage.local.set({ settings: { port: 8724, language: "es", profile: "anna" } });
    const settings = await getSettings();
    assert.deepEqual(settings, { ...DEFAULT_SETTINGS, port: 8724, language: "es", profile: "anna" });
    assert.equal(copiedSettings(), null, "a read alone (the background's, say) writes nothing");
    copySettings(settings);
    assert.deepEqual(copiedSettings(), settings);
    assert.ok(sameSettings(/** @type {any} */ (copiedSettings()), settings));
    copySettings(settings);
    assert.equal(storage.writes, 1, "an equal copy is not written again");
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

  it("differs from the stored settings once they change without it, until copied again", async () => {
    await saveSettings({ language: "de" });
    await browser.chrome.storage.local.set({ settings: { ...DEFAULT_SETTINGS, language: "es" } });
    const stored = await getSettings();
    assert.equal(sameSettings(/** @type {any} */ (copiedSettings()), stored), false);
    copySettings(stored);
    assert.equal(/** @type {any} */ (copiedSettings()).language, "es");
  });

  it("is neither read nor written without localStorage, as in the service worker", async () => {
    setLocalStorage(undefined);
    assert.equal(copiedSettings(), null);
    assert.deepEqual(await saveSettings({ language: "es" }), { ...DEFAULT_SETTINGS, language: "es" });
    assert.deepEqual(await getSettings(), { ...DEFAULT_SETTINGS, language: "es" });
  });

  it("is removed rather than left out of date when localStorage refuses to write", async () => {
    await saveSettings({ language: "de" });
    storage.setItem = () => {
      throw new Error("QuotaExceededError");
    };
    assert.deepEqual(await saveSettings({ language: "es" }), { ...DEFAULT_SETTINGS, language: "es" });
    assert.equal(browser.local().settings.language, "es", "the save itself is not stopped");
    assert.equal(copiedSettings(), null, "no copy rather than the old one");
  });

  it("stays as it was when it can be neither written nor removed", async () => {
    await saveSettings({ language: "de" });
    storage.setItem = storage.removeItem = () => {
      throw new Error("SecurityError");
    };
    copySettings({ ...DEFAULT_SETTINGS, language: "es" });
    assert.equal(/** @type {any} */ (copiedSettings()).language, "de");
  });
});

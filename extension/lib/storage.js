// @ts-check
/**
 * Typed wrappers around `storage.local`. MV3 service workers are stopped after ~30 s idle, so
 * all state that must survive lives here, never in module globals.
 */
import { api } from "./browser-api.js";
import { KEYS } from "./storage-keys.js";
import { normalizeSettings } from "./settings.js";

/**
 * @typedef {import("./settings.js").Settings} Settings
 * @typedef {{ token: string, paired_at: string }} Auth
 * @typedef {"unknown" | "ok" | "unreachable" | "not_paired" | "unauthorized" | "forbidden" | "error"} Connection
 * @typedef {{ connection: Connection, checked_at: string | null, version: string | null, message: string | null }} Status
 * @typedef {"saved" | "queued" | "refused" | "outbox_full"} CaptureOutcome
 * @typedef {{ at: string, overall: number | null, outcome: CaptureOutcome }} LastCapture
 * @typedef {{ at: string, code: string }} LastReadError
 * @typedef {{ summary: any, advice: any, at: string, profile: string }} LastKnown
 */

/** A key-value view of storage.local with the shape the pure outbox expects. */
export const localArea = {
  /** @param {string} key */
  async get(key) {
    const items = await api.storage.local.get(key);
    return items[key];
  },
  /** @param {string} key @param {unknown} value */
  async set(key, value) {
    await api.storage.local.set({ [key]: value });
  },
};

/**
 * A copy of the settings in the extension origin's localStorage, which a page reads
 * synchronously: the popup starts with it, because reading storage.local is a round trip to the
 * browser (10–15 ms) that would hold up its first chart. Pages write it: every save, and the
 * popup after each read of storage.local; the background never does (Chromium's service worker
 * has no localStorage, and Firefox's event page must not put an old read over a newer save).
 * A copy only: it can be out of date (settings changed by other means, a failed write, a read
 * racing a save), so a page that starts with it also reads storage.local and starts again if
 * they differ.
 */
const SETTINGS_COPY = "ssi-companion.settings";

/** @returns {Settings | null} the copy, or null without one (or with one that cannot be read) */
export function copiedSettings() {
  try {
    const text = globalThis.localStorage?.getItem(SETTINGS_COPY);
    return text ? normalizeSettings(JSON.parse(text)) : null;
  } catch {
    return null;
  }
}

/** Makes the copy equal to `settings` (a no-op where there is no localStorage). @param {Settings} settings */
export function copySettings(settings) {
  const text = JSON.stringify(settings);
  try {
    if (globalThis.localStorage?.getItem(SETTINGS_COPY) !== text) globalThis.localStorage?.setItem(SETTINGS_COPY, text);
  } catch {
    // localStorage full or disabled: no copy rather than an old one, so pages wait for
    // storage.local instead of starting again and again with it.
    try {
      globalThis.localStorage?.removeItem(SETTINGS_COPY);
    } catch {
      // Not even that: copiedSettings() then answers what removeItem could not remove, and the
      // popup carries on with it rather than start again (see popup.js).
    }
  }
}

/** @param {Settings} a @param {Settings} b */
export function sameSettings(a, b) {
  // Both normalised: the same keys in the same order.
  return JSON.stringify(a) === JSON.stringify(b);
}

/** @returns {Promise<Settings>} */
export async function getSettings() {
  return normalizeSettings(await localArea.get(KEYS.settings));
}

/** @param {Partial<Settings>} patch @returns {Promise<Settings>} */
export async function saveSettings(patch) {
  const next = normalizeSettings({ ...(await getSettings()), ...patch });
  await localArea.set(KEYS.settings, next);
  copySettings(next);
  return next;
}

/** @returns {Promise<Auth | null>} */
export async function getAuth() {
  const auth = await localArea.get(KEYS.auth);
  return auth && typeof auth.token === "string" && auth.token ? auth : null;
}

/** @param {string} token */
export async function setAuth(token) {
  await localArea.set(KEYS.auth, { token, paired_at: new Date().toISOString() });
}

export async function clearAuth() {
  await api.storage.local.remove(KEYS.auth);
}

/** @returns {Promise<Status>} */
export async function getStatus() {
  return (
    (await localArea.get(KEYS.status)) ?? {
      connection: "unknown",
      checked_at: null,
      version: null,
      message: null,
    }
  );
}

/** @param {Partial<Status>} patch */
export async function updateStatus(patch) {
  const next = { ...(await getStatus()), ...patch, checked_at: new Date().toISOString() };
  await localArea.set(KEYS.status, next);
  return next;
}

/** @returns {Promise<LastCapture | null>} */
export async function getLastCapture() {
  return (await localArea.get(KEYS.lastCapture)) ?? null;
}

/** @param {LastCapture} capture */
export async function setLastCapture(capture) {
  await localArea.set(KEYS.lastCapture, capture);
}

/** @returns {Promise<LastReadError | null>} */
export async function getLastReadError() {
  return (await localArea.get(KEYS.lastReadError)) ?? null;
}

/** @param {LastReadError} failure */
export async function setLastReadError(failure) {
  await localArea.set(KEYS.lastReadError, failure);
}

/** @returns {Promise<LastKnown | null>} */
export async function getLastKnown() {
  return (await localArea.get(KEYS.lastKnown)) ?? null;
}

/** @param {Omit<LastKnown, "at">} known */
export async function setLastKnown(known) {
  await localArea.set(KEYS.lastKnown, { ...known, at: new Date().toISOString() });
}

/** @returns {Promise<{ notified_at: string | null }>} */
export async function getReminderState() {
  return (await localArea.get(KEYS.reminder)) ?? { notified_at: null };
}

/** @param {string} notifiedAt */
export async function setReminderState(notifiedAt) {
  await localArea.set(KEYS.reminder, { notified_at: notifiedAt });
}

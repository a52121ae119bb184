// @ts-check
/** The user's preferences, as edited on the options page. Pure: no browser APIs here. */

/** Languages the UI and the companion's advice exist in. */
export const UI_LANGUAGES = /** @type {const} */ (["en", "de", "es"]);

/**
 * @typedef {"auto" | "en" | "de" | "es"} LanguageSetting
 * @typedef {{
 *   port: number,
 *   language: LanguageSetting,
 *   reminderDays: number,
 *   badge: boolean,
 *   profile: string,
 * }} Settings
 */

/** @type {Readonly<Settings>} */
export const DEFAULT_SETTINGS = Object.freeze({
  port: 8723,
  language: "auto",
  reminderDays: 0,
  badge: true,
  profile: "me",
});

export const MAX_REMINDER_DAYS = 365;
export const MAX_PROFILE_LENGTH = 64;

/**
 * Fills gaps and repairs values from storage, so callers never see a half-written or
 * hand-edited object. Invalid values fall back to the default rather than failing.
 * @param {unknown} raw
 * @returns {Settings}
 */
export function normalizeSettings(raw) {
  const input = raw && typeof raw === "object" ? /** @type {Record<string, unknown>} */ (raw) : {};
  return {
    port: isPort(input.port) ? Number(input.port) : DEFAULT_SETTINGS.port,
    language: isLanguageSetting(input.language) ? input.language : DEFAULT_SETTINGS.language,
    reminderDays: isReminderDays(input.reminderDays)
      ? Number(input.reminderDays)
      : DEFAULT_SETTINGS.reminderDays,
    badge: typeof input.badge === "boolean" ? input.badge : DEFAULT_SETTINGS.badge,
    profile: isProfile(input.profile) ? input.profile.trim() : DEFAULT_SETTINGS.profile,
  };
}

/**
 * Ports browsers refuse to connect to: the Fetch standard's "bad ports", which Chromium and
 * Firefox block for every request, the extension's too. A companion listening on one could
 * never be reached. companion/settings.py refuses them for `serve` (tests/js keeps the two
 * lists equal).
 * @type {ReadonlySet<number>}
 */
export const BROWSER_BLOCKED_PORTS = new Set([
  1, 7, 9, 11, 13, 15, 17, 19, 20, 21, 22, 23, 25, 37, 42, 43, 53, 69, 77, 79, 87, 95, 101, 102, 103, 104,
  109, 110, 111, 113, 115, 117, 119, 123, 135, 137, 139, 143, 161, 179, 389, 427, 465, 512, 513, 514, 515,
  526, 530, 531, 532, 540, 548, 554, 556, 563, 587, 601, 636, 989, 990, 993, 995, 1719, 1720, 1723, 2049,
  3659, 4045, 4190, 5060, 5061, 6000, 6566, 6665, 6666, 6667, 6668, 6669, 6679, 6697, 10080,
]);

/** @param {unknown} value */
export function isPort(value) {
  const n = Number(value);
  return value !== "" && value !== null && Number.isInteger(n) && n >= 1 && n <= 65535;
}

/** @param {unknown} value  a port (see isPort) that browsers refuse to connect to */
export function isBlockedPort(value) {
  return isPort(value) && BROWSER_BLOCKED_PORTS.has(Number(value));
}

/** @param {unknown} value @returns {value is LanguageSetting} */
export function isLanguageSetting(value) {
  return value === "auto" || UI_LANGUAGES.includes(/** @type {any} */ (value));
}

/** @param {unknown} value */
export function isReminderDays(value) {
  const n = Number(value);
  return value !== "" && value !== null && Number.isInteger(n) && n >= 0 && n <= MAX_REMINDER_DAYS;
}

/**
 * Same rule as the companion's ProfileName: 1–64 characters, no control characters.
 * @param {unknown} value @returns {value is string}
 */
export function isProfile(value) {
  if (typeof value !== "string") return false;
  const trimmed = value.trim();
  // eslint-disable-next-line no-control-regex
  return trimmed.length >= 1 && trimmed.length <= MAX_PROFILE_LENGTH && !/[\x00-\x1f\x7f]/.test(trimmed);
}

/** @param {Settings} settings */
export function companionBaseUrl(settings) {
  return `http://127.0.0.1:${settings.port}`;
}

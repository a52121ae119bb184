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

/** @param {unknown} value */
export function isPort(value) {
  const n = Number(value);
  return value !== "" && value !== null && Number.isInteger(n) && n >= 1 && n <= 65535;
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

// @ts-check
/**
 * Locale-aware formatting of scores, deltas, ranks and dates. Pure (Intl only), so the popup,
 * the dashboard and the tests share one definition of "+2" / "−0,5" / "vor 2 Tagen".
 */

export const MISSING = "—";

/** Intl objects are costly to build and these run per row/label: keep one per option set. */
const numberFormats = new Map();
/** @param {string} locale @param {Intl.NumberFormatOptions} options */
function numberFormat(locale, options) {
  const key = `${locale}|${JSON.stringify(options)}`;
  if (!numberFormats.has(key)) numberFormats.set(key, new Intl.NumberFormat(locale, options));
  return numberFormats.get(key);
}

/**
 * A score as the page shows it: the total as an integer, components with up to two decimals.
 * @param {number | null | undefined} value
 * @param {string} locale
 * @param {{ maximumFractionDigits?: number }} [options]
 */
export function formatScore(value, locale, { maximumFractionDigits = 2 } = {}) {
  if (typeof value !== "number" || !Number.isFinite(value)) return MISSING;
  return numberFormat(locale, { maximumFractionDigits }).format(value);
}

/**
 * A change with an explicit sign: "+2", "-0.5", and "±0" for no change (a bare "0" reads like
 * missing data). `null` (no earlier snapshot) is a dash.
 * @param {number | null | undefined} value
 * @param {string} locale
 * @param {{ maximumFractionDigits?: number }} [options]
 */
export function formatDelta(value, locale, { maximumFractionDigits = 1 } = {}) {
  if (typeof value !== "number" || !Number.isFinite(value)) return MISSING;
  const factor = 10 ** maximumFractionDigits;
  if (Math.round(Math.abs(value) * factor) === 0) return `±${numberFormat(locale, {}).format(0)}`;
  return numberFormat(locale, { maximumFractionDigits, signDisplay: "exceptZero" }).format(value);
}

/**
 * "4 %" style percentages for "Top N%" ranks, with the locale's spacing.
 * @param {number | null | undefined} topPercent
 * @param {string} locale
 */
export function formatPercent(topPercent, locale) {
  if (typeof topPercent !== "number" || !Number.isFinite(topPercent)) return MISSING;
  return numberFormat(locale, { style: "percent", maximumFractionDigits: 1 }).format(topPercent / 100);
}

/** @param {number} value @param {string} locale */
export function formatCount(value, locale) {
  return numberFormat(locale, {}).format(value);
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * "2 days ago", "vor 2 Tagen", "hace 2 días"; "yesterday" where the language has a word for it.
 * @param {string | number | Date} when
 * @param {number} now  epoch milliseconds
 * @param {string} locale
 */
export function formatRelative(when, now, locale) {
  const time = new Date(when).getTime();
  if (!Number.isFinite(time)) return MISSING;
  const rtf = new Intl.RelativeTimeFormat(locale, { numeric: "auto" });
  const diff = time - now; // negative: in the past
  const size = Math.abs(diff);
  if (size < 10 * SECOND) return rtf.format(0, "second");
  if (size < 45 * SECOND) return rtf.format(Math.round(diff / SECOND), "second");
  if (size < 45 * MINUTE) return rtf.format(Math.round(diff / MINUTE), "minute");
  if (size < 22 * HOUR) return rtf.format(Math.round(diff / HOUR), "hour");
  if (size < 26 * DAY) return rtf.format(Math.round(diff / DAY), "day");
  if (size < 320 * DAY) return rtf.format(Math.round(diff / (30.4375 * DAY)), "month");
  return rtf.format(Math.round(diff / (365.25 * DAY)), "year");
}

/** @param {string | number | Date} when @param {string} locale */
export function formatDate(when, locale) {
  const date = new Date(when);
  if (!Number.isFinite(date.getTime())) return MISSING;
  return new Intl.DateTimeFormat(locale, { dateStyle: "medium" }).format(date);
}

/** @param {string | number | Date} when @param {string} locale */
export function formatDateTime(when, locale) {
  const date = new Date(when);
  if (!Number.isFinite(date.getTime())) return MISSING;
  return new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short" }).format(date);
}

/**
 * A calendar date from the companion ("2027-01-10", no time zone) without shifting it a day.
 * @param {string | null | undefined} isoDate
 * @param {string} locale
 */
export function formatCalendarDate(isoDate, locale) {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate ?? "");
  if (!match) return MISSING;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeZone: "UTC" }).format(date);
}

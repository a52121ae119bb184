// @ts-check
/** The dashboard's facts: the score, its goal, the 30-day change and where the current pace leads. */
import { byTestId } from "../lib/dom.js";
import { formatCalendarDate, formatDelta, formatScore } from "../lib/format.js";

/**
 * @param {any} summary  a Summary, or null
 * @param {import("../lib/i18n.js").Translate} t
 * @param {string} locale
 */
export function renderFacts(summary, t, locale) {
  const overall = summary?.metrics?.overall;
  byTestId("overall-score").textContent = formatScore(summary?.latest?.overall, locale, { maximumFractionDigits: 0 });
  byTestId("overall-goal").textContent = formatScore(overall?.goal, locale);
  byTestId("delta-30d").textContent = formatDelta(overall?.delta?.["30d"], locale);
  byTestId("projection").textContent = projectionText(summary, t, locale);
}

/**
 * Where the current pace leads, in words. A goal already met is said to be reached (the
 * companion dates that "today" and needs 0 points a week), and without a capture there is no
 * pace to project from.
 * @param {any} summary  a Summary, or null
 * @param {import("../lib/i18n.js").Translate} t
 * @param {string} locale
 */
export function projectionText(summary, t, locale) {
  const projection = summary?.projection;
  if (typeof projection?.goal !== "number") return t("projection_no_goal");
  const goal = formatScore(projection.goal, locale);
  const latest = summary.latest?.overall;
  if (typeof latest !== "number") return t("projection_no_data", goal);
  if (latest >= projection.goal) return t("goal_reached", goal);
  const pace = projection.reach_date
    ? t("projection_reach", goal, formatCalendarDate(projection.reach_date, locale))
    : t("projection_never", goal);
  const needed = projection.needed_per_week;
  return typeof needed === "number" && needed > 0 ? `${pace} · ${t("projection_needed", formatDelta(needed, locale))}` : pace;
}

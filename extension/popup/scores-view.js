// @ts-check
/** The latest SSI, its four components against their goals, the deltas and the capture time. */
import { byTestId, el, show } from "../lib/dom.js";
import { formatDateTime, formatDelta, formatRelative, formatScore } from "../lib/format.js";
import { i18nKey } from "../lib/i18n.js";
import { PILLAR_KEYS } from "../lib/series.js";

/** @typedef {{ t: import("../lib/i18n.js").Translate, locale: string, now: number }} View */

const STATUS_KEYS = {
  met: i18nKey("status_met"),
  on_track: i18nKey("status_on_track"),
  behind: i18nKey("status_behind"),
};

/** @param {HTMLElement} element @param {number | null | undefined} value */
function setTrend(element, value) {
  element.classList.toggle("up", typeof value === "number" && value > 0);
  element.classList.toggle("down", typeof value === "number" && value < 0);
}

/**
 * Sets a bar's fill and goal marker as percentages of `max`.
 * @param {HTMLElement} bar @param {number | null} value @param {number | null} goal @param {number} max
 */
function setBar(bar, value, goal, max) {
  const percent = (/** @type {number} */ v) => `${Math.min(100, Math.max(0, (v / max) * 100))}%`;
  /** @type {HTMLElement} */ (bar.querySelector(".fill")).style.width = value === null ? "0" : percent(value);
  const marker = /** @type {HTMLElement} */ (bar.querySelector(".goal-marker"));
  show(marker, goal !== null);
  if (goal !== null) marker.style.left = percent(goal);
  if (value !== null) bar.setAttribute("aria-valuenow", String(value));
}

/** @param {any} value */
const numberOrNull = (value) => (typeof value === "number" ? value : null);

/** Builds a pillar row's value, delta and bar once; later renders only update them. */
function pillarRow(/** @type {string} */ key) {
  const row = byTestId(`pillar-${key}`);
  if (!row.querySelector(".pillar-head")) {
    const label = /** @type {HTMLElement} */ (row.querySelector(".label"));
    const head = el("div", { className: "pillar-head" }, [
      label,
      el("span", { className: "value", "data-testid": `pillar-${key}-value`, text: "—" }),
      el("span", { className: "muted", text: "/ 25" }),
      el("span", { className: "delta", "data-testid": `pillar-${key}-delta` }),
    ]);
    const bar = el("div", { className: "bar", role: "meter", "aria-valuemin": 0, "aria-valuemax": 25 }, [
      el("div", { className: "fill" }),
      el("div", { className: "goal-marker", hidden: true }),
    ]);
    bar.setAttribute("aria-label", label.textContent ?? key);
    row.append(head, bar, el("p", { className: "goal-text muted", "data-testid": `pillar-${key}-goal` }));
  }
  return row;
}

/**
 * @param {any} summary  a Summary (CONTRACT.md), or null before the first snapshot
 * @param {View} view
 */
export function renderScores(summary, { t, locale, now }) {
  const latest = summary?.latest ?? null;
  const overall = summary?.metrics?.overall;

  byTestId("overall-score").textContent = formatScore(latest?.overall, locale, { maximumFractionDigits: 0 });
  setBar(byTestId("overall-bar"), numberOrNull(latest?.overall), numberOrNull(overall?.goal), 100);
  byTestId("overall-goal").textContent = goalText(overall, t, locale);
  const chip = byTestId("overall-status");
  show(chip, Boolean(overall?.status));
  if (overall?.status && Object.hasOwn(STATUS_KEYS, overall.status)) {
    chip.dataset.status = overall.status;
    chip.textContent = t(STATUS_KEYS[/** @type {keyof typeof STATUS_KEYS} */ (overall.status)]);
  }

  for (const [testId, field] of [["delta-previous", "previous"], ["delta-7d", "7d"], ["delta-30d", "30d"]]) {
    const value = overall?.delta?.[field];
    const cell = byTestId(testId);
    cell.textContent = formatDelta(value, locale);
    setTrend(cell, value);
  }

  for (const key of PILLAR_KEYS) {
    const row = pillarRow(key);
    const metric = summary?.metrics?.[key];
    const value = numberOrNull(latest?.pillars?.[key]);
    byTestId(`pillar-${key}-value`, row).textContent = formatScore(value, locale);
    const delta = byTestId(`pillar-${key}-delta`, row);
    delta.textContent = formatDelta(metric?.delta?.["7d"], locale);
    delta.title = t("delta_7d");
    setTrend(delta, metric?.delta?.["7d"]);
    setBar(/** @type {HTMLElement} */ (row.querySelector(".bar")), value, numberOrNull(metric?.goal), 25);
    byTestId(`pillar-${key}-goal`, row).textContent = goalText(metric, t, locale);
  }

  const when = byTestId("last-capture");
  when.textContent = latest ? formatRelative(latest.captured_at, now, locale) : t("last_capture_never");
  when.setAttribute("datetime", latest?.captured_at ?? "");
  when.title = latest ? formatDateTime(latest.captured_at, locale) : "";
}

/**
 * "Goal 75 · 3 to go", "Goal 75 · reached", or nothing without a goal.
 * @param {any} metric  a MetricSummary
 * @param {import("../lib/i18n.js").Translate} t
 * @param {string} locale
 */
export function goalText(metric, t, locale) {
  if (typeof metric?.goal !== "number") return t("goal_none");
  const goal = formatScore(metric.goal, locale);
  if (typeof metric.gap !== "number") return t("goal_only", goal);
  if (metric.gap >= 0) return t("goal_reached", goal);
  return t("goal_to_go", goal, formatScore(-metric.gap, locale));
}

/**
 * Explains why the last visit stored nothing, if it came after the last snapshot.
 * @param {{ at: string, code: string } | null} readError
 * @param {string | null} latestCapturedAt
 * @param {View} view
 */
export function renderReadError(readError, latestCapturedAt, { t, locale, now }) {
  const box = byTestId("read-error");
  const newer = readError && (!latestCapturedAt || Date.parse(readError.at) > Date.parse(latestCapturedAt));
  show(box, Boolean(newer));
  if (!readError || !newer) return;
  const when = formatRelative(readError.at, now, locale);
  box.textContent =
    readError.code === "unrecognized_layout"
      ? t("read_error_layout", when)
      : readError.code === "not_ssi_page"
        ? t("read_error_not_ssi", when)
        : t("read_error_not_ready", when);
}

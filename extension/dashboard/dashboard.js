// @ts-check
/**
 * The full-tab dashboard: longer history, goals, peer comparisons and the snapshot table.
 *
 * Its questions to the worker go out before anything else (the history is the slow part), and
 * the history comes as columns (GET /v1/series): the charts draw them as they are and the table
 * reads its page of rows from them. The page preloads its modules (dashboard.html), so they
 * arrive together instead of one import level at a time.
 */
import { CONNECTION_KEYS } from "../lib/labels.js";
import { api } from "../lib/browser-api.js";
import { byTestId, show } from "../lib/dom.js";
import { renderGoalsError } from "../lib/goals-error.js";
import { applyTranslations, i18nKey, loadTranslator } from "../lib/i18n.js";
import { MSG, ask } from "../lib/messages.js";
import { emptyColumns, rangeWindow } from "../lib/series.js";
import { getSettings } from "../lib/storage.js";
import { mountCharts } from "./charts.js";
import { renderFacts } from "./facts.js";
import { mountTable } from "./table.js";

const HELP_KEYS = {
  unreachable: i18nKey("help_unreachable"),
  not_paired: i18nKey("help_not_paired"),
  unauthorized: i18nKey("help_unauthorized"),
  forbidden: i18nKey("help_forbidden"),
  error: i18nKey("help_error"),
};
const DEFAULT_RANGE = "1y";

async function main() {
  // Settled either way: a failed question is reported once the page can say it in words.
  const answers = Promise.allSettled([ask(MSG.overview), ask(MSG.history, { columns: true })]);
  const settings = await getSettings();
  const { t, language, locale } = await loadTranslator(settings.language);
  document.documentElement.lang = language;
  applyTranslations(document, t);
  byTestId("open-options").addEventListener("click", () => api.runtime.openOptionsPage());

  const [overviewAnswer, historyAnswer] = await answers;
  if (overviewAnswer.status === "rejected") throw overviewAnswer.reason;
  const overview = overviewAnswer.value;
  const state = Object.hasOwn(CONNECTION_KEYS, overview.connection) ? overview.connection : "error";
  const badge = byTestId("connection-state");
  badge.dataset.state = state;
  badge.textContent = t(CONNECTION_KEYS[/** @type {keyof typeof CONNECTION_KEYS} */ (state)]);
  const help = byTestId("connection-help");
  const helpKey = Object.hasOwn(HELP_KEYS, state) ? HELP_KEYS[/** @type {keyof typeof HELP_KEYS} */ (state)] : null;
  show(help, Boolean(helpKey));
  if (helpKey) help.textContent = t(helpKey, overview.message ?? "");

  const summary = overview.summary ?? overview.cached?.summary ?? null;
  renderFacts(summary, t, locale);
  renderGoalsError(overview.summary?.goals_error ?? null);

  const columns = (historyAnswer.status === "fulfilled" && historyAnswer.value?.columns) || emptyColumns();
  const empty = columns.time.length === 0;
  show(byTestId("chart-empty"), empty);
  mountTable({ columns, t, locale });
  if (empty) return;

  const charts = mountCharts({ columns, summary, t, locale });
  const buttons = /** @type {HTMLButtonElement[]} */ ([...document.querySelectorAll("[data-range]")]);
  /** @param {string} range */
  const select = (range) => {
    const span = rangeWindow(/** @type {any} */ (range), columns.time);
    if (span) for (const chart of charts) chart.setScale("x", span);
    for (const button of buttons) button.setAttribute("aria-pressed", String(button.dataset.range === range));
  };
  for (const button of buttons) button.addEventListener("click", () => select(button.dataset.range ?? DEFAULT_RANGE));
  select(DEFAULT_RANGE);

  // Keep charts as wide as their cards; resizing is cheap in uPlot (no data copy).
  const observer = new ResizeObserver(() => {
    for (const chart of charts) {
      const width = Math.max(320, chart.root.parentElement?.clientWidth ?? 320);
      if (Math.abs(width - chart.width) > 4) chart.setSize({ width, height: chart.height });
    }
  });
  for (const chart of charts) if (chart.root.parentElement) observer.observe(chart.root.parentElement);
}

main().catch((error) => console.error("SSI Companion dashboard:", error));

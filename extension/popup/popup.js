// @ts-check
/**
 * The toolbar popup (also usable as a tab at popup/popup.html).
 *
 * The order things load in is what makes it quick: each module costs the browser several
 * milliseconds to fetch and compile. This entry point has a single small import and asks the
 * service worker for the chart's series and the overview before anything else loads. The
 * chart's modules, preloaded by popup.html meanwhile, draw as soon as the series is here, which
 * is at once when the worker had it cached; the overview's views load after them.
 */
import { MSG, ask } from "../lib/messages.js";

/** @type {Promise<import("./history-chart.js").SeriesReply | null>} */
const firstSeries = ask(MSG.history, { chart: true, cached: true }).catch(() => null);
/** Settled either way, so that a failure waits for the translations to be reported in words. */
const overview = ask(MSG.overview).then(
  (reply) => ({ reply, error: null }),
  (/** @type {unknown} */ error) => ({ reply: null, error }),
);

/** The UI strings in the user's language: they load while the chart's code does. */
async function loadStrings() {
  const [{ loadTranslator }, { getSettings }] = await Promise.all([import("../lib/i18n.js"), import("../lib/storage.js")]);
  return loadTranslator((await getSettings()).language);
}

async function main() {
  const [{ t, language, locale }, { applyTranslations }, { createHistoryChart, showHistory, refreshHistory }] =
    await Promise.all([loadStrings(), import("../lib/i18n.js"), import("./history-chart.js")]);
  document.documentElement.lang = language;
  applyTranslations(document, t);
  const chart = createHistoryChart({ t, locale });
  const history = showHistory(chart, firstSeries);

  const [{ renderOverview }, { renderOutbox }, { wireActions }] = await Promise.all([
    import("./overview-view.js"),
    import("./status-view.js"),
    import("./actions.js"),
  ]);
  const view = { t, locale, now: Date.now() };
  wireActions({ t, onOutboxChanged: (outbox) => renderOutbox(outbox, { ...view, now: Date.now() }) });
  chart.setGoals(renderOverview(await overview, view));
  // Only now, so that the companion answers the summary and advice first: a cached series is
  // nearly always still right, and reading the whole history takes the companion longest.
  await refreshHistory(chart, await history);
}

main().catch((error) => console.error("SSI Companion popup:", error));

// @ts-check
/**
 * The toolbar popup (also usable as a tab at popup/popup.html).
 *
 * The order things load in is what makes it quick: each module costs the browser several
 * milliseconds to fetch and compile. This entry point has a single small import and asks the
 * service worker for the overview before anything else loads. The settings (a synchronous copy,
 * checked against storage.local once the chart is drawn), the chart's series (read from the
 * worker's copy, see first-series.js), the UI strings and the chart's modules, preloaded by
 * popup.html meanwhile, then load side by side, and the chart draws as soon as all of them are
 * here; the overview's views load after it.
 */
import { MSG, ask } from "../lib/messages.js";

/** Settled either way, so that a failure waits for the translations to be reported in words. */
const overview = ask(MSG.overview).then(
  (reply) => ({ reply, error: null }),
  (/** @type {unknown} */ error) => ({ reply: null, error }),
);
const storage = import("../lib/storage.js");
/** The settings in storage.local, copied for the next popup to start with (see storage.js). */
const storedSettings = storage.then(async ({ getSettings, copySettings }) => {
  const stored = await getSettings();
  copySettings(stored);
  return stored;
});
// With a copy, nothing else waits for these until the chart is drawn: a failure is handled there.
storedSettings.catch(() => undefined);
/** The settings the page starts with: the synchronous copy when there is one. */
const settings = storage.then(({ copiedSettings }) => copiedSettings() ?? storedSettings);
/** @type {Promise<import("./history-chart.js").SeriesReply | null>} */
const firstSeries = import("./first-series.js").then(
  ({ loadFirstSeries }) => loadFirstSeries(settings),
  () => null,
);
/** The UI strings in the user's language: fetched while the chart's code loads. */
const strings = Promise.all([import("../lib/i18n.js"), settings]).then(([{ loadTranslator }, { language }]) =>
  loadTranslator(language),
);

async function main() {
  const [{ t, language, locale }, { applyTranslations }, { createHistoryChart, showHistory, refreshHistory }] =
    await Promise.all([strings, import("../lib/i18n.js"), import("./history-chart.js")]);
  document.documentElement.lang = language;
  applyTranslations(document, t);
  const chart = createHistoryChart({ t, locale });
  const history = showHistory(chart, firstSeries);
  // The overview's views load once the chart is drawn (or failed to be), so as not to compete
  // with it, or as soon as the overview is here when that comes first (no usable copy).
  const drawn = history.then(
    () => undefined,
    () => undefined,
  );
  await Promise.race([drawn, overview]);
  // The copy was out of date: start again with the stored settings, once the copy holds them (or
  // is gone). A copy that could not be renewed is used as it is, rather than start again forever.
  const [{ copiedSettings, sameSettings }, started, stored] = await Promise.all([
    storage,
    settings,
    storedSettings.catch(() => null),
  ]);
  if (stored && !sameSettings(started, stored)) {
    const next = copiedSettings();
    if (next === null || sameSettings(next, stored)) {
      location.reload();
      return;
    }
  }

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

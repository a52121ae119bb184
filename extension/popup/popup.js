// @ts-check
/**
 * The toolbar popup (also usable as a tab at popup/popup.html). Asks the service worker for
 * the overview and the history in parallel and renders each as it arrives.
 *
 * The two questions go out first thing, and the chart module (uPlot is most of the popup's
 * code) loads while they are answered: settings, translations and the rest happen meanwhile.
 */
import { MSG, ask } from "../lib/messages.js";
import { applyTranslations, loadTranslator } from "../lib/i18n.js";
import { formatRelative } from "../lib/format.js";
import { byTestId, show } from "../lib/dom.js";
import { getSettings } from "../lib/storage.js";
import { renderConnection, renderOutbox } from "./status-view.js";
import { renderReadError, renderScores } from "./scores-view.js";
import { renderAdvice } from "./advice-view.js";
import { wireActions } from "./actions.js";

async function main() {
  const history = ask(MSG.history).catch(() => ({ snapshots: [] }));
  // Settled either way, so a failure waits for the translations to be reported in words.
  const asked = ask(MSG.overview).then(
    (reply) => ({ reply, error: null }),
    (/** @type {unknown} */ error) => ({ reply: null, error }),
  );
  const chartModule = import("./history-chart.js");
  const settings = await getSettings();
  const { t, language, locale } = await loadTranslator(settings.language);
  document.documentElement.lang = language;
  applyTranslations(document, t);
  const view = { t, locale, now: Date.now() };
  wireActions({ t, onOutboxChanged: (outbox) => renderOutbox(outbox, { ...view, now: Date.now() }) });

  const { reply: overview, error } = await asked;
  if (!overview) {
    renderConnection({ connection: "error", message: error instanceof Error ? error.message : String(error) }, view);
    return;
  }
  renderConnection(overview, view);
  renderOutbox(overview.outbox, view);

  const summary = overview.summary ?? overview.cached?.summary ?? null;
  const cachedNote = byTestId("cached-note");
  show(cachedNote, Boolean(!overview.summary && overview.cached));
  if (!overview.summary && overview.cached) {
    cachedNote.textContent = t("cached_note", formatRelative(overview.cached.at, view.now, locale));
  }
  renderScores(summary, view);
  show(byTestId("empty-state"), overview.connection === "ok" && !summary?.latest);
  // Rows of dashes say nothing: without any snapshot the help above is the whole story.
  for (const section of ["scores", "history-section", "advice-section"]) show(byTestId(section), Boolean(summary?.latest));
  renderReadError(overview.lastReadError, summary?.latest?.captured_at ?? null, view);
  renderAdvice(overview.advice ?? overview.cached?.advice ?? null, view);

  const [{ snapshots }, { mountHistoryChart }] = await Promise.all([history, chartModule]);
  mountHistoryChart({ snapshots, summary, t, locale });
}

main().catch((error) => console.error("SSI Companion popup:", error));

// @ts-check
/**
 * The worker's overview in the popup: connection, outbox, scores (or the last known ones with
 * a note when the companion cannot answer), the read error and the advice.
 */
import { byTestId, show } from "../lib/dom.js";
import { formatRelative } from "../lib/format.js";
import { renderGoalsError } from "../lib/goals-error.js";
import { renderAdvice } from "./advice-view.js";
import { renderReadError, renderScores } from "./scores-view.js";
import { renderConnection, renderOutbox } from "./status-view.js";

/**
 * @param {{ reply: any, error: unknown }} overview  the worker's reply, or why there is none
 * @param {{ t: import("../lib/i18n.js").Translate, locale: string, now: number }} view
 * @returns {any} the Summary shown, or null
 */
export function renderOverview({ reply, error }, view) {
  const { t, locale, now } = view;
  if (!reply) {
    renderConnection({ connection: "error", message: error instanceof Error ? error.message : String(error) }, view);
    return null;
  }
  renderConnection(reply, view);
  renderOutbox(reply.outbox, view);

  const summary = reply.summary ?? reply.cached?.summary ?? null;
  const cachedNote = byTestId("cached-note");
  show(cachedNote, Boolean(!reply.summary && reply.cached));
  if (!reply.summary && reply.cached) {
    cachedNote.textContent = t("cached_note", formatRelative(reply.cached.at, now, locale));
  }
  renderScores(summary, view);
  // Only from the companion's answer of now: a copy kept from before cannot say it is fixed.
  renderGoalsError(reply.summary?.goals_error ?? null);
  show(byTestId("empty-state"), reply.connection === "ok" && !summary?.latest);
  // Rows of dashes say nothing: without any snapshot the help above is the whole story.
  for (const section of ["scores", "history-section", "advice-section"]) show(byTestId(section), Boolean(summary?.latest));
  // A visit read since the failed one, stored or still queued, makes the failure old news.
  renderReadError(reply.lastReadError, later(summary?.latest?.captured_at, reply.lastCapture?.at), view);
  renderAdvice(reply.advice ?? reply.cached?.advice ?? null, view);
  return summary;
}

/**
 * The later of two times (ISO strings), either of which may be missing.
 * @param {string | null | undefined} a @param {string | null | undefined} b
 */
function later(a, b) {
  if (!a || !b) return a || b || null;
  return Date.parse(a) >= Date.parse(b) ? a : b;
}

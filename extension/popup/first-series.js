// @ts-check
/**
 * The series the popup's chart draws first. The worker's copy in storage.session, when it was
 * read from the companion and profile in the settings, is read by the page itself: asking the
 * worker for it cost a message round trip (25–60 ms with 3,650 points), and more when the
 * worker had stopped and had to be started again. Without a usable copy the worker reads the
 * companion, as for the first popup of a browser session.
 */
import { readCachedEntry, seriesFor } from "../background/chart-cache.js";
import { MSG, ask } from "../lib/messages.js";
import { companionBaseUrl } from "../lib/settings.js";

/** @typedef {import("./history-chart.js").SeriesReply} SeriesReply */

/**
 * @param {Promise<import("../lib/settings.js").Settings>} settings
 * @returns {Promise<SeriesReply | null>}  null when neither the copy nor the worker could answer
 */
export async function loadFirstSeries(settings) {
  /** @type {import("../lib/series.js").ChartSeries | null} */
  let series = null;
  try {
    const entry = await readCachedEntry();
    // Without a copy (the first popup of a session) the worker is asked at once.
    if (entry) {
      const current = await settings;
      series = seriesFor(entry, companionBaseUrl(current), current.profile);
    }
  } catch {
    // The page could not read the copy itself: the worker can, and says if it has one.
    return ask(MSG.history, { chart: true, cached: true }).catch(() => null);
  }
  if (series) return { series, from_cache: true };
  return ask(MSG.history, { chart: true }).catch(() => null);
}

// @ts-check
/**
 * The popup chart's series as the worker last read it from the companion, so that a popup can
 * draw its chart at once and redraw it if the companion's fresh answer differs.
 *
 * It lives in storage.session: gone when the browser closes, never written to disk (the
 * companion stays the one store of the history), and out of content scripts' reach (the
 * area's default access level). It is stored as one JSON string: the storage API copies a
 * string several times faster than 20,000 array elements.
 *
 * Only the worker writes it. The popup reads it itself (`readCachedEntry` + `seriesFor`):
 * the area's default access level admits extension pages, and a page's own read skips the
 * message round trip to a worker that may first have to be started.
 *
 * A cached series is for one companion address and one profile, and must never miss what
 * the extension itself has since sent or changed:
 * - a delivered snapshot is appended to it, or, when that is not certain, drops it;
 * - pairing and unpairing drop it;
 * - a companion read that started before one of these changes is not stored (`generation`);
 * - what the extension cannot see (an import, another browser) the popup catches: after
 *   drawing a cached series it always asks the companion and redraws on any difference.
 */
import { api } from "../lib/browser-api.js";
import { appendToChartSeries } from "../lib/series.js";
import { SESSION_KEYS } from "../lib/storage-keys.js";

/**
 * @typedef {import("../lib/series.js").ChartSeries} ChartSeries
 * @typedef {{ source: string, profile: string, series: ChartSeries }} CachedSeries
 */

const KEY = SESSION_KEYS.chartSeries;
/**
 * Counts the changes above. A worker global on purpose: it only has to outlive the companion
 * reads in flight, and those keep the worker alive; a restarted worker has none in flight.
 */
let generation = 0;
/** Cache writes run one after another, so a read-append-write never interleaves with another. */
let writes = Promise.resolve();

/** @returns {Promise<CachedSeries | null>} */
export async function readCachedEntry() {
  const text = (await api.storage.session.get(KEY))[KEY];
  return typeof text === "string" ? JSON.parse(text) : null;
}

/** @param {CachedSeries | null} entry */
async function write(entry) {
  if (!entry) return api.storage.session.remove(KEY);
  try {
    await api.storage.session.set({ [KEY]: JSON.stringify(entry) });
  } catch (error) {
    // Over the area's quota (10 MB, some 250,000 points): no cache rather than an old one.
    await api.storage.session.remove(KEY);
    throw error;
  }
}

/** @param {() => Promise<unknown>} task */
function serially(task) {
  const done = writes.then(task);
  writes = done.then(
    () => undefined,
    (error) => console.error("SSI Companion: chart cache:", error),
  );
  return writes;
}

/**
 * The entry's series if it was read from this companion for this profile, else null.
 * @param {CachedSeries | null} entry
 * @param {string} source  the companion's base URL
 * @param {string} profile
 * @returns {ChartSeries | null}
 */
export function seriesFor(entry, source, profile) {
  return entry?.source === source && entry.profile === profile ? entry.series : null;
}

/**
 * @param {string} source  the companion's base URL
 * @param {string} profile
 * @returns {Promise<ChartSeries | null>}
 */
export async function cachedSeries(source, profile) {
  return seriesFor(await readCachedEntry().catch(() => null), source, profile);
}

/** Call before reading the companion; give the result to `storeSeries` with what was read. */
export function readStarted() {
  return generation;
}

/**
 * Keeps what a companion read returned, unless the cache changed while it was under way.
 * @param {number} started  from `readStarted()`
 * @param {CachedSeries} entry
 */
export function storeSeries(started, entry) {
  return serially(async () => {
    if (started === generation) await write(entry);
  });
}

/**
 * Brings the cache up to date with snapshots the companion has just stored.
 * @param {{ body: any }[]} delivered  the companion's answers, in the order sent
 */
export function noteDelivered(delivered) {
  if (delivered.length === 0) return writes;
  generation += 1;
  return serially(async () => {
    const cached = await readCachedEntry();
    if (!cached) return;
    /** @type {ChartSeries | null} */
    let series = cached.series;
    for (const { body } of delivered) {
      const snapshot = body?.snapshot;
      if (snapshot && snapshot.profile !== cached.profile) continue;
      // `created: false` is a retry of a snapshot stored earlier: whether that one is already
      // in the series depends on when the series was read, so only a fresh read can tell.
      series = snapshot && body.created === true ? appendToChartSeries(series, snapshot) : null;
      if (!series) break;
    }
    await write(series && { ...cached, series });
  });
}

/** Drops the cache: the extension now talks to another companion, or to none. */
export function forgetSeries() {
  generation += 1;
  return serially(() => write(null));
}

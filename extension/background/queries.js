// @ts-check
/**
 * Read-only requests from the popup, dashboard and options pages, answered from the companion
 * (with the last known answer when it is unreachable, so the popup is never blank).
 */
import { CompanionUnreachable, isCompanionHealth, notTheCompanion } from "../lib/companion-client.js";
import { getLastCapture, getLastKnown, getLastReadError, setLastKnown, updateStatus } from "../lib/storage.js";
import { chartSeriesOf, columnsFromSeries } from "../lib/series.js";
import { updateBadge } from "./badge.js";
import { cachedSeries, readStarted, storeSeries } from "./chart-cache.js";
import { companion } from "./context.js";
import { deliver, outboxView } from "./delivery.js";

/**
 * @param {number} status
 * @param {boolean} paired
 * @returns {import("../lib/storage.js").Connection}
 */
function connectionFor(status, paired) {
  if (status >= 200 && status < 300) return "ok";
  if (status === 401) return paired ? "unauthorized" : "not_paired";
  if (status === 403) return "forbidden";
  return "error";
}

/** @param {{ profile?: string }} message */
export async function handleOverview({ profile } = {}) {
  const { settings, auth, client, language } = await companion();
  const who = profile || settings.profile;
  /** @type {import("../lib/storage.js").Connection} */
  let connection = "unreachable";
  let version = null;
  let message = null;
  let summary = null;
  let advice = null;
  try {
    const health = await client.health();
    // Another program on the port may answer 200 too: nothing it says is the companion's.
    const foreign = health.ok && !isCompanionHealth(health.body);
    version = foreign ? null : (health.body?.version ?? null);
    if (foreign) {
      connection = "error";
      message = notTheCompanion(health.status);
    } else if (!health.ok) {
      connection = "error";
      message = health.body?.error?.message ?? `HTTP ${health.status}`;
    } else if (!auth) {
      connection = "not_paired";
    } else {
      // The companion is back: captures queued while it was away go first, so that the
      // summary read next already has them (and delivering waits for no alarm).
      if ((await outboxView()).size > 0) await deliver({ force: true });
      const [summaryResponse, adviceResponse] = await Promise.all([client.summary(who), client.advice(who, language)]);
      connection = connectionFor(summaryResponse.status, true);
      message = summaryResponse.body?.error?.message ?? null;
      if (connection === "ok") {
        summary = summaryResponse.body;
        advice = adviceResponse.ok ? adviceResponse.body : null;
        await setLastKnown({ summary, advice, profile: who });
      }
    }
  } catch (error) {
    if (!(error instanceof CompanionUnreachable)) throw error;
  }
  await updateStatus({ connection, version, message });
  await updateBadge();
  const [outbox, cached, lastCapture, lastReadError] = await Promise.all([
    outboxView(),
    getLastKnown(),
    getLastCapture(),
    getLastReadError(),
  ]);
  return {
    connection,
    version,
    message,
    profile: who,
    language,
    summary,
    advice,
    cached: connection === "ok" || cached?.profile !== who ? null : cached,
    outbox,
    lastCapture,
    lastReadError,
  };
}

/** The read warmChartSeries has under way, if any. @type {Promise<void> | null} */
let warming = null;

/**
 * The snapshots; with `columns` the profile's whole history as chart columns (the dashboard);
 * with `chart` just the popup chart's series (see chartHistory). A popup that accepts a copy
 * while the worker is reading one (warmChartSeries) waits for that read rather than starting a
 * second.
 * @param {{ since?: string, until?: string, limit?: number, profile?: string, chart?: boolean, cached?: boolean,
 *   columns?: boolean }} message
 */
export async function handleHistory({ since, until, limit, profile, chart = false, cached = false, columns = false } = {}) {
  if (chart) {
    if (cached && warming) await warming;
    return chartHistory({ profile, cached });
  }
  const { settings, auth, client } = await companion();
  if (columns) {
    if (!auth) return { connection: "not_paired", columns: null };
    return readColumns(client, profile || settings.profile);
  }
  if (!auth) return { connection: "not_paired", snapshots: [] };
  try {
    const response = await client.snapshots({ since, until, limit, profile: profile || settings.profile });
    if (!response.ok) return { connection: connectionFor(response.status, true), snapshots: [] };
    return { connection: "ok", snapshots: response.body?.snapshots ?? [] };
  } catch (error) {
    if (error instanceof CompanionUnreachable) return { connection: "unreachable", snapshots: [] };
    throw error;
  }
}

/**
 * One profile's whole history as columns, read from the companion's GET /v1/series.
 * @param {ReturnType<typeof import("../lib/companion-client.js").createCompanionClient>} client @param {string} profile
 * @returns {Promise<{ connection: string, columns: import("../lib/series.js").Columns | null }>}
 */
async function readColumns(client, profile) {
  try {
    const response = await client.series(profile);
    if (!response.ok) return { connection: connectionFor(response.status, true), columns: null };
    return { connection: "ok", columns: columnsFromSeries(response.body) };
  } catch (error) {
    if (error instanceof CompanionUnreachable) return { connection: "unreachable", columns: null };
    throw error;
  }
}

/**
 * The whole history of a profile as the chart's columns. With `cached`, the series this worker
 * last read for the same companion and profile, if it has one (`from_cache: true`): the popup
 * draws it at once and then asks again without `cached` for the companion's own answer.
 * @param {{ profile?: string, cached?: boolean }} message
 */
async function chartHistory({ profile, cached }) {
  const { settings, auth, client } = await companion();
  if (!auth) return { connection: "not_paired", series: null, from_cache: false };
  const source = client.baseUrl;
  const who = profile || settings.profile;
  const kept = cached ? await cachedSeries(source, who) : null;
  if (kept) return { series: kept, from_cache: true };
  const started = readStarted();
  const { connection, columns } = await readColumns(client, who);
  if (!columns) return { connection, series: null, from_cache: false };
  const series = chartSeriesOf(columns);
  await storeSeries(started, { source, profile: who, series });
  return { connection, series, from_cache: false };
}

/**
 * Makes sure the worker has the chart's series for the configured profile, reading it from the
 * companion only if it has no copy. Called after a capture: the user usually opens the popup
 * next, and a browser session starts without a copy, so that popup would otherwise wait for
 * the whole history. A call while a read is under way joins it rather than reading twice.
 * Never throws: without a series the popup simply asks itself.
 * @returns {Promise<void>}
 */
export function warmChartSeries() {
  warming ??= chartHistory({ cached: true })
    .then(
      () => undefined,
      (error) => console.error("SSI Companion: reading the chart's series:", error),
    )
    .finally(() => {
      warming = null;
    });
  return warming;
}

const FORMATS = new Set(["csv", "json", "ndjson"]);

/**
 * The whole history (every profile) as the companion exports it; the page turns it into a file.
 * @param {{ format?: string }} message
 */
export async function handleExport({ format } = {}) {
  if (!FORMATS.has(String(format))) throw new Error(`unknown export format ${format}`);
  const { auth, client } = await companion();
  if (!auth) return { connection: "not_paired" };
  try {
    const response = await client.exportFile(/** @type {"csv" | "json" | "ndjson"} */ (format));
    if (!response.ok) return { connection: connectionFor(response.status, true), message: response.body?.error?.message ?? null };
    return { connection: "ok", filename: response.filename, contentType: response.contentType, body: response.body };
  } catch (error) {
    if (error instanceof CompanionUnreachable) return { connection: "unreachable" };
    throw error;
  }
}

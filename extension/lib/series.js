// @ts-check
/**
 * Snapshots, or the companion's series answer, → column arrays for uPlot (one pass, no
 * per-point objects), and the time windows of the range buttons. Pure, so 3,650 daily points
 * cost one loop.
 */

export const PILLAR_KEYS = /** @type {const} */ ([
  "professional_brand",
  "find_right_people",
  "engage_with_insights",
  "build_relationships",
]);

/** @typedef {"30d" | "90d" | "1y" | "all"} RangeKey */
export const RANGE_DAYS = /** @type {Record<RangeKey, number | null>} */ ({ "30d": 30, "90d": 90, "1y": 365, all: null });

/**
 * @typedef {{
 *   time: number[],
 *   overall: number[],
 *   professional_brand: number[], find_right_people: number[],
 *   engage_with_insights: number[], build_relationships: number[],
 *   industry_rank: (number | null)[], network_rank: (number | null)[],
 *   industry_average: (number | null)[], network_average: (number | null)[],
 * }} Columns
 */

/** @param {any} value @returns {number | null} */
const num = (value) => (typeof value === "number" && Number.isFinite(value) ? value : null);

/**
 * @param {any[]} snapshots  oldest first, as GET /v1/snapshots returns them
 * @returns {Columns}
 */
export function toColumns(snapshots) {
  const n = snapshots.length;
  /** @type {Columns} */
  const columns = {
    time: new Array(n),
    overall: new Array(n),
    professional_brand: new Array(n),
    find_right_people: new Array(n),
    engage_with_insights: new Array(n),
    build_relationships: new Array(n),
    industry_rank: new Array(n),
    network_rank: new Array(n),
    industry_average: new Array(n),
    network_average: new Array(n),
  };
  for (let i = 0; i < n; i++) {
    const s = snapshots[i];
    columns.time[i] = Date.parse(s.captured_at) / 1000; // uPlot's time scale is in seconds
    columns.overall[i] = s.overall;
    for (const key of PILLAR_KEYS) columns[key][i] = s.pillars[key];
    columns.industry_rank[i] = num(s.industry?.rank_top_percent);
    columns.network_rank[i] = num(s.network?.rank_top_percent);
    columns.industry_average[i] = num(s.industry?.average);
    columns.network_average[i] = num(s.network?.average);
  }
  return columns;
}

/** No history: every column empty. @returns {Columns} */
export function emptyColumns() {
  return toColumns([]);
}

/**
 * @typedef {{
 *   time: number[],
 *   overall: number[],
 *   professional_brand: number[], find_right_people: number[],
 *   engage_with_insights: number[], build_relationships: number[],
 * }} ChartSeries  just what the popup's chart plots: a tenth of the snapshots' size
 */

/** The columns of a ChartSeries, in the order they are compared and stored. */
export const CHART_KEYS = /** @type {const} */ (["time", "overall", ...PILLAR_KEYS]);

/** @returns {ChartSeries} */
export function emptyChartSeries() {
  return { time: [], overall: [], professional_brand: [], find_right_people: [], engage_with_insights: [], build_relationships: [] };
}

/**
 * Just the popup chart's columns.
 * @param {Columns} columns
 * @returns {ChartSeries}
 */
export function chartSeriesOf(columns) {
  return /** @type {ChartSeries} */ (Object.fromEntries(CHART_KEYS.map((key) => [key, columns[key]])));
}

/**
 * The popup chart's columns from snapshots. The service worker sends these instead of the
 * snapshots: 3,650 whole snapshots are 1.7 MB, and messaging that much costs more than fetching it.
 * @param {any[]} snapshots  oldest first
 * @returns {ChartSeries}
 */
export function toChartSeries(snapshots) {
  return chartSeriesOf(toColumns(snapshots));
}

/** Where each of the Columns is in the companion's GET /v1/series answer. */
const SERIES_FIELDS = /** @type {const} */ ({
  time: "captured_at_ms",
  overall: "overall",
  professional_brand: "professional_brand",
  find_right_people: "find_right_people",
  engage_with_insights: "engage_with_insights",
  build_relationships: "build_relationships",
  industry_rank: "industry_rank_top_percent",
  network_rank: "network_rank_top_percent",
  industry_average: "industry_average",
  network_average: "network_average",
});

/**
 * The columns of the companion's GET /v1/series answer, which sends them as columns already
 * (an eighth of the snapshots' JSON, and no date to parse per point).
 * @param {any} body
 * @returns {Columns}
 * @throws {Error} when the answer is not a series: a list missing, or lists of unequal length
 */
export function columnsFromSeries(body) {
  const fields = Object.entries(SERIES_FIELDS);
  const length = body?.captured_at_ms?.length;
  const broken = fields.find(([, name]) => !Array.isArray(body?.[name]) || body[name].length !== length);
  if (broken) throw new Error(`the companion's series has no valid "${broken[1]}" list`);
  const columns = /** @type {Columns} */ (Object.fromEntries(fields.map(([key, name]) => [key, body[name]])));
  columns.time = columns.time.map((ms) => ms / 1000); // uPlot's time scale is in seconds
  return columns;
}

/**
 * The series with one more snapshot at its end, or null when the snapshot does not belong at
 * the end (captured before the latest point): then only a fresh read knows the right order.
 * @param {ChartSeries} series
 * @param {any} snapshot
 * @returns {ChartSeries | null}
 */
export function appendToChartSeries(series, snapshot) {
  const added = toChartSeries([snapshot]);
  const last = series.time.at(-1);
  if (!Number.isFinite(added.time[0]) || (last !== undefined && added.time[0] < last)) return null;
  return /** @type {ChartSeries} */ (Object.fromEntries(CHART_KEYS.map((key) => [key, [...series[key], ...added[key]]])));
}

/** @param {ChartSeries} a @param {ChartSeries} b */
export function sameChartSeries(a, b) {
  return CHART_KEYS.every((key) => a[key].length === b[key].length && a[key].every((value, i) => value === b[key][i]));
}

/**
 * The x window (seconds) for a range button: the last N days up to the latest snapshot, or
 * everything. Null when there is no data.
 * @param {RangeKey} range
 * @param {number[]} time
 * @returns {{ min: number, max: number } | null}
 */
export function rangeWindow(range, time) {
  if (time.length === 0) return null;
  const first = time[0];
  const last = time[time.length - 1];
  const days = RANGE_DAYS[range];
  const min = days === null ? first : last - days * 86_400;
  // A single point (or all in one instant) still needs a visible width.
  return min < last ? { min, max: last } : { min: last - 86_400, max: last + 86_400 };
}

/**
 * Index of the first element >= value in a sorted array (binary search).
 * @param {number[]} sorted
 * @param {number} value
 */
export function lowerBound(sorted, value) {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

// @ts-check
/**
 * The popup's history chart: overall (0–100, left axis) and the four components (0–25, right
 * axis), with goal lines, range buttons and per-series toggles. Range buttons only move the x
 * scale, so switching is instant even with ten years of days.
 *
 * The chart may be drawn twice: first from the worker's cached series, then with the
 * companion's answer if that differs. The second drawing replaces the data of the same chart,
 * so the chosen range and the hidden series stay as the user left them.
 */
import { COLORS, createTimeChart } from "../lib/charts.js";
import { byTestId, el, show } from "../lib/dom.js";
import { SHORT_LABEL_KEYS } from "../lib/labels.js";
import { MSG, ask } from "../lib/messages.js";
import { PILLAR_KEYS, emptyChartSeries, rangeWindow, sameChartSeries } from "../lib/series.js";

/** @typedef {import("../lib/series.js").ChartSeries} ChartSeries */

const SERIES_KEYS = /** @type {const} */ (["overall", ...PILLAR_KEYS]);
export const DEFAULT_RANGE = "90d";

/** @param {ChartSeries} series */
const chartData = (series) => [series.time, ...SERIES_KEYS.map((key) => series[key])];

/**
 * Wires the range buttons and returns the chart's controls: `show(series)` draws (or redraws)
 * a series, `setGoals(summary)` adds the goal lines once the summary is known.
 * @param {{ t: import("../lib/i18n.js").Translate, locale: string }} view
 */
export function createHistoryChart({ t, locale }) {
  const container = byTestId("chart");
  /** @type {any} the uPlot instance while there are points */
  let chart = null;
  /** @type {number[]} */
  let time = [];
  let range = DEFAULT_RANGE;
  /** @type {any} */
  let summary = null;

  const buttons = /** @type {HTMLButtonElement[]} */ ([...document.querySelectorAll("[data-range]")]);
  /** @param {string} next */
  const select = (next) => {
    range = next;
    const span = rangeWindow(/** @type {any} */ (range), time);
    if (chart && span) chart.setScale("x", span);
    for (const button of buttons) button.setAttribute("aria-pressed", String(button.dataset.range === range));
  };
  for (const button of buttons) button.addEventListener("click", () => select(button.dataset.range ?? DEFAULT_RANGE));

  /** @param {ChartSeries} series */
  const mount = (series) =>
    createTimeChart({
      target: container,
      width: Math.max(240, container.clientWidth || 356),
      height: 170,
      locale,
      time: series.time,
      series: SERIES_KEYS.map((key) => ({
        label: t(SHORT_LABEL_KEYS[key]),
        values: series[key],
        stroke: COLORS[key],
        scale: key === "overall" ? "score" : "pillar",
      })),
      scales: { score: { range: [0, 100] }, pillar: { range: [0, 25] } },
      axes: [
        { scale: "score", side: 3 },
        { scale: "pillar", side: 1, grid: false },
      ],
      goals: () =>
        SERIES_KEYS.map((key, i) => ({
          value: summary?.metrics?.[key]?.goal,
          scale: key === "overall" ? "score" : "pillar",
          stroke: COLORS[key],
          seriesIndex: i + 1,
        })),
    });

  /** @param {any} uplot */
  const renderToggles = (uplot) =>
    byTestId("series-toggles").replaceChildren(
      ...SERIES_KEYS.map((key, i) => {
        const box = el("input", { type: "checkbox", checked: true, "data-testid": `series-${key}` });
        box.addEventListener("change", () => uplot.setSeries(i + 1, { show: /** @type {HTMLInputElement} */ (box).checked }));
        return el("label", {}, [box, el("span", { className: "swatch", style: `background:${COLORS[key]}` }), t(SHORT_LABEL_KEYS[key])]);
      }),
    );

  return {
    /** @param {ChartSeries} series */
    show(series) {
      time = series.time;
      show(byTestId("chart-empty"), time.length === 0);
      // A canvas keeps its points to itself; their number is kept here for tests.
      container.dataset.points = String(time.length);
      if (time.length === 0) {
        chart?.destroy();
        chart = null;
        container.replaceChildren();
        byTestId("series-toggles").replaceChildren();
      } else if (chart) {
        chart.setData(chartData(series));
      } else {
        container.replaceChildren();
        chart = mount(series);
        renderToggles(chart);
      }
      select(range);
    },
    /** @param {any} next  a Summary: its goals become dashed lines */
    setGoals(next) {
      summary = next;
      chart?.redraw(false);
    },
  };
}

/**
 * @typedef {{ series: ChartSeries | null, from_cache: boolean, connection?: string }} SeriesReply
 */

/**
 * Draws the worker's first answer and returns it.
 * @param {ReturnType<typeof createHistoryChart>} chart
 * @param {Promise<SeriesReply | null>} firstReply  null when the worker could not answer
 */
export async function showHistory(chart, firstReply) {
  const first = await firstReply;
  chart.show(first?.series ?? emptyChartSeries());
  return first;
}

/**
 * When the first answer was the worker's cached copy, asks for the companion's own answer and
 * redraws if it differs (a snapshot imported, or taken in another browser).
 * @param {ReturnType<typeof createHistoryChart>} chart
 * @param {SeriesReply | null} first
 */
export async function refreshHistory(chart, first) {
  if (!first?.from_cache || !first.series) return;
  /** @type {SeriesReply | null} */
  const fresh = await ask(MSG.history, { chart: true }).catch(() => null);
  // Without a fresh answer the cached series stays, as the cached summary does.
  if (fresh?.connection === "ok" && fresh.series && !sameChartSeries(fresh.series, first.series)) chart.show(fresh.series);
}

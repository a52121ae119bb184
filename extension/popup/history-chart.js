// @ts-check
/**
 * The popup's history chart: overall (0–100, left axis) and the four components (0–25, right
 * axis), with goal lines, range buttons and per-series toggles. The data is set once; range
 * buttons only move the x scale, so switching is instant even with ten years of days.
 */
import { COLORS, createTimeChart } from "../lib/charts.js";
import { byTestId, el, show } from "../lib/dom.js";
import { SHORT_LABEL_KEYS } from "../lib/labels.js";
import { PILLAR_KEYS, rangeWindow, toColumns } from "../lib/series.js";

const SERIES_KEYS = /** @type {const} */ (["overall", ...PILLAR_KEYS]);
export const DEFAULT_RANGE = "90d";

/**
 * @param {{ snapshots: any[], summary: any, t: import("../lib/i18n.js").Translate, locale: string }} input
 */
export function mountHistoryChart({ snapshots, summary, t, locale }) {
  const container = byTestId("chart");
  const columns = toColumns(snapshots);
  show(byTestId("chart-empty"), columns.time.length === 0);
  // A canvas keeps its points to itself; their number is kept here for tests.
  container.dataset.points = String(columns.time.length);
  container.replaceChildren();
  if (columns.time.length === 0) return null;

  const chart = createTimeChart({
    target: container,
    width: Math.max(240, container.clientWidth || 356),
    height: 170,
    locale,
    time: columns.time,
    series: SERIES_KEYS.map((key) => ({
      label: t(SHORT_LABEL_KEYS[key]),
      values: columns[key],
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

  const toggles = byTestId("series-toggles");
  toggles.replaceChildren(
    ...SERIES_KEYS.map((key, i) => {
      const box = el("input", { type: "checkbox", checked: true, "data-testid": `series-${key}` });
      box.addEventListener("change", () => chart.setSeries(i + 1, { show: /** @type {HTMLInputElement} */ (box).checked }));
      return el("label", {}, [box, el("span", { className: "swatch", style: `background:${COLORS[key]}` }), t(SHORT_LABEL_KEYS[key])]);
    }),
  );

  const buttons = /** @type {HTMLButtonElement[]} */ ([...document.querySelectorAll("[data-range]")]);
  /** @param {string} range */
  const select = (range) => {
    const span = rangeWindow(/** @type {any} */ (range), columns.time);
    if (span) chart.setScale("x", span);
    for (const button of buttons) button.setAttribute("aria-pressed", String(button.dataset.range === range));
  };
  for (const button of buttons) button.addEventListener("click", () => select(button.dataset.range ?? DEFAULT_RANGE));
  select(DEFAULT_RANGE);
  return chart;
}

// @ts-check
/**
 * uPlot set-up shared by the popup and the dashboard: colours, localised date labels and dashed
 * goal lines. uPlot draws on a canvas in one pass, which keeps 3,650 points cheap.
 */
import uPlot from "../vendor/uplot/uPlot.esm.js";
import { formatScore } from "./format.js";

/** Okabe–Ito colours: distinguishable with the common kinds of colour blindness. */
export const COLORS = Object.freeze({
  overall: "#115e59",
  professional_brand: "#0072b2",
  find_right_people: "#e69f00",
  engage_with_insights: "#009e73",
  build_relationships: "#cc79a7",
  industry: "#0072b2",
  network: "#d55e00",
});

/**
 * Month and weekday names for uPlot's date templates, from Intl, so axis labels follow the UI
 * language ("Mär", "ene") instead of uPlot's built-in English.
 * @param {string} locale
 */
export function dateNames(locale) {
  /** @param {Intl.DateTimeFormatOptions} options @param {(i: number) => Date} dateOf @param {number} count */
  const names = (options, dateOf, count) => {
    const format = new Intl.DateTimeFormat(locale, { ...options, timeZone: "UTC" });
    return Array.from({ length: count }, (_, i) => format.format(dateOf(i)));
  };
  const month = (/** @type {number} */ i) => new Date(Date.UTC(2021, i, 15));
  const weekday = (/** @type {number} */ i) => new Date(Date.UTC(2021, 0, 3 + i)); // 3 Jan 2021 was a Sunday
  return {
    MMMM: names({ month: "long" }, month, 12),
    MMM: names({ month: "short" }, month, 12),
    WWWW: names({ weekday: "long" }, weekday, 7),
    WWW: names({ weekday: "short" }, weekday, 7),
  };
}

/**
 * @typedef {{ value: number | null | undefined, scale: string, stroke: string, seriesIndex: number }} GoalLine
 */

/**
 * Draws each goal as a dashed horizontal line in its series' colour while that series is shown.
 * @param {() => GoalLine[]} goals
 */
export function goalLinesPlugin(goals) {
  return {
    hooks: {
      draw: [
        (/** @type {any} */ u) => {
          const ctx = u.ctx;
          for (const goal of goals()) {
            if (typeof goal.value !== "number" || !u.series[goal.seriesIndex]?.show) continue;
            const y = Math.round(u.valToPos(goal.value, goal.scale, true));
            ctx.save();
            ctx.strokeStyle = goal.stroke;
            ctx.lineWidth = 1.5 * uPlot.pxRatio;
            ctx.setLineDash([6 * uPlot.pxRatio, 4 * uPlot.pxRatio]);
            ctx.beginPath();
            ctx.moveTo(u.bbox.left, y);
            ctx.lineTo(u.bbox.left + u.bbox.width, y);
            ctx.stroke();
            ctx.restore();
          }
        },
      ],
    },
  };
}

/**
 * @typedef {{ label: string, values: (number | null)[], stroke: string, scale: string, show?: boolean, dash?: number[], digits?: number }} SeriesSpec
 * @typedef {{ scale: string, side?: 1 | 3, label?: string, digits?: number, grid?: boolean }} AxisSpec
 */

/**
 * @param {{
 *   target: HTMLElement,
 *   width: number,
 *   height: number,
 *   locale: string,
 *   time: number[],
 *   series: SeriesSpec[],
 *   scales: Record<string, { range: [number, number], dir?: 1 | -1 }>,
 *   axes: AxisSpec[],
 *   goals?: () => GoalLine[],
 *   legend?: boolean,
 * }} spec
 * @returns {any} the uPlot instance
 */
export function createTimeChart({ target, width, height, locale, time, series, scales, axes, goals, legend = false }) {
  const names = dateNames(locale);
  /** @type {Record<string, any>} */
  const uScales = { x: { time: true } };
  for (const [name, { range, dir }] of Object.entries(scales)) uScales[name] = { auto: false, range, dir: dir ?? 1 };
  const options = {
    width,
    height,
    fmtDate: (/** @type {string} */ template) => uPlot.fmtDate(template, names),
    scales: uScales,
    legend: { show: legend },
    cursor: { drag: { x: true, y: false } },
    series: [
      {},
      ...series.map((s) => ({
        label: s.label,
        stroke: s.stroke,
        width: 2,
        scale: s.scale,
        show: s.show !== false,
        dash: s.dash,
        spanGaps: true,
        // uPlot's default shows a dot per capture while they are sparse: a first capture is a
        // single point, which a line alone would not draw at all.
        value: (/** @type {any} */ _u, /** @type {number | null} */ v) =>
          v === null ? "—" : formatScore(v, locale, { maximumFractionDigits: s.digits ?? 2 }),
      })),
    ],
    axes: [
      {},
      ...axes.map((a) => ({
        scale: a.scale,
        side: a.side ?? 3,
        label: a.label,
        grid: { show: a.grid !== false },
        values: (/** @type {any} */ _u, /** @type {number[]} */ ticks) =>
          ticks.map((v) => formatScore(v, locale, { maximumFractionDigits: a.digits ?? 0 })),
      })),
    ],
    plugins: goals ? [goalLinesPlugin(goals)] : [],
  };
  const UPlot = /** @type {any} */ (uPlot); // uPlot ships its types as .d.ts, which plain JS checking does not pick up here
  return new UPlot(options, [time, ...series.map((s) => s.values)], target);
}

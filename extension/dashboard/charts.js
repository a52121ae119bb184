// @ts-check
/** The dashboard's four charts, all sharing one x range. */
import { COLORS, createTimeChart } from "../lib/charts.js";
import { byTestId } from "../lib/dom.js";
import { SHORT_LABEL_KEYS } from "../lib/labels.js";
import { PILLAR_KEYS } from "../lib/series.js";

const HEIGHT = 260;

/**
 * @param {{ columns: import("../lib/series.js").Columns, summary: any, t: import("../lib/i18n.js").Translate, locale: string }} input
 * @returns {any[]} the uPlot instances
 */
export function mountCharts({ columns, summary, t, locale }) {
  const goal = (/** @type {string} */ key) => summary?.metrics?.[key]?.goal;
  /** @param {string} testId */
  const target = (testId) => {
    const element = byTestId(testId);
    element.replaceChildren();
    return { target: element, width: Math.max(320, element.clientWidth), height: HEIGHT, locale, time: columns.time, legend: true };
  };

  const overall = createTimeChart({
    ...target("chart-overall"),
    series: [{ label: t(SHORT_LABEL_KEYS.overall), values: columns.overall, stroke: COLORS.overall, scale: "score", digits: 0 }],
    scales: { score: { range: [0, 100] } },
    axes: [{ scale: "score" }],
    goals: () => [{ value: goal("overall"), scale: "score", stroke: COLORS.overall, seriesIndex: 1 }],
  });

  const pillars = createTimeChart({
    ...target("chart-pillars"),
    series: PILLAR_KEYS.map((key) => ({
      label: t(SHORT_LABEL_KEYS[key]),
      values: columns[key],
      stroke: COLORS[key],
      scale: "pillar",
    })),
    scales: { pillar: { range: [0, 25] } },
    axes: [{ scale: "pillar" }],
    goals: () => PILLAR_KEYS.map((key, i) => ({ value: goal(key), scale: "pillar", stroke: COLORS[key], seriesIndex: i + 1 })),
  });

  const averages = createTimeChart({
    ...target("chart-averages"),
    series: [
      { label: t("series_you"), values: columns.overall, stroke: COLORS.overall, scale: "score", digits: 0 },
      { label: t("series_industry_average"), values: columns.industry_average, stroke: COLORS.industry, scale: "score", dash: [6, 3] },
      { label: t("series_network_average"), values: columns.network_average, stroke: COLORS.network, scale: "score", dash: [2, 3] },
    ],
    scales: { score: { range: [0, 100] } },
    axes: [{ scale: "score" }],
  });

  // "Top 1%" is best: the axis runs from 100 at the bottom to 0 at the top.
  const ranks = createTimeChart({
    ...target("chart-ranks"),
    series: [
      { label: t("series_industry_rank"), values: columns.industry_rank, stroke: COLORS.industry, scale: "rank", digits: 1 },
      { label: t("series_network_rank"), values: columns.network_rank, stroke: COLORS.network, scale: "rank", digits: 1 },
    ],
    scales: { rank: { range: [0, 100], dir: -1 } },
    axes: [{ scale: "rank" }],
  });

  return [overall, pillars, averages, ranks];
}

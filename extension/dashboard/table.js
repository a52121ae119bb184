// @ts-check
/**
 * The snapshot table, newest first, one page of rows in the DOM at a time: 3,650 snapshots
 * would be 36,500 cells, which makes a tab sluggish for no benefit. Rows are read from the
 * same columns the charts draw.
 */
import { byTestId, el } from "../lib/dom.js";
import { formatDateTime, formatPercent, formatScore } from "../lib/format.js";
import { PILLAR_KEYS } from "../lib/series.js";

export const PAGE_SIZE = 50;

/**
 * @param {{ columns: import("../lib/series.js").Columns, t: import("../lib/i18n.js").Translate, locale: string }} input
 */
export function mountTable({ columns, t, locale }) {
  const body = /** @type {HTMLTableSectionElement} */ (byTestId("snapshot-table").querySelector("tbody"));
  const prev = /** @type {HTMLButtonElement} */ (byTestId("table-prev"));
  const next = /** @type {HTMLButtonElement} */ (byTestId("table-next"));
  const label = byTestId("table-page");
  const count = columns.time.length;
  const pages = Math.max(1, Math.ceil(count / PAGE_SIZE));
  let page = 0;

  /** @param {number} i */
  const row = (i) => {
    const captured = new Date(columns.time[i] * 1000);
    return el("tr", { "data-captured-at": captured.toISOString() }, [
      el("td", { text: formatDateTime(captured, locale) }),
      el("td", { text: formatScore(columns.overall[i], locale, { maximumFractionDigits: 0 }) }),
      ...PILLAR_KEYS.map((key) => el("td", { text: formatScore(columns[key][i], locale) })),
      el("td", { text: formatPercent(columns.industry_rank[i], locale) }),
      el("td", { text: formatScore(columns.industry_average[i], locale, { maximumFractionDigits: 1 }) }),
      el("td", { text: formatPercent(columns.network_rank[i], locale) }),
      el("td", { text: formatScore(columns.network_average[i], locale, { maximumFractionDigits: 1 }) }),
    ]);
  };

  const render = () => {
    // Newest first without copying or reversing the columns.
    const end = count - page * PAGE_SIZE;
    const start = Math.max(0, end - PAGE_SIZE);
    const rows = [];
    for (let i = end - 1; i >= start; i--) rows.push(row(i));
    body.replaceChildren(...rows);
    label.textContent = t("table_page", String(page + 1), String(pages), String(count));
    prev.disabled = page === 0;
    next.disabled = page >= pages - 1;
  };
  prev.addEventListener("click", () => {
    page = Math.max(0, page - 1);
    render();
  });
  next.addEventListener("click", () => {
    page = Math.min(pages - 1, page + 1);
    render();
  });
  render();
}

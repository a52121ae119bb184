// @ts-check
/**
 * The snapshot table, newest first, one page of rows in the DOM at a time: 3,650 snapshots
 * would be 36,500 cells, which makes a tab sluggish for no benefit.
 */
import { byTestId, el } from "../lib/dom.js";
import { formatDateTime, formatPercent, formatScore } from "../lib/format.js";
import { PILLAR_KEYS } from "../lib/series.js";

export const PAGE_SIZE = 50;

/**
 * @param {{ snapshots: any[], t: import("../lib/i18n.js").Translate, locale: string }} input
 */
export function mountTable({ snapshots, t, locale }) {
  const body = /** @type {HTMLTableSectionElement} */ (byTestId("snapshot-table").querySelector("tbody"));
  const prev = /** @type {HTMLButtonElement} */ (byTestId("table-prev"));
  const next = /** @type {HTMLButtonElement} */ (byTestId("table-next"));
  const label = byTestId("table-page");
  const pages = Math.max(1, Math.ceil(snapshots.length / PAGE_SIZE));
  let page = 0;

  /** @param {any} s */
  const row = (s) =>
    el("tr", { "data-id": s.id }, [
      el("td", { text: formatDateTime(s.captured_at, locale) }),
      el("td", { text: formatScore(s.overall, locale, { maximumFractionDigits: 0 }) }),
      ...PILLAR_KEYS.map((key) => el("td", { text: formatScore(s.pillars?.[key], locale) })),
      el("td", { text: formatPercent(s.industry?.rank_top_percent, locale) }),
      el("td", { text: formatScore(s.industry?.average, locale, { maximumFractionDigits: 1 }) }),
      el("td", { text: formatPercent(s.network?.rank_top_percent, locale) }),
      el("td", { text: formatScore(s.network?.average, locale, { maximumFractionDigits: 1 }) }),
    ]);

  const render = () => {
    // Newest first without copying or reversing the whole array.
    const end = snapshots.length - page * PAGE_SIZE;
    const start = Math.max(0, end - PAGE_SIZE);
    const rows = [];
    for (let i = end - 1; i >= start; i--) rows.push(row(snapshots[i]));
    body.replaceChildren(...rows);
    label.textContent = t("table_page", String(page + 1), String(pages), String(snapshots.length));
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

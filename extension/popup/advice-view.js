// @ts-check
/** The companion's top advice, already in the user's language. */
import { byTestId, el, show } from "../lib/dom.js";

const SHOWN = 3;

/**
 * @param {any} advice  an Advice (CONTRACT.md), or null
 * @param {{ t: import("../lib/i18n.js").Translate }} view
 */
export function renderAdvice(advice, { t }) {
  const items = Array.isArray(advice?.items) ? [...advice.items].sort((a, b) => a.priority - b.priority) : [];
  const list = byTestId("advice-list");
  if (advice?.lang) list.lang = advice.lang;
  list.replaceChildren(
    ...items.slice(0, SHOWN).map((item) =>
      el("li", { "data-pillar": item.pillar, "data-kind": item.kind }, [
        el("h3", { text: item.title }),
        el("p", { text: item.reason }),
        el("ul", {}, item.actions.map((/** @type {string} */ action) => el("li", { text: action }))),
      ]),
    ),
  );
  show(byTestId("advice-empty"), items.length === 0);
  byTestId("advice-empty").textContent = t("advice_empty");
}

// @ts-check
/** The popup's buttons: open pages, export history, and the outbox's retry/dismiss. */
import { api } from "../lib/browser-api.js";
import { byTestId } from "../lib/dom.js";
import { saveTextFile } from "../lib/download.js";
import { CONNECTION_KEYS } from "../lib/labels.js";
import { MSG, ask } from "../lib/messages.js";

export const SSI_PAGE_URL = "https://www.linkedin.com/sales/ssi";

/**
 * @param {{ t: import("../lib/i18n.js").Translate, onOutboxChanged: (outbox: any) => void }} context
 */
export function wireActions({ t, onOutboxChanged }) {
  byTestId("open-ssi").addEventListener("click", () => api.tabs.create({ url: SSI_PAGE_URL }));
  byTestId("open-dashboard").addEventListener("click", () =>
    api.tabs.create({ url: api.runtime.getURL("dashboard/dashboard.html") }),
  );
  for (const testId of ["open-options", "open-options-help"]) {
    byTestId(testId).addEventListener("click", () => api.runtime.openOptionsPage());
  }
  for (const format of /** @type {const} */ (["csv", "json"])) {
    const button = /** @type {HTMLButtonElement} */ (byTestId(`export-${format}`));
    button.addEventListener("click", () => exportHistory(format, button, t));
  }
  byTestId("retry-outbox").addEventListener("click", async () => {
    const reply = await ask(MSG.retryOutbox);
    onOutboxChanged(reply.outbox);
  });
  byTestId("dismiss-problems").addEventListener("click", async () => {
    const reply = await ask(MSG.dismissProblems);
    onOutboxChanged(reply.outbox);
  });
}

/**
 * The worker fetches the export (it holds the token); the page turns it into a file.
 * @param {"csv" | "json"} format
 * @param {HTMLButtonElement} button
 * @param {import("../lib/i18n.js").Translate} t
 */
async function exportHistory(format, button, t) {
  const status = byTestId("export-status");
  button.disabled = true;
  status.textContent = t("export_running");
  try {
    const reply = await ask(MSG.exportHistory, { format });
    if (reply.connection !== "ok") {
      status.textContent =
        reply.connection === "unreachable" ? t("export_unreachable") : t("export_failed", reply.message ?? connectionText(reply.connection, t));
      return;
    }
    saveTextFile(reply.body, reply.filename, reply.contentType);
    status.textContent = t("export_done", reply.filename);
  } catch (error) {
    status.textContent = t("export_failed", error instanceof Error ? error.message : String(error));
  } finally {
    button.disabled = false;
  }
}

/**
 * The connection state in words ("Not paired"), never its internal code.
 * @param {string} connection @param {import("../lib/i18n.js").Translate} t
 */
function connectionText(connection, t) {
  const known = Object.hasOwn(CONNECTION_KEYS, connection) ? connection : "error";
  return t(CONNECTION_KEYS[/** @type {keyof typeof CONNECTION_KEYS} */ (known)]);
}

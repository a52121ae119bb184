// @ts-check
/** The popup's connection badge, the "how to fix it" help, and the outbox line and problems. */
import { CONNECTION_KEYS } from "../lib/labels.js";
import { byTestId, el, show } from "../lib/dom.js";
import { formatDate, formatRelative, formatScore } from "../lib/format.js";
import { i18nKey } from "../lib/i18n.js";

/** @typedef {{ t: import("../lib/i18n.js").Translate, locale: string, now: number }} View */


/** What the user can do about each state, and the commands that do it. */
const HELP = {
  unreachable: { key: i18nKey("help_unreachable"), commands: ["./scripts/run", "ssi-companion serve"], options: false },
  not_paired: { key: i18nKey("help_not_paired"), commands: ["ssi-companion pair"], options: true },
  unauthorized: { key: i18nKey("help_unauthorized"), commands: ["ssi-companion pair"], options: true },
  forbidden: { key: i18nKey("help_forbidden"), commands: ["ssi-companion pair"], options: true },
  error: { key: i18nKey("help_error"), commands: [], options: false },
};

/**
 * @param {{ connection: keyof typeof CONNECTION_KEYS, version?: string | null, message?: string | null }} overview
 * @param {View} view
 */
export function renderConnection(overview, { t }) {
  const state = Object.hasOwn(CONNECTION_KEYS, overview.connection) ? overview.connection : "error";
  const badge = byTestId("connection-state");
  badge.dataset.state = state;
  badge.textContent = t(CONNECTION_KEYS[state]);
  if (state === "ok" && overview.version) badge.title = t("connection_version", overview.version);

  const help = state === "ok" || state === "unknown" ? null : HELP[state];
  show(byTestId("connection-help"), Boolean(help));
  if (!help) return;
  byTestId("connection-help-text").textContent = t(help.key, overview.message ?? "");
  const commands = byTestId("connection-help-commands");
  commands.replaceChildren(
    ...help.commands.flatMap((command, i) => [...(i ? [" ", t("help_or"), " "] : []), el("code", { text: command })]),
  );
  show(commands, help.commands.length > 0);
  show(byTestId("open-options-help"), help.options);
}

/**
 * @param {{ size: number, next_attempt_at: number | null, last_error?: string | null, problems: any[] }} outbox
 * @param {View} view
 */
export function renderOutbox(outbox, { t, locale, now }) {
  const line = byTestId("outbox-state");
  line.dataset.size = String(outbox.size);
  if (outbox.size === 0) {
    line.textContent = t("outbox_empty");
  } else if (outbox.next_attempt_at && outbox.next_attempt_at > now) {
    line.textContent = t("outbox_queued_retry", String(outbox.size), formatRelative(outbox.next_attempt_at, now, locale));
  } else {
    line.textContent = t("outbox_queued", String(outbox.size));
  }
  show(byTestId("retry-outbox"), outbox.size > 0);

  const problems = outbox.problems ?? [];
  show(byTestId("outbox-problems"), problems.length > 0);
  byTestId("outbox-problem-list").replaceChildren(
    ...problems
      .slice(-5)
      .reverse()
      .map((problem) => el("li", { text: problemText(problem, t, locale) })),
  );
}

/**
 * @param {any} problem  see Problem in lib/outbox.js
 * @param {import("../lib/i18n.js").Translate} t
 * @param {string} locale
 */
function problemText(problem, t, locale) {
  const score = formatScore(problem.overall, locale, { maximumFractionDigits: 0 });
  const date = formatDate(problem.captured_at ?? problem.at, locale);
  if (problem.reason === "outbox_full") return t("problem_outbox_full", score, date);
  const detail = [problem.message, problem.path].filter(Boolean).join(" · ") || `HTTP ${problem.status}`;
  return t("problem_refused", score, date, detail);
}

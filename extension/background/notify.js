// @ts-check
/** Desktop notifications: delivery problems and the no-capture reminder. */
import { api } from "../lib/browser-api.js";
import { translator } from "./context.js";

export const NOTIFICATION_PROBLEM = "delivery-problem";
export const NOTIFICATION_REMINDER = "capture-reminder";
export const SSI_PAGE_URL = "https://www.linkedin.com/sales/ssi";

/** @param {string} id @param {string} title @param {string} message */
async function show(id, title, message) {
  await api.notifications.create(id, {
    type: "basic",
    iconUrl: api.runtime.getURL("icons/icon-128.png"),
    title,
    message,
  });
}

/** @param {number} count  snapshots the companion refused or the outbox could not take */
export async function notifyProblems(count) {
  const { t } = await translator();
  await show(NOTIFICATION_PROBLEM, t("notification_problem_title"), t("notification_problem_body", String(count)));
}

/** @param {number} days */
export async function notifyReminder(days) {
  const { t } = await translator();
  await show(NOTIFICATION_REMINDER, t("notification_reminder_title"), t("notification_reminder_body", String(days)));
}

/** @param {string} id */
export async function onNotificationClicked(id) {
  if (id === NOTIFICATION_REMINDER) await api.tabs.create({ url: SSI_PAGE_URL });
  if (id === NOTIFICATION_PROBLEM) await api.tabs.create({ url: api.runtime.getURL("popup/popup.html") });
  await api.notifications.clear(id);
}

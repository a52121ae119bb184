// @ts-check
/**
 * The background service worker (an event page in Firefox): the only part of the extension
 * that talks to the companion. Listeners are registered synchronously at the top level so the
 * browser can wake the worker for them; all state lives in storage.local.
 */
import { api } from "../lib/browser-api.js";
import { KEYS } from "../lib/storage-keys.js";
import { updateBadge } from "./badge.js";
import { ALARM_RETRY, deliver } from "./delivery.js";
import { onNotificationClicked } from "./notify.js";
import { warmChartSeries } from "./queries.js";
import { ALARM_REMINDER, checkReminder, configureReminder } from "./reminder.js";
import { onMessage } from "./router.js";

/** Runs a background task, logging (never throwing) so one failure does not kill the listener. */
function run(/** @type {string} */ what, /** @type {() => Promise<unknown>} */ task) {
  task().catch((error) => console.error(`SSI Companion: ${what} failed:`, error));
}

api.runtime.onMessage.addListener(onMessage);

api.alarms.onAlarm.addListener((/** @type {{ name: string }} */ alarm) => {
  if (alarm.name === ALARM_RETRY) run("retry", () => deliver());
  if (alarm.name === ALARM_REMINDER) run("reminder", checkReminder);
});

api.runtime.onInstalled.addListener(() => {
  run("install", async () => {
    await configureReminder();
    await deliver();
  });
});

// Alarms may not survive a browser restart: re-create them from the stored state. The chart's
// series is read for the session's first popup (storage.session starts empty).
api.runtime.onStartup.addListener(() => {
  run("startup", async () => {
    await configureReminder();
    await deliver();
    await warmChartSeries();
  });
});

api.storage.onChanged.addListener((/** @type {Record<string, unknown>} */ changes, /** @type {string} */ area) => {
  if (area !== "local") return;
  if (KEYS.settings in changes) {
    run("settings", async () => {
      await configureReminder();
      await updateBadge();
    });
  }
});

api.notifications.onClicked.addListener((/** @type {string} */ id) => run("notification", () => onNotificationClicked(id)));

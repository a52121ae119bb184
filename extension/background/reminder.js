// @ts-check
/**
 * The optional "no capture for N days" reminder. A periodic alarm checks a few times a day;
 * the check itself reads everything from storage, so it is right after any worker restart.
 */
import { api } from "../lib/browser-api.js";
import { getLastCapture, getLastKnown, getReminderState, getSettings, setReminderState } from "../lib/storage.js";
import { notifyReminder } from "./notify.js";

export const ALARM_REMINDER = "capture-reminder";
const CHECK_EVERY_MINUTES = 6 * 60;
const DAY_MS = 24 * 60 * 60 * 1000;

/** Creates or removes the periodic check to match the setting. */
export async function configureReminder() {
  const { reminderDays } = await getSettings();
  if (reminderDays <= 0) {
    await api.alarms.clear(ALARM_REMINDER);
    return;
  }
  const existing = await api.alarms.get(ALARM_REMINDER);
  if (!existing) {
    await api.alarms.create(ALARM_REMINDER, { delayInMinutes: 1, periodInMinutes: CHECK_EVERY_MINUTES });
  }
}

/**
 * Whether to remind now: at least `days` since the last capture, and not already reminded
 * within the last `days` (one reminder per period of silence, not one per check).
 * @param {{ days: number, now: number, lastCaptureAt: number | null, notifiedAt: number | null }} facts
 */
export function reminderDue({ days, now, lastCaptureAt, notifiedAt }) {
  if (days <= 0 || lastCaptureAt === null) return false;
  const period = days * DAY_MS;
  if (now - lastCaptureAt < period) return false;
  return notifiedAt === null || notifiedAt < lastCaptureAt || now - notifiedAt >= period;
}

export async function checkReminder() {
  const [settings, capture, known, state] = await Promise.all([
    getSettings(),
    getLastCapture(),
    getLastKnown(),
    getReminderState(),
  ]);
  const times = [capture?.at, known?.summary?.as_of].map((value) => (value ? Date.parse(value) : NaN));
  const lastCaptureAt = Math.max(...times.filter(Number.isFinite));
  const now = Date.now();
  const due = reminderDue({
    days: settings.reminderDays,
    now,
    lastCaptureAt: Number.isFinite(lastCaptureAt) ? lastCaptureAt : null,
    notifiedAt: state.notified_at ? Date.parse(state.notified_at) : null,
  });
  if (!due) return;
  await setReminderState(new Date(now).toISOString());
  await notifyReminder(Math.floor((now - lastCaptureAt) / DAY_MS));
}

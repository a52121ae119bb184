// @ts-check
/**
 * Wires the pure outbox to storage.local, the companion and `alarms`. The retry schedule lives
 * in the outbox's stored state and in an alarm, never in a timer: a stopped worker has no timers.
 */
import { api } from "../lib/browser-api.js";
import { OUTBOX_DEFAULTS, createOutbox } from "../lib/outbox.js";
import { KEYS } from "../lib/storage-keys.js";
import { getAuth, localArea, setLastKnown, updateStatus } from "../lib/storage.js";
import { updateBadge } from "./badge.js";
import { noteDelivered } from "./chart-cache.js";
import { companion } from "./context.js";
import { notifyProblems } from "./notify.js";

export const ALARM_RETRY = "outbox-retry";

/** @param {any} snapshot */
async function sendSnapshot(snapshot) {
  const { auth, client, language } = await companion();
  if (!auth) {
    // Not paired: the companion would answer 401; don't knock without a token.
    return { status: 401, body: { error: { code: "not_paired", message: "not paired", path: null } } };
  }
  return client.postSnapshot(snapshot, language);
}

/**
 * Keeps the retry alarm in step with the outbox: set while anything waits, cleared once nothing
 * does. The outbox calls it after every flush, a failed one too, before the next flush starts:
 * the alarm that woke the worker fired once and is gone, and an older flush must not clear the
 * alarm a newer one set.
 * @param {import("../lib/outbox.js").Waiting | null} waiting  null when the outbox could not be read
 */
async function scheduleRetry(waiting) {
  if (waiting?.remaining === 0) {
    await api.alarms.clear(ALARM_RETRY);
    return;
  }
  await api.alarms.create(ALARM_RETRY, { when: waiting?.next_attempt_at ?? Date.now() + OUTBOX_DEFAULTS.baseDelayMs });
}

export const outbox = createOutbox({ store: localArea, key: KEYS.outbox, send: sendSnapshot, afterFlush: scheduleRetry });

/**
 * Tries to deliver the outbox and records what happened: connection status, the companion's
 * latest summary, the chart cache, the badge, and a notification for refused snapshots. The
 * retry alarm is the outbox's business (scheduleRetry), so none of these can leave it unset.
 * @param {{ force?: boolean }} [options]  force: ignore the backoff (a fresh capture, the user asked)
 */
export async function deliver({ force = false } = {}) {
  const result = await outbox.flush({ force });
  await noteDelivered(result.delivered);
  const last = result.delivered.at(-1);
  if (last) {
    await updateStatus({ connection: "ok", message: null });
    if (last.body?.summary) {
      await setLastKnown({ summary: last.body.summary, advice: last.body.advice, profile: last.body.summary.profile });
    }
  }
  const trouble = result.stopped ?? result.failed.at(-1);
  if (trouble) await updateStatus(await connectionAfter(trouble));
  if (result.refused.length > 0) await notifyProblems(result.refused.length);
  await updateBadge();
  return result;
}

/** @param {{ outcome: string, status: number | null, message: string }} trouble */
async function connectionAfter(trouble) {
  /** @type {import("../lib/storage.js").Connection} */
  let connection = "error";
  if (trouble.outcome === "auth") {
    if (trouble.status === 403) connection = "forbidden";
    else connection = (await getAuth()) ? "unauthorized" : "not_paired";
  } else if (trouble.status === null) {
    connection = "unreachable";
  }
  return { connection, message: trouble.message };
}

/** A summary of the outbox for the popup: sizes and problems, never the snapshots themselves. */
export async function outboxView() {
  const state = await outbox.read();
  return {
    size: state.entries.length,
    oldest_queued_at: state.entries[0]?.queued_at ?? null,
    last_error: state.entries[0]?.last_error ?? null,
    next_attempt_at: state.next_attempt_at,
    problems: state.problems,
  };
}

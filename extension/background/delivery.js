// @ts-check
/**
 * Wires the pure outbox to storage.local, the companion and `alarms`. The retry schedule lives
 * in the outbox's stored state and in an alarm, never in a timer: a stopped worker has no timers.
 */
import { api } from "../lib/browser-api.js";
import { createOutbox } from "../lib/outbox.js";
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

export const outbox = createOutbox({ store: localArea, key: KEYS.outbox, send: sendSnapshot });

/**
 * Tries to deliver the outbox and records what happened: connection status, the companion's
 * latest summary, the chart cache, the next retry alarm, the badge, and a notification for
 * refused snapshots.
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
  if (result.stopped) await updateStatus(await connectionAfter(result.stopped));
  await scheduleRetry(result.remaining, result.next_attempt_at);
  if (result.refused.length > 0) await notifyProblems(result.refused.length);
  await updateBadge();
  return result;
}

/** @param {NonNullable<import("../lib/outbox.js").FlushResult["stopped"]>} stopped */
async function connectionAfter(stopped) {
  /** @type {import("../lib/storage.js").Connection} */
  let connection = "error";
  if (stopped.outcome === "auth") {
    if (stopped.status === 403) connection = "forbidden";
    else connection = (await getAuth()) ? "unauthorized" : "not_paired";
  } else if (stopped.status === null) {
    connection = "unreachable";
  }
  return { connection, message: stopped.message };
}

/** @param {number} remaining @param {number | null} nextAttemptAt */
async function scheduleRetry(remaining, nextAttemptAt) {
  if (remaining === 0) {
    await api.alarms.clear(ALARM_RETRY);
    return;
  }
  await api.alarms.create(ALARM_RETRY, { when: nextAttemptAt ?? Date.now() + 30_000 });
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

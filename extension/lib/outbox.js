// @ts-check
/**
 * The outbox: snapshots wait here until the companion itself confirms them with a 2xx.
 *
 * Pure: storage, the sender and the clock are injected, so `node --test` drives it with fakes.
 * Every change is written to storage before it is relied on, because an MV3 service worker can
 * be stopped between any two awaits; a new worker picks up exactly where the old one stopped.
 * A snapshot's `id` is the companion's idempotency key, so re-sending one whose 2xx was lost
 * with the worker stores it once; that is what makes "remove only after a 2xx" safe.
 */

import { isCompanionError, notTheCompanion } from "./companion-client.js";

/**
 * @typedef {{ get(key: string): Promise<any>, set(key: string, value: any): Promise<void> }} KeyValueStore
 * @typedef {{ status: number, body: any }} SendResult
 * @typedef {(snapshot: any) => Promise<SendResult>} Send  Rejects when the companion is unreachable.
 * @typedef {{ snapshot: any, queued_at: string, attempts: number, last_error: string | null }} Entry
 * @typedef {{
 *   reason: "refused" | "outbox_full",
 *   id: string, captured_at: string | null, overall: number | null,
 *   status: number | null, code: string | null, message: string | null, path: string | null,
 *   at: string,
 * }} Problem
 * @typedef {{ entries: Entry[], attempt: number, next_attempt_at: number | null, problems: Problem[] }} OutboxState
 * @typedef {"delivered" | "refused" | "failed" | "auth" | "transient"} Outcome
 * @typedef {{
 *   skipped: boolean,
 *   delivered: { id: string, status: number, body: any }[],
 *   refused: Problem[],
 *   failed: { id: string, outcome: "failed", status: number, message: string }[],
 *   stopped: null | { outcome: "auth" | "transient", status: number | null, message: string },
 *   remaining: number,
 *   next_attempt_at: number | null,
 * }} FlushResult
 * @typedef {{ remaining: number, next_attempt_at: number | null }} Waiting
 */

export const OUTBOX_DEFAULTS = Object.freeze({
  limit: 1000,
  baseDelayMs: 30_000, // Chrome will not fire an alarm sooner than 30 s anyway.
  maxDelayMs: 60 * 60_000,
  maxProblems: 100,
});

/** Status codes that say the data itself is wrong: sending it again cannot help. */
const DEFINITIVE = new Set([400, 409, 413, 415, 422]);

/**
 * What an answer to POST /v1/snapshots means for the snapshot `id`. Only the companion's own
 * answers may remove an entry: a 2xx carrying the snapshot it stored, or a refusal with its
 * error body. Any other answer may come from another program on the port (a typo in the port
 * setting, another app took it): what that seems to accept or refuse is kept and sent again.
 * @param {SendResult} response
 * @param {string} id
 * @returns {{ outcome: Outcome, message: string }}
 */
export function classifyAnswer({ status, body }, id) {
  if (status >= 200 && status < 300 && body?.snapshot?.id === id) return { outcome: "delivered", message: "" };
  if (!isCompanionError(body)) {
    return { outcome: "transient", message: notTheCompanion(status) };
  }
  const { message } = body.error;
  if (DEFINITIVE.has(status)) return { outcome: "refused", message };
  // Not paired, token revoked, or origin refused: the data is fine, the credentials are not.
  if (status === 401 || status === 403) return { outcome: "auth", message };
  // The companion failed on this one snapshot: the others may still go through. Not on a 503,
  // which says it is busy (an import holds the history) and would turn the others away too.
  if (status >= 500 && status !== 503) return { outcome: "failed", message };
  return { outcome: "transient", message };
}

/**
 * Delay before retry number `attempt` (1-based): doubling from the base, capped.
 * @param {number} attempt
 * @param {{ baseDelayMs: number, maxDelayMs: number }} options
 */
export function backoffDelay(attempt, { baseDelayMs, maxDelayMs }) {
  const exponent = Math.min(Math.max(attempt - 1, 0), 30); // keeps 2 ** n finite
  return Math.min(baseDelayMs * 2 ** exponent, maxDelayMs);
}

/** @param {any} raw @returns {OutboxState} */
function normalize(raw) {
  return {
    entries: Array.isArray(raw?.entries) ? raw.entries : [],
    attempt: Number.isInteger(raw?.attempt) ? raw.attempt : 0,
    next_attempt_at: typeof raw?.next_attempt_at === "number" ? raw.next_attempt_at : null,
    problems: Array.isArray(raw?.problems) ? raw.problems : [],
  };
}

/**
 * @param {{
 *   store: KeyValueStore,
 *   send: Send,
 *   now?: () => number,
 *   key?: string,
 *   afterFlush?: (waiting: Waiting | null) => Promise<void>,
 *   limit?: number, baseDelayMs?: number, maxDelayMs?: number, maxProblems?: number,
 * }} options  `afterFlush` gets what still waits after each flush (null when that cannot be read)
 */
export function createOutbox({ store, send, now = Date.now, key = "outbox", afterFlush = async () => {}, ...tuning }) {
  const { limit, baseDelayMs, maxDelayMs, maxProblems } = { ...OUTBOX_DEFAULTS, ...tuning };

  // Read-modify-write cycles must not interleave (a capture arriving during a flush would
  // otherwise be lost). One worker serves all events, so an in-memory queue suffices; it dies
  // with the worker, and so does every operation it orders.
  /** @type {Promise<unknown>} */
  let lock = Promise.resolve();
  /**
   * @template T
   * @param {(state: OutboxState) => Promise<T> | T} change  may mutate `state`; it is saved after
   * @returns {Promise<T>}
   */
  function update(change) {
    const run = lock.then(async () => {
      const state = normalize(await store.get(key));
      const before = JSON.stringify(state);
      const result = await change(state);
      if (JSON.stringify(state) !== before) await store.set(key, state);
      return result;
    });
    lock = run.catch(() => undefined);
    return run;
  }

  /** @type {Promise<unknown>} */
  let flushes = Promise.resolve();

  /** @param {Problem[]} problems @param {Problem} problem */
  function remember(problems, problem) {
    problems.push(problem);
    problems.splice(0, Math.max(0, problems.length - maxProblems));
  }

  /** @param {any} snapshot @param {Problem["reason"]} reason @param {Partial<Problem>} details */
  function problemFor(snapshot, reason, details = {}) {
    return {
      reason,
      id: String(snapshot?.id ?? ""),
      captured_at: snapshot?.captured_at ?? null,
      overall: typeof snapshot?.overall === "number" ? snapshot.overall : null,
      status: null,
      code: null,
      message: null,
      path: null,
      at: new Date(now()).toISOString(),
      ...details,
    };
  }

  /** @param {number | null} at */
  function isDue(at) {
    // A wall-clock time, and the clock can be set back: a retry further ahead than the longest
    // backoff was not set on today's clock, and waiting for it would stall delivery.
    return at === null || at <= now() || at - now() > maxDelayMs;
  }

  /** @param {boolean} force @returns {Promise<FlushResult>} */
  async function runFlush(force) {
    /** @type {FlushResult} */
    const result = { skipped: false, delivered: [], refused: [], failed: [], stopped: null, remaining: 0, next_attempt_at: null };
    const initial = await update((state) => ({ ...state }));
    if (!force && !isDue(initial.next_attempt_at)) {
      return { ...result, skipped: true, remaining: initial.entries.length, next_attempt_at: initial.next_attempt_at };
    }
    // Oldest first, each entry at most once per flush: one the companion keeps failing on is
    // passed over rather than holding up the rest, and a state write that did not stick can
    // never turn this loop into a flood of requests.
    const tried = new Set();
    for (;;) {
      const next = await update((state) => state.entries.find((entry) => !tried.has(entry.snapshot?.id)));
      if (!next) break;
      const id = next.snapshot?.id;
      tried.add(id);
      /** @type {SendResult | null} */
      let response = null;
      let failure = "";
      try {
        response = await send(next.snapshot);
      } catch (error) {
        failure = error instanceof Error ? error.message : String(error);
      }
      /** @type {{ outcome: Outcome, message: string }} */
      const { outcome, message } = response ? classifyAnswer(response, id) : { outcome: "transient", message: failure };

      if (response && outcome === "delivered") {
        await update((state) => {
          state.entries = state.entries.filter((entry) => entry.snapshot?.id !== id);
          state.attempt = 0;
          state.next_attempt_at = null;
        });
        result.delivered.push({ id, status: response.status, body: response.body });
        continue;
      }
      if (response && outcome === "refused") {
        const { code, path } = response.body.error;
        const problem = problemFor(next.snapshot, "refused", { status: response.status, code, message, path });
        await update((state) => {
          state.entries = state.entries.filter((entry) => entry.snapshot?.id !== id);
          remember(state.problems, problem);
        });
        result.refused.push(problem);
        continue;
      }
      // Not delivered: keep it and try again later.
      await update((state) => {
        const entry = state.entries.find((candidate) => candidate.snapshot?.id === id);
        if (entry) {
          entry.attempts += 1;
          entry.last_error = message;
        }
      });
      if (response && outcome === "failed") {
        result.failed.push({ id, outcome, status: response.status, message });
        continue;
      }
      // Unreachable, busy, credentials, or not the companion: the others would fare no better.
      result.stopped = { outcome: outcome === "auth" ? "auth" : "transient", status: response ? response.status : null, message };
      break;
    }
    // One step of backoff per flush that left something behind, however many entries failed,
    // so that retrying takes longer each time; a delivery above started the count again.
    const final = await update((state) => {
      if (result.stopped || result.failed.length > 0) {
        state.attempt += 1;
        state.next_attempt_at = now() + backoffDelay(state.attempt, { baseDelayMs, maxDelayMs });
      }
      return { ...state };
    });
    result.remaining = final.entries.length;
    result.next_attempt_at = final.next_attempt_at;
    return result;
  }

  return {
    /**
     * Adds a snapshot; refuses (and records the refusal as a problem) when the outbox is full,
     * because older undelivered captures cannot be taken again while this one can.
     * @param {any} snapshot
     * @param {{ recordFull?: boolean }} [options]  recordFull: false when the caller will make
     *   room and try again, so that a capture that then fits is not reported as refused
     * @returns {Promise<{ queued: boolean, duplicate: boolean, size: number, problem?: Problem }>}
     */
    enqueue(snapshot, { recordFull = true } = {}) {
      return update((state) => {
        if (state.entries.some((entry) => entry.snapshot?.id === snapshot.id)) {
          return { queued: true, duplicate: true, size: state.entries.length };
        }
        if (state.entries.length >= limit) {
          const problem = problemFor(snapshot, "outbox_full");
          if (recordFull) remember(state.problems, problem);
          return { queued: false, duplicate: false, size: state.entries.length, problem };
        }
        state.entries.push({ snapshot, queued_at: new Date(now()).toISOString(), attempts: 0, last_error: null });
        return { queued: true, duplicate: false, size: state.entries.length };
      });
    },

    /**
     * Sends queued snapshots oldest first, each once, passing over those the companion fails
     * on, until none is left to try or the companion cannot take any. Without `force`, does
     * nothing before the backoff delay is over. Calls run one after another, so a snapshot is
     * never in flight twice from the same worker.
     * @param {{ force?: boolean }} [options]
     * @returns {Promise<FlushResult>}
     */
    flush({ force = false } = {}) {
      const run = flushes.then(async () => {
        try {
          return await runFlush(force);
        } finally {
          // After a failed flush too, and before the next flush starts: what `afterFlush` does
          // (keep a retry alarm) then always follows the newest state, never an older flush's.
          const waiting = update((state) => ({ remaining: state.entries.length, next_attempt_at: state.next_attempt_at }));
          await afterFlush(await waiting.catch(() => null));
        }
      });
      flushes = run.catch(() => undefined);
      return run;
    },

    /** @returns {Promise<OutboxState>} a copy of the stored state */
    read() {
      return update((state) => structuredClone(state));
    },

    /** Forgets the problems once the user has seen them. */
    dismissProblems() {
      return update((state) => {
        state.problems = [];
      });
    },
  };
}

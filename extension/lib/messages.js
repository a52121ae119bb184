// @ts-check
/**
 * Message types between the extension's pages/content script and the service worker, and the
 * helper pages use to ask the worker. Every reply is `{ ok: true, ... }` or
 * `{ ok: false, error: "..." }`. The content script is a classic script and spells its two
 * types itself; a test keeps them in step with this list.
 */
import { api } from "./browser-api.js";

export const MSG = Object.freeze({
  /** content → worker: `{ snapshot }`; reply `{ outcome, note: { text, tone } }`. */
  captureSnapshot: "capture/snapshot",
  /** content → worker: `{ error: { code, message } }`; reply `{ note: { text, tone } }`. */
  captureFailed: "capture/failed",
  /** page → worker: reply `{ connection, version, summary, advice, cached, outbox, lastCapture, lastReadError, language }`. */
  overview: "companion/overview",
  /**
   * page → worker: `{ since?, until?, limit?, profile? }`; reply `{ connection, snapshots }`.
   * With `{ chart: true, cached?, profile? }` just the popup chart's columns instead:
   * reply `{ connection, series, from_cache: false }`, or with `cached` possibly the worker's
   * copy from its last read, `{ series, from_cache: true }`.
   */
  history: "companion/history",
  /** page → worker: `{ format }`; reply `{ filename, contentType, body }`. */
  exportHistory: "companion/export",
  /** options → worker: `{ code }`; reply `{ paired, reason?, message? }`. */
  pair: "companion/pair",
  /** options → worker: forget the token. */
  unpair: "companion/unpair",
  /** page → worker: try to deliver the outbox now; reply `{ outbox }`. */
  retryOutbox: "outbox/retry",
  /** page → worker: the user has seen the delivery problems. */
  dismissProblems: "outbox/dismiss-problems",
});

/**
 * Sends one request to the service worker and returns its reply, throwing on `ok: false`.
 * @param {string} type
 * @param {Record<string, unknown>} [payload]
 * @returns {Promise<any>}
 */
export async function ask(type, payload = {}) {
  const reply = await api.runtime.sendMessage({ type, ...payload });
  if (!reply || reply.ok !== true) throw new Error(reply?.error ?? `no reply to ${type}`);
  return reply;
}

// @ts-check
/**
 * Handles what the content script reports from the SSI page: a snapshot to deliver, or why
 * the page could not be read. Replies with the localised note the page shows, because only
 * the worker knows the outcome and the user's chosen language.
 */
import { formatDelta } from "../lib/format.js";
import { i18nKey } from "../lib/i18n.js";
import { setLastCapture, setLastReadError } from "../lib/storage.js";
import { updateBadge } from "./badge.js";
import { translator } from "./context.js";
import { deliver, outbox } from "./delivery.js";
import { notifyProblems } from "./notify.js";
import { warmChartSeries } from "./queries.js";

/**
 * @typedef {"success" | "warning" | "error"} Tone
 * @typedef {{ text: string, tone: Tone, dismiss?: string }} Note
 */

/** @param {unknown} snapshot */
function looksLikeSnapshot(snapshot) {
  const s = /** @type {any} */ (snapshot);
  return Boolean(s) && typeof s.id === "string" && typeof s.captured_at === "string" && typeof s.overall === "number";
}

/**
 * @param {{ snapshot: any }} message
 * @returns {Promise<{ outcome: import("../lib/storage.js").CaptureOutcome, note: Note }>}
 */
export async function handleCapture({ snapshot }) {
  if (!looksLikeSnapshot(snapshot)) throw new Error("capture/snapshot needs a snapshot with id, captured_at and overall");
  const { t, locale } = await translator();
  const score = String(snapshot.overall);

  let queued = await outbox.enqueue(snapshot, { recordFull: false });
  if (!queued.queued) {
    // The companion may be back: delivering makes room. Once, and whatever it reports, the
    // capture then either fits or is refused as before.
    await deliver({ force: true }).catch((error) => console.error("SSI Companion: making room failed:", error));
    queued = await outbox.enqueue(snapshot);
  }
  if (!queued.queued) {
    await setLastCapture({ at: snapshot.captured_at, overall: snapshot.overall, outcome: "outbox_full" });
    await notifyProblems(1);
    await updateBadge();
    const text = t("note_outbox_full", score, String(queued.size));
    return { outcome: "outbox_full", note: { tone: "error", text, dismiss: t("note_dismiss") } };
  }

  try {
    return await deliverCapture(snapshot, score, t, locale);
  } catch (error) {
    // The capture is in the outbox, and the retry alarm outlives this failure (see deliver):
    // it is queued. A note asking to reload would capture the same visit a second time.
    console.error("SSI Companion: delivering a capture failed:", error);
    return { outcome: "queued", note: { tone: "warning", text: t("note_queued", score), dismiss: t("note_dismiss") } };
  }
}

/**
 * Delivers a queued capture at once and says how that went.
 * @param {any} snapshot
 * @param {string} score
 * @param {import("../lib/i18n.js").Translate} t
 * @param {string} locale
 * @returns {Promise<{ outcome: import("../lib/storage.js").CaptureOutcome, note: Note }>}
 */
async function deliverCapture(snapshot, score, t, locale) {
  const result = await deliver({ force: true });
  const delivered = result.delivered.find((entry) => entry.id === snapshot.id);
  const refused = result.refused.find((problem) => problem.id === snapshot.id);
  const stillQueued = (await outbox.read()).entries.some((entry) => entry.snapshot?.id === snapshot.id);

  /** @type {import("../lib/storage.js").CaptureOutcome} */
  let outcome = "saved";
  /** @type {Note} */
  let note = { tone: "success", text: t("note_saved", score) };
  if (refused) {
    outcome = "refused";
    note = { tone: "error", text: t("note_refused", score, refused.message ?? `HTTP ${refused.status}`) };
  } else if (stillQueued) {
    outcome = "queued";
    note = { tone: "warning", text: queuedText(t, score, result.stopped) };
  } else if (delivered) {
    note = { tone: "success", text: savedText(t, locale, score, delivered.body?.summary?.metrics?.overall?.delta) };
    // Not awaited: the page's note does not wait for the history to be read.
    void warmChartSeries();
  }
  await setLastCapture({ at: snapshot.captured_at, overall: snapshot.overall, outcome });
  return { outcome, note: { ...note, dismiss: t("note_dismiss") } };
}

/**
 * Why a capture waits, as far as the flush tells: not paired, no companion at the address, or
 * something else (the companion failed on it, or answered as another program would).
 * @param {import("../lib/i18n.js").Translate} t
 * @param {string} score
 * @param {import("../lib/outbox.js").FlushResult["stopped"]} stopped
 */
function queuedText(t, score, stopped) {
  if (stopped?.outcome === "auth") return t("note_queued_not_paired", score);
  if (stopped?.status === null) return t("note_queued_unreachable", score);
  return t("note_queued", score);
}

/**
 * "SSI 72 saved · +2 this week", falling back to the change since the previous capture.
 * @param {import("../lib/i18n.js").Translate} t
 * @param {string} locale
 * @param {string} score
 * @param {{ previous?: number | null, "7d"?: number | null } | undefined} delta
 */
export function savedText(t, locale, score, delta) {
  if (typeof delta?.["7d"] === "number") return t("note_saved_week", score, formatDelta(delta["7d"], locale));
  if (typeof delta?.previous === "number") return t("note_saved_previous", score, formatDelta(delta.previous, locale));
  return t("note_saved", score);
}

const READ_ERROR_KEYS = {
  not_ssi_page: i18nKey("note_read_not_ssi_page"),
  not_ready: i18nKey("note_read_not_ready"),
  unrecognized_layout: i18nKey("note_read_unrecognized_layout"),
};

/**
 * @param {{ error?: { code?: string } }} message
 * @returns {Promise<{ note: Note }>}
 */
export async function handleCaptureFailed({ error }) {
  const { t } = await translator();
  const code = String(error?.code ?? "unknown");
  await setLastReadError({ at: new Date().toISOString(), code });
  const key = Object.hasOwn(READ_ERROR_KEYS, code) ? READ_ERROR_KEYS[/** @type {keyof typeof READ_ERROR_KEYS} */ (code)] : null;
  return { note: { tone: "error", text: key ? t(key) : t("note_read_failed"), dismiss: t("note_dismiss") } };
}

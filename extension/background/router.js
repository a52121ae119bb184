// @ts-check
/**
 * Routes runtime messages to handlers, checking who sent them: the content script may only
 * report captures; everything that reads history, exports or pairs is for the extension's own
 * pages. Replies are `{ ok: true, ...result }` or `{ ok: false, error }`.
 */
import { api } from "../lib/browser-api.js";
import { MSG } from "../lib/messages.js";
import { handleCapture, handleCaptureFailed } from "./capture.js";
import { deliver, outbox, outboxView } from "./delivery.js";
import { handlePair, handleUnpair } from "./pairing.js";
import { handleExport, handleHistory, handleOverview } from "./queries.js";
import { updateBadge } from "./badge.js";

const SSI_PAGE = /^https:\/\/www\.linkedin\.com\/sales\/ssi/;

/** @typedef {(message: any) => Promise<object>} Handler */

/** @type {Record<string, Handler>} */
const FROM_CONTENT = {
  [MSG.captureSnapshot]: handleCapture,
  [MSG.captureFailed]: handleCaptureFailed,
};

/** @type {Record<string, Handler>} */
const FROM_PAGES = {
  [MSG.overview]: handleOverview,
  [MSG.history]: handleHistory,
  [MSG.exportHistory]: handleExport,
  [MSG.pair]: handlePair,
  [MSG.unpair]: handleUnpair,
  [MSG.retryOutbox]: async () => {
    await deliver({ force: true });
    return { outbox: await outboxView() };
  },
  [MSG.dismissProblems]: async () => {
    await outbox.dismissProblems();
    await updateBadge();
    return { outbox: await outboxView() };
  },
};

/** @param {any} sender */
function isExtensionPage(sender) {
  return sender?.id === api.runtime.id && typeof sender.url === "string" && sender.url.startsWith(api.runtime.getURL(""));
}

/** @param {any} sender */
function isSsiContentScript(sender) {
  return sender?.id === api.runtime.id && Boolean(sender.tab) && SSI_PAGE.test(String(sender.url ?? ""));
}

/**
 * A `runtime.onMessage` listener. It answers through `sendResponse` and returns true (keep the
 * channel open), which both Chrome and Firefox support; returning a promise is Firefox-only.
 * @param {any} message
 * @param {any} sender
 * @param {(reply: object) => void} sendResponse
 */
export function onMessage(message, sender, sendResponse) {
  const type = String(message?.type ?? "");
  /** @type {Handler | null} */
  const handler =
    (isSsiContentScript(sender) && Object.hasOwn(FROM_CONTENT, type) && FROM_CONTENT[type]) ||
    (isExtensionPage(sender) && Object.hasOwn(FROM_PAGES, type) && FROM_PAGES[type]) ||
    null;
  if (!handler) return false;
  handler(message).then(
    (/** @type {object} */ result) => sendResponse({ ok: true, ...result }),
    (/** @type {unknown} */ error) => {
      console.error(`SSI Companion: ${type} failed:`, error);
      sendResponse({ ok: false, error: error instanceof Error ? error.message : String(error) });
    },
  );
  return true;
}

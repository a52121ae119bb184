// @ts-check
/**
 * Runs extension/content/capture.js in a jsdom window as the browser would: after a page
 * reader, with a fake `chrome` API, and with timers sped up so the 20 s timeout takes 0.4 s.
 */
import { JSDOM } from "jsdom";
import { readExtensionFile } from "./paths.js";

export const TIME_SCALE = 50;

/**
 * `readSsiPage` fakes the page reader; without it the real content/ssi-reader.js runs first,
 * as the manifest orders them, on `html` (a whole page when it starts with "<!").
 * @param {{
 *   readSsiPage?: (doc: Document) => any,
 *   reply?: (message: any) => any,
 *   settings?: any,
 *   url?: string,
 *   html?: string,
 * }} options
 */
export function runCaptureScript({ readSsiPage, reply, settings = {}, url = "https://www.linkedin.com/sales/ssi?src=nav", html = "" }) {
  const page = html.trimStart().startsWith("<!") ? html : `<!doctype html><html lang="en"><body>${html}</body></html>`;
  const dom = new JSDOM(page, { url, runScripts: "outside-only" });
  const window = /** @type {any} */ (dom.window);
  /** @type {any[]} */
  const sent = [];
  /** @type {ShadowRoot[]} */
  const shadowRoots = [];

  const realSetTimeout = window.setTimeout.bind(window);
  window.setTimeout = (/** @type {Function} */ fn, /** @type {number} */ ms = 0, /** @type {any[]} */ ...args) =>
    realSetTimeout(fn, Math.ceil(ms / TIME_SCALE), ...args);

  // The note uses a closed shadow root; keep a handle so the test can read it.
  const attachShadow = window.Element.prototype.attachShadow;
  window.Element.prototype.attachShadow = function (/** @type {ShadowRootInit} */ init) {
    const root = attachShadow.call(this, init);
    shadowRoots.push(root);
    return root;
  };

  window.chrome = {
    runtime: {
      getManifest: () => ({ version: "0.1.0" }),
      sendMessage: async (/** @type {any} */ message) => {
        sent.push(structuredClone(message));
        return reply ? reply(message) : { ok: true, note: { text: "noted", tone: "success", dismiss: "Dismiss" } };
      },
    },
    storage: { local: { get: async () => ({ settings }) } },
    i18n: { getMessage: () => "" },
  };
  if (readSsiPage) window.SsiReader = Object.freeze({ readSsiPage, LAYOUTS: [], REFUSALS: [] });
  else window.eval(readExtensionFile("content/ssi-reader.js"));

  const run = () => window.eval(readExtensionFile("content/capture.js"));
  run();
  return { dom, window, document: window.document, sent, shadowRoots, runAgain: run };
}

export { until } from "./until.js";

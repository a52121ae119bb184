// @ts-check
/**
 * Loads an extension page's HTML into jsdom and exposes its document as the global one, which
 * the page modules (lib/dom.js) use. Scripts in the page are not run; tests call the views.
 */
import { JSDOM } from "jsdom";
import { readFileSync } from "node:fs";
import { createTranslator } from "../../../extension/lib/i18n.js";
import { extensionPath, readExtensionFile } from "./paths.js";

/** @param {string} page  e.g. "popup/popup.html" */
export function loadPage(page) {
  const dom = new JSDOM(readExtensionFile(page), { url: `chrome-extension://test/${page}` });
  const g = /** @type {any} */ (globalThis);
  g.document = dom.window.document;
  g.HTMLElement = dom.window.HTMLElement;
  return dom.window.document;
}

/** @param {"en" | "de" | "es"} lang */
export function translatorFor(lang) {
  const read = (/** @type {string} */ l) => JSON.parse(readFileSync(extensionPath(`_locales/${l}/messages.json`), "utf8"));
  return createTranslator(read(lang), read("en"));
}

/** @param {ParentNode} root @param {string} testId */
export function text(root, testId) {
  const element = root.querySelector(`[data-testid="${testId}"]`);
  if (!element) throw new Error(`no [data-testid="${testId}"]`);
  return (element.textContent ?? "").replace(/\s+/g, " ").trim();
}

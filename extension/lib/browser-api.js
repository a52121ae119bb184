// @ts-check
/**
 * The WebExtension API object. Firefox exposes the promise-based `browser` namespace; Chrome
 * only `chrome`, whose MV3 methods return promises too, so no polyfill is needed.
 * Everything else imports `api` from here instead of touching either global.
 */

/** @type {any} */
export const api = /** @type {any} */ (globalThis).browser ?? /** @type {any} */ (globalThis).chrome;

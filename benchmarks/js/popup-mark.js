// @ts-check
/*
 * Added to the top of the popup and dashboard pages of the benchmark's copy of the extension, as
 * a classic script that blocks the parser, so that it runs before any of the page's own scripts.
 * It notes `performance.now()` once the first animation frame after the page's charts appear
 * (`data-charts` on its tag: how many chart canvases the page draws) has been rendered (in a
 * task posted from that frame's callback, which runs after the frame's paint), how many points
 * the popup's chart holds, and the round trip of the page's first history question to the
 * service worker, if it asked one. Once the page has its overview and every history question
 * is answered (so that a late refresh cannot refill the cache the next run clears), it posts
 * them to the driver (bench/driver.html) and keeps them on the page.
 */
(() => {
  "use strict";
  const chrome = /** @type {any} */ (globalThis).chrome;
  const channel = new BroadcastChannel("ssi-bench");
  const charts = Number(/** @type {HTMLScriptElement} */ (document.currentScript).dataset.charts);
  /** @type {number | null} */
  let drawn = null;
  /** @type {number | null} */
  let history = null;
  /** @type {number | null} */
  let points = null;
  let pending = 0;
  let posted = false;

  new MutationObserver((_, observer) => {
    if (document.querySelectorAll('[data-testid^="chart"] canvas').length < charts) return;
    observer.disconnect();
    requestAnimationFrame(() =>
      setTimeout(() => {
        drawn = performance.now();
        const chart = /** @type {HTMLElement | null} */ (document.querySelector('[data-testid="chart"]'));
        points = chart?.dataset.points === undefined ? null : Number(chart.dataset.points);
        postWhenSettled();
      }),
    );
  }).observe(document, { childList: true, subtree: true });

  const send = chrome.runtime.sendMessage.bind(chrome.runtime);
  /** @param {any} message */
  const timedSend = async (message) => {
    const isHistory = message?.type === "companion/history";
    const asked = performance.now();
    if (isHistory) pending += 1;
    try {
      const reply = await send(message);
      if (isHistory) history ??= performance.now() - asked;
      return reply;
    } finally {
      if (isHistory) pending -= 1;
    }
  };
  chrome.runtime.sendMessage = /** @type {any} */ (timedSend);

  function postWhenSettled() {
    if (posted) return;
    const state = document.querySelector('[data-testid="connection-state"]');
    if (drawn === null || pending > 0 || !state || state.getAttribute("data-state") === "unknown") {
      setTimeout(postWhenSettled, 10);
      return;
    }
    posted = true;
    const [navigation] = /** @type {PerformanceNavigationTiming[]} */ (performance.getEntriesByType("navigation"));
    const measured = { timeOrigin: performance.timeOrigin, drawn, points, domContentLoaded: navigation.domContentLoadedEventStart, history };
    // Posted to the driver; also kept on the page, where a Playwright-driven run reads it.
    /** @type {any} */ (window).__ssiBenchMeasured = measured;
    channel.postMessage(measured);
  }
})();

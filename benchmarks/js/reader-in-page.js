// @ts-check
/*
 * The page reader benchmark inside a page that no DevTools session is attached to (see
 * benchmarks/browser.py). Loaded by each test page after its content; once the page has loaded,
 * it adds the reader as an inline script (its source made unique to this run, so that no code
 * cache can make the first read warmer than on a user's first visit), times the first
 * `SsiReader.readSsiPage(document)` and the mean of `calls` more, posts them to the report
 * server and opens the next page in a new tab (a new renderer process, as a new visit gets),
 * then closes this one.
 */
(() => {
  "use strict";
  const script = /** @type {HTMLScriptElement} */ (document.currentScript);
  const { run, calls, next, url } = script.dataset;

  /** @param {string} name @param {unknown} data */
  const report = (name, data) =>
    fetch(`/report/${name}`, { method: "POST", body: JSON.stringify(data), headers: { "Content-Type": "application/json" } });

  async function measure() {
    const source = await (await fetch("/ssi-reader.js")).text();
    const reader = document.createElement("script");
    reader.textContent = `${source}\n// run ${run}\n`;
    document.head.append(reader);
    const api = /** @type {any} */ (globalThis).SsiReader;
    let started = performance.now();
    const result = api.readSsiPage(document, { url });
    const first = performance.now() - started;
    started = performance.now();
    for (let i = 0; i < Number(calls); i++) api.readSsiPage(document, { url });
    const mean = (performance.now() - started) / Number(calls);
    await report("read", { run: Number(run), result, first, mean });
    if (next) {
      window.open(next, "_blank", "noopener");
      window.close();
    }
  }

  addEventListener("load", () => {
    // After the load event's other listeners, as a content script at document_idle.
    setTimeout(() => measure().catch((error) => report("error", String(error?.stack ?? error))), 0);
  });
})();

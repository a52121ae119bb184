// @ts-check
/*
 * The popup benchmark's driver, a page of the benchmark's copy of the extension (bench/driver.html),
 * in a Chromium that no DevTools session is attached to (see benchmarks/browser.py and
 * benchmarks/popup.py). It pairs the copy with the companion through the report server, then
 * opens pages in new tabs and collects what each measured of itself (bench/popup-mark.js in the
 * popup and the dashboard, bench/blank.js in the empty baseline page): one unmeasured popup,
 * empty page and dashboard first, then per run the empty page, the popup, the popup again after
 * clearing storage.session (the first popup of a browser session), and the dashboard. Everything it measured is posted to /report/popup,
 * a failure to /report/error.
 */
const chrome = /** @type {any} */ (globalThis).chrome;
const params = new URLSearchParams(location.search);
const server = params.get("server") ?? "";
const runs = Number(params.get("runs"));
const OPEN_TIMEOUT_MS = 30_000;
const channel = new BroadcastChannel("ssi-bench");

/** @param {string} name @param {unknown} data */
const report = (name, data) => fetch(`${server}/report/${name}`, { method: "POST", body: JSON.stringify(data) });

/**
 * Opens an extension page in a new tab and resolves with the measurement it posts (a page
 * opened before this one can still post late: only messages from pages that started after
 * this call count), then closes the tab.
 * @param {string} path
 * @returns {Promise<Record<string, number | null>>}
 */
async function open(path) {
  const openedAt = performance.timeOrigin + performance.now();
  /** @type {Promise<Record<string, number | null>>} */
  const measured = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${path}: no measurement within ${OPEN_TIMEOUT_MS} ms`)), OPEN_TIMEOUT_MS);
    channel.onmessage = ({ data }) => {
      if (data.timeOrigin < openedAt) return;
      clearTimeout(timer);
      resolve(data);
    };
  });
  const tab = await chrome.tabs.create({ url: chrome.runtime.getURL(path) });
  try {
    return await measured;
  } finally {
    if (tab.id !== undefined) await chrome.tabs.remove(tab.id);
  }
}

async function main() {
  const pairing = await (await fetch(`${server}/pair?origin=${encodeURIComponent(location.origin)}`)).json();
  await chrome.storage.local.set({
    auth: { token: pairing.token, paired_at: new Date().toISOString() },
    settings: { port: pairing.port, language: "en", reminderDays: 0, badge: true, profile: "me" },
  });
  // Unmeasured: the worker's first requests and the series it keeps, the browser's caches.
  await open("popup/popup.html");
  await open("bench/blank.html");
  await open("dashboard/dashboard.html");
  /** @type {Record<string, Record<string, number | null>[]>} */
  const results = { blank: [], popup: [], uncached: [], dashboard: [] };
  for (let run = 0; run < runs; run++) {
    results.blank.push(await open("bench/blank.html"));
    results.popup.push(await open("popup/popup.html"));
    await chrome.storage.session.clear();
    results.uncached.push(await open("popup/popup.html"));
    results.dashboard.push(await open("dashboard/dashboard.html"));
  }
  await report("popup", results);
}

main().catch((error) => report("error", String(error?.stack ?? error)));

// @ts-check
/**
 * A fake `chrome` namespace with just what the service worker uses, and a fake companion
 * behind `fetch`, so the worker's modules run under node exactly as wired in the extension.
 * Install it before importing anything from extension/background/.
 */
import { readFileSync } from "node:fs";
import { extensionPath } from "./paths.js";
import { createFakeCompanion } from "./fake-companion.js";

export function installFakeBrowser({ uiLanguage = "en-US" } = {}) {
  /** @type {Record<string, string>} */
  const local = {};
  /** @type {Record<string, string>} */
  const session = {};
  /** @type {Map<string, any>} */
  const alarms = new Map();
  const badge = { text: "", color: "", title: "" };
  /** @type {any[]} */
  const notifications = [];
  const companion = createFakeCompanion();
  const http = { requests: /** @type {{ method: string, url: URL, headers: any }[]} */ ([]), token: "tok-123" };

  /** @param {Record<string, string>} area @param {string | string[] | null | undefined} keys */
  const pickFrom = (area, keys) => {
    const names = keys == null ? Object.keys(area) : Array.isArray(keys) ? keys : [keys];
    return Object.fromEntries(names.filter((k) => k in area).map((k) => [k, JSON.parse(area[k])]));
  };
  /** @param {string | string[] | null | undefined} keys */
  const pick = (keys) => pickFrom(local, keys);
  /** A storage area that copies values in and out as JSON, as the real one serialises them. @param {Record<string, string>} area */
  const storageArea = (area) => ({
    get: async (/** @type {any} */ keys) => pickFrom(area, keys),
    set: async (/** @type {Record<string, unknown>} */ items) => {
      for (const [k, v] of Object.entries(items)) area[k] = JSON.stringify(v);
    },
    remove: async (/** @type {string} */ key) => {
      delete area[key];
    },
  });

  /** An event the worker can listen to; `dispatch` calls its listeners, as the browser would. */
  const event = () => {
    /** @type {((...args: any[]) => unknown)[]} */
    const listeners = [];
    return {
      addListener: (/** @type {(...args: any[]) => unknown} */ listener) => void listeners.push(listener),
      dispatch: (/** @type {any[]} */ ...args) => listeners.map((listener) => listener(...args)),
    };
  };

  const chrome = {
    runtime: {
      id: "testid",
      onMessage: event(),
      onInstalled: event(),
      onStartup: event(),
      getURL: (/** @type {string} */ path) => `chrome-extension://testid/${path}`,
      getManifest: () => ({ version: "0.1.0" }),
    },
    i18n: { getUILanguage: () => uiLanguage, getMessage: () => "" },
    storage: { local: storageArea(local), session: storageArea(session), onChanged: event() },
    alarms: {
      onAlarm: event(),
      create: async (/** @type {string} */ name, /** @type {any} */ info) => void alarms.set(name, info),
      clear: async (/** @type {string} */ name) => alarms.delete(name),
      get: async (/** @type {string} */ name) => alarms.get(name),
    },
    action: {
      setBadgeText: async (/** @type {{ text: string }} */ { text }) => void (badge.text = text),
      setBadgeBackgroundColor: async (/** @type {{ color: string }} */ { color }) => void (badge.color = color),
      setTitle: async (/** @type {{ title: string }} */ { title }) => void (badge.title = title),
    },
    notifications: {
      create: async (/** @type {string} */ id, /** @type {any} */ options) => void notifications.push({ id, ...options }),
      onClicked: event(),
    },
    tabs: { create: async () => undefined },
  };

  /** @type {typeof globalThis.fetch} */
  const fetch = async (input, init = {}) => {
    const url = new URL(String(input));
    if (url.protocol === "chrome-extension:") {
      return new Response(readFileSync(extensionPath(url.pathname.slice(1)), "utf8"));
    }
    const headers = /** @type {any} */ (init.headers ?? {});
    http.requests.push({ method: init.method ?? "GET", url, headers });
    if (url.pathname === "/v1/health") {
      if (!companion.isUp()) throw new TypeError("Failed to fetch");
      return Response.json({ status: "ok", version: "0.1.0" });
    }
    if (url.pathname === "/v1/snapshots" && init.method === "POST") {
      if (headers.Authorization !== `Bearer ${http.token}`) {
        if (!companion.isUp()) throw new TypeError("Failed to fetch");
        return Response.json({ error: { code: "unauthorized", message: "pair first", path: null } }, { status: 401 });
      }
      const { status, body } = await companion.post(JSON.parse(String(init.body)));
      const delta = { previous: 1, "7d": 2, "30d": null };
      return Response.json(status < 300 ? { ...body, summary: { profile: "me", latest: body.snapshot, metrics: { overall: { delta } } }, advice: { lang: url.searchParams.get("lang"), items: [] } } : body, { status });
    }
    if (url.pathname === "/v1/pair" && init.method === "DELETE") {
      if (!companion.isUp()) throw new TypeError("Failed to fetch");
      if (headers.Authorization !== `Bearer ${http.token}`) {
        return Response.json({ error: { code: "unauthorized", message: "pair first", path: null } }, { status: 401 });
      }
      return new Response(null, { status: 204 });
    }
    if (url.pathname === "/v1/pair") return Response.json({ token: http.token });
    if (url.pathname === "/v1/export") {
      if (!companion.isUp()) throw new TypeError("Failed to fetch");
      if (headers.Authorization !== `Bearer ${http.token}`) {
        return Response.json({ error: { code: "unauthorized", message: "pair first", path: null } }, { status: 401 });
      }
      const rows = [...companion.stored.values()].map((s) => `${s.id},${s.captured_at},${s.overall}`);
      return new Response(["id,captured_at,overall", ...rows, ""].join("\r\n"), {
        headers: { "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": 'attachment; filename="ssi-history.csv"' },
      });
    }
    if (url.pathname === "/v1/summary" || url.pathname === "/v1/advice") {
      if (!companion.isUp()) throw new TypeError("Failed to fetch");
      if (headers.Authorization !== `Bearer ${http.token}`) {
        return Response.json({ error: { code: "unauthorized", message: "pair first", path: null } }, { status: 401 });
      }
      // Just what the worker passes on: the latest snapshot of what is stored now.
      const latest = companion.history(url.searchParams.get("profile") ?? "me").at(-1) ?? null;
      if (url.pathname === "/v1/advice") return Response.json({ lang: url.searchParams.get("lang") ?? "en", items: [] });
      return Response.json({ profile: "me", as_of: latest?.captured_at ?? null, latest, metrics: {}, projection: null });
    }
    if (url.pathname === "/v1/snapshots" || url.pathname === "/v1/series") {
      if (!companion.isUp()) throw new TypeError("Failed to fetch");
      if (headers.Authorization !== `Bearer ${http.token}`) {
        return Response.json({ error: { code: "unauthorized", message: "pair first", path: null } }, { status: 401 });
      }
      const profile = url.searchParams.get("profile") ?? "me";
      if (url.pathname === "/v1/series") return Response.json(companion.series(profile));
      return Response.json({ snapshots: companion.history(profile) });
    }
    return Response.json({ error: { code: "not_found", message: "no", path: null } }, { status: 404 });
  };

  const g = /** @type {any} */ (globalThis);
  g.chrome = chrome;
  g.fetch = fetch;
  return { chrome, local: () => pick(null), session: () => pickFrom(session, null), alarms, badge, notifications, companion, http };
}

/**
 * Where each test of the worker starts: paired, the companion up with nothing stored, the
 * settings' defaults and no chart copy in storage.session.
 * @param {ReturnType<typeof installFakeBrowser>} browser
 */
export async function resetToPaired(browser) {
  browser.companion.setUp(true);
  browser.companion.stored.clear();
  await browser.chrome.storage.local.set({ settings: { port: 8723, profile: "me" } });
  await browser.chrome.storage.local.set({ auth: { token: browser.http.token, paired_at: "2026-11-01T00:00:00Z" } });
  await browser.chrome.storage.session.remove("chart_series");
}

/**
 * Lets a page's messages reach the worker's real router, as from the extension page at `page`
 * (e.g. "popup/popup.html"). Call once the browser is installed.
 * @param {ReturnType<typeof installFakeBrowser>} browser @param {string} page
 */
export async function routeToWorker(browser, page) {
  const { onMessage } = await import("../../../extension/background/router.js");
  /** @type {any} */ (browser.chrome.runtime).sendMessage = (/** @type {any} */ message) =>
    new Promise((resolve) => {
      onMessage(message, { id: "testid", url: `chrome-extension://testid/${page}` }, resolve);
    });
}

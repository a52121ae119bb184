// @ts-check
/**
 * Content script on https://www.linkedin.com/sales/ssi*: waits until the page has rendered,
 * reads it once with the page reader (content/ssi-reader.js, loaded just before this file),
 * turns the reading into a Snapshot and hands it to the service worker, which delivers it.
 * Then shows a small note on the page saying what happened.
 *
 * A classic script (content scripts cannot be ES modules), so it repeats the two message
 * types and the settings key from lib/; tests/js keep them in step. It never talks to the
 * companion itself: Chromium's Local Network Access blocks pages from reaching loopback.
 */
(() => {
  "use strict";

  /** @type {any} */
  const api = /** @type {any} */ (globalThis).browser ?? /** @type {any} */ (globalThis).chrome;
  const STARTED = "__ssiCompanionCaptureStarted";
  // Runs once per page load, even if the script is injected twice (extension reload).
  if (/** @type {any} */ (globalThis)[STARTED]) return;
  /** @type {any} */ (globalThis)[STARTED] = true;

  const MSG_CAPTURE = "capture/snapshot";
  const MSG_FAILED = "capture/failed";
  const SETTINGS_KEY = "settings";
  const TIMEOUT_MS = 20_000; // LinkedIn's app can take a while on slow connections
  const RECHECK_MS = 250; // debounce for bursts of DOM mutations
  const SETTLE_MS = 600; // a reading must stay the same this long: donuts animate their numbers
  const NOTE_MS = { success: 6_000, warning: 12_000, error: 15_000 };
  const PILLARS = ["professional_brand", "find_right_people", "engage_with_insights", "build_relationships"];
  const LOCALE_PATTERN = /^[A-Za-z]{2,3}([_-][A-Za-z0-9]{1,8})*$/;

  /**
   * @typedef {{ code: string, message: string }} ReadError
   * @typedef {{ ok: true, reading: any } | { ok: false, error: ReadError }} ReadResult
   */

  /** @param {Document} doc @returns {ReadResult} */
  function read(doc) {
    const reader = /** @type {any} */ (globalThis).SsiReader;
    if (!reader) return { ok: false, error: { code: "unrecognized_layout", message: "page reader not loaded" } };
    try {
      return reader.readSsiPage(doc);
    } catch (error) {
      return { ok: false, error: { code: "unrecognized_layout", message: String(error) } };
    }
  }

  /**
   * The reader's word that this is no longer the SSI page: the script only runs there, so the
   * user has moved on within LinkedIn (history.pushState), and the document with them.
   * @param {ReadResult} result
   */
  function leftSsiPage(result) {
    return !result.ok && result.error.code === "not_ssi_page";
  }

  /**
   * Resolves with the first reading that stays unchanged for SETTLE_MS, or with the last
   * refusal when the page has not produced one after TIMEOUT_MS; with null as soon as the user
   * has moved on from the SSI page (nothing to report about a visit they ended).
   * @param {Document} doc
   * @returns {Promise<ReadResult | null>}
   */
  function waitForReading(doc) {
    return new Promise((resolve) => {
      /** @type {ReadError} */
      let lastError = { code: "not_ready", message: "the page did not finish rendering" };
      /** @type {string | null} */
      let candidate = null;
      /** @type {ReturnType<typeof setTimeout> | null} */
      let timer = null;
      let done = false;

      const observer = new MutationObserver(() => schedule(RECHECK_MS));
      const deadline = setTimeout(() => finish({ ok: false, error: lastError }), TIMEOUT_MS);

      /** @param {ReadResult | null} result */
      function finish(result) {
        if (done) return;
        done = true;
        observer.disconnect();
        clearTimeout(deadline);
        if (timer !== null) clearTimeout(timer);
        resolve(result);
      }
      /** @param {number} delay */
      function schedule(delay) {
        if (timer === null && !done) timer = setTimeout(check, delay);
      }
      function check() {
        timer = null;
        const result = read(doc);
        if (leftSsiPage(result)) {
          finish(null);
          return;
        }
        if (!result.ok) {
          lastError = result.error;
          candidate = null;
          return;
        }
        const key = JSON.stringify(result.reading);
        if (key === candidate) {
          finish(result);
          return;
        }
        candidate = key;
        schedule(SETTLE_MS);
      }

      observer.observe(doc.documentElement, { childList: true, subtree: true, characterData: true, attributes: true });
      schedule(0);
    });
  }

  /** @param {unknown} value */
  function numberOrNull(value) {
    return typeof value === "number" && Number.isFinite(value) ? value : null;
  }

  /**
   * The wire Snapshot (CONTRACT.md), with only the fields the schema allows.
   * @param {any} reading
   * @param {{ profile: string, url: string, version: string, now: Date }} context
   */
  function buildSnapshot(reading, { profile, url, version, now }) {
    /** @type {Record<string, number>} */
    const pillars = {};
    for (const key of PILLARS) pillars[key] = reading.pillars[key];
    const locale = typeof reading.locale === "string" && LOCALE_PATTERN.test(reading.locale) ? reading.locale : null;
    return {
      id: crypto.randomUUID(),
      captured_at: now.toISOString(),
      profile,
      overall: reading.overall,
      pillars,
      industry: {
        name: typeof reading.industry?.name === "string" && reading.industry.name ? reading.industry.name : null,
        rank_top_percent: numberOrNull(reading.industry?.rank_top_percent),
        average: numberOrNull(reading.industry?.average),
      },
      network: {
        rank_top_percent: numberOrNull(reading.network?.rank_top_percent),
        average: numberOrNull(reading.network?.average),
      },
      locale,
      source: { url, layout: typeof reading.layout === "string" ? reading.layout : null, extension_version: version },
    };
  }

  async function profileSetting() {
    try {
      const items = await api.storage.local.get(SETTINGS_KEY);
      const profile = items?.[SETTINGS_KEY]?.profile;
      return typeof profile === "string" && profile.trim() ? profile.trim() : "me";
    } catch {
      return "me";
    }
  }

  /** @param {Record<string, unknown>} message */
  async function tellWorker(message) {
    try {
      const reply = await api.runtime.sendMessage(message);
      if (reply?.ok && reply.note) return reply.note;
    } catch {
      // The extension was reloaded or updated under this page; say so below.
    }
    return {
      tone: "error",
      text: api.i18n.getMessage("note_extension_unavailable") || "SSI Companion could not save this visit. Reload the page.",
      dismiss: api.i18n.getMessage("note_dismiss") || "Dismiss",
    };
  }

  const NOTE_CSS = `
    :host { all: initial; }
    .note {
      position: fixed; right: 20px; bottom: 20px; z-index: 2147483647; max-width: 360px;
      display: flex; align-items: flex-start; gap: 10px; padding: 10px 12px;
      font: 14px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
      color: #111827; background: #ffffff; border: 1px solid #d1d5db; border-left: 4px solid #115e59;
      border-radius: 8px; box-shadow: 0 4px 16px rgba(0, 0, 0, 0.15);
      opacity: 1; transition: opacity 0.8s ease;
    }
    .note.warning { border-left-color: #b45309; }
    .note.error { border-left-color: #b91c1c; }
    .note.fading { opacity: 0; }
    .brand { font-weight: 600; color: #115e59; white-space: nowrap; }
    .text { margin: 0; flex: 1; }
    button {
      all: unset; cursor: pointer; padding: 0 4px; font-size: 18px; line-height: 1; color: #6b7280;
    }
    button:focus-visible { outline: 2px solid #115e59; border-radius: 4px; }
    @media (prefers-color-scheme: dark) {
      .note { color: #f3f4f6; background: #1f2937; border-color: #374151; }
      .brand { color: #5eead4; }
    }
    @media (prefers-reduced-motion: reduce) { .note { transition: none; } }
  `;

  /**
   * A dismissable note in a closed shadow root, so neither LinkedIn's styles nor its scripts
   * touch it. It fades out on its own, later for problems than for success; hovering keeps it.
   * @param {{ text: string, tone: "success" | "warning" | "error", dismiss?: string }} note
   */
  function showNote(note) {
    const host = document.createElement("div");
    host.setAttribute("data-ssi-companion-note", note.tone);
    const root = host.attachShadow({ mode: "closed" });
    // A constructed stylesheet is not an inline <style>, so the page's CSP does not block it.
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(NOTE_CSS);
    root.adoptedStyleSheets = [sheet];

    const box = document.createElement("div");
    box.className = `note ${note.tone}`;
    box.setAttribute("role", note.tone === "success" ? "status" : "alert");
    const brand = document.createElement("span");
    brand.className = "brand";
    brand.textContent = "SSI";
    const text = document.createElement("p");
    text.className = "text";
    text.textContent = note.text;
    const close = document.createElement("button");
    close.type = "button";
    close.textContent = "×";
    close.setAttribute("aria-label", note.dismiss || "Dismiss");
    close.addEventListener("click", () => host.remove());
    box.append(brand, text, close);
    root.append(box);
    document.body.append(host);

    /** @type {ReturnType<typeof setTimeout> | null} */
    let fadeTimer = null;
    const startFade = () => {
      fadeTimer = setTimeout(() => {
        box.classList.add("fading");
        fadeTimer = setTimeout(() => host.remove(), 900);
      }, NOTE_MS[note.tone] ?? NOTE_MS.error);
    };
    box.addEventListener("mouseenter", () => {
      if (fadeTimer !== null) clearTimeout(fadeTimer);
      box.classList.remove("fading");
    });
    box.addEventListener("mouseleave", startFade);
    startFade();
  }

  async function captureOnce() {
    const result = await waitForReading(document);
    if (result === null) return;
    if (!result.ok) {
      // Left without any change to the page since its last read: only a read now tells.
      if (leftSsiPage(read(document))) return;
      showNote(await tellWorker({ type: MSG_FAILED, error: result.error }));
      return;
    }
    const snapshot = buildSnapshot(result.reading, {
      profile: await profileSetting(),
      url: location.origin + location.pathname, // no query string: it may carry tracking ids
      version: api.runtime.getManifest().version,
      now: new Date(),
    });
    showNote(await tellWorker({ type: MSG_CAPTURE, snapshot }));
  }

  captureOnce().catch((error) => console.error("SSI Companion: capture failed:", error));
})();

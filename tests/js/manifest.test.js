// @ts-check
/**
 * The manifest asks for exactly the permissions the code uses, runs the content scripts only on
 * the SSI page, and refers only to files that exist; the classic content script agrees with the
 * shared modules on message types and storage keys.
 */
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { MSG } from "../../extension/lib/messages.js";
import { KEYS } from "../../extension/lib/storage-keys.js";
import { extensionFiles, extensionPath, readExtensionFile } from "./helpers/paths.js";

const manifest = JSON.parse(readExtensionFile("manifest.json"));
const scripts = extensionFiles((path) => path.endsWith(".js"));
const OWN_SCRIPTS = scripts.filter((path) => path !== "content/ssi-reader.js");

/** API namespaces that need a manifest permission, and the permission each needs. */
const PERMISSION_OF = {
  storage: "storage",
  alarms: "alarms",
  notifications: "notifications",
  downloads: "downloads",
  cookies: "cookies",
  history: "history",
  bookmarks: "bookmarks",
  scripting: "scripting",
  webRequest: "webRequest",
  declarativeNetRequest: "declarativeNetRequest",
  contextMenus: "contextMenus",
  tabGroups: "tabGroups",
  identity: "identity",
  management: "management",
  sessions: "sessions",
  topSites: "topSites",
  idle: "idle",
  offscreen: "offscreen",
  sidePanel: "sidePanel",
};

/** The permission-gated namespaces the code calls, as `api.x`, `chrome.x` or `browser.x`. */
function permissionsUsed() {
  const used = new Set();
  for (const file of OWN_SCRIPTS) {
    const text = readExtensionFile(file);
    for (const match of text.matchAll(/\b(?:api|chrome|browser)\.([A-Za-z]+)\b/g)) {
      const permission = PERMISSION_OF[/** @type {keyof typeof PERMISSION_OF} */ (match[1])];
      if (permission) used.add(permission);
    }
  }
  return [...used].sort();
}

/** @param {string} path @returns {{ width: number, height: number }} */
function pngSize(path) {
  const bytes = readFileSync(extensionPath(path));
  assert.equal(bytes.subarray(0, 8).toString("hex"), "89504e470d0a1a0a", `${path} is not a PNG`);
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

describe("manifest", () => {
  it("is Manifest V3 with an English default locale and localised name", () => {
    assert.equal(manifest.manifest_version, 3);
    assert.equal(manifest.default_locale, "en");
    assert.equal(manifest.name, "__MSG_extName__");
    assert.match(manifest.version, /^\d+\.\d+\.\d+$/);
  });

  it("asks for exactly the permissions the code uses", () => {
    const used = permissionsUsed();
    assert.ok(used.includes("storage"), "the permission scan found nothing: it is broken");
    assert.deepEqual([...manifest.permissions].sort(), used);
    assert.equal(manifest.optional_permissions, undefined);
  });

  it("reaches only the companion on 127.0.0.1", () => {
    assert.deepEqual(manifest.host_permissions, ["http://127.0.0.1/*"]);
  });

  it("runs the reader and then the capture script only on the SSI page", () => {
    assert.equal(manifest.content_scripts.length, 1);
    const [entry] = manifest.content_scripts;
    assert.deepEqual(entry.matches, ["https://www.linkedin.com/sales/ssi*"]);
    assert.deepEqual(entry.js, ["content/ssi-reader.js", "content/capture.js"]);
    assert.equal(entry.all_frames, undefined);
    assert.equal(manifest.web_accessible_resources, undefined, "nothing is exposed to web pages");
  });

  it("declares one background script for both Chrome (service worker) and Firefox (scripts)", () => {
    assert.equal(manifest.background.service_worker, "background/service-worker.js");
    assert.deepEqual(manifest.background.scripts, ["background/service-worker.js"]);
    assert.equal(manifest.background.type, "module");
  });

  it("has the Firefox settings web-ext lint asks for", () => {
    const gecko = manifest.browser_specific_settings.gecko;
    assert.match(gecko.id, /^[^@\s]+@[^@\s]+$/);
    assert.deepEqual(gecko.data_collection_permissions, { required: ["none"] });
  });

  it("has square PNG icons of the declared sizes", () => {
    for (const [size, path] of Object.entries({ ...manifest.icons, ...manifest.action.default_icon })) {
      assert.deepEqual(pngSize(path), { width: Number(size), height: Number(size) }, path);
    }
    assert.deepEqual(Object.keys(manifest.icons).sort(), ["128", "16", "32", "48"]);
  });

  it("refers only to files that exist", () => {
    const referenced = [
      manifest.background.service_worker,
      manifest.action.default_popup,
      manifest.options_ui.page,
      ...manifest.content_scripts[0].js.filter((/** @type {string} */ path) => path !== "content/ssi-reader.js"),
    ];
    for (const path of referenced) assert.ok(existsSync(extensionPath(path)), `${path} is missing`);
  });
});

describe("pages and scripts", () => {
  it("load only their own scripts and styles, all of which exist (vendor/ after the vendor script)", () => {
    for (const page of extensionFiles((path) => path.endsWith(".html"))) {
      const html = readExtensionFile(page);
      assert.doesNotMatch(html, /<script(?![^>]*\bsrc=)[^>]*>/, `${page} has an inline script (blocked by the extension CSP)`);
      assert.doesNotMatch(html, /\son[a-z]+=/i, `${page} has an inline event handler`);
      for (const match of html.matchAll(/(?:src|href)="([^"]+)"/g)) {
        const target = new URL(match[1], `file:///ext/${page}`).pathname.replace("/ext/", "");
        if (target.startsWith("vendor/") && !existsSync(extensionPath("vendor"))) continue;
        assert.ok(existsSync(extensionPath(target)), `${page} refers to missing ${target}`);
      }
    }
  });

  it("never talk to the companion from the content script", () => {
    const capture = readExtensionFile("content/capture.js");
    assert.doesNotMatch(capture, /\bfetch\(|XMLHttpRequest|127\.0\.0\.1|WebSocket/);
  });

  it("use the same message types and settings key in the content script as in lib/", () => {
    const capture = readExtensionFile("content/capture.js");
    assert.match(capture, new RegExp(`MSG_CAPTURE = "${MSG.captureSnapshot}"`));
    assert.match(capture, new RegExp(`MSG_FAILED = "${MSG.captureFailed}"`));
    assert.match(capture, new RegExp(`SETTINGS_KEY = "${KEYS.settings}"`));
  });

  it("never put the token in a URL or a log", () => {
    for (const file of OWN_SCRIPTS) {
      const text = readExtensionFile(file);
      assert.doesNotMatch(text, /console\.\w+\([^)]*token/i, `${file} logs a token`);
      assert.doesNotMatch(text, /searchParams\.set\(\s*["']token/i, `${file} puts a token in a URL`);
    }
  });
});

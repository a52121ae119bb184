// @ts-check
/**
 * How the popup and the dashboard load: the popup's entry asks the worker before importing
 * anything big, and each page preloads exactly the modules its charts wait for, so a module
 * added to (or dropped from) that path cannot silently cost an extra round of fetching.
 */
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { installFakeBrowser } from "./helpers/fake-browser.js";
import { extensionPath, readExtensionFile } from "./helpers/paths.js";

/** Paths relative to extension/, e.g. "lib/dom.js". */
const STATIC_IMPORT = /^\s*import\s(?:[^;"]*?\sfrom\s)?\s*"([^"]+)"/gm;
const DYNAMIC_IMPORT = /\bimport\("([^"]+)"\)/g;
/** @param {string} from @param {string} specifier */
const resolve = (from, specifier) => path.posix.normalize(path.posix.join(path.posix.dirname(from), specifier));

/** The code of a module without its block comments, whose JSDoc types say `import("…")` too. @param {string} file */
const code = (file) => readExtensionFile(file).replace(/\/\*[\s\S]*?\*\//g, "");
/** @param {string} file @param {RegExp} pattern */
const importsOf = (file, pattern) => [...code(file).matchAll(pattern)].map((m) => resolve(file, m[1]));

/** Every module `files` load through static imports, themselves included. @param {string[]} files */
function staticClosure(files) {
  const seen = new Set();
  const visit = (/** @type {string} */ file) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const dependency of importsOf(file, STATIC_IMPORT)) visit(dependency);
  };
  files.forEach(visit);
  return seen;
}

/** The modules a page preloads, relative to extension/. @param {string} page */
const preloadsOf = (page) =>
  [...readExtensionFile(page).matchAll(/<link rel="modulepreload" href="([^"]+)">/g)].map((m) => resolve(page, m[1]));
/** The strings a page preloads, relative to extension/. @param {string} page */
const preloadedStrings = (page) =>
  [...readExtensionFile(page).matchAll(/<link rel="preload" href="([^"]+)" as="fetch" crossorigin>/g)].map((m) => resolve(page, m[1]));

/** @param {string[]} preloaded */
function assertExistOnce(preloaded) {
  for (const file of preloaded) assert.ok(existsSync(extensionPath(file)), `${file} exists`);
  assert.equal(new Set(preloaded).size, preloaded.length, "no duplicates");
}

const preloaded = preloadsOf("popup/popup.html");
/** What popup.js imports before the chart is drawn: settings, the series, translations and the chart. */
const CHART_PATH = ["lib/storage.js", "popup/first-series.js", "lib/i18n.js", "popup/history-chart.js"];

describe("popup loading", () => {
  it("has an entry that only imports the messaging helpers, so its questions go out first", () => {
    assert.deepEqual([...staticClosure(["popup/popup.js"])].sort(), ["lib/browser-api.js", "lib/messages.js", "popup/popup.js"]);
    const source = code("popup/popup.js");
    assert.ok(source.indexOf("ask(MSG.overview") < source.indexOf("import("), "the overview is asked for before any import()");
    assert.equal(source.match(/ask\(MSG\.history/g), null, "the first series is first-series.js's job");
  });

  it("imports the chart's path first and the overview's views afterwards", () => {
    const dynamic = [...new Set(importsOf("popup/popup.js", DYNAMIC_IMPORT))];
    assert.deepEqual(dynamic.slice(0, CHART_PATH.length).sort(), [...CHART_PATH].sort());
    assert.ok(dynamic.includes("popup/overview-view.js"));
  });

  it("preloads the English strings, which every language loads as its fallback", async () => {
    assert.deepEqual(preloadedStrings("popup/popup.html"), ["_locales/en/messages.json"]);
    const browser = installFakeBrowser({ uiLanguage: "de-DE" });
    const fetched = /** @type {string[]} */ ([]);
    const fetch = globalThis.fetch;
    globalThis.fetch = (input, init) => {
      fetched.push(String(input));
      return fetch(input, init);
    };
    try {
      const { loadTranslator } = await import("../../extension/lib/i18n.js");
      await loadTranslator("es");
    } finally {
      globalThis.fetch = fetch;
    }
    assert.deepEqual(fetched.sort(), ["es", "en"].map((lang) => browser.chrome.runtime.getURL(`_locales/${lang}/messages.json`)).sort());
  });

  it("preloads exactly the modules the chart waits for, each once and existing", () => {
    assertExistOnce(preloaded);
    const needed = staticClosure(["popup/popup.js", ...CHART_PATH]);
    needed.delete("popup/popup.js");
    assert.deepEqual([...preloaded].sort(), [...needed].sort());
  });
});

describe("dashboard loading", () => {
  const page = "dashboard/dashboard.html";

  it("preloads every module it imports, each once and existing, and the English strings", () => {
    const modules = preloadsOf(page);
    assertExistOnce(modules);
    const needed = staticClosure(["dashboard/dashboard.js"]);
    needed.delete("dashboard/dashboard.js");
    assert.deepEqual([...modules].sort(), [...needed].sort());
    assert.deepEqual(preloadedStrings(page), ["_locales/en/messages.json"]);
  });

  it("asks for the overview and the history before it waits for anything", () => {
    const main = code("dashboard/dashboard.js").split("async function main() {")[1];
    const firstAwait = main.indexOf("await ");
    assert.ok(main.indexOf("ask(MSG.overview)") < firstAwait && main.indexOf("ask(MSG.history") < firstAwait);
  });
});

// @ts-check
/**
 * How the popup loads: its entry asks the worker before importing anything big, and the page
 * preloads exactly the modules the chart waits for, so a module added to (or dropped from)
 * that path cannot silently cost an extra round of fetching.
 */
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
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

const html = readExtensionFile("popup/popup.html");
const preloaded = [...html.matchAll(/<link rel="modulepreload" href="([^"]+)">/g)].map((m) => resolve("popup/popup.html", m[1]));
/** What popup.js imports before the chart is drawn: translations, settings and the chart. */
const CHART_PATH = ["lib/i18n.js", "lib/storage.js", "popup/history-chart.js"];

describe("popup loading", () => {
  it("has an entry that only imports the messaging helpers, so its questions go out first", () => {
    assert.deepEqual([...staticClosure(["popup/popup.js"])].sort(), ["lib/browser-api.js", "lib/messages.js", "popup/popup.js"]);
    const source = code("popup/popup.js");
    assert.ok(source.indexOf("ask(MSG.history") < source.indexOf("import("), "the history is asked for before any import()");
    assert.ok(source.indexOf("ask(MSG.overview") < source.indexOf("import("), "the overview is asked for before any import()");
  });

  it("imports the chart's path first and the overview's views afterwards", () => {
    const dynamic = [...new Set(importsOf("popup/popup.js", DYNAMIC_IMPORT))];
    assert.deepEqual(dynamic.slice(0, CHART_PATH.length).sort(), [...CHART_PATH].sort());
    assert.ok(dynamic.includes("popup/overview-view.js"));
  });

  it("preloads exactly the modules the chart waits for, each once and existing", () => {
    for (const file of preloaded) assert.ok(existsSync(extensionPath(file)), `${file} exists`);
    assert.equal(new Set(preloaded).size, preloaded.length, "no duplicates");
    const needed = staticClosure(["popup/popup.js", ...CHART_PATH]);
    needed.delete("popup/popup.js");
    assert.deepEqual([...preloaded].sort(), [...needed].sort());
  });
});

// @ts-check
// The page reader against the saved-page corpus in tests/fixtures/pages (see expected.json).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import {
  FIXTURES_DIR, READER_PATH, SSI_URL, fixtureCases, fixtureDocument, fixtureHtml, loadReader, pageReadingValidator, parseHtml,
} from "./helpers/load-reader.js";

const reader = await loadReader();
const validate = pageReadingValidator();
const cases = fixtureCases();

/** @param {any} reading */
function componentSum(reading) {
  return Object.values(reading.pillars).reduce((total, value) => total + /** @type {number} */ (value), 0);
}

/** @param {string} name @param {string | null} url */
function read(name, url) {
  return reader.readSsiPage(fixtureDocument(name), url ? { url } : {});
}

for (const { fixture, url, proves, result: expected } of cases) {
  test(`${fixture} read ${url ? `at ${url}` : "without a URL"}: ${proves}`, () => {
    const result = read(fixture, url);
    if (expected.ok) {
      assert.deepEqual(result, expected);
    } else {
      assert.equal(result.ok, false, `expected a refusal, got ${JSON.stringify(result)}`);
      assert.equal(result.error.code, expected.error.code, result.error.message);
      assert.equal(typeof result.error.message, "string");
      assert.ok(result.error.message.length > 10, "the refusal explains itself");
      assert.deepEqual(Object.keys(result.error).sort(), ["code", "message"]);
    }
  });
}

test("every ok reading validates against $defs/PageReading and its components add up to the total", () => {
  const readings = cases.filter((entry) => entry.result.ok).map((entry) => read(entry.fixture, entry.url));
  assert.ok(readings.length >= 15);
  for (const result of readings) {
    assert.equal(result.ok, true);
    assert.ok(validate(result.reading), JSON.stringify(validate.errors));
    assert.ok(Math.abs(componentSum(result.reading) - result.reading.overall) <= 1);
    assert.ok(reader.LAYOUTS.includes(result.reading.layout));
  }
});

test("the schema validator rejects a reading that breaks it, so the check above can fail", () => {
  const bad = { ...read("a-en.html", SSI_URL).reading, overall: 72.5 };
  assert.equal(validate(bad), false);
});

test("every fixture file is listed in expected.json and stays small", () => {
  const listed = new Set(cases.map((entry) => entry.fixture));
  const files = readdirSync(FIXTURES_DIR).filter((name) => name.endsWith(".html"));
  assert.deepEqual(files.filter((name) => !listed.has(name)), []);
  assert.deepEqual([...listed].filter((name) => !files.includes(name)), []);
  for (const name of files) assert.ok(statSync(path.join(FIXTURES_DIR, name)).size < 60_000, `${name} is too big`);
});

test("the corpus covers every layout and every refusal code", () => {
  const layouts = new Set(cases.filter((entry) => entry.result.ok).map((entry) => /** @type {any} */ (entry.result).reading.layout));
  const codes = new Set(cases.filter((entry) => !entry.result.ok).map((entry) => /** @type {any} */ (entry.result).error.code));
  assert.deepEqual([...layouts].sort(), [...reader.LAYOUTS].sort());
  assert.deepEqual([...codes].sort(), [...reader.REFUSALS].sort());
});

test("the reader is one frozen global with readSsiPage, LAYOUTS and REFUSALS", () => {
  assert.ok(Object.isFrozen(reader));
  assert.deepEqual(Object.keys(reader).sort(), ["LAYOUTS", "REFUSALS", "readSsiPage"]);
  assert.deepEqual([...reader.LAYOUTS], ["A", "A-legacy", "B", "text"]);
  assert.deepEqual([...reader.REFUSALS], ["not_ssi_page", "not_ready", "unrecognized_layout"]);
  assert.ok(Object.isFrozen(reader.LAYOUTS) && Object.isFrozen(reader.REFUSALS));
});

test("the reader file is a classic script: @ts-check, no import/export, no browser APIs", () => {
  const source = readFileSync(READER_PATH, "utf8");
  assert.ok(source.startsWith("// @ts-check\n"));
  assert.doesNotMatch(source, /^\s*(import|export)\b/m);
  assert.doesNotMatch(source, /\bimport\s*\(/);
  const code = source.replace(/\/\*[\s\S]*?\*\//g, "").replace(/^\s*\/\/.*$/gm, "");
  assert.doesNotMatch(code, /\b(chrome|browser|window)\.|\binnerText\b|\bfetch\(/);
});

test("document.URL is used when no url option is given", () => {
  const onFeed = reader.readSsiPage(parseHtml(fixtureHtml("a-en.html"), { url: "https://www.linkedin.com/feed/" }));
  assert.equal(onFeed.ok, false);
  assert.equal(onFeed.error.code, "not_ssi_page");
  const onSsi = reader.readSsiPage(parseHtml(fixtureHtml("text-unknown-build.html"), { url: "https://www.linkedin.com/sales/ssi?trk=nav" }));
  assert.equal(onSsi.ok, true);
  assert.equal(onSsi.reading.layout, "text");
});

test("the url option wins over document.URL", () => {
  const document = parseHtml(fixtureHtml("b-en.html"), { url: "https://www.linkedin.com/sales/ssi" });
  const result = reader.readSsiPage(document, { url: "https://www.linkedin.com/in/someone/" });
  assert.equal(result.ok, false);
  assert.equal(result.error.code, "not_ssi_page");
});

for (const [url, expected] of /** @type {const} */ ([
  ["https://www.linkedin.com/sales/ssi", "A"],
  ["https://www.linkedin.com/sales/ssi/", "A"],
  ["https://linkedin.com/sales/ssi?src=sales-nav#top", "A"],
  ["http://127.0.0.1:8723/fixtures/a-en.html", "A"],
  ["file:///home/me/Downloads/ssi.html", "A"],
  ["https://www.linkedin.com/sales/ssitemap", "not_ssi_page"],
  ["https://www.linkedin.com/feed/", "not_ssi_page"],
  ["https://www.linkedin.com/login?session_redirect=%2Fsales%2Fssi", "not_ssi_page"],
  ["https://linkedin.com.example.net/sales/ssi", "not_ssi_page"],
  ["https://example.org/sales/ssi", "not_ssi_page"],
])) {
  test(`a layout A page at ${url} gives ${expected}`, () => {
    const result = read("a-en.html", url);
    if (expected === "A") assert.equal(result.ok && result.reading.layout, "A");
    else assert.equal(!result.ok && result.error.code, expected);
  });
}

test("reading does not change the document and gives the same result twice", () => {
  const document = fixtureDocument("b-shuffled.html");
  const before = document.documentElement.outerHTML;
  const first = reader.readSsiPage(document, { url: SSI_URL });
  const second = reader.readSsiPage(document, { url: SSI_URL });
  assert.deepEqual(first, second);
  assert.equal(document.documentElement.outerHTML, before);
});

test("each read sees the page as it is then: breakdown tables added or removed between reads count", () => {
  const document = fixtureDocument("b-en.html");
  const tables = [...document.querySelectorAll("table")].map((table) => ({ table, parent: table.parentElement, next: table.nextSibling }));
  const layout = () => {
    const result = reader.readSsiPage(document, { url: SSI_URL });
    return result.ok ? result.reading.layout : result.error.code;
  };
  assert.equal(layout(), "B");
  for (const { table } of tables) table.remove();
  assert.equal(layout(), "text");
  for (const { table, parent, next } of tables) parent?.insertBefore(table, next);
  assert.equal(layout(), "B");
});

test("a document without a body is not ready on the SSI URL and not the SSI page elsewhere", () => {
  const document = parseHtml("<html><body></body></html>");
  document.body.remove();
  assert.equal(reader.readSsiPage(document, { url: SSI_URL }).error.code, "not_ready");
  assert.equal(reader.readSsiPage(document).error.code, "not_ssi_page");
});

// @ts-check
// A realistic ~2 MB SSI page (tracking JSON, scripts, feed-like rails) reads like the small one.
import { test } from "node:test";
import assert from "node:assert/strict";
import { SSI_URL, fixtureCases, loadReader, parseHtml } from "./helpers/load-reader.js";
import { buildLargeSsiPage } from "./helpers/ssi-page-builder.js";

const reader = await loadReader();

for (const [fixture, layout] of /** @type {const} */ ([["a-en.html", "A"], ["a-legacy-en.html", "A-legacy"], ["b-en.html", "B"]])) {
  const expected = /** @type {any} */ (fixtureCases().find((entry) => entry.fixture === fixture && entry.url === SSI_URL)?.result);
  test(`a ~2 MB layout ${layout} page built from ${fixture}'s values gives the same reading`, (t) => {
    const html = buildLargeSsiPage(expected.reading, { layout });
    assert.ok(html.length > 1.9e6 && html.length < 2.4e6, `${html.length} characters`);
    const document = parseHtml(html);
    const started = performance.now();
    const result = reader.readSsiPage(document, { url: SSI_URL });
    t.diagnostic(`read in ${(performance.now() - started).toFixed(1)} ms under jsdom`);
    assert.deepEqual(result, expected);
  });
}

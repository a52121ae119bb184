// @ts-check
/** Cases found by the Python property tests (tests/test_reader_fuzz.py), kept as fixed tests. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { loadReader, fixtureHtml, parseHtml, SSI_URL } from "./helpers/load-reader.js";

const reader = await loadReader();

test("a rank shown with a minus sign is not read as a positive rank", () => {
  const html = fixtureHtml("a-en.html").replace(/(Network SSI rank[\s\S]*?Top\s*<span[^>]*>)1(<\/span>)/, "$1-4$2");
  assert.notEqual(html, fixtureHtml("a-en.html"), "the fixture changed shape: update this test");
  const result = reader.readSsiPage(parseHtml(html, { url: SSI_URL }), { url: SSI_URL });
  if (result.ok) assert.equal(result.reading.network.rank_top_percent, null);
});

test("a score shown with a minus sign in plain text is never read without it", () => {
  const read = (/** @type {string} */ html) => reader.readSsiPage(parseHtml(html, { url: SSI_URL }), { url: SSI_URL });
  const page = fixtureHtml("text-values-de.html");
  const peer = page.replace("<b>24</b>/100", "<b>-4</b>/100");
  const component = page.replace("<dd>12,6</dd>", "<dd>-12,6</dd>");
  assert.ok(peer !== page && component !== page, "the fixture changed shape: update this test");
  const peerResult = read(peer);
  assert.ok(peerResult.ok);
  assert.equal(peerResult.reading.industry.average, null);
  const componentResult = read(component);
  assert.equal(componentResult.ok, false);
});

// @ts-check
/** Cases found by the Python property tests (tests/test_reader_fuzz.py), kept as fixed tests. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { loadReader, fixtureHtml, fixtureCases, parseHtml, SSI_URL } from "./helpers/load-reader.js";
import { buildSsiPage } from "./helpers/ssi-page-builder.js";

const reader = await loadReader();

/** The reading a fixture's expected.json entry gives at the SSI address. @param {string} fixture */
const expectedResult = (fixture) => /** @type {any} */ (fixtureCases().find((c) => c.fixture === fixture && c.url === SSI_URL)?.result);

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

test("a Premium offer's percentage is never read as a rank the page does not show", () => {
  const values = { ...expectedResult("b-en.html").reading };
  values.network = { ...values.network, rank_top_percent: null };
  for (const [lang, headline] of [["en", "Grow your network with Sales Navigator"], ["de", "Erweitern Sie Ihr Netzwerk mit Sales Navigator"], ["es", "Amplía tu red con Sales Navigator"]]) {
    const doc = parseHtml(buildSsiPage(values, { lang: /** @type {any} */ (lang), layout: "B", upsellInMain: true }), { url: SSI_URL });
    /** @type {Element} */ (doc.querySelector("[data-test-upsell] h2")).textContent = headline;
    const result = reader.readSsiPage(doc, { url: SSI_URL });
    assert.ok(result.ok, JSON.stringify(result));
    assert.equal(result.reading.network.rank_top_percent, null, lang);
    assert.equal(result.reading.industry.rank_top_percent, values.industry.rank_top_percent, lang);
  }
});

test("layout B in Arabic-Indic digits is read, its captions included", () => {
  const { reading } = expectedResult("b-en.html");
  const doc = parseHtml(buildSsiPage(reading, { layout: "B" }), { url: SSI_URL });
  const walker = doc.createTreeWalker(/** @type {HTMLElement} */ (doc.querySelector("main")), 4 /* text nodes */);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = /** @type {Text} */ (node);
    text.data = text.data.replace(/[0-9]/g, (digit) => String.fromCharCode(0x0660 + Number(digit)));
  }
  const result = reader.readSsiPage(doc, { url: SSI_URL });
  assert.ok(result.ok, JSON.stringify(result));
  assert.equal(result.reading.layout, "B");
  assert.equal(result.reading.overall, reading.overall);
  assert.deepEqual(result.reading.pillars, reading.pillars);
});

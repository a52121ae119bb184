// @ts-check
// How the reader reads text the fixtures do not show: digits in other scripts and invisible marks,
// peer-group words inside longer words, and the sentences that mark a donut as a peer's.
import { test } from "node:test";
import assert from "node:assert/strict";
import { SSI_URL, fixtureCases, fixtureHtml, loadReader, parseHtml } from "./helpers/load-reader.js";

const reader = await loadReader();

/** @param {string} fixture */
function expectedResult(fixture) {
  return /** @type {any} */ (fixtureCases().find((entry) => entry.fixture === fixture && entry.url === SSI_URL)?.result);
}

/**
 * The fixture's HTML with each `[from, to]` replaced once; fails if the fixture no longer has `from`.
 * @param {string} fixture @param {[string | RegExp, string][]} replacements
 */
function edited(fixture, replacements) {
  let html = fixtureHtml(fixture);
  for (const [from, to] of replacements) {
    const changed = html.replace(from, to);
    assert.notEqual(changed, html, `${fixture} has no ${from}: update this test`);
    html = changed;
  }
  return html;
}

/** @param {string} html */
const read = (html) => reader.readSsiPage(parseHtml(html), { url: SSI_URL });

// Each kind of character sits on a value that has nothing to fall back on (a total, a rank, an
// older build's component, a breakdown cell, a caption), so a missed mapping fails the reading.
test("Arabic-Indic and Persian digits, the Arabic decimal and percent signs, and invisible marks read as their plain forms", () => {
  const olderBuild = edited("a-legacy-en.html", [
    [">45<", ">\u200f4\u200b5\u00ad\u200e<"],
    [">11.92<", ">11\u066b92<"],
    [">9.4<", ">\u0669.\u0664<"],
    [">10.3<", ">\u06f1\u06f0.\u06f3<"],
    ['<span class="t-40">18</span>%', '<span class="t-40">18</span>\u066a'],
    ['<span class="t-40">9</span>%', '<span class="t-40">\u0669</span>%'],
  ]);
  assert.deepEqual(read(olderBuild), expectedResult("a-legacy-en.html"));
  const hashedBuild = edited("b-en.html", [
    ['">81</span> out of 100', '">\u0668\u0661</span> out of 100'],
    ["<td>21.3</td>", "<td>21\u066b3</td>"],
    ["<td>19.875</td>", "<td>\u06f1\u06f9.\u06f8\u06f7\u06f5</td>"],
    [">2%<", ">\u0662\u066a<"],
  ]);
  assert.deepEqual(read(hashedBuild), expectedResult("b-en.html"));
});

test("a peer-group word inside a longer word does not name the group", () => {
  const expected = expectedResult("a-en.html").reading;
  // "Deindustrialised" holds "industr" but is not an industry word: the second row is the industry's.
  const swapped = read(edited("a-en.html", [["Industry SSI rank", "Deindustrialised SSI rank"], ["Network SSI rank", "Industry SSI rank"]]));
  assert.equal(swapped.ok && swapped.reading.industry.rank_top_percent, expected.network.rank_top_percent);
  assert.equal(swapped.ok && swapped.reading.network.rank_top_percent, expected.industry.rank_top_percent);
  // "Reduced" starts with the Spanish "red" (network), which only counts as a whole word.
  assert.deepEqual(read(edited("a-en.html", [["Industry SSI rank", "Reduced SSI rank"]])), expectedResult("a-en.html"));
});

/**
 * Layout B with neutral headings and the given lines in place of the two peer sentences (35 and 41).
 * @param {string} industryLine @param {string} networkLine
 */
function peersWithLines(industryLine, networkLine) {
  return edited("b-en.html", [
    ["People in your industry", "Ryhmä A"],
    ["People in your network", "Ryhmä B"],
    [/Sales professionals in the [^<]* industry have an average SSI of 35\./, industryLine],
    ["People in your network have an average SSI of 41.", networkLine],
  ]);
}

test("a donut whose number a line of six or more letters repeats is a peer's, in any language", () => {
  const result = read(peersWithLines("Keskiarvo tässä ryhmässä on 35.", "Keskia 41"));
  const { reading } = expectedResult("b-en.html");
  assert.ok(result.ok, JSON.stringify(result));
  assert.deepEqual([result.reading.overall, result.reading.pillars], [reading.overall, reading.pillars]);
  // Nothing says which peer is which, so neither average is assigned.
  assert.deepEqual([result.reading.industry.average, result.reading.network.average], [null, null]);
});

test("a line of fewer than six letters that repeats a donut's number does not make it a peer's", () => {
  const result = read(peersWithLines("Keski 35", "Keskia 41"));
  assert.equal(!result.ok && result.error.code, "unrecognized_layout");
});

/**
 * The industry and network ranks of a-en.html with the two rank labels replaced.
 * @param {string} firstLabel @param {string} secondLabel
 */
function ranksLabelled(firstLabel, secondLabel) {
  const result = read(edited("a-en.html", [["Industry SSI rank", firstLabel], ["Network SSI rank", secondLabel]]));
  assert.ok(result.ok, JSON.stringify(result));
  return [result.reading.industry.rank_top_percent, result.reading.network.rank_top_percent];
}

test("a group word starts a word only after a character that is not a letter, in any script", () => {
  const { reading } = expectedResult("a-en.html");
  const inOrder = [reading.industry.rank_top_percent, reading.network.rank_top_percent];
  const swapped = [...inOrder].reverse();
  // A non-ASCII letter, or one outside the BMP (a surrogate pair), before "industry" makes it part of a longer word.
  assert.deepEqual(ranksLabelled("Ñindustry SSI rank", "Industry SSI rank"), swapped);
  assert.deepEqual(ranksLabelled("\u{1d400}industry SSI rank", "Industry SSI rank"), swapped);
  // A non-ASCII character that is not a letter (a dash, guillemets) separates words like a space.
  assert.deepEqual(ranksLabelled("Rank A", "\u2014Industry SSI rank"), swapped);
  assert.deepEqual(ranksLabelled("Rank A", "\u00abindustry\u00bb rank"), swapped);
  // "red" (network) counts only as a whole word: a letter after it, ASCII or not, makes a longer word.
  assert.deepEqual(ranksLabelled("redé rank", "Rank B"), inOrder);
  assert.deepEqual(ranksLabelled("reds rank", "Rank B"), inOrder);
  assert.deepEqual(ranksLabelled("red¡ rank", "Rank B"), swapped);
});

test("a rank next to money or a sign is not read; the same characters elsewhere do not hide it", () => {
  const { reading } = expectedResult("a-en.html");
  const industryRank = (/** @type {string} */ replacement) => {
    const result = read(edited("a-en.html", [['Top <span class="t-40">4</span>%', replacement]]));
    assert.ok(result.ok, JSON.stringify(result));
    assert.equal(result.reading.network.rank_top_percent, reading.network.rank_top_percent);
    return result.reading.industry.rank_top_percent;
  };
  assert.equal(reading.industry.rank_top_percent, 4);
  assert.equal(industryRank('Top <span class="t-40">4</span>% USD'), null);
  assert.equal(industryRank('Top <span class="t-40">4</span>% €'), null);
  assert.equal(industryRank('Top \u2212<span class="t-40">4</span>%'), null);
  assert.equal(industryRank('Top +<span class="t-40">4</span>%'), null);
  // "USDX" is not a currency code, and a dash not followed by a digit is not a sign.
  assert.equal(industryRank('Top <span class="t-40">4</span>% USDX'), 4);
  assert.equal(industryRank('Top <span class="t-40">4</span>% \u2013 x'), 4);
});

test("a caption's 100 is found after a longer number holding 100 in the same text", () => {
  // One text node, "81.1001 out of 100": the first "100" is inside "1001", the caption's comes later.
  const result = read(edited("b-en.html", [[/<span class="[^"]*">81<\/span> out of 100/, "81.1001 out of 100"]]));
  assert.equal(!result.ok && result.error.message, "The total score 81.1001 is not a whole number between 0 and 100.");
});

test("scores written with a bare slash (17.2/25) are pairs, while a line of bare numbers is not", () => {
  const slashed = edited("text-unknown-build.html", [
    ['<span class="k2m-value">17.2 out of 25</span>', '<div class="k2m-value">17.2/25</div>'],
    ['<span class="k2m-value">16.3 out of 25</span>', '<div class="k2m-value">16.3/25</div>'],
    ['<span class="k2m-value">15.75 out of 25</span>', '<div class="k2m-value">15.75/25</div>'],
    ['<span class="k2m-value">19.4 out of 25</span>', '<div class="k2m-value">19.4/25</div>'],
  ]);
  assert.deepEqual(read(slashed), expectedResult("text-unknown-build.html"));
  // An axis ("0 25 50 75 100") next to the user's donut is neither a score nor a component.
  const withAxis = edited("text-unknown-build.html", [
    ['<div class="k2m-row">', '<div class="axis"><span>0</span> <span>25</span> <span>50</span> <span>75</span> <span>100</span></div><div class="k2m-row">'],
  ]);
  assert.deepEqual(read(withAxis), expectedResult("text-unknown-build.html"));
});

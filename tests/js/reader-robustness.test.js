// @ts-check
// Property-style checks: damaging, reordering or relabelling a good page never yields a
// different wrong number; it is refused or still read correctly.
import { test } from "node:test";
import assert from "node:assert/strict";
import { SSI_URL, fixtureCases, fixtureDocument, loadReader } from "./helpers/load-reader.js";

const reader = await loadReader();
const goodCases = fixtureCases().filter((entry) => entry.result.ok && entry.url === SSI_URL);

/** @param {Document} document */
const read = (document) => reader.readSsiPage(document, { url: SSI_URL });

/** @param {any} reading */
const coreOf = (reading) => ({ overall: reading.overall, pillars: reading.pillars, layout: reading.layout });

const LEADING_SCORE = /^(\d{1,3}(?:[.,]\d+)?)(?=$|\s?\/\s?(?:25|100)$|\s\D{1,24}(?:25|100)$)/;

/**
 * Elements that display the total or a component: leaf elements whose text is that number,
 * possibly followed by its "out of 25" / "/100".
 * @param {Document} document @param {any} reading
 */
function valueElements(document, reading) {
  const wanted = new Set([reading.overall, ...Object.values(reading.pillars)]);
  return [...document.body.querySelectorAll("*")].filter((el) => {
    if (el.children.length > 0 || el.closest("script, style, code")) return false;
    const match = LEADING_SCORE.exec((el.textContent ?? "").trim());
    return match !== null && wanted.has(Number(match[1].replace(",", ".")));
  });
}

/** The text with its leading number moved far enough away to break the sum check, same notation. */
/** @param {string} text */
function alteredText(text) {
  return text.trim().replace(LEADING_SCORE, (number) => {
    const value = Number(number.replace(",", "."));
    const changed = String(value + 7 <= 25 ? value + 7 : value - 7);
    return number.includes(",") ? changed.replace(".", ",") : changed;
  });
}

/**
 * Applies `mutate`, reads, undoes it; the reading must be refused or keep the original figures.
 * @param {Document} document @param {any} original @param {() => () => void} mutate @param {string} what
 */
function assertRefusedOrUnchanged(document, original, mutate, what) {
  const undo = mutate();
  const result = read(document);
  undo();
  if (result.ok) assert.deepEqual(coreOf(result.reading), coreOf(original), `${what} produced different figures`);
  return result.ok ? "same" : "refused";
}

for (const { fixture, result } of goodCases) {
  const original = /** @type {any} */ (result).reading;

  test(`${fixture}: altering, blanking or removing any displayed total/component never yields other figures`, () => {
    const document = fixtureDocument(fixture);
    const targets = valueElements(document, original);
    assert.ok(targets.length >= 5, "the fixture displays the total and four components");
    const outcomes = [];
    for (const el of targets) {
      const text = /** @type {string} */ (el.textContent);
      const setText = (/** @type {string} */ value) => () => {
        el.textContent = value;
        return () => { el.textContent = text; };
      };
      outcomes.push(assertRefusedOrUnchanged(document, original, setText(alteredText(text)), `altering "${text}"`));
      outcomes.push(assertRefusedOrUnchanged(document, original, setText(""), `blanking "${text}"`));
      outcomes.push(assertRefusedOrUnchanged(document, original, () => {
        const parent = /** @type {Element} */ (el.parentNode);
        const next = el.nextSibling;
        el.remove();
        return () => { parent.insertBefore(el, next); };
      }, `removing "${text}"`));
    }
    assert.ok(outcomes.includes("refused"), "damaging the values the reader uses makes it refuse");
    assert.deepEqual(read(document), { ok: true, reading: original }, "every mutation was undone");
  });
}

for (const { fixture, result } of goodCases.filter((entry) => entry.fixture.startsWith("a-"))) {
  const original = /** @type {any} */ (result).reading;
  test(`${fixture}: a progress bar whose value disagrees with its displayed text is refused`, () => {
    const document = fixtureDocument(fixture);
    for (const bar of document.querySelectorAll("progress")) {
      const value = /** @type {string} */ (bar.getAttribute("value"));
      const outcome = assertRefusedOrUnchanged(document, original, () => {
        bar.setAttribute("value", alteredText(value));
        return () => bar.setAttribute("value", value);
      }, `altering bar ${bar.id}`);
      assert.equal(outcome, "refused");
    }
  });
}

/** @param {number[]} items @returns {number[][]} */
function permutations(items) {
  if (items.length <= 1) return [items];
  return items.flatMap((item, i) => permutations(items.filter((_, j) => j !== i)).map((rest) => [item, ...rest]));
}

for (const fixture of ["b-en.html", "b-es.html", "b-ru.html", "b-ja.html"]) {
  test(`${fixture}: every order of the three donut groups gives the same reading`, () => {
    const expected = goodCases.find((entry) => entry.fixture === fixture)?.result;
    const document = fixtureDocument(fixture);
    const groups = [...document.querySelectorAll("main section")];
    assert.equal(groups.length, 3);
    const container = /** @type {Element} */ (groups[0].parentElement);
    for (const order of permutations([0, 1, 2])) {
      for (const index of order) container.appendChild(groups[index]);
      assert.deepEqual(read(document), expected, `order ${order.join(",")}`);
    }
  });
}

/** Replaces every letter of the visible text with "x": no wording survives, numbers do. */
/** @param {Document} document */
function scrambleWords(document) {
  const walker = document.createTreeWalker(document.body, 4 /* NodeFilter.SHOW_TEXT */);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!node.parentElement?.closest("script, style, code")) node.nodeValue = (node.nodeValue ?? "").replace(/\p{L}/gu, "x");
  }
}

for (const { fixture, result } of goodCases) {
  const original = /** @type {any} */ (result).reading;
  test(`${fixture}: with all wording replaced, the figures are still read and nothing is misassigned`, () => {
    const document = fixtureDocument(fixture);
    scrambleWords(document);
    const scrambled = read(document);
    assert.equal(scrambled.ok, true, JSON.stringify(scrambled));
    assert.deepEqual(coreOf(scrambled.reading), coreOf(original));
    for (const group of /** @type {const} */ (["industry", "network"])) {
      for (const [key, value] of Object.entries(scrambled.reading[group])) {
        if (value !== null) assert.equal(value, original[group][key], `${group}.${key}`);
      }
    }
  });
}

test("a loading marker on the user's own score box makes a readable page not ready", () => {
  const a = fixtureDocument("a-en.html");
  /** @type {Element} */ (a.querySelector(".user-ssi-score")).setAttribute("aria-busy", "true");
  assert.equal(read(a).error?.code, "not_ready");

  const b = fixtureDocument("b-en.html");
  const userSection = [...b.querySelectorAll("main section")].find((section) => section.textContent?.includes("81 out of 100"));
  /** @type {Element} */ (userSection).setAttribute("aria-busy", "true");
  assert.equal(read(b).error?.code, "not_ready");
});

test("a placeholder in place of one component makes the page not ready (layouts A and B)", () => {
  const a = fixtureDocument("a-en.html");
  /** @type {Element} */ (a.querySelector("#find-people__sub-score-bar")).removeAttribute("value");
  /** @type {Element} */ (a.querySelectorAll(".user-ssi-score__sub-score .ssi-score__value")[1]).textContent = "—";
  assert.equal(read(a).error?.code, "not_ready");

  const b = fixtureDocument("b-en.html");
  /** @type {Element} */ (b.querySelector("main table td")).textContent = "–";
  assert.equal(read(b).error?.code, "not_ready");
});

test("a total with decimals or above 100 is refused rather than rounded", () => {
  for (const total of ["81.5", "181"]) {
    const b = fixtureDocument("b-en.html");
    const caption = [...b.querySelectorAll("main p span")].find((span) => span.textContent === "81");
    /** @type {Element} */ (caption).textContent = total;
    const result = read(b);
    assert.equal(result.ok, false, total);
  }
});

test("two different totals for the user's donut in layout A are refused", () => {
  const a = fixtureDocument("a-en.html");
  const caption = /** @type {Element} */ (a.querySelector(".user-ssi-score__donut-chart-caption"));
  caption.insertAdjacentHTML("beforeend", '<span class="ssi-score__value">73</span>');
  assert.equal(read(a).error?.code, "unrecognized_layout");
});

test("an industry sentence that contradicts the industry donut leaves the average null", () => {
  const a = fixtureDocument("a-en.html");
  const sentence = /** @type {Element} */ (a.querySelector(".group-ssi-score--industry .group-ssi-score__description"));
  sentence.textContent = "Sales professionals in the Computer Software industry have an average SSI of 35.";
  const result = read(a);
  assert.equal(result.ok, true);
  assert.equal(result.reading.industry.average, null);
  assert.equal(result.reading.network.average, 28);
});

/**
 * The peer groups and rank rows of a layout A or B page (not the user's own donut).
 * @param {Document} document @param {any} reading
 */
function peerAndRankBlocks(document, reading) {
  const main = /** @type {Element} */ (document.querySelector("main"));
  if (reading.layout === "A") return [...main.querySelectorAll(".group-ssi-score, .ssi-rank")];
  const sections = [...main.querySelectorAll("section")].filter((section) => !section.querySelector("svg + p")?.textContent?.startsWith(`${reading.overall} `));
  const rankRows = [...main.querySelectorAll("div")].filter((div) => div.children.length <= 3 && div.querySelector(":scope > p") && /%/.test(div.textContent ?? ""));
  return [...sections, ...rankRows];
}

for (const fixture of ["a-en.html", "a-de.html", "a-peer-first.html", "a-trap.html", "b-en.html", "b-es.html", "b-shuffled.html", "b-rank-number-first.html", "b-trap.html"]) {
  const original = /** @type {any} */ (goodCases.find((entry) => entry.fixture === fixture)?.result).reading;
  for (const scrambled of [false, true]) {
    test(`${fixture}${scrambled ? " with its wording scrambled" : ""}: removing any one peer group or rank row leaves nulls, never a swapped value`, () => {
      const document = fixtureDocument(fixture);
      const blocks = peerAndRankBlocks(document, original);
      if (scrambled) scrambleWords(document);
      assert.equal(blocks.length, 4, "two peer groups and two rank rows");
      let nulled = 0;
      for (const block of blocks) {
        const parent = /** @type {Element} */ (block.parentNode);
        const next = block.nextSibling;
        block.remove();
        const result = read(document);
        parent.insertBefore(block, next);
        assert.equal(result.ok, true);
        assert.deepEqual(coreOf(result.reading), coreOf(original));
        for (const group of /** @type {const} */ (["industry", "network"])) {
          for (const [key, value] of Object.entries(result.reading[group])) {
            if (value === null && original[group][key] !== null) nulled++;
            else assert.equal(value, original[group][key], `${group}.${key} after removing ${block.className}`);
          }
        }
      }
      assert.ok(nulled >= 4, "each removal took its value away");
    });
  }
}

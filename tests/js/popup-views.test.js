// @ts-check
/** The popup's rendering of a Summary, the connection state and the outbox, in en/de/es. */
import assert from "node:assert/strict";
import { beforeEach, describe, it } from "node:test";
import { renderAdvice } from "../../extension/popup/advice-view.js";
import { renderReadError, renderScores } from "../../extension/popup/scores-view.js";
import { renderConnection, renderOutbox } from "../../extension/popup/status-view.js";
import { loadPage, text, translatorFor } from "./helpers/page-dom.js";
import { validatorFor } from "./helpers/schema.js";

const NOW = Date.parse("2026-11-23T10:00:00Z");

/** @param {number} value @param {number | null} goal @param {object} delta */
const metric = (value, goal, delta) => ({
  value,
  goal,
  goal_derived: false,
  gap: goal === null ? null : value - goal,
  status: goal === null ? null : value >= goal ? "met" : "behind",
  delta,
  slope_per_week: 0.8,
});
const NONE = { previous: null, "7d": null, "30d": null };

const SUMMARY = {
  profile: "me",
  as_of: "2026-11-21T09:15:02Z",
  latest: {
    id: "0b6f7c1e-5d7a-4c55-9a0e-2f1d7b3c9e11",
    captured_at: "2026-11-21T09:15:02Z",
    profile: "me",
    overall: 72,
    pillars: { professional_brand: 18.41, find_right_people: 17.9, engage_with_insights: 16.25, build_relationships: 19.62 },
    industry: { name: "Computer Software", rank_top_percent: 4, average: 31 },
    network: { rank_top_percent: 1, average: 28 },
    locale: "en",
    source: null,
  },
  metrics: {
    overall: metric(72, 75, { previous: 1, "7d": 2.5, "30d": -0.5 }),
    professional_brand: metric(18.41, 20, { previous: 0.2, "7d": 0.41, "30d": null }),
    find_right_people: metric(17.9, 15, NONE),
    engage_with_insights: metric(16.25, null, NONE),
    build_relationships: metric(19.62, 20, NONE),
    industry_rank_top_percent: metric(4, null, NONE),
    industry_average: metric(31, null, NONE),
    network_rank_top_percent: metric(1, null, NONE),
    network_average: metric(28, null, NONE),
  },
  projection: { goal: 75, reach_date: "2027-01-10", needed_per_week: 0.6 },
};

const EXPECTED = {
  en: { previous: "+1", d7: "+2.5", d30: "-0.5", brand: "18.41", brandDelta: "+0.4", last: "2 days ago", goal: "Goal 75 · 3 to go", status: "Behind", people: "Goal 15 · reached" },
  de: { previous: "+1", d7: "+2,5", d30: "-0,5", brand: "18,41", brandDelta: "+0,4", last: "vorgestern", goal: "Ziel 75 · noch 3", status: "Im Rückstand", people: "Ziel 15 · erreicht" },
  es: { previous: "+1", d7: "+2,5", d30: "-0,5", brand: "18,41", brandDelta: "+0,4", last: "anteayer", goal: "Objetivo 75 · faltan 3", status: "Por detrás", people: "Objetivo 15 · alcanzado" },
};

describe("popup scores", () => {
  it("is fed a Summary that matches the wire schema", () => {
    const validate = validatorFor("Summary");
    assert.ok(validate(SUMMARY), JSON.stringify(validate.errors));
  });

  for (const [lang, expected] of Object.entries(EXPECTED)) {
    it(`shows the score, deltas, components and capture time in ${lang}`, () => {
      const document = loadPage("popup/popup.html");
      const view = { t: translatorFor(/** @type {any} */ (lang)), locale: lang, now: NOW };
      renderScores(SUMMARY, view);

      assert.equal(text(document, "overall-score"), "72");
      assert.equal(text(document, "delta-previous"), expected.previous);
      assert.equal(text(document, "delta-7d"), expected.d7);
      assert.equal(text(document, "delta-30d"), expected.d30);
      assert.equal(text(document, "pillar-professional_brand-value"), expected.brand);
      assert.equal(text(document, "pillar-professional_brand-delta"), expected.brandDelta);
      assert.equal(text(document, "pillar-find_right_people-delta"), "—");
      assert.equal(text(document, "overall-goal"), expected.goal);
      assert.equal(text(document, "overall-status"), expected.status);
      assert.equal(text(document, "pillar-find_right_people-goal"), expected.people);
      assert.equal(text(document, "last-capture"), expected.last);
      assert.equal(document.querySelector('[data-testid="last-capture"]')?.getAttribute("datetime"), SUMMARY.latest.captured_at);
    });
  }

  it("draws bars and goal markers to scale", () => {
    const document = loadPage("popup/popup.html");
    renderScores(SUMMARY, { t: translatorFor("en"), locale: "en", now: NOW });
    const overall = /** @type {HTMLElement} */ (document.querySelector('[data-testid="overall-bar"]'));
    assert.equal(/** @type {HTMLElement} */ (overall.querySelector(".fill")).style.width, "72%");
    assert.equal(/** @type {HTMLElement} */ (overall.querySelector(".goal-marker")).style.left, "75%");
    const brand = /** @type {HTMLElement} */ (document.querySelector('[data-testid="pillar-professional_brand"] .bar'));
    assert.equal(/** @type {HTMLElement} */ (brand.querySelector(".goal-marker")).style.left, "80%");
    const insights = /** @type {HTMLElement} */ (document.querySelector('[data-testid="pillar-engage_with_insights"] .bar'));
    assert.equal(/** @type {HTMLElement} */ (insights.querySelector(".goal-marker")).hidden, true, "no goal, no marker");
    assert.equal(text(document, "pillar-engage_with_insights-goal"), "No goal set");
  });

  it("shows dashes and 'never' before the first snapshot", () => {
    const document = loadPage("popup/popup.html");
    renderScores(null, { t: translatorFor("de"), locale: "de", now: NOW });
    assert.equal(text(document, "overall-score"), "—");
    assert.equal(text(document, "delta-7d"), "—");
    assert.equal(text(document, "last-capture"), "noch nie");
  });

  it("explains a failed read only when it is newer than the last snapshot", () => {
    const document = loadPage("popup/popup.html");
    const view = { t: translatorFor("en"), locale: "en", now: NOW };
    renderReadError({ at: "2026-11-23T09:00:00Z", code: "unrecognized_layout" }, SUMMARY.latest.captured_at, view);
    assert.match(text(document, "read-error"), /^Your last visit \(1 hour ago\) could not be read/);
    renderReadError({ at: "2026-11-20T09:00:00Z", code: "not_ready" }, SUMMARY.latest.captured_at, view);
    assert.equal(/** @type {HTMLElement} */ (document.querySelector('[data-testid="read-error"]')).hidden, true);
  });
});

describe("popup overview", () => {
  it("keeps quiet about a failed read once a later visit was read, even if it is only queued", async () => {
    const { renderOverview } = await import("../../extension/popup/overview-view.js");
    const reply = {
      connection: "not_paired",
      summary: null,
      cached: null,
      advice: null,
      outbox: { size: 1, oldest_queued_at: "2026-11-23T09:30:00Z", last_error: null, next_attempt_at: null, problems: [] },
      lastCapture: { at: "2026-11-23T09:30:00.000Z", overall: 72, outcome: "queued" },
      lastReadError: { at: "2026-11-23T09:00:00.000Z", code: "not_ready" },
    };
    const view = { t: translatorFor("en"), locale: "en", now: NOW };
    const document = loadPage("popup/popup.html");
    renderOverview({ reply, error: null }, view);
    const box = /** @type {HTMLElement} */ (document.querySelector('[data-testid="read-error"]'));
    assert.equal(box.hidden, true);
    renderOverview({ reply: { ...reply, lastReadError: { at: "2026-11-23T09:45:00.000Z", code: "not_ready" } }, error: null }, view);
    assert.equal(box.hidden, false);
    assert.match(text(document, "read-error"), /^Your last visit \(15 minutes ago\)/);
  });
});

describe("popup goals file error", () => {
  const reply = {
    connection: "ok",
    summary: SUMMARY,
    cached: null,
    advice: null,
    outbox: { size: 0, oldest_queued_at: null, last_error: null, next_attempt_at: null, problems: [] },
    lastCapture: null,
    lastReadError: null,
  };
  const error = { code: "invalid_goals", message: "goals.toml: Expected `float` <= 100.0", path: "$.overall" };

  it("says in the user's language that the file is not in force, with the companion's detail", async () => {
    const { renderOverview } = await import("../../extension/popup/overview-view.js");
    const document = loadPage("popup/popup.html");
    const t = translatorFor("de");
    const summary = { ...SUMMARY, goals_error: error };
    assert.equal(validatorFor("Summary")(summary), true);
    renderOverview({ reply: { ...reply, summary }, error: null }, { t, locale: "de", now: NOW });
    const box = /** @type {HTMLElement} */ (document.querySelector('[data-testid="goals-error"]'));
    assert.equal(box.hidden, false);
    const { applyTranslations } = await import("../../extension/lib/i18n.js");
    applyTranslations(document, t);
    assert.match(text(document, "goals-error"), /^Deine Zieldatei \(goals.toml\) enthält einen Fehler/);
    assert.equal(text(document, "goals-error-detail"), "goals.toml: Expected `float` <= 100.0 ($.overall)");

    // Fixed: the next answer has no error, and the banner goes.
    renderOverview({ reply: { ...reply, summary: { ...SUMMARY, goals_error: null } }, error: null }, { t, locale: "de", now: NOW });
    assert.equal(box.hidden, true);
  });

  it("is not shown from a copy kept while the companion cannot answer", async () => {
    const { renderOverview } = await import("../../extension/popup/overview-view.js");
    const document = loadPage("popup/popup.html");
    const cached = { at: "2026-11-23T09:00:00.000Z", summary: { ...SUMMARY, goals_error: error }, advice: null };
    renderOverview({ reply: { ...reply, connection: "unreachable", summary: null, cached }, error: null }, { t: translatorFor("en"), locale: "en", now: NOW });
    assert.equal(/** @type {HTMLElement} */ (document.querySelector('[data-testid="goals-error"]')).hidden, true);
  });
});

describe("popup connection state", () => {
  beforeEach(() => loadPage("popup/popup.html"));

  it("says the companion is not running and how to start it", () => {
    renderConnection({ connection: "unreachable" }, { t: translatorFor("en"), locale: "en", now: NOW });
    const state = /** @type {HTMLElement} */ (document.querySelector('[data-testid="connection-state"]'));
    assert.equal(state.dataset.state, "unreachable");
    assert.equal(text(document, "connection-state"), "Companion not running");
    assert.equal(text(document, "connection-help-commands"), "./scripts/run or ssi-companion serve");
    assert.equal(/** @type {HTMLElement} */ (document.querySelector('[data-testid="open-options-help"]')).hidden, true);
  });

  it("sends an unpaired user to the options with the pair command", () => {
    renderConnection({ connection: "not_paired" }, { t: translatorFor("es"), locale: "es", now: NOW });
    assert.equal(text(document, "connection-state"), "Sin vincular");
    assert.equal(text(document, "connection-help-commands"), "ssi-companion pair");
    assert.equal(/** @type {HTMLElement} */ (document.querySelector('[data-testid="open-options-help"]')).hidden, false);
  });

  it("hides the help when connected", () => {
    renderConnection({ connection: "ok", version: "0.1.0" }, { t: translatorFor("de"), locale: "de", now: NOW });
    assert.equal(text(document, "connection-state"), "Verbunden");
    assert.equal(/** @type {HTMLElement} */ (document.querySelector('[data-testid="connection-help"]')).hidden, true);
  });
});

describe("popup outbox state", () => {
  beforeEach(() => loadPage("popup/popup.html"));

  it("shows queued captures with the next retry, and refused ones in a banner", () => {
    const view = { t: translatorFor("en"), locale: "en", now: NOW };
    renderOutbox(
      {
        size: 3,
        next_attempt_at: NOW + 5 * 60_000,
        problems: [
          { reason: "refused", id: "a", captured_at: "2026-11-20T09:00:00Z", overall: 71, status: 422, code: "invalid", message: "pillars do not add up", path: "$.pillars", at: "" },
          { reason: "outbox_full", id: "b", captured_at: "2026-11-21T09:00:00Z", overall: 73, status: null, code: null, message: null, path: null, at: "" },
        ],
      },
      view,
    );
    assert.equal(text(document, "outbox-state"), "Waiting for the companion: 3 · next try in 5 minutes");
    assert.equal(/** @type {HTMLElement} */ (document.querySelector('[data-testid="outbox-problems"]')).hidden, false);
    const items = [...document.querySelectorAll('[data-testid="outbox-problem-list"] li')].map((li) => li.textContent);
    assert.deepEqual(items, [
      "SSI 73 from Nov 21, 2026: not kept because the queue was full",
      "SSI 71 from Nov 20, 2026: refused by the companion (pillars do not add up · $.pillars)",
    ]);
  });

  it("says all is delivered and hides the banner when there is nothing to report", () => {
    renderOutbox({ size: 0, next_attempt_at: null, problems: [] }, { t: translatorFor("de"), locale: "de", now: NOW });
    assert.equal(text(document, "outbox-state"), "Alle Erfassungen übertragen.");
    assert.equal(/** @type {HTMLElement} */ (document.querySelector('[data-testid="outbox-problems"]')).hidden, true);
    assert.equal(/** @type {HTMLElement} */ (document.querySelector('[data-testid="retry-outbox"]')).hidden, true);
  });
});

describe("popup advice", () => {
  it("lists the top items by priority with their actions", () => {
    const document = loadPage("popup/popup.html");
    const advice = {
      lang: "de",
      items: [4, 2, 1, 3].map((priority) => ({
        pillar: "engage_with_insights",
        priority,
        kind: `k${priority}`,
        title: `Titel ${priority}`,
        reason: "Grund",
        actions: ["Eins", "Zwei"],
      })),
    };
    assert.ok(validatorFor("Advice")(advice));
    renderAdvice(advice, { t: translatorFor("de") });
    const titles = [...document.querySelectorAll('[data-testid="advice-list"] > li > h3')].map((h) => h.textContent);
    assert.deepEqual(titles, ["Titel 1", "Titel 2", "Titel 3"]);
    assert.equal(document.querySelector('[data-testid="advice-list"]')?.getAttribute("lang"), "de");
    assert.equal(document.querySelectorAll('[data-testid="advice-list"] > li:first-child li').length, 2);
  });
});

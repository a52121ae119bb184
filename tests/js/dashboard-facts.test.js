// @ts-check
/** The dashboard's projection sentence in every state a Summary can be in, in en/de/es. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { projectionText, renderFacts } from "../../extension/dashboard/facts.js";
import { loadPage, text, translatorFor } from "./helpers/page-dom.js";

/** @param {number | null} overall @param {object} projection */
const summaryWith = (overall, projection) => ({
  profile: "me",
  latest: overall === null ? null : { overall },
  metrics: { overall: { value: overall, goal: 75, delta: { previous: null, "7d": null, "30d": 2 } } },
  projection,
});

const CASES = {
  behind: summaryWith(70, { goal: 75, reach_date: "2027-01-10", needed_per_week: 0.6 }),
  never: summaryWith(70, { goal: 75, reach_date: null, needed_per_week: null }),
  met: summaryWith(80, { goal: 75, reach_date: "2026-11-21", needed_per_week: 0 }),
  noCapture: summaryWith(null, { goal: 75, reach_date: null, needed_per_week: null }),
  noGoal: summaryWith(70, { goal: null, reach_date: null, needed_per_week: null }),
};

const EXPECTED = {
  en: {
    behind: "At your current pace you reach 75 on Jan 10, 2027. · +0.6 points per week needed",
    never: "At your current pace you will not reach 75.",
    met: "Goal 75 · reached",
    noCapture: "Goal 75: the projection starts with your first capture.",
    noGoal: "Set a goal with ssi-companion goals to see when you will reach it.",
  },
  de: {
    behind: "In deinem aktuellen Tempo erreichst du 75 am 10.01.2027. · +0,6 Punkte pro Woche nötig",
    never: "In deinem aktuellen Tempo erreichst du 75 nicht.",
    met: "Ziel 75 · erreicht",
    noCapture: "Ziel 75: Die Prognose beginnt mit deiner ersten Erfassung.",
    noGoal: "Lege mit ssi-companion goals ein Ziel fest, um zu sehen, wann du es erreichst.",
  },
  es: {
    behind: "A tu ritmo actual alcanzarás 75 el 10 ene 2027. · se necesitan +0,6 puntos por semana",
    never: "A tu ritmo actual no alcanzarás 75.",
    met: "Objetivo 75 · alcanzado",
    noCapture: "Objetivo 75: la proyección empieza con tu primera captura.",
    noGoal: "Fija un objetivo con ssi-companion goals para ver cuándo lo alcanzarás.",
  },
};

describe("dashboard projection", () => {
  for (const [lang, expected] of Object.entries(EXPECTED)) {
    it(`says where the pace leads, a goal met and no capture yet included, in ${lang}`, () => {
      const t = translatorFor(/** @type {"en" | "de" | "es"} */ (lang));
      for (const [name, summary] of Object.entries(CASES)) {
        assert.equal(projectionText(summary, t, lang), expected[/** @type {keyof typeof expected} */ (name)], name);
      }
    });
  }

  it("fills the facts row", () => {
    const document = loadPage("dashboard/dashboard.html");
    renderFacts(CASES.met, translatorFor("en"), "en");
    assert.equal(text(document, "overall-score"), "80");
    assert.equal(text(document, "overall-goal"), "75");
    assert.equal(text(document, "delta-30d"), "+2");
    assert.equal(text(document, "projection"), "Goal 75 · reached");
  });
});

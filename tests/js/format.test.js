// @ts-check
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  MISSING,
  formatCalendarDate,
  formatDelta,
  formatPercent,
  formatRelative,
  formatScore,
} from "../../extension/lib/format.js";

const NOW = Date.UTC(2026, 10, 21, 12, 0, 0);
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe("formatDelta", () => {
  const cases = {
    en: { up: "+2", down: "-0.5", small: "+1.3", zero: "±0", tiny: "±0", big: "+1,234.5" },
    de: { up: "+2", down: "-0,5", small: "+1,3", zero: "±0", tiny: "±0", big: "+1.234,5" },
    es: { up: "+2", down: "-0,5", small: "+1,3", zero: "±0", tiny: "±0", big: "+1234,5" },
  };
  for (const [locale, expected] of Object.entries(cases)) {
    it(`signs and localises changes in ${locale}`, () => {
      assert.equal(formatDelta(2, locale), expected.up);
      assert.equal(formatDelta(-0.5, locale), expected.down);
      assert.equal(formatDelta(1.26, locale), expected.small);
      assert.equal(formatDelta(0, locale), expected.zero);
      assert.equal(formatDelta(0.04, locale), expected.tiny, "rounds to no change");
      assert.equal(formatDelta(1234.5, locale), expected.big);
    });
  }
  it("shows a dash where there is no earlier snapshot", () => {
    assert.equal(formatDelta(null, "en"), MISSING);
    assert.equal(formatDelta(undefined, "de"), MISSING);
    assert.equal(formatDelta(Number.NaN, "es"), MISSING);
  });
});

describe("formatScore", () => {
  it("shows components with up to two decimals in the locale's notation", () => {
    assert.equal(formatScore(18.413, "en"), "18.41");
    assert.equal(formatScore(18.413, "de"), "18,41");
    assert.equal(formatScore(18.413, "es"), "18,41");
    assert.equal(formatScore(17.9, "de"), "17,9");
    assert.equal(formatScore(20, "es"), "20");
  });
  it("shows the total as an integer", () => {
    assert.equal(formatScore(72, "en", { maximumFractionDigits: 0 }), "72");
    assert.equal(formatScore(71.6, "de", { maximumFractionDigits: 0 }), "72");
  });
  it("shows a dash for missing values", () => assert.equal(formatScore(null, "en"), MISSING));
});

describe("formatPercent", () => {
  it("uses each locale's percent spacing", () => {
    assert.equal(formatPercent(4, "en"), "4%");
    assert.equal(formatPercent(4, "de"), "4\u00a0%");
    assert.equal(formatPercent(4, "es"), "4\u00a0%");
    assert.equal(formatPercent(null, "en"), MISSING);
  });
});

describe("formatRelative", () => {
  const cases = {
    en: { twoDays: "2 days ago", fiveDays: "5 days ago", yesterday: "yesterday", hours: "3 hours ago", now: "now", months: "2 months ago", future: "in 5 minutes", year: "last year", seconds: "in 30 seconds" },
    de: { twoDays: "vorgestern", fiveDays: "vor 5 Tagen", yesterday: "gestern", hours: "vor 3 Stunden", now: "jetzt", months: "vor 2 Monaten", future: "in 5 Minuten", year: "letztes Jahr", seconds: "in 30 Sekunden" },
    es: { twoDays: "anteayer", fiveDays: "hace 5 días", yesterday: "ayer", hours: "hace 3 horas", now: "ahora", months: "hace 2 meses", future: "dentro de 5 minutos", year: "el año pasado", seconds: "dentro de 30 segundos" },
  };
  for (const [locale, expected] of Object.entries(cases)) {
    it(`says when in ${locale}`, () => {
      assert.equal(formatRelative(NOW - 2 * DAY, NOW, locale), expected.twoDays);
      assert.equal(formatRelative(new Date(NOW - 5 * DAY).toISOString(), NOW, locale), expected.fiveDays);
      assert.equal(formatRelative(NOW - 26 * HOUR, NOW, locale), expected.yesterday);
      assert.equal(formatRelative(NOW - 3 * HOUR, NOW, locale), expected.hours);
      assert.equal(formatRelative(NOW - 5_000, NOW, locale), expected.now);
      assert.equal(formatRelative(NOW + 30_000, NOW, locale), expected.seconds);
      assert.equal(formatRelative(NOW - 61 * DAY, NOW, locale), expected.months);
      assert.equal(formatRelative(NOW + 5 * 60_000, NOW, locale), expected.future);
      assert.equal(formatRelative(NOW - 400 * DAY, NOW, locale), expected.year);
    });
  }
  it("shows a dash for an unreadable date", () => assert.equal(formatRelative("not a date", NOW, "en"), MISSING));
});

describe("formatCalendarDate", () => {
  it("keeps the day of a date-only value in every time zone", () => {
    assert.equal(formatCalendarDate("2027-01-10", "en"), "Jan 10, 2027");
    assert.equal(formatCalendarDate("2027-01-10", "de"), "10.01.2027");
    assert.equal(formatCalendarDate("2027-01-10", "es"), "10 ene 2027");
    assert.equal(formatCalendarDate(null, "en"), MISSING);
  });
});

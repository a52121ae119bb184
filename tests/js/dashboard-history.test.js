// @ts-check
/**
 * The dashboard's history: the worker answers it as columns from the companion's GET /v1/series
 * (every metric, for the configured profile, without touching the popup's cached copy), and the
 * snapshot table shows those columns a page at a time, newest first, in the user's language.
 */
import assert from "node:assert/strict";
import { beforeEach, describe, it } from "node:test";
import { installFakeBrowser, resetToPaired } from "./helpers/fake-browser.js";
import { makeSnapshot } from "./helpers/fake-companion.js";

// Before any extension module (page-dom.js loads lib/i18n.js): lib/browser-api.js takes the
// browser's API object when it is first imported.
const browser = installFakeBrowser();
const { loadPage, text, translatorFor } = await import("./helpers/page-dom.js");
const { handleHistory } = await import("../../extension/background/queries.js");
const { toColumns } = await import("../../extension/lib/series.js");
const { mountTable, PAGE_SIZE } = await import("../../extension/dashboard/table.js");

const columnsAsked = (/** @type {string | undefined} */ profile) =>
  /** @type {Promise<any>} */ (handleHistory({ columns: true, profile }));
const reads = () => browser.http.requests.filter((r) => r.method === "GET" && r.url.pathname === "/v1/series");
const DAY = 86_400_000;
const START = Date.UTC(2026, 0, 1, 9);

/** @param {number} day @param {object} [fields] */
const onDay = (day, fields = {}) =>
  makeSnapshot({ captured_at: new Date(START + day * DAY).toISOString(), overall: 60 + (day % 20), ...fields });

beforeEach(() => resetToPaired(browser));

describe("dashboard history through the worker", () => {
  it("answers every metric of the configured profile as columns, leaving the popup's copy alone", async () => {
    const peers = { industry: { name: "Software", rank_top_percent: 4, average: 31 }, network: { rank_top_percent: 1.5, average: 28 } };
    const unshown = { industry: { name: null, rank_top_percent: null, average: null }, network: { rank_top_percent: null, average: null } };
    await browser.companion.post(onDay(0, unshown));
    await browser.companion.post(onDay(1, peers));
    await browser.companion.post(onDay(2, { profile: "team" }));
    const reply = await columnsAsked(undefined);
    assert.equal(reply.connection, "ok");
    assert.deepEqual(reply.columns, toColumns(browser.companion.history("me")));
    assert.deepEqual(reply.columns.industry_rank, [null, 4]);
    assert.deepEqual(reply.columns.network_average, [null, 28]);
    assert.equal(reads().at(-1)?.url.searchParams.get("profile"), "me");
    assert.equal(browser.session().chart_series, undefined, "the popup's copy is the chart series only");

    const team = await columnsAsked("team");
    assert.deepEqual(team.columns.overall, [62]);
  });

  it("says why when there is no history to give", async () => {
    browser.companion.setUp(false);
    assert.deepEqual(await columnsAsked(undefined), { connection: "unreachable", columns: null });
    browser.companion.setUp(true);
    await browser.chrome.storage.local.remove("auth");
    const before = reads().length;
    assert.deepEqual(await columnsAsked(undefined), { connection: "not_paired", columns: null });
    assert.equal(reads().length, before, "nothing is asked without a token");
  });
});

describe("dashboard table", () => {
  /** @param {number} days */
  const history = (days) => toColumns(Array.from({ length: days }, (_, day) => onDay(day)));
  const rows = (/** @type {Document} */ document) => [...document.querySelectorAll('[data-testid="snapshot-table"] tbody tr')];
  const cells = (/** @type {Element} */ row) => [...row.querySelectorAll("td")].map((cell) => cell.textContent);

  it("shows the newest snapshots first, a page at a time", () => {
    const document = loadPage("dashboard/dashboard.html");
    const columns = history(PAGE_SIZE + 3);
    mountTable({ columns, t: translatorFor("en"), locale: "en" });
    const first = rows(document);
    assert.equal(first.length, PAGE_SIZE);
    assert.equal(first[0].getAttribute("data-captured-at"), new Date(START + (PAGE_SIZE + 2) * DAY).toISOString());
    assert.equal(first.at(-1)?.getAttribute("data-captured-at"), new Date(START + 3 * DAY).toISOString());
    assert.equal(text(document, "table-page"), `Page 1 of 2 (${PAGE_SIZE + 3} snapshots)`);
    assert.equal(/** @type {HTMLButtonElement} */ (document.querySelector('[data-testid="table-prev"]')).disabled, true);

    /** @type {HTMLButtonElement} */ (document.querySelector('[data-testid="table-next"]')).click();
    const second = rows(document);
    assert.deepEqual(
      second.map((row) => row.getAttribute("data-captured-at")),
      [2, 1, 0].map((day) => new Date(START + day * DAY).toISOString()),
    );
    assert.equal(text(document, "table-page"), `Page 2 of 2 (${PAGE_SIZE + 3} snapshots)`);
    assert.equal(/** @type {HTMLButtonElement} */ (document.querySelector('[data-testid="table-next"]')).disabled, true);
  });

  it("formats each cell in the user's language, with a dash for what the page did not show", () => {
    const document = loadPage("dashboard/dashboard.html");
    const snapshot = makeSnapshot({
      captured_at: "2026-11-21T09:15:02Z",
      overall: 72,
      pillars: { professional_brand: 18.41, find_right_people: 17.9, engage_with_insights: 16.25, build_relationships: 19.44 },
      industry: { name: "Software", rank_top_percent: 4.5, average: 31.25 },
      network: { rank_top_percent: null, average: null },
    });
    mountTable({ columns: toColumns([snapshot]), t: translatorFor("de"), locale: "de" });
    const [row] = rows(document);
    assert.deepEqual(cells(row).slice(1), ["72", "18,41", "17,9", "16,25", "19,44", "4,5\u00a0%", "31,3", "—", "—"]);
    assert.match(String(cells(row)[0]), /21\.11\.2026/);
    assert.equal(text(document, "table-page"), "Seite 1 von 1 (1 Erfassungen)");
  });

  it("shows an empty first page without history", () => {
    const document = loadPage("dashboard/dashboard.html");
    mountTable({ columns: toColumns([]), t: translatorFor("es"), locale: "es" });
    assert.equal(rows(document).length, 0);
    assert.equal(/** @type {HTMLButtonElement} */ (document.querySelector('[data-testid="table-next"]')).disabled, true);
  });
});

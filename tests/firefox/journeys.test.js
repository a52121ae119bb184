// @ts-check
/**
 * The extension in a real Firefox (README supports Firefox 140+ as a temporary add-on), with a
 * real companion subprocess: the three journeys (install, pair, capture and see the popup; the
 * history in the popup and the dashboard; the popup's exports) and nothing lost while the
 * companion is down. Firefox runs the background as an event page, not a service worker, and
 * its extension pages have moz-extension:// origins, so the Chromium suite (tests/e2e/) does not
 * stand in for these. Each test has a fresh Firefox profile and companion. The suite fails,
 * never skips, when Firefox is missing.
 */
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, test } from "node:test";

import {
  ARTIFACTS,
  Companion,
  ExtensionFirefox,
  MANIFEST,
  SSI_URL,
  attributeOf,
  enterCode,
  expectedReading,
  fixtureHtml,
  freePort,
  setPort,
  textOf,
  waitForAttribute,
  waitForText,
  waitInPage,
  waitUntil,
} from "./firefox-support.js";

const PILLARS = ["professional_brand", "find_right_people", "engage_with_insights", "build_relationships"];
const DAY_MS = 24 * 60 * 60 * 1000;

/** @type {ExtensionFirefox | undefined} */
let launched;
/** @type {Companion | undefined} */
let server;
/** @type {string | undefined} */
let folder;

beforeEach(async (t) => {
  launched = server = undefined; // so that a failed set-up leaves nothing of the last test to stop
  folder = fs.mkdtempSync(path.join(os.tmpdir(), "ssi-firefox-"));
  const name = t.name.replace(/[^a-z0-9]+/gi, "-").slice(0, 60);
  server = new Companion(path.join(folder, "data"), await freePort(), path.join(ARTIFACTS, `${name}-companion.log`));
  launched = await ExtensionFirefox.launch();
});

afterEach(async () => {
  try {
    await launched?.close();
  } finally {
    try {
      await server?.stop();
    } finally {
      if (folder) fs.rmSync(folder, { recursive: true, force: true });
    }
  }
});

/** The test's browser and companion, set up by beforeEach. */
function setUp() {
  assert.ok(launched && server, "beforeEach did not finish");
  return { firefox: launched, companion: server };
}

test("a new user pairs, captures the SSI page and sees the popup light up", async () => {
  const { firefox, companion } = setUp();
  await companion.start();
  const expected = expectedReading("a-en.html");

  // The user points the extension at the companion's port; before pairing, the popup says so.
  const options = await firefox.open("options/options.html");
  await setPort(options, companion.port);
  const before = await firefox.openPopup();
  assert.equal(await attributeOf(before, "connection-state", "data-state"), "not_paired");
  await before.close();

  // A mistyped code is refused and nothing is paired; then the code that `pair` printed.
  await enterCode(options, "WRONG-CODE");
  await waitInPage(
    options,
    () => document.querySelector('[data-testid="pair-result"]')?.textContent?.includes("That code was not accepted."),
    "the refusal",
  );
  assert.equal(await firefox.storage("auth"), null);
  await options.close();
  await firefox.pair(companion);
  assert.equal(await firefox.capture(fixtureHtml("a-en.html")), "success");

  // The companion has the values the page displays, sent by Firefox's event page.
  const [snapshot, ...others] = await companion.snapshots();
  assert.deepEqual(others, []);
  assert.equal(snapshot.overall, expected.overall);
  assert.deepEqual(snapshot.pillars, expected.pillars);
  assert.deepEqual(snapshot.industry, expected.industry);
  assert.deepEqual(snapshot.network, expected.network);
  assert.equal(snapshot.locale, "en");
  assert.deepEqual(snapshot.source, { url: SSI_URL, layout: "A", extension_version: MANIFEST.version });

  const popup = await firefox.openPopup();
  assert.equal(await attributeOf(popup, "connection-state", "data-state"), "ok");
  await waitForText(popup, "overall-score", String(expected.overall));
  const shown = { professional_brand: "18.41", find_right_people: "17.9", engage_with_insights: "16.25", build_relationships: "19.62" };
  for (const [key, text] of Object.entries(shown)) assert.equal(await textOf(popup, `pillar-${key}-value`), text);
  assert.equal(await attributeOf(popup, "last-capture", "datetime"), snapshot.captured_at);
  assert.equal(await textOf(popup, "outbox-state"), "All captures delivered.");
  await waitInPage(popup, () => document.querySelector('[data-testid="chart"]')?.getAttribute("data-points") === "1", "the chart");

  // The companion's advice, in English, as the popup lists it.
  const advice = (await companion.getJson("/v1/advice?lang=en")).items;
  assert.ok(advice.length > 0, "the companion gives advice after a first capture");
  const titles = await popup.$$eval('[data-testid="advice-list"] > li h3', (els) => els.map((el) => el.textContent));
  assert.deepEqual(
    titles,
    [...advice].sort((a, b) => a.priority - b.priority).slice(0, 3).map((item) => item.title),
  );
  await popup.close();

  // Forgetting the pairing revokes the token at the companion too (a DELETE from the event page).
  const { token } = await firefox.storage("auth");
  const summary = () => fetch(`${companion.url}/v1/summary`, { headers: { Authorization: `Bearer ${token}` } });
  assert.equal((await summary()).status, 200);
  const settings = await firefox.open("options/options.html");
  await waitForAttribute(settings, "pairing-state", "data-paired", "true");
  await settings.click('[data-testid="unpair"]');
  await waitForText(settings, "pair-result", "Pairing removed. Captures will wait until you pair again.");
  await settings.close();
  assert.equal(await firefox.storage("auth"), null);
  assert.equal((await summary()).status, 401);
});

test("a visit while the companion is down waits in the outbox; the retry alarm delivers it once", async () => {
  const { firefox, companion } = setUp();
  await companion.start();
  await firefox.pair(companion);
  await companion.stop();

  assert.equal(await firefox.capture(fixtureHtml("b-es.html")), "warning");
  const outbox = await firefox.storage("outbox");
  assert.equal(outbox.entries.length, 1);
  const waiting = outbox.entries[0].snapshot;
  assert.equal(waiting.overall, expectedReading("b-es.html").overall);
  assert.ok(await firefox.alarm("outbox-retry"), "a retry is scheduled");

  const popup = await firefox.openPopup();
  assert.equal(await attributeOf(popup, "connection-state", "data-state"), "unreachable");
  assert.equal(await attributeOf(popup, "outbox-state", "data-size"), "1");
  await popup.close();

  await companion.start();
  // No extension page is open and nobody visits: only the event page's retry alarm can deliver.
  const stored = await waitUntil(
    async () => {
      const snapshots = await companion.snapshots();
      return snapshots.length > 0 ? snapshots : null;
    },
    "the retry alarm to deliver the waiting snapshot",
    120_000,
  );
  assert.ok(Date.now() >= outbox.next_attempt_at - 1000, "delivered before the retry was due: not by the alarm");
  assert.deepEqual(
    stored.map((snapshot) => [snapshot.id, snapshot.overall, snapshot.source.layout]),
    [[waiting.id, waiting.overall, "B"]],
  );

  const after = await firefox.openPopup();
  assert.equal(await attributeOf(after, "connection-state", "data-state"), "ok");
  await waitForText(after, "outbox-state", "All captures delivered.");
  await waitForText(after, "overall-score", String(waiting.overall));
  await after.close();
  // Delivered once and forgotten: one upload, nothing left to send, no retry left to send it.
  assert.deepEqual((await firefox.storage("outbox")).entries, []);
  assert.equal(await firefox.alarm("outbox-retry"), null);
  assert.deepEqual(companion.snapshotPosts(), [201]);
});

test("history over several days shows in the popup and the dashboard", async () => {
  const { firefox, companion } = setUp();
  // Earlier days come in through `ssi-companion import` (the browser's clock cannot be moved for
  // the content script); today is a real visit. Deltas: 72 - 66 since the previous and over 7
  // days (the latest at or before a week ago is 8 days old), 72 - 60 over 30 days.
  const earlier = [
    { daysAgo: 31, overall: 60, pillars: [15.1, 15.0, 13.4, 16.5] },
    { daysAgo: 8, overall: 66, pillars: [16.41, 16.6, 14.55, 18.49] },
  ];
  await companion.importSnapshots(
    earlier.map(({ daysAgo, overall, pillars }) => ({
      id: randomUUID(),
      captured_at: new Date(Date.now() - daysAgo * DAY_MS).toISOString(),
      profile: "me",
      overall,
      pillars: Object.fromEntries(PILLARS.map((key, i) => [key, pillars[i]])),
      industry: { name: "Computer Software", rank_top_percent: 6, average: 30 },
      network: { rank_top_percent: 2, average: 27 },
      locale: "en",
      source: { url: SSI_URL, layout: "A", extension_version: MANIFEST.version },
    })),
  );
  await companion.cli("goals", "--overall", "80");
  await companion.start();
  await firefox.pair(companion);
  assert.equal(await firefox.capture(fixtureHtml("a-en.html")), "success");
  assert.deepEqual((await companion.snapshots()).map((snapshot) => snapshot.overall), [60, 66, 72]);

  const popup = await firefox.openPopup();
  await waitForText(popup, "overall-score", "72");
  assert.equal(await textOf(popup, "delta-previous"), "+6");
  assert.equal(await textOf(popup, "delta-7d"), "+6");
  assert.equal(await textOf(popup, "delta-30d"), "+12");
  assert.equal(await textOf(popup, "overall-goal"), "Goal 80 · 8 to go");
  await waitInPage(
    popup,
    () =>
      document.querySelector('[data-testid="chart"]')?.getAttribute("data-points") === "3" &&
      document.querySelectorAll('[data-testid="chart"] canvas').length === 1,
    "the popup's chart of the three days",
  );
  await popup.close();

  const dashboard = await firefox.open("dashboard/dashboard.html");
  await waitForText(dashboard, "overall-score", "72");
  assert.equal(await textOf(dashboard, "overall-goal"), "80");
  assert.equal(await textOf(dashboard, "delta-30d"), "+12");
  await waitInPage(
    dashboard,
    () =>
      ["chart-overall", "chart-pillars", "chart-averages", "chart-ranks"].every(
        (id) => document.querySelectorAll(`[data-testid="${id}"] canvas`).length === 1,
      ),
    "the dashboard's four charts",
  );
  await waitForText(dashboard, "table-page", "Page 1 of 1 (3 snapshots)");
  const rows = await dashboard.$$eval('[data-testid="snapshot-table"] tbody tr', (trs) =>
    trs.map((tr) => [...tr.querySelectorAll("td")].slice(1, 3).map((td) => td.textContent)),
  );
  assert.deepEqual(rows, [["72", "18.41"], ["66", "16.41"], ["60", "15.1"]]);
  await dashboard.close();
});

test("the popup's exports download the history the command line exports", async () => {
  const { firefox, companion } = setUp();
  await companion.start();
  await firefox.pair(companion);
  assert.equal(await firefox.capture(fixtureHtml("a-en.html")), "success");
  assert.equal(await firefox.capture(fixtureHtml("b-es.html")), "success");
  const history = await companion.snapshots();
  assert.equal(history.length, 2);

  const popup = await firefox.openPopup();
  await popup.locator('[data-testid="export-csv"]').click();
  const csv = await firefox.downloaded(/^ssi-history-all-\d{4}-\d{2}-\d{2}\.csv$/);
  await waitForText(popup, "export-status", `Saved ${csv.name}.`);
  await popup.locator('[data-testid="export-json"]').click();
  const json = await firefox.downloaded(/^ssi-history-all-\d{4}-\d{2}-\d{2}\.json$/);
  await waitForText(popup, "export-status", `Saved ${json.name}.`);
  await popup.close();

  // Byte for byte what `ssi-companion export` writes (the CSV with its byte-order mark).
  assert.ok(csv.bytes.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf])), "the CSV starts with a BOM");
  assert.ok(csv.bytes.equals(await companion.cliBytes("export", "--format", "csv")), "the popup's CSV is the CLI's");
  const exported = JSON.parse(json.bytes.toString("utf8"));
  assert.equal(exported.format, "ssi-companion-export");
  assert.deepEqual(exported.snapshots, history);
});

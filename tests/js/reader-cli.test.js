// @ts-check
// scripts/parse-ssi-page: one JSON object on stdout, exit 0 / 3 / 2 / 1.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { FIXTURES_DIR, READER_PATH, ROOT, SSI_URL, fixtureCases, fixtureHtml } from "./helpers/load-reader.js";

const SCRIPT = path.join(ROOT, "scripts/parse-ssi-page");

/** @param {string[]} args @param {string} [script] */
function run(args, script = SCRIPT) {
  const { status, stdout, stderr } = spawnSync(script, args, { encoding: "utf8" });
  return { status, stdout, stderr };
}

/** @param {string} name */
const expectedFor = (name) => /** @type {any} */ (fixtureCases().find((entry) => entry.fixture === name && entry.url === SSI_URL)?.result);

/** @param {(dir: string) => void} body */
function withTempDir(body) {
  const dir = mkdtempSync(path.join(tmpdir(), "parse-ssi-page-"));
  try {
    body(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test("a recognised page prints the reading itself and exits 0", () => {
  const { status, stdout } = run([path.join(FIXTURES_DIR, "a-de.html")]);
  assert.equal(status, 0);
  assert.equal(stdout.trim().split("\n").length, 1);
  assert.deepEqual(JSON.parse(stdout), expectedFor("a-de.html").reading);
});

test("a refused page prints {error: {code, message}} and exits 3", () => {
  const { status, stdout } = run([path.join(FIXTURES_DIR, "linkedin-feed.html")]);
  assert.equal(status, 3);
  const printed = JSON.parse(stdout);
  assert.deepEqual(Object.keys(printed), ["error"]);
  assert.equal(printed.error.code, "not_ssi_page");
  assert.ok(printed.error.message.length > 10);
});

test("a page whose canonical link is the SSI page is read at that URL (so the text fallback runs)", () => {
  const { status, stdout } = run([path.join(FIXTURES_DIR, "text-unknown-build.html")]);
  assert.equal(status, 0);
  assert.deepEqual(JSON.parse(stdout), expectedFor("text-unknown-build.html").reading);
});

test("without canonical link the structure decides; a 'saved from url' comment naming the SSI page counts", () => {
  withTempDir((dir) => {
    const html = fixtureHtml("text-unknown-build.html").replace(/\s*<link rel="canonical"[^>]*>/, "");
    const bare = path.join(dir, "bare.html");
    writeFileSync(bare, html);
    const refused = run([bare]);
    assert.equal(refused.status, 3);
    assert.equal(JSON.parse(refused.stdout).error.code, "not_ssi_page");

    const saved = path.join(dir, "saved.html");
    writeFileSync(saved, `<!-- saved from url=(0034)https://www.linkedin.com/sales/ssi -->\n${html}`);
    const read = run([saved]);
    assert.equal(read.status, 0);
    assert.equal(JSON.parse(read.stdout).layout, "text");
  });
});

test("a canonical link to another LinkedIn page does not make the reader claim the SSI page", () => {
  withTempDir((dir) => {
    const file = path.join(dir, "feed-canonical.html");
    writeFileSync(file, fixtureHtml("text-unknown-build.html").replace("https://www.linkedin.com/sales/ssi", "https://www.linkedin.com/feed/"));
    const { status, stdout } = run([file]);
    assert.equal(status, 3);
    assert.equal(JSON.parse(stdout).error.code, "not_ssi_page");
  });
});

for (const [args, why] of /** @type {const} */ ([[[], "no file"], [["a.html", "b.html"], "two files"], [["/no/such/page.html"], "a missing file"], [[FIXTURES_DIR], "a directory"]])) {
  test(`bad usage (${why}) exits 2 with one line on stderr and nothing on stdout`, () => {
    const { status, stdout, stderr } = run([...args]);
    assert.equal(status, 2);
    assert.equal(stdout, "");
    assert.equal(stderr.trim().split("\n").length, 1);
    assert.match(stderr, /parse-ssi-page/);
  });
}

test("without jsdom installed it exits 1 and says to run npm install", () => {
  withTempDir((dir) => {
    mkdirSync(path.join(dir, "scripts"));
    mkdirSync(path.join(dir, "extension/content"), { recursive: true });
    writeFileSync(path.join(dir, "package.json"), '{ "type": "module" }\n');
    copyFileSync(SCRIPT, path.join(dir, "scripts/parse-ssi-page"));
    copyFileSync(READER_PATH, path.join(dir, "extension/content/ssi-reader.js"));
    const { status, stdout, stderr } = run([path.join(FIXTURES_DIR, "a-en.html")], path.join(dir, "scripts/parse-ssi-page"));
    assert.equal(status, 1);
    assert.equal(stdout, "");
    assert.match(stderr, /npm install/);
    assert.equal(stderr.trim().split("\n").length, 1);
  });
});

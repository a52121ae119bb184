// @ts-check
/**
 * The pieces of the Firefox suite: the companion as a real subprocess, Firefox with the unpacked
 * extension installed as a temporary add-on (as README's Firefox users load it), and the SSI page
 * served at LinkedIn's real address, so the content script runs exactly as it does on LinkedIn.
 *
 * Firefox is driven with puppeteer-core over WebDriver BiDi (Playwright's Firefox is a patched
 * build that is not installed here, and geckodriver is not packaged by Debian). Two Firefox
 * specifics shape this file:
 *  - the extension's internal UUID is random per install; the `extensions.webextensions.uuids`
 *    preference fixes it, so its pages have a known moz-extension:// address;
 *  - BiDi refuses to navigate to moz-extension:// pages unless Firefox runs with
 *    `--remote-allow-system-access`. Such a navigation changes the tab's process, which
 *    puppeteer reports as a detached frame although the page keeps working, so pages are
 *    waited for by polling them rather than through the navigation's promise.
 * The only stand-in is the OS keychain (the companion's file fallback), as in tests/e2e.
 */
import assert from "node:assert/strict";
import { execFile, spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import puppeteer from "puppeteer-core";
import { fixtureCases, SSI_URL } from "../js/helpers/load-reader.js";
import { EXTENSION as EXTENSION_DIR, REPO, readExtensionFile } from "../js/helpers/paths.js";
import { until } from "../js/helpers/until.js";

export { fixtureHtml } from "../js/helpers/load-reader.js";
export { SSI_URL };

const PYTHON = path.join(REPO, ".venv", "bin", "python");
export const ARTIFACTS = path.join(REPO, "test-artifacts", "firefox");
export const MANIFEST = JSON.parse(readExtensionFile("manifest.json"));
const GECKO_ID = MANIFEST.browser_specific_settings.gecko.id;
const EXTENSION_UUID = "5d0c3a52-8f4e-4b1a-9c7d-2e6f1a3b4c5d";
const EXTENSION_ORIGIN = `moz-extension://${EXTENSION_UUID}`;
const FIREFOX_HELP =
  "The Firefox suite needs Firefox: install Debian's package with `apt-get install -y firefox-esr` " +
  "(./scripts/test does this when run as root), or point SSI_FIREFOX at a Firefox binary.";
// Generous: the machines are slow and shared, and every wait returns as soon as it is met.
const TIMEOUT_MS = 30_000;
// The content script gives a page 20 s to finish rendering before it reports "not_ready".
const NOTE_TIMEOUT_MS = 45_000;
// Each poll of a page is a round trip to Firefox: no need to ask more often.
const POLL_MS = 200;

const run = promisify(execFile);

/**
 * Polls `condition` (tests/js/helpers/until.js) until it returns something truthy; fails
 * naming `what` after `timeoutMs`.
 * @template T
 * @param {() => Promise<T> | T} condition @param {string} what @param {number} [timeoutMs]
 */
export function waitUntil(condition, what, timeoutMs = TIMEOUT_MS) {
  return until(condition, timeoutMs, what, POLL_MS);
}

/** What the page reader must read from a fixture at the SSI address. @param {string} name */
export function expectedReading(name) {
  const found = fixtureCases().find((entry) => entry.fixture === name && entry.url === SSI_URL);
  assert.ok(found?.result.ok, `no expected reading for ${name}`);
  return found.result.reading;
}

/** @param {import("node:child_process").ChildProcess} child */
function hasExited(child) {
  return child.exitCode !== null || child.signalCode !== null;
}

/** @returns {Promise<number>} a port nothing listens on right now */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = /** @type {net.AddressInfo} */ (server.address());
      server.close(() => resolve(port));
    });
  });
}

/** `ssi-companion serve` on a fixed port and data directory; stop() and start() again keep both. */
export class Companion {
  /** @param {string} dataDir @param {number} port @param {string} logPath */
  constructor(dataDir, port, logPath) {
    this.dataDir = dataDir;
    this.port = port;
    this.logPath = logPath;
    /** @type {import("node:child_process").ChildProcess | null} */
    this.process = null;
    /** @type {string | null} */
    this.scriptToken = null;
    fs.mkdirSync(path.dirname(logPath), { recursive: true });
    fs.writeFileSync(logPath, "");
  }

  get url() {
    return `http://127.0.0.1:${this.port}`;
  }

  /** The companion's environment: its data directory, and never the developer's real keychain. */
  get env() {
    /** @type {Record<string, string | undefined>} */
    const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith("SSI_COMPANION")));
    return { ...env, SSI_COMPANION_HOME: this.dataDir, PYTHON_KEYRING_BACKEND: "keyring.backends.fail.Keyring" };
  }

  async start() {
    assert.equal(this.process, null, "already running");
    assert.ok(fs.existsSync(PYTHON), `${PYTHON} is missing: run scripts/setup --dev (./scripts/test does)`);
    // The log goes to a file (a pipe nobody reads would block a chatty server).
    const log = fs.openSync(this.logPath, "a");
    const child = spawn(PYTHON, ["-m", "companion", "serve", "--port", String(this.port), "--access-log"], {
      cwd: REPO,
      env: this.env,
      stdio: ["ignore", log, log],
    });
    fs.closeSync(log);
    this.process = child;
    try {
      await waitUntil(async () => {
        if (hasExited(child)) throw new Error(`the companion on port ${this.port} exited (${child.exitCode ?? child.signalCode})`);
        return (await fetch(`${this.url}/v1/health`).catch(() => null))?.ok;
      }, `the companion to answer /v1/health on port ${this.port}`);
    } catch (error) {
      await this.stop();
      throw new Error(`${error}; its log:\n${fs.readFileSync(this.logPath, "utf8")}`);
    }
  }

  /** Stops the server (SIGTERM, as Ctrl-C would; SIGKILL if it has not exited 30 s later). */
  async stop() {
    const child = this.process;
    this.process = null;
    if (!child || hasExited(child)) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    const killer = setTimeout(() => child.kill("SIGKILL"), TIMEOUT_MS);
    await exited;
    clearTimeout(killer);
  }

  /** Runs an `ssi-companion` command on this data directory; returns its stdout. @param {string[]} args */
  async cli(...args) {
    return (await this.cliBytes(...args)).toString("utf8");
  }

  /** The same, its stdout as bytes. @param {string[]} args */
  async cliBytes(...args) {
    const options = { cwd: REPO, env: this.env, encoding: "buffer", timeout: 60_000 };
    const { stdout } = await run(PYTHON, ["-m", "companion", ...args], /** @type {any} */ (options));
    return /** @type {Buffer} */ (/** @type {unknown} */ (stdout));
  }

  /** Brings history in as a user does from another machine: `ssi-companion import` of NDJSON. @param {object[]} docs */
  async importSnapshots(docs) {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), "ssi-firefox-import-"));
    try {
      const file = path.join(folder, "history.ndjson");
      fs.writeFileSync(file, docs.map((doc) => `${JSON.stringify(doc)}\n`).join(""));
      await this.cli("import", file);
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
  }

  /**
   * The statuses of the snapshot uploads the companion answered (201 stored, 200 already
   * stored), from its access log: /v1/snapshots merges copies of one snapshot, so only the log
   * tells whether one was sent twice. A line is written just after its response is sent.
   */
  snapshotPosts() {
    const log = fs.readFileSync(this.logPath, "utf8");
    return [...log.matchAll(/aiohttp\.access: \S+ "POST \/v1\/snapshots\S* HTTP\/[\d.]+" (\d{3})/g)].map((match) => Number(match[1]));
  }

  async pairingCode() {
    return (await this.cli("pair")).split("\n")[0].trim();
  }

  /** GET `pathname` with the script token (`ssi-companion token`). @param {string} pathname */
  async getJson(pathname) {
    this.scriptToken ??= (await this.cli("token")).trim();
    const response = await fetch(this.url + pathname, { headers: { Authorization: `Bearer ${this.scriptToken}` } });
    if (response.status !== 200) assert.fail(`GET ${pathname}: ${response.status} ${await response.text()}`);
    return response.json();
  }

  /** @returns {Promise<any[]>} the stored snapshots, oldest first */
  async snapshots() {
    return (await this.getJson("/v1/snapshots")).snapshots;
  }
}

/** @typedef {import("puppeteer-core").Page} Page */

/**
 * Polls `fn` in `page` until it returns something truthy.
 * @template T
 * @param {Page} page @param {() => T} fn @param {string} what
 * @returns {Promise<NonNullable<Awaited<T>>>}
 */
export function waitInPage(page, fn, what) {
  return /** @type {Promise<NonNullable<Awaited<T>>>} */ (waitUntil(() => page.evaluate(fn), what));
}

/** The trimmed text of the element with this test id. @param {Page} page @param {string} testId */
export function textOf(page, testId) {
  return page.$eval(`[data-testid="${testId}"]`, (el) => el.textContent?.trim() ?? "");
}

/** @param {Page} page @param {string} testId @param {string} name */
export function attributeOf(page, testId, name) {
  return page.$eval(`[data-testid="${testId}"]`, (el, name) => el.getAttribute(name), name);
}

/**
 * Waits until the element's text is `expected`; a time-out names the text it had instead.
 * @param {Page} page @param {string} testId @param {string} expected
 */
export async function waitForText(page, testId, expected) {
  let last = "";
  await waitUntil(async () => (last = await textOf(page, testId).catch(() => "")) === expected, `"${expected}" in ${testId}`).catch(
    (error) => assert.fail(`${error.message}; it says "${last}"`),
  );
}

/**
 * Waits until the element's attribute is `expected`.
 * @param {Page} page @param {string} testId @param {string} name @param {string} expected
 */
export async function waitForAttribute(page, testId, name, expected) {
  await waitUntil(async () => (await attributeOf(page, testId, name).catch(() => null)) === expected, `${name}="${expected}" on ${testId}`);
}

/** On the options page: the companion's port, saved unless it is already. @param {Page} page @param {number} port */
export async function setPort(page, port) {
  // The page fills the field from storage once it has loaded: typing before would be overwritten.
  const current = await waitInPage(
    page,
    () => /** @type {HTMLInputElement | null} */ (document.querySelector('[data-testid="setting-port"]'))?.value,
    "the options page to show the saved port",
  );
  if (current === String(port)) return; // nothing changes, so nothing is saved
  await page.locator('[data-testid="setting-port"]').fill(String(port));
  await page.keyboard.press("Tab"); // the form saves on "change"
  await waitForText(page, "settings-status", "Saved.");
}

/** On the options page: a pairing code, submitted. @param {Page} page @param {string} code */
export async function enterCode(page, code) {
  await page.locator('[data-testid="pair-code"]').fill(code);
  await page.locator('[data-testid="pair-submit"]').click();
}

/** Firefox with SSI Companion installed as a temporary add-on, in a fresh profile. */
export class ExtensionFirefox {
  /** @param {import("puppeteer-core").Browser} browser @param {string} downloads */
  constructor(browser, downloads) {
    this.browser = browser;
    this.downloads = downloads;
  }

  static async launch() {
    const executablePath = process.env.SSI_FIREFOX || "/usr/bin/firefox-esr";
    try {
      fs.accessSync(executablePath, fs.constants.X_OK);
    } catch {
      throw new Error(`Firefox not found at ${executablePath}. ${FIREFOX_HELP}`);
    }
    const downloads = fs.mkdtempSync(path.join(os.tmpdir(), "ssi-firefox-downloads-"));
    /** @type {import("puppeteer-core").Browser | undefined} */
    let browser;
    try {
      browser = await puppeteer.launch({
        browser: "firefox",
        executablePath,
        headless: true,
        args: ["--remote-allow-system-access"],
        extraPrefsFirefox: {
          "extensions.webextensions.uuids": JSON.stringify({ [GECKO_ID]: EXTENSION_UUID }),
          // Downloads are saved to `downloads` without asking, as a user's default settings do.
          "browser.download.folderList": 2,
          "browser.download.dir": downloads,
          "browser.download.useDownloadDir": true,
          "browser.download.always_ask_before_handling_new_types": false,
        },
      });
      assert.equal(await browser.installExtension(EXTENSION_DIR), GECKO_ID);
      return new ExtensionFirefox(browser, downloads);
    } catch (error) {
      await browser?.close();
      fs.rmSync(downloads, { recursive: true, force: true });
      throw error;
    }
  }

  async close() {
    try {
      await this.browser.close();
    } finally {
      fs.rmSync(this.downloads, { recursive: true, force: true });
    }
  }

  /**
   * An extension page in a new tab, once it has loaded.
   * @param {string} pagePath e.g. "options/options.html"
   */
  async open(pagePath) {
    const url = `${EXTENSION_ORIGIN}/${pagePath}`;
    const page = await this.browser.newPage();
    /** @type {unknown} */
    let refused = null;
    // Settles as "frame detached" even when the page loads (see the top of this file): only an
    // error before that is kept, to say why the page did not load.
    page.goto(url).catch((error) => {
      if (!String(error).includes("detached")) refused = error;
    });
    await waitUntil(
      () => page.evaluate(() => document.readyState === "complete" && location.href).then((href) => href === url, () => false),
      `${pagePath} to load`,
    ).catch((error) => assert.fail(refused ? `${error.message}; the navigation failed: ${refused}` : error.message));
    return page;
  }

  /**
   * The file a download saved under a name `pattern` matches, once it is complete: Firefox
   * creates the file empty beside a `.part` file that it renames over it at the end, so a
   * download counts once no `.part` file is left and the file has the same size in two polls.
   * @param {RegExp} pattern
   * @returns {Promise<{ name: string, bytes: Buffer }>}
   */
  async downloaded(pattern) {
    let lastSize = -1;
    const name = await waitUntil(() => {
      const names = fs.readdirSync(this.downloads);
      const found = names.find((entry) => pattern.test(entry));
      if (!found || names.some((entry) => entry.endsWith(".part"))) return null;
      const size = fs.statSync(path.join(this.downloads, found)).size;
      const settled = size > 0 && size === lastSize;
      lastSize = size;
      return settled ? found : null;
    }, `a complete download named ${pattern}`);
    return { name, bytes: fs.readFileSync(path.join(this.downloads, name)) };
  }

  /** A value from the extension's storage.local, read on an extension page. @param {string} key */
  async storage(key) {
    return this.onExtensionPage((key) => /** @type {any} */ (globalThis).browser.storage.local.get(key).then((/** @type {any} */ items) => items[key] ?? null), key);
  }

  /** An alarm the extension has set, or null. @param {string} name */
  async alarm(name) {
    return this.onExtensionPage((name) => /** @type {any} */ (globalThis).browser.alarms.get(name).then((/** @type {any} */ alarm) => alarm ?? null), name);
  }

  /**
   * Runs `fn(arg)` on an extension page (the background may be asleep) and closes it. Used to
   * learn state, never to drive behaviour.
   * @param {(arg: string) => Promise<any>} fn @param {string} arg
   */
  async onExtensionPage(fn, arg) {
    const page = await this.open("options/options.html");
    try {
      return await page.evaluate(fn, arg);
    } finally {
      await page.close();
    }
  }

  /**
   * What the user does: point the options page at the companion's port and type the code that
   * `ssi-companion pair` printed.
   * @param {Companion} companion
   */
  async pair(companion) {
    const page = await this.open("options/options.html");
    try {
      await setPort(page, companion.port);
      await enterCode(page, await companion.pairingCode());
      await waitForText(page, "pair-result", "Paired. Captures are now saved by the companion.");
      await waitForAttribute(page, "pairing-state", "data-paired", "true");
    } finally {
      await page.close();
    }
  }

  /** The toolbar popup, opened as a tab, once it has heard from the companion. */
  async openPopup() {
    const page = await this.open("popup/popup.html");
    await waitInPage(
      page,
      () => document.querySelector('[data-testid="connection-state"]')?.getAttribute("data-state") !== "unknown",
      "the popup to hear from the companion",
    );
    return page;
  }

  /**
   * A visit to https://www.linkedin.com/sales/ssi answered with `html`; returns the tone of the
   * note the content script shows ("success", "warning", "error") and closes the tab. The note's
   * words are in a closed shadow root, which no page script (nor BiDi) can read; the browser
   * suite in Chromium checks them.
   * @param {string} html
   */
  async capture(html) {
    const page = await this.browser.newPage();
    try {
      await page.setRequestInterception(true);
      page.on("request", (request) => {
        if (request.url().startsWith(SSI_URL)) {
          void request.respond({ status: 200, contentType: "text/html; charset=utf-8", body: html });
        } else if (request.url().startsWith("https://static.licdn.com/")) {
          // The saved pages link LinkedIn's CSS and JS: answered at once instead of waiting for DNS.
          void request.respond({ status: 404, body: "" });
        } else void request.continue();
      });
      await page.goto(SSI_URL);
      return await waitUntil(
        () => page.evaluate(() => document.querySelector("[data-ssi-companion-note]")?.getAttribute("data-ssi-companion-note")),
        `the capture note on ${SSI_URL}`,
        NOTE_TIMEOUT_MS,
      );
    } finally {
      await page.close();
    }
  }
}

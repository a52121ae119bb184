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
import { fileURLToPath } from "node:url";
import puppeteer from "puppeteer-core";

const REPO = fileURLToPath(new URL("../..", import.meta.url));
const EXTENSION_DIR = path.join(REPO, "extension");
const FIXTURE_PAGES = path.join(REPO, "tests", "fixtures", "pages");
const PYTHON = path.join(REPO, ".venv", "bin", "python");
export const ARTIFACTS = path.join(REPO, "test-artifacts", "firefox");
export const SSI_URL = "https://www.linkedin.com/sales/ssi";
export const MANIFEST = JSON.parse(fs.readFileSync(path.join(EXTENSION_DIR, "manifest.json"), "utf8"));
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

const run = promisify(execFile);
/** @param {number} ms */
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Polls `condition` until it returns something truthy; fails naming `what` after `timeoutMs`.
 * @template T
 * @param {() => Promise<T> | T} condition @param {string} what @param {number} [timeoutMs]
 * @returns {Promise<NonNullable<T>>}
 */
export async function waitUntil(condition, what, timeoutMs = TIMEOUT_MS) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await condition();
    if (value) return /** @type {NonNullable<T>} */ (value);
    if (Date.now() > deadline) throw new Error(`timed out after ${Math.round(timeoutMs / 1000)} s waiting for ${what}`);
    await sleep(200);
  }
}

/** A saved SSI page (tests/fixtures/pages/). @param {string} name */
export function fixturePage(name) {
  return fs.readFileSync(path.join(FIXTURE_PAGES, name), "utf8");
}

/** What the page reader must read from a fixture at the SSI address. @param {string} name */
export function expectedReading(name) {
  const { cases } = JSON.parse(fs.readFileSync(path.join(FIXTURE_PAGES, "expected.json"), "utf8"));
  const found = cases.find((/** @type {any} */ entry) => entry.fixture === name && entry.url === SSI_URL);
  assert.ok(found, `no expected reading for ${name}`);
  return found.result.reading;
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
        if (child.exitCode !== null) throw new Error(`the companion exited with ${child.exitCode}`);
        return (await fetch(`${this.url}/v1/health`).catch(() => null))?.ok;
      }, "the companion to answer /v1/health");
    } catch (error) {
      await this.stop();
      throw new Error(`${error}; its log:\n${fs.readFileSync(this.logPath, "utf8")}`);
    }
  }

  async stop() {
    const child = this.process;
    this.process = null;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    await exited;
  }

  /** Runs an `ssi-companion` command on this data directory; returns its stdout. @param {string[]} args */
  async cli(...args) {
    const { stdout } = await run(PYTHON, ["-m", "companion", ...args], { cwd: REPO, env: this.env });
    return stdout;
  }

  /** Brings history in as a user does from another machine: `ssi-companion import` of NDJSON. @param {object[]} docs */
  async importSnapshots(docs) {
    const file = path.join(path.dirname(this.dataDir), `import-${Date.now()}.ndjson`);
    fs.writeFileSync(file, docs.map((doc) => `${JSON.stringify(doc)}\n`).join(""));
    await this.cli("import", file);
  }

  async pairingCode() {
    return (await this.cli("pair")).split("\n")[0].trim();
  }

  /** GET `pathname` with the script token (`ssi-companion token`). @param {string} pathname */
  async getJson(pathname) {
    this.scriptToken ??= (await this.cli("token")).trim();
    const response = await fetch(this.url + pathname, { headers: { Authorization: `Bearer ${this.scriptToken}` } });
    assert.equal(response.status, 200, `GET ${pathname}: ${response.status} ${await response.clone().text()}`);
    return response.json();
  }

  /** @returns {Promise<any[]>} the stored snapshots, oldest first */
  async snapshots() {
    return (await this.getJson("/v1/snapshots")).snapshots;
  }
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
    const browser = await puppeteer.launch({
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
    try {
      assert.equal(await browser.installExtension(EXTENSION_DIR), GECKO_ID);
    } catch (error) {
      await browser.close();
      throw error;
    }
    return new ExtensionFirefox(browser, downloads);
  }

  async close() {
    await this.browser.close();
    fs.rmSync(this.downloads, { recursive: true, force: true });
  }

  /**
   * An extension page in a new tab, once it has loaded.
   * @param {string} pagePath e.g. "options/options.html"
   */
  async open(pagePath) {
    const url = `${EXTENSION_ORIGIN}/${pagePath}`;
    const page = await this.browser.newPage();
    page.goto(url).catch(() => {}); // settles as "frame detached": see the top of this file
    await waitUntil(
      () => page.evaluate(() => document.readyState === "complete" && location.href).then((href) => href === url, () => false),
      `${pagePath} to load`,
    );
    return page;
  }

  /**
   * Polls `fn` in `page` until it returns something truthy.
   * @template T
   * @param {import("puppeteer-core").Page} page @param {() => T} fn @param {string} what
   * @returns {Promise<NonNullable<Awaited<T>>>}
   */
  async until(page, fn, what) {
    return /** @type {Promise<NonNullable<Awaited<T>>>} */ (waitUntil(() => page.evaluate(fn), what));
  }

  /** @param {import("puppeteer-core").Page} page @param {string} testId */
  text(page, testId) {
    return page.$eval(`[data-testid="${testId}"]`, (el) => el.textContent?.trim() ?? "");
  }

  /** @param {import("puppeteer-core").Page} page @param {string} testId @param {string} name */
  attribute(page, testId, name) {
    return page.$eval(`[data-testid="${testId}"]`, (el, name) => el.getAttribute(name), name);
  }

  /**
   * Waits until the element's text is `expected`; a time-out names the text it had instead.
   * @param {import("puppeteer-core").Page} page @param {string} testId @param {string} expected
   */
  async waitForText(page, testId, expected) {
    let last = "";
    await waitUntil(async () => (last = await this.text(page, testId).catch(() => "")) === expected, `"${expected}" in ${testId}`).catch(
      (error) => assert.fail(`${error.message}; it says "${last}"`),
    );
  }

  /**
   * The file a download saved under a name `pattern` matches, once it is complete (Firefox
   * writes a `.part` file beside it until then).
   * @param {RegExp} pattern
   * @returns {Promise<{ name: string, bytes: Buffer }>}
   */
  async downloaded(pattern) {
    const name = await waitUntil(() => {
      const names = fs.readdirSync(this.downloads);
      return names.some((entry) => entry.endsWith(".part")) ? null : names.find((entry) => pattern.test(entry));
    }, `a download named ${pattern}`);
    return { name, bytes: fs.readFileSync(path.join(this.downloads, name)) };
  }

  /** A value from the extension's storage.local, read on an extension page. @param {string} key */
  async storage(key) {
    const page = await this.open("options/options.html");
    try {
      return await page.evaluate(
        (key) => /** @type {any} */ (globalThis).browser.storage.local.get(key).then((/** @type {any} */ items) => items[key] ?? null),
        key,
      );
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
      await this.setPort(page, companion.port);
      await this.enterCode(page, await companion.pairingCode());
      await this.waitForText(page, "pair-result", "Paired. Captures are now saved by the companion.");
      assert.equal(await this.attribute(page, "pairing-state", "data-paired"), "true");
    } finally {
      await page.close();
    }
  }

  /** On the options page: the companion's port, saved unless it is already. @param {import("puppeteer-core").Page} page @param {number} port */
  async setPort(page, port) {
    // The page fills the field from storage once it has loaded: typing before would be overwritten.
    const current = await this.until(
      page,
      () => /** @type {HTMLInputElement | null} */ (document.querySelector('[data-testid="setting-port"]'))?.value,
      "the options page to show the saved port",
    );
    if (current === String(port)) return; // nothing changes, so nothing is saved
    await page.locator('[data-testid="setting-port"]').fill(String(port));
    await page.keyboard.press("Tab"); // the form saves on "change"
    await this.waitForText(page, "settings-status", "Saved.");
  }

  /** On the options page: a pairing code, submitted. @param {import("puppeteer-core").Page} page @param {string} code */
  async enterCode(page, code) {
    await page.locator('[data-testid="pair-code"]').fill(code);
    await page.locator('[data-testid="pair-submit"]').click();
  }

  /** The toolbar popup, opened as a tab, once it has heard from the companion. */
  async openPopup() {
    const page = await this.open("popup/popup.html");
    await this.until(
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

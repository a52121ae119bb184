// @ts-check
/**
 * Loads the extension's page reader exactly as the content script does (a classic script that
 * defines globalThis.SsiReader), parses saved pages with jsdom, and validates readings against
 * the shared JSON Schema.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";
import path from "node:path";
import { JSDOM, VirtualConsole } from "jsdom";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
export const READER_PATH = path.join(ROOT, "extension/content/ssi-reader.js");
export const FIXTURES_DIR = path.join(ROOT, "tests/fixtures/pages");
export const SCHEMA_PATH = path.join(ROOT, "shared_schema/ssi-companion.schema.json");
export const SSI_URL = "https://www.linkedin.com/sales/ssi";

/**
 * @typedef {{ fixture: string, url: string | null, proves: string,
 *   result: { ok: true, reading: any } | { ok: false, error: { code: string } } }} FixtureCase
 */

/** The reader's public object, after running the file for its side effect. */
export async function loadReader() {
  await import(pathToFileURL(READER_PATH).href);
  const reader = /** @type {any} */ (globalThis).SsiReader;
  if (!reader) throw new Error(`${READER_PATH} did not define globalThis.SsiReader`);
  return reader;
}

/**
 * A jsdom Document for `html`; scripts never run and CSS parse noise is not printed.
 * @param {string} html @param {{ url?: string }} [options] document.URL, when given
 */
export function parseHtml(html, options = {}) {
  const dom = new JSDOM(html, { virtualConsole: new VirtualConsole(), ...(options.url ? { url: options.url } : {}) });
  return dom.window.document;
}

/** @param {string} name */
export function fixtureHtml(name) {
  return readFileSync(path.join(FIXTURES_DIR, name), "utf8");
}

/** @param {string} name */
export function fixtureDocument(name) {
  return parseHtml(fixtureHtml(name));
}

/** Every fixture case: which file, the URL to read it under, and the exact expected result. */
/** @returns {FixtureCase[]} */
export function fixtureCases() {
  return JSON.parse(readFileSync(path.join(FIXTURES_DIR, "expected.json"), "utf8")).cases;
}

/** A validator for `$defs/PageReading` of the committed shared schema. */
export function pageReadingValidator() {
  const schema = JSON.parse(readFileSync(SCHEMA_PATH, "utf8"));
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  ajv.addKeyword("discriminator");
  addFormats(ajv);
  ajv.addSchema(schema);
  const validate = ajv.getSchema(`${schema.$id}#/$defs/PageReading`);
  if (!validate) throw new Error("the shared schema has no $defs/PageReading");
  return validate;
}

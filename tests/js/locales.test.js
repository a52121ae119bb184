// @ts-check
/**
 * The three message catalogues agree, every key the code and pages use exists, no key is
 * unused, and the translator substitutes like chrome.i18n.getMessage.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createTranslator, formattingLocale, resolveLanguage } from "../../extension/lib/i18n.js";
import { extensionFiles, readExtensionFile } from "./helpers/paths.js";

const LANGUAGES = ["en", "de", "es"];
/** @type {Record<string, Record<string, { message: string, placeholders?: Record<string, { content: string }> }>>} */
const catalogues = Object.fromEntries(
  LANGUAGES.map((lang) => [lang, JSON.parse(readExtensionFile(`_locales/${lang}/messages.json`))]),
);
const english = catalogues.en;

/** Keys referenced by the extension's code, pages and manifest. */
function usedKeys() {
  /** @type {Map<string, string>} key → first file using it */
  const used = new Map();
  const patterns = [
    /__MSG_([A-Za-z0-9_@]+)__/g,
    /data-i18n(?:-[a-z-]+)?="([^"]+)"/g,
    /\b(?:t|i18nKey|getMessage)\(\s*["']([A-Za-z0-9_@]+)["']/g,
  ];
  for (const file of extensionFiles((path) => /\.(js|html|json)$/.test(path) && !path.startsWith("_locales/"))) {
    const text = readExtensionFile(file);
    for (const pattern of patterns) {
      for (const match of text.matchAll(pattern)) if (!used.has(match[1])) used.set(match[1], file);
    }
  }
  return used;
}

/** @param {string} message */
const placeholderNames = (message) => [...message.matchAll(/\$([A-Za-z0-9_@]+)\$/g)].map((m) => m[1].toLowerCase()).sort();

describe("locale catalogues", () => {
  for (const lang of ["de", "es"]) {
    it(`${lang} has exactly the keys of en`, () => {
      assert.deepEqual(Object.keys(catalogues[lang]).sort(), Object.keys(english).sort());
    });
    it(`${lang} uses the same placeholders as en for every key`, () => {
      for (const [key, entry] of Object.entries(catalogues[lang])) {
        assert.deepEqual(placeholderNames(entry.message), placeholderNames(english[key].message), `${lang}: ${key}`);
        assert.deepEqual(entry.placeholders ?? {}, english[key].placeholders ?? {}, `${lang}: ${key} placeholders`);
      }
    });
    it(`${lang} is translated, not copied from en`, () => {
      const copied = Object.entries(english)
        .filter(([, entry]) => entry.message.split(/\s+/).length >= 3)
        .filter(([key, entry]) => catalogues[lang][key].message === entry.message)
        .map(([key]) => key);
      assert.deepEqual(copied, []);
    });
  }

  for (const lang of LANGUAGES) {
    it(`${lang}: every $NAME$ in a message has a placeholder, and every placeholder is used`, () => {
      for (const [key, entry] of Object.entries(catalogues[lang])) {
        assert.match(key, /^[A-Za-z0-9_@]+$/, `${key} is not a valid message name`);
        assert.equal(typeof entry.message, "string", key);
        assert.deepEqual(placeholderNames(entry.message), Object.keys(entry.placeholders ?? {}).sort(), `${lang}: ${key}`);
      }
    });
  }

  it("has every key that the manifest, pages and code use", () => {
    const used = usedKeys();
    assert.ok(used.size > 50, `found only ${used.size} keys: the scan is broken`);
    const missing = [...used].filter(([key]) => !(key in english)).map(([key, file]) => `${key} (${file})`);
    assert.deepEqual(missing, []);
  });

  it("has no key that nothing uses", () => {
    const used = usedKeys();
    assert.deepEqual(Object.keys(english).filter((key) => !used.has(key)), []);
  });
});

describe("translator", () => {
  const t = createTranslator(
    {
      saved: { message: "SSI $SCORE$ saved · $DELTA$ this week", placeholders: { score: { content: "$1" }, delta: { content: "$2" } } },
      price: { message: "Costs $$5" },
      only_de: { message: "Hallo" },
    },
    { fallback_only: { message: "From English" } },
  );
  it("fills named placeholders from the substitutions", () => {
    assert.equal(t("saved", "72", "+2"), "SSI 72 saved · +2 this week");
  });
  it("does not expand a substituted value again", () => {
    assert.equal(t("saved", "$2", "x"), "SSI $2 saved · x this week");
  });
  it("turns $$ into a dollar sign", () => assert.equal(t("price"), "Costs $5"));
  it("falls back to English, then to the key", () => {
    assert.equal(t("fallback_only"), "From English");
    assert.equal(t("nowhere"), "nowhere");
  });
  it("fills the real catalogues in every language", () => {
    for (const lang of LANGUAGES) {
      const text = createTranslator(catalogues[lang])("note_saved_week", "72", "+2");
      assert.match(text, /72/);
      assert.match(text, /\+2/);
      assert.doesNotMatch(text, /\$/);
    }
  });
});

describe("language choice", () => {
  it("follows the browser unless the user chose a language", () => {
    assert.equal(resolveLanguage("auto", "de-AT"), "de");
    assert.equal(resolveLanguage("auto", "es_419"), "es");
    assert.equal(resolveLanguage("auto", "fr-FR"), "en");
    assert.equal(resolveLanguage("es", "de-DE"), "es");
    assert.equal(resolveLanguage("en", "de-DE"), "en");
  });
  it("formats numbers in the browser's regional variant only when it matches", () => {
    assert.equal(formattingLocale("de", "de-CH"), "de-CH");
    assert.equal(formattingLocale("es", "de-CH"), "es");
  });
});

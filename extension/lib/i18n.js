// @ts-check
/**
 * UI strings from `_locales/<lang>/messages.json`. `chrome.i18n` always follows the browser's
 * language and cannot switch at run time, so when the user picks a language in the options we
 * load that locale's messages.json ourselves; one code path serves both cases.
 */
import { api } from "./browser-api.js";
import { UI_LANGUAGES } from "./settings.js";

/**
 * @typedef {{ message: string, placeholders?: Record<string, { content: string }> }} MessageEntry
 * @typedef {Record<string, MessageEntry>} Messages
 * @typedef {(key: string, ...substitutions: (string | number)[]) => string} Translate
 */

/**
 * Marks a string literal as a message key where it is not passed straight to `t(...)`, so the
 * key checker in tests/js finds it.
 * @param {string} key
 */
export const i18nKey = (key) => key;

/**
 * Picks the UI language: the user's choice, else the browser's if we have it, else English.
 * @param {string} setting  "auto" or a language code
 * @param {string} uiLanguage  e.g. "de-AT"
 * @returns {"en" | "de" | "es"}
 */
export function resolveLanguage(setting, uiLanguage) {
  const wanted = setting && setting !== "auto" ? setting : uiLanguage;
  const base = String(wanted || "").toLowerCase().split(/[-_]/)[0];
  return /** @type {any} */ (UI_LANGUAGES.includes(/** @type {any} */ (base)) ? base : "en");
}

/**
 * The locale for numbers and dates: the browser's own tag when it matches the UI language
 * (keeps "de-CH" grouping), else the bare language.
 * @param {string} language
 * @param {string} uiLanguage
 */
export function formattingLocale(language, uiLanguage) {
  const tag = String(uiLanguage || "").replace("_", "-");
  return tag.toLowerCase().split("-")[0] === language ? tag : language;
}

/**
 * Same substitution rules as chrome.i18n.getMessage: `$NAME$` refers to a named placeholder
 * whose content is `$1`…`$9`, and `$$` is a literal dollar sign.
 * @param {Messages} messages
 * @param {Messages} [fallback]  used for keys missing from `messages`
 * @returns {Translate}
 */
export function createTranslator(messages, fallback = {}) {
  return (key, ...substitutions) => {
    const entry = messages[key] ?? fallback[key];
    if (!entry) return key;
    const placeholders = entry.placeholders ?? {};
    const substitute = (/** @type {string} */ digit) => String(substitutions[Number(digit) - 1] ?? "");
    // One pass, so a substituted value is never itself expanded.
    return entry.message.replace(/\$\$|\$([A-Za-z0-9_@]+)\$|\$(\d)/g, (match, name, digit) => {
      if (match === "$$") return "$";
      if (digit) return substitute(digit);
      const content = placeholders[name.toLowerCase()]?.content;
      return content ? content.replace(/\$(\d)/g, (_, d) => substitute(d)) : match;
    });
  };
}

/** @type {Map<string, Promise<Messages>>} */
const cache = new Map();

/** @param {string} language @returns {Promise<Messages>} */
function loadMessages(language) {
  if (!cache.has(language)) {
    const url = api.runtime.getURL(`_locales/${language}/messages.json`);
    cache.set(
      language,
      fetch(url).then((response) => {
        if (!response.ok) throw new Error(`cannot load ${url}`);
        return response.json();
      }),
    );
  }
  return /** @type {Promise<Messages>} */ (cache.get(language));
}

/**
 * @param {string} setting  the language setting ("auto", "en", "de", "es")
 * @returns {Promise<{ t: Translate, language: "en" | "de" | "es", locale: string }>}
 */
export async function loadTranslator(setting) {
  const uiLanguage = api.i18n.getUILanguage();
  const language = resolveLanguage(setting, uiLanguage);
  const [messages, english] = await Promise.all([loadMessages(language), loadMessages("en")]);
  return { t: createTranslator(messages, english), language, locale: formattingLocale(language, uiLanguage) };
}

/**
 * Fills `data-i18n` (text), `data-i18n-title`, `data-i18n-placeholder` and
 * `data-i18n-aria-label` attributes under `root`.
 * @param {ParentNode} root
 * @param {Translate} t
 */
export function applyTranslations(root, t) {
  for (const element of root.querySelectorAll("[data-i18n]")) {
    element.textContent = t(/** @type {string} */ (element.getAttribute("data-i18n")));
  }
  for (const attribute of ["title", "placeholder", "aria-label"]) {
    for (const element of root.querySelectorAll(`[data-i18n-${attribute}]`)) {
      element.setAttribute(attribute, t(/** @type {string} */ (element.getAttribute(`data-i18n-${attribute}`))));
    }
  }
}

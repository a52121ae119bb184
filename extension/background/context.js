// @ts-check
/**
 * What every worker task needs, rebuilt from storage on each use: the worker may have been
 * restarted since the last event, and the user may have changed the port or paired since.
 */
import { api } from "../lib/browser-api.js";
import { createCompanionClient } from "../lib/companion-client.js";
import { loadTranslator, resolveLanguage } from "../lib/i18n.js";
import { companionBaseUrl } from "../lib/settings.js";
import { getAuth, getSettings } from "../lib/storage.js";

export async function companion() {
  const [settings, auth] = await Promise.all([getSettings(), getAuth()]);
  const client = createCompanionClient({
    fetch: (input, init) => fetch(input, init),
    baseUrl: companionBaseUrl(settings),
    token: auth?.token ?? null,
  });
  return { settings, auth, client, language: resolveLanguage(settings.language, api.i18n.getUILanguage()) };
}

export async function translator() {
  const settings = await getSettings();
  return loadTranslator(settings.language);
}

/** "Chrome 131 · SSI Companion 0.1.0": shown by the companion in its list of paired clients. */
export function clientName() {
  const agent = globalThis.navigator?.userAgent ?? "";
  const browser =
    /(Firefox|Edg|OPR|Chrome|Chromium)\/(\d+)/.exec(agent)?.slice(1, 3).join(" ").replace("Edg", "Edge") ?? "browser";
  return `${browser} · SSI Companion ${api.runtime.getManifest().version}`;
}

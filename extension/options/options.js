// @ts-check
/**
 * The options page: pairing, and preferences saved as soon as they change. Invalid values are
 * reported and not saved, so storage only ever holds settings that normalizeSettings accepts.
 */
import { byTestId } from "../lib/dom.js";
import { applyTranslations, loadTranslator } from "../lib/i18n.js";
import { isBlockedPort, isPort, isProfile, isReminderDays } from "../lib/settings.js";
import { getSettings, saveSettings } from "../lib/storage.js";
import { showPairingState, wirePairing } from "./pairing.js";

/** @param {string} testId */
const input = (testId) => /** @type {HTMLInputElement} */ (byTestId(testId));

async function main() {
  const settings = await getSettings();
  const { t, language, locale } = await loadTranslator(settings.language);
  document.documentElement.lang = language;
  applyTranslations(document, t);
  const view = { t, locale };

  wirePairing(view);
  await showPairingState(view);

  input("setting-port").value = String(settings.port);
  /** @type {HTMLSelectElement} */ (byTestId("setting-language")).value = settings.language;
  input("setting-reminder-days").value = String(settings.reminderDays);
  input("setting-badge").checked = settings.badge;
  input("setting-profile").value = settings.profile;

  const status = byTestId("settings-status");
  /** @param {HTMLInputElement} field @param {string | null} problem */
  const report = (field, problem) => {
    field.setCustomValidity(problem ?? "");
    if (problem) {
      status.dataset.tone = "bad";
      status.textContent = problem;
    }
  };
  // A port saved before browsers' blocked ports were refused here: said at once.
  report(input("setting-port"), validate(input("setting-port"), t));
  byTestId("settings-form").addEventListener("change", async (event) => {
    const field = /** @type {HTMLInputElement} */ (event.target);
    const problem = validate(field, t);
    report(field, problem);
    if (problem) return;
    const value = field.type === "checkbox" ? field.checked : field.type === "number" ? Number(field.value) : field.value;
    await saveSettings({ [field.name]: value });
    status.dataset.tone = "good";
    status.textContent = t("settings_saved");
    // A new language applies to this page at once; the popup and worker pick it up by themselves.
    if (field.name === "language") window.location.reload();
  });
}

/**
 * @param {HTMLInputElement} field
 * @param {import("../lib/i18n.js").Translate} t
 * @returns {string | null} what is wrong, or null
 */
function validate(field, t) {
  if (field.name === "port" && !isPort(field.value)) return t("invalid_port");
  if (field.name === "port" && isBlockedPort(field.value)) return t("blocked_port", Number(field.value));
  if (field.name === "reminderDays" && !isReminderDays(field.value)) return t("invalid_reminder_days");
  if (field.name === "profile" && !isProfile(field.value)) return t("invalid_profile");
  return null;
}

main().catch((error) => console.error("SSI Companion options:", error));

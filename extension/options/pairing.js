// @ts-check
/**
 * The pairing form. The worker does the request and stores the token; this page only learns
 * whether it worked, so the token never reaches page scripts or the console.
 */
import { byTestId, show } from "../lib/dom.js";
import { formatDateTime } from "../lib/format.js";
import { i18nKey } from "../lib/i18n.js";
import { MSG, ask } from "../lib/messages.js";
import { getAuth } from "../lib/storage.js";

const FAILURE_KEYS = {
  wrong_code: i18nKey("pairing_wrong_code"),
  too_many_attempts: i18nKey("pairing_too_many"),
  busy: i18nKey("pairing_busy"),
  unreachable: i18nKey("pairing_unreachable"),
  forbidden: i18nKey("pairing_forbidden"),
  error: i18nKey("pairing_error"),
};

/** @param {{ t: import("../lib/i18n.js").Translate, locale: string }} view */
export async function showPairingState({ t, locale }) {
  const auth = await getAuth();
  const state = byTestId("pairing-state");
  state.dataset.paired = String(Boolean(auth));
  state.textContent = auth ? t("pairing_paired_since", formatDateTime(auth.paired_at, locale)) : t("pairing_not_paired");
  show(byTestId("unpair"), Boolean(auth));
}

/** @param {{ t: import("../lib/i18n.js").Translate, locale: string }} view */
export function wirePairing(view) {
  const { t } = view;
  const form = /** @type {HTMLFormElement} */ (byTestId("pair-form"));
  const input = /** @type {HTMLInputElement} */ (byTestId("pair-code"));
  const submit = /** @type {HTMLButtonElement} */ (byTestId("pair-submit"));
  const result = byTestId("pair-result");

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    submit.disabled = true;
    result.dataset.tone = "";
    result.textContent = t("pairing_running");
    try {
      const reply = await ask(MSG.pair, { code: input.value });
      if (reply.paired) {
        input.value = "";
        result.dataset.tone = "good";
        result.textContent = t("pairing_success");
      } else {
        const reason = Object.hasOwn(FAILURE_KEYS, reply.reason) ? reply.reason : "error";
        result.dataset.tone = "bad";
        result.textContent = t(FAILURE_KEYS[/** @type {keyof typeof FAILURE_KEYS} */ (reason)], reply.message ?? "");
      }
    } catch (error) {
      result.dataset.tone = "bad";
      result.textContent = t("pairing_error", error instanceof Error ? error.message : String(error));
    } finally {
      submit.disabled = false;
      await showPairingState(view);
    }
  });

  const unpair = /** @type {HTMLButtonElement} */ (byTestId("unpair"));
  unpair.addEventListener("click", async () => {
    unpair.disabled = true;
    try {
      const { revoked } = await ask(MSG.unpair);
      result.dataset.tone = revoked ? "" : "warn";
      result.textContent = revoked ? t("pairing_forgotten") : t("pairing_forgotten_here");
    } catch (error) {
      result.dataset.tone = "bad";
      result.textContent = t("forget_error", error instanceof Error ? error.message : String(error));
    } finally {
      unpair.disabled = false;
      await showPairingState(view);
    }
  });
}

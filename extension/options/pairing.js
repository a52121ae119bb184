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

  /**
   * Runs `work` with `button` disabled and shows the outcome it returns, or `failed` with the
   * reason it threw; then the pairing state, whatever happened.
   * @param {HTMLButtonElement} button
   * @param {(reason: string) => string} failed
   * @param {() => Promise<{ tone: string, text: string }>} work
   */
  async function showOutcome(button, failed, work) {
    button.disabled = true;
    try {
      const { tone, text } = await work();
      result.dataset.tone = tone;
      result.textContent = text;
    } catch (error) {
      result.dataset.tone = "bad";
      result.textContent = failed(error instanceof Error ? error.message : String(error));
    } finally {
      button.disabled = false;
      await showPairingState(view);
    }
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    result.dataset.tone = "";
    result.textContent = t("pairing_running");
    return showOutcome(submit, (reason) => t("pairing_error", reason), async () => {
      const reply = await ask(MSG.pair, { code: input.value });
      if (reply.paired) {
        input.value = "";
        return { tone: "good", text: t("pairing_success") };
      }
      const reason = Object.hasOwn(FAILURE_KEYS, reply.reason) ? reply.reason : "error";
      return { tone: "bad", text: t(FAILURE_KEYS[/** @type {keyof typeof FAILURE_KEYS} */ (reason)], reply.message ?? "") };
    });
  });

  const unpair = /** @type {HTMLButtonElement} */ (byTestId("unpair"));
  unpair.addEventListener("click", () =>
    showOutcome(unpair, (reason) => t("forget_error", reason), async () => {
      const { revoked } = await ask(MSG.unpair);
      return revoked ? { tone: "", text: t("pairing_forgotten") } : { tone: "warn", text: t("pairing_forgotten_here") };
    }),
  );
}

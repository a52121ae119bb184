// @ts-check
/**
 * The banner of the popup and the dashboard for a goals.toml that is not in force: the
 * companion's description of what is wrong (the file and its keys are English anyway) under a
 * sentence in the user's language that the page's markup holds.
 */
import { byTestId, show } from "./dom.js";

/**
 * @param {{ message: string, path: string | null } | null} error  a Summary's `goals_error`,
 *   from the companion's answer of now only: a copy kept from before cannot say it is fixed
 */
export function renderGoalsError(error) {
  show(byTestId("goals-error"), Boolean(error));
  byTestId("goals-error-detail").textContent = error ? `${error.message}${error.path ? ` (${error.path})` : ""}` : "";
}

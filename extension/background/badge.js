// @ts-check
/**
 * The toolbar badge: "!" while a snapshot was refused or could not be queued (the user must
 * see that), else the current SSI when the user wants it, else the number of queued snapshots.
 */
import { api } from "../lib/browser-api.js";
import { KEYS } from "../lib/storage-keys.js";
import { getLastKnown, getSettings, localArea } from "../lib/storage.js";
import { translator } from "./context.js";

const COLORS = { problem: "#b91c1c", score: "#115e59", queued: "#6b7280" };

export async function updateBadge() {
  const [settings, known, outbox, { t }] = await Promise.all([
    getSettings(),
    getLastKnown(),
    localArea.get(KEYS.outbox),
    translator(),
  ]);
  const problems = outbox?.problems?.length ?? 0;
  const queued = outbox?.entries?.length ?? 0;
  const score = known?.profile === settings.profile ? known?.summary?.latest?.overall : null;

  let text = "";
  let color = COLORS.score;
  let title = t("actionTitle");
  if (problems > 0) {
    text = "!";
    color = COLORS.problem;
    title = t("badge_problem_title");
  } else if (settings.badge && typeof score === "number") {
    text = String(Math.round(score));
    title = t("badge_score_title", String(Math.round(score)));
  } else if (queued > 0) {
    text = String(queued > 999 ? "999+" : queued);
    color = COLORS.queued;
    title = t("badge_queued_title", String(queued));
  }
  await Promise.all([
    api.action.setBadgeText({ text }),
    api.action.setBadgeBackgroundColor({ color }),
    api.action.setTitle({ title }),
  ]);
}

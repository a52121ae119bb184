// @ts-check
/**
 * Pairing: trades the one-time code from `ssi-companion pair` for a token. The companion binds
 * the token to this extension's origin, which the browser adds to the request by itself.
 * The token goes to storage.local and nowhere else: never into a log, a message or a URL.
 */
import { CompanionUnreachable } from "../lib/companion-client.js";
import { clearAuth, getAuth, setAuth, updateStatus } from "../lib/storage.js";
import { forgetSeries } from "./chart-cache.js";
import { clientName, companion } from "./context.js";
import { deliver } from "./delivery.js";

/**
 * @typedef {"wrong_code" | "too_many_attempts" | "busy" | "unreachable" | "forbidden" | "error"} PairFailure
 * @param {{ code?: unknown }} message
 * @returns {Promise<{ paired: true } | { paired: false, reason: PairFailure, message: string | null }>}
 */
export async function handlePair({ code }) {
  const cleaned = String(code ?? "").trim();
  if (!cleaned) return { paired: false, reason: "wrong_code", message: null };
  const { client } = await companion();
  let response;
  try {
    response = await client.pair(cleaned, clientName());
  } catch (error) {
    if (error instanceof CompanionUnreachable) return { paired: false, reason: "unreachable", message: null };
    throw error;
  }
  const message = response.body?.error?.message ?? null;
  if (response.ok && typeof response.body?.token === "string" && response.body.token) {
    // Another companion's series must not be drawn: drop it before the new token is in use.
    await forgetSeries();
    await setAuth(response.body.token);
    await updateStatus({ connection: "ok", message: null });
    // Anything captured before pairing can go now.
    await deliver({ force: true });
    return { paired: true };
  }
  if (response.status === 401 || response.status === 422 || response.status === 400) {
    return { paired: false, reason: "wrong_code", message };
  }
  if (response.status === 429) return { paired: false, reason: "too_many_attempts", message };
  if (response.status === 403) return { paired: false, reason: "forbidden", message };
  // The history is locked by another process (an import): the code is used up, a new one works later.
  if (response.status === 503) return { paired: false, reason: "busy", message };
  return { paired: false, reason: "error", message: message ?? `HTTP ${response.status}` };
}

/**
 * Forgets the pairing: the companion is asked to revoke the token, which is then deleted here
 * whatever it answers (the user asked for it to be gone). `revoked` is false when the companion
 * could not revoke it (not running, busy with an import, a failure): it then goes on accepting
 * that token, of which no copy is left here.
 * @returns {Promise<{ revoked: boolean }>}
 */
export async function handleUnpair() {
  const { auth, client } = await companion();
  const revoked = auth ? await revokeToken(client) : true;
  // Paired again while the companion was being asked: that pairing stands.
  if ((await getAuth())?.token !== auth?.token) return { revoked };
  // The popup reads the chart's copy itself, without asking for the token: drop the copy
  // before the token, and again after, in case a read that began with the old token stored it.
  await forgetSeries();
  await clearAuth();
  await forgetSeries();
  await updateStatus({ connection: "not_paired", message: null });
  return { revoked };
}

/** @param {Awaited<ReturnType<typeof companion>>["client"]} client */
async function revokeToken(client) {
  try {
    const response = await client.unpair();
    // 401 or 403: the companion on this port does not know this token (it was revoked already,
    // or this is another data folder's companion): there is nothing it could revoke.
    return response.ok || response.status === 401 || response.status === 403;
  } catch (error) {
    if (error instanceof CompanionUnreachable) return false;
    throw error;
  }
}

// @ts-check
/**
 * A fake companion for the outbox and client tests: stores snapshots by id like the real one
 * (201 new, 200 already stored), and can be switched down or made to answer a given status.
 */
import { randomUUID } from "node:crypto";

export function createFakeCompanion() {
  /** @type {Map<string, any>} */
  const stored = new Map();
  /** @type {string[]} ids in the order they were posted, retries included */
  const posts = [];
  /** @type {Map<string, number>} how often each id was committed as new */
  const commits = new Map();
  /** @type {{ up: boolean, forcedStatus: number | null, forcedBody: any }} */
  const state = { up: true, forcedStatus: null, forcedBody: null };

  /** @param {any} snapshot @returns {Promise<{ status: number, body: any }>} */
  async function post(snapshot) {
    if (!state.up) throw new TypeError("Failed to fetch");
    posts.push(snapshot.id);
    if (state.forcedStatus !== null) return { status: state.forcedStatus, body: state.forcedBody };
    if (stored.has(snapshot.id)) {
      if (JSON.stringify(stored.get(snapshot.id)) !== JSON.stringify(snapshot)) {
        return { status: 409, body: { error: { code: "conflict", message: "id stored with other content", path: "$.id" } } };
      }
      return { status: 200, body: { created: false, snapshot } };
    }
    stored.set(snapshot.id, structuredClone(snapshot));
    commits.set(snapshot.id, (commits.get(snapshot.id) ?? 0) + 1);
    return { status: 201, body: { created: true, snapshot } };
  }

  /** GET /v1/snapshots: one profile's snapshots, oldest first. @param {string} profile */
  const history = (profile) =>
    [...stored.values()]
      .filter((snapshot) => (snapshot.profile ?? "me") === profile)
      .sort((a, b) => Date.parse(a.captured_at) - Date.parse(b.captured_at));

  /** GET /v1/series: that history as columns. @param {string} profile */
  const series = (profile) => {
    const snapshots = history(profile);
    /** @param {(snapshot: any) => any} pick */
    const column = (pick) => snapshots.map(pick);
    return {
      profile,
      captured_at_ms: column((s) => Date.parse(s.captured_at)),
      overall: column((s) => s.overall),
      professional_brand: column((s) => s.pillars.professional_brand),
      find_right_people: column((s) => s.pillars.find_right_people),
      engage_with_insights: column((s) => s.pillars.engage_with_insights),
      build_relationships: column((s) => s.pillars.build_relationships),
      industry_rank_top_percent: column((s) => s.industry?.rank_top_percent ?? null),
      industry_average: column((s) => s.industry?.average ?? null),
      network_rank_top_percent: column((s) => s.network?.rank_top_percent ?? null),
      network_average: column((s) => s.network?.average ?? null),
    };
  };

  return {
    post,
    history,
    series,
    stored,
    posts,
    commits,
    isUp: () => state.up,
    /** @param {boolean} up */
    setUp(up) {
      state.up = up;
    },
    /** @param {number | null} status @param {any} [body] */
    answer(status, body = null) {
      state.forcedStatus = status;
      state.forcedBody = body;
    },
  };
}

let counter = 0;
/** A valid Snapshot (CONTRACT.md) with a fresh id. @param {Partial<any>} [overrides] */
export function makeSnapshot(overrides = {}) {
  counter += 1;
  return {
    id: randomUUID(),
    captured_at: new Date(Date.UTC(2026, 10, 1, 9, 0, counter)).toISOString(),
    profile: "me",
    overall: 72,
    pillars: { professional_brand: 18.41, find_right_people: 17.9, engage_with_insights: 16.25, build_relationships: 19.62 },
    industry: { name: "Computer Software", rank_top_percent: 4, average: 31 },
    network: { rank_top_percent: 1, average: 28 },
    locale: "en",
    source: { url: "https://www.linkedin.com/sales/ssi", layout: "A", extension_version: "0.1.0" },
    ...overrides,
  };
}

/** A clock the test moves by hand. */
export function createClock(start = Date.UTC(2026, 10, 21, 9, 0, 0)) {
  let now = start;
  return {
    now: () => now,
    /** @param {number} ms */
    advance(ms) {
      now += ms;
    },
  };
}

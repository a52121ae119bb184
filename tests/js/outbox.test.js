// @ts-check
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { OUTBOX_DEFAULTS, backoffDelay, classifyAnswer, createOutbox } from "../../extension/lib/outbox.js";
import { createCompanionClient } from "../../extension/lib/companion-client.js";
import { createFakeStore } from "./helpers/fake-storage.js";
import { createClock, createFakeCompanion, makeSnapshot } from "./helpers/fake-companion.js";

const SECOND = 1000;
const MINUTE = 60 * SECOND;

/**
 * A "worker": a fresh outbox instance over shared storage, as after an MV3 worker restart.
 * @param {ReturnType<typeof createFakeStore>} store
 * @param {{ post: (s: any) => Promise<any> }} companion
 * @param {ReturnType<typeof createClock>} clock
 * @param {object} [tuning]
 */
function worker(store, companion, clock, tuning = {}) {
  return createOutbox({ store, send: (snapshot) => companion.post(snapshot), now: clock.now, ...tuning });
}

function setup(tuning = {}) {
  const store = createFakeStore();
  const companion = createFakeCompanion();
  const clock = createClock();
  return { store, companion, clock, outbox: worker(store, companion, clock, tuning) };
}

/** The companion's error body (CONTRACT.md). */
const companionError = (message = "why", code = "some_error") => ({ error: { code, message, path: null } });
/** A 500 from the companion, as its error middleware answers one. */
const INTERNAL_ERROR = companionError("the companion hit an unexpected error; its log has the details", "internal_error");

/**
 * A companion that answers `answer` for the snapshots in `ids` and stores the others.
 * @param {ReturnType<typeof createFakeCompanion>} companion
 * @param {string[]} ids
 * @param {{ status: number, body: any }} answer
 */
const answeringFor = (companion, ids, answer) => ({
  post: (/** @type {any} */ s) => (ids.includes(s.id) ? Promise.resolve(answer) : companion.post(s)),
});

describe("classifyAnswer", () => {
  const id = "0b6f7c1e-5d7a-4c55-9a0e-2f1d7b3c9e11";
  const cases = /** @type {const} */ ([
    [200, { created: false, snapshot: { id } }, "delivered"], [201, { created: true, snapshot: { id } }, "delivered"],
    [400, companionError(), "refused"], [409, companionError(), "refused"], [413, companionError(), "refused"],
    [415, companionError(), "refused"], [422, companionError(), "refused"],
    [401, companionError(), "auth"], [403, companionError(), "auth"],
    [500, companionError(), "failed"], [502, companionError(), "failed"],
    [503, companionError(), "transient"], [404, companionError(), "transient"], [429, companionError(), "transient"],
    // Not the companion's answer to this snapshot: whatever the status says, nothing is removed.
    [200, null, "transient"], [200, { ok: true }, "transient"], [201, { created: true, snapshot: { id: "another" } }, "transient"],
    [400, { message: "bad request" }, "transient"], [422, { error: "invalid" }, "transient"],
    [409, { error: { code: "invalid_response", message: "<h1>Conflict</h1>", path: null } }, "transient"],
    [401, null, "transient"], [500, null, "transient"],
  ]);
  for (const [status, body, outcome] of cases) {
    it(`treats ${status} ${JSON.stringify(body)} as ${outcome}`, () => assert.equal(classifyAnswer({ status, body }, id).outcome, outcome));
  }
});

describe("backoffDelay", () => {
  it("doubles from the base and stops at the cap", () => {
    const options = { baseDelayMs: 30 * SECOND, maxDelayMs: 10 * MINUTE };
    const delays = [1, 2, 3, 4, 5, 6, 7, 50].map((attempt) => backoffDelay(attempt, options));
    assert.deepEqual(delays, [30, 60, 120, 240, 480, 600, 600, 600].map((s) => s * SECOND));
  });

  it("never returns a non-finite delay for huge attempt counts", () => {
    assert.equal(backoffDelay(10_000, OUTBOX_DEFAULTS), OUTBOX_DEFAULTS.maxDelayMs);
  });
});

describe("outbox delivery", () => {
  it("delivers queued snapshots oldest first and removes them only after a 2xx", async () => {
    const { outbox, companion } = setup();
    const snapshots = [makeSnapshot(), makeSnapshot(), makeSnapshot()];
    for (const snapshot of snapshots) await outbox.enqueue(snapshot);
    assert.equal((await outbox.read()).entries.length, 3);

    const result = await outbox.flush();
    assert.deepEqual(companion.posts, snapshots.map((s) => s.id));
    assert.deepEqual(result.delivered.map((d) => d.id), snapshots.map((s) => s.id));
    assert.equal(result.delivered[0].status, 201);
    assert.equal(result.remaining, 0);
    assert.equal((await outbox.read()).entries.length, 0);
  });

  it("keeps everything when the companion is unreachable and backs off exponentially up to the cap", async () => {
    const { outbox, companion, clock } = setup({ baseDelayMs: 30 * SECOND, maxDelayMs: 4 * MINUTE });
    companion.setUp(false);
    await outbox.enqueue(makeSnapshot());
    await outbox.enqueue(makeSnapshot());

    const waits = [];
    for (let i = 0; i < 6; i++) {
      const result = await outbox.flush({ force: true });
      assert.equal(result.remaining, 2);
      assert.equal(result.stopped?.outcome, "transient");
      assert.equal(result.stopped?.status, null);
      waits.push(/** @type {number} */ (result.next_attempt_at) - clock.now());
    }
    assert.deepEqual(waits, [30, 60, 120, 240, 240, 240].map((s) => s * SECOND));
    const state = await outbox.read();
    assert.equal(state.entries[0].attempts, 6);
    assert.match(String(state.entries[0].last_error), /Failed to fetch/);
    assert.equal(state.entries[1].attempts, 0, "only the head is tried while the companion is down");
  });

  it("does not retry before the backoff delay unless forced", async () => {
    const { outbox, companion, clock } = setup();
    companion.setUp(false);
    await outbox.enqueue(makeSnapshot());
    const failed = await outbox.flush();
    companion.setUp(true);

    clock.advance(29 * SECOND);
    const early = await outbox.flush();
    assert.equal(early.skipped, true);
    assert.equal(companion.posts.length, 0);

    clock.advance(1 * SECOND);
    assert.equal(clock.now(), failed.next_attempt_at);
    const due = await outbox.flush();
    assert.equal(due.skipped, false);
    assert.equal(due.delivered.length, 1);
  });

  it("resets the backoff after a success", async () => {
    const { outbox, companion } = setup();
    companion.setUp(false);
    await outbox.enqueue(makeSnapshot());
    await outbox.flush({ force: true });
    await outbox.flush({ force: true });
    assert.equal((await outbox.read()).attempt, 2);
    companion.setUp(true);
    await outbox.flush({ force: true });
    const state = await outbox.read();
    assert.equal(state.attempt, 0);
    assert.equal(state.next_attempt_at, null);
  });

  for (const status of [503, 429]) {
    it(`keeps the snapshot on a transient ${status}`, async () => {
      const { outbox, companion } = setup();
      companion.answer(status, { error: { code: "busy", message: "try later", path: null } });
      const snapshot = makeSnapshot();
      await outbox.enqueue(snapshot);
      const result = await outbox.flush();
      assert.equal(result.stopped?.outcome, "transient");
      assert.equal(result.stopped?.status, status);
      assert.deepEqual((await outbox.read()).entries.map((e) => e.snapshot.id), [snapshot.id]);
      assert.equal((await outbox.read()).problems.length, 0);
    });
  }
});

describe("outbox across worker restarts", () => {
  it("delivers each snapshot exactly once when a new worker takes over", async () => {
    const store = createFakeStore();
    const companion = createFakeCompanion();
    const clock = createClock();
    companion.setUp(false);
    const first = worker(store, companion, clock);
    const snapshots = [makeSnapshot(), makeSnapshot(), makeSnapshot()];
    for (const snapshot of snapshots) await first.enqueue(snapshot);
    await first.flush();

    companion.setUp(true);
    clock.advance(OUTBOX_DEFAULTS.maxDelayMs);
    const second = worker(store, companion, clock); // the old worker was stopped
    const result = await second.flush();
    assert.equal(result.delivered.length, 3);

    const third = worker(store, companion, clock);
    const again = await third.flush({ force: true });
    assert.equal(again.delivered.length, 0);
    assert.deepEqual(companion.posts, snapshots.map((s) => s.id), "nothing is sent twice");
    for (const snapshot of snapshots) assert.equal(companion.commits.get(snapshot.id), 1);
  });

  it("stores a snapshot once when the worker died after the companion committed it", async () => {
    const store = createFakeStore();
    const companion = createFakeCompanion();
    const clock = createClock();
    const snapshot = makeSnapshot();
    // The first worker's request reaches the companion, but the worker is stopped before the
    // response arrives: its promise never settles and the outbox entry is never removed.
    const dying = createOutbox({
      store,
      now: clock.now,
      send: async (s) => {
        await companion.post(s);
        return new Promise(() => {});
      },
    });
    await dying.enqueue(snapshot);
    void dying.flush();
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal((await worker(store, companion, clock).read()).entries.length, 1, "still queued after the crash");

    const next = worker(store, companion, clock);
    const result = await next.flush({ force: true });
    assert.equal(result.delivered.length, 1);
    assert.equal(result.delivered[0].status, 200, "the companion recognises the id");
    assert.equal(companion.posts.length, 2, "it was sent again");
    assert.equal(companion.commits.get(snapshot.id), 1, "and stored once");
    assert.equal((await next.read()).entries.length, 0);
  });

  it("never sends a snapshot twice from concurrent flushes, and loses no concurrent enqueue", async () => {
    const { outbox, companion } = setup();
    const a = makeSnapshot();
    const b = makeSnapshot();
    await outbox.enqueue(a);
    const flushes = [outbox.flush(), outbox.flush(), outbox.enqueue(b).then(() => outbox.flush())];
    await Promise.all(flushes);
    assert.deepEqual(companion.posts.sort(), [a.id, b.id].sort());
    assert.equal((await outbox.read()).entries.length, 0);
  });

  it("does not queue the same id twice", async () => {
    const { outbox } = setup();
    const snapshot = makeSnapshot();
    await outbox.enqueue(snapshot);
    const again = await outbox.enqueue(snapshot);
    assert.equal(again.duplicate, true);
    assert.equal((await outbox.read()).entries.length, 1);
  });
});

describe("outbox refusals and bounds", () => {
  for (const status of [422, 409]) {
    it(`drops a snapshot refused with ${status}, records why, and goes on with the next`, async () => {
      const store = createFakeStore();
      const companion = createFakeCompanion();
      const bad = makeSnapshot();
      const good = makeSnapshot();
      const body = { error: { code: "invalid", message: "pillars do not add up", path: "$.pillars" } };
      const outbox = worker(store, answeringFor(companion, [bad.id], { status, body }), createClock());
      await outbox.enqueue(bad);
      await outbox.enqueue(good);

      const outcome = await outbox.flush();
      assert.deepEqual(outcome.refused.map((p) => p.id), [bad.id]);
      assert.deepEqual(outcome.delivered.map((d) => d.id), [good.id]);
      assert.equal(outcome.stopped, null);
      const state = await outbox.read();
      assert.equal(state.entries.length, 0);
      assert.equal(state.problems.length, 1);
      const [problem] = state.problems;
      assert.deepEqual(
        { reason: problem.reason, status: problem.status, path: problem.path, message: problem.message, overall: problem.overall },
        { reason: "refused", status, path: "$.pillars", message: "pillars do not add up", overall: 72 },
      );
      assert.equal(companion.commits.has(bad.id), false);
    });
  }

  it("refuses a snapshot when full and records it as a problem instead of dropping it silently", async () => {
    const { outbox } = setup({ limit: 3 });
    const kept = [makeSnapshot(), makeSnapshot(), makeSnapshot()];
    for (const snapshot of kept) assert.equal((await outbox.enqueue(snapshot)).queued, true);
    const extra = makeSnapshot({ overall: 65, pillars: { professional_brand: 16, find_right_people: 16, engage_with_insights: 16, build_relationships: 17 } });
    const result = await outbox.enqueue(extra);
    assert.equal(result.queued, false);
    assert.equal(result.size, 3);
    const state = await outbox.read();
    assert.deepEqual(state.entries.map((e) => e.snapshot.id), kept.map((s) => s.id), "the older captures are kept");
    assert.deepEqual(
      state.problems.map((p) => [p.reason, p.id, p.overall]),
      [["outbox_full", extra.id, 65]],
    );
  });

  it("keeps only the newest problems and forgets them when dismissed", async () => {
    const { outbox } = setup({ limit: 0, maxProblems: 2 });
    const snapshots = [makeSnapshot(), makeSnapshot(), makeSnapshot()];
    for (const snapshot of snapshots) await outbox.enqueue(snapshot);
    assert.deepEqual((await outbox.read()).problems.map((p) => p.id), [snapshots[1].id, snapshots[2].id]);
    await outbox.dismissProblems();
    assert.equal((await outbox.read()).problems.length, 0);
  });
});

describe("outbox and 401", () => {
  it("keeps snapshots while not paired and delivers them once paired", async () => {
    const { outbox, companion, clock } = setup();
    companion.answer(401, { error: { code: "unauthorized", message: "pair first", path: null } });
    const snapshot = makeSnapshot();
    await outbox.enqueue(snapshot);
    const refused = await outbox.flush();
    assert.equal(refused.stopped?.outcome, "auth");
    assert.equal(refused.stopped?.status, 401);
    assert.equal(refused.stopped?.message, "pair first");
    assert.equal(refused.remaining, 1);
    assert.equal(/** @type {number} */ (refused.next_attempt_at) - clock.now(), OUTBOX_DEFAULTS.baseDelayMs);
    assert.equal((await outbox.read()).problems.length, 0, "a missing token is not the data's fault");

    companion.answer(null); // the user pairs; pairing forces a flush
    const delivered = await outbox.flush({ force: true });
    assert.deepEqual(delivered.delivered.map((d) => d.id), [snapshot.id]);
    assert.equal(companion.commits.get(snapshot.id), 1);
  });
});


describe("outbox and answers that are not the companion's", () => {
  const notOurs = /** @type {const} */ ([
    ["a catch-all 200", 200, null],
    ["a 200 from another JSON API", 200, { status: "ok" }],
    ["a 201 about another snapshot", 201, { created: true, snapshot: { id: "someone-else" } }],
    ["a 400 without the companion's error", 400, { message: "bad request" }],
    ["a 422 without the companion's error", 422, { errors: [{ field: "id" }] }],
  ]);
  for (const [what, status, body] of notOurs) {
    it(`keeps every snapshot on ${what} and says it was not the companion`, async () => {
      const { store, clock } = setup();
      const outbox = worker(store, { post: async () => ({ status, body }) }, clock);
      const snapshots = [makeSnapshot(), makeSnapshot()];
      for (const snapshot of snapshots) await outbox.enqueue(snapshot);

      const result = await outbox.flush();
      assert.deepEqual(result.delivered, []);
      assert.deepEqual(result.refused, []);
      assert.equal(result.stopped?.outcome, "transient");
      assert.equal(result.stopped?.status, status);
      assert.match(String(result.stopped?.message), /did not come from the SSI companion/);
      const state = await outbox.read();
      assert.deepEqual(state.entries.map((e) => e.snapshot.id), snapshots.map((s) => s.id), "nothing is lost");
      assert.deepEqual(state.entries.map((e) => e.attempts), [1, 0], "the others are not sent to it either");
      assert.equal(state.problems.length, 0);
    });
  }

  it("keeps a snapshot that a web server refuses with an HTML page, read through the real client", async () => {
    const store = createFakeStore();
    const client = createCompanionClient({
      fetch: async () => new Response("<html><h1>400 Bad Request</h1></html>", { status: 400, headers: { "Content-Type": "text/html" } }),
      baseUrl: "http://127.0.0.1:8723",
      token: "tok",
    });
    const outbox = createOutbox({ store, send: (snapshot) => client.postSnapshot(snapshot, "en"), now: createClock().now });
    const snapshot = makeSnapshot();
    await outbox.enqueue(snapshot);
    const result = await outbox.flush();
    assert.deepEqual(result.refused, []);
    assert.equal(result.stopped?.status, 400);
    const state = await outbox.read();
    assert.deepEqual(state.entries.map((e) => e.snapshot.id), [snapshot.id]);
    assert.equal(state.problems.length, 0);
  });
});

describe("a snapshot the companion keeps failing on", () => {
  it("is kept and passed over: the others, of every profile, are delivered in the same flush", async () => {
    const { companion, clock, store } = setup();
    const poison = makeSnapshot();
    const others = [makeSnapshot(), makeSnapshot({ profile: "work" })];
    const outbox = worker(store, answeringFor(companion, [poison.id], { status: 500, body: INTERNAL_ERROR }), clock);
    for (const snapshot of [poison, ...others]) await outbox.enqueue(snapshot);

    const result = await outbox.flush();
    assert.deepEqual(result.delivered.map((d) => d.id), others.map((s) => s.id));
    assert.deepEqual(result.failed, [{ id: poison.id, outcome: "failed", status: 500, message: INTERNAL_ERROR.error.message }]);
    assert.equal(result.stopped, null);
    assert.equal(result.remaining, 1);
    assert.equal(/** @type {number} */ (result.next_attempt_at) - clock.now(), OUTBOX_DEFAULTS.baseDelayMs, "retried later");
    const [entry] = (await outbox.read()).entries;
    assert.equal(entry.snapshot.id, poison.id);
    assert.equal(entry.attempts, 1);
    assert.equal(entry.last_error, INTERNAL_ERROR.error.message);
  });

  it("tries each snapshot once per flush when the companion fails on all of them", async () => {
    const { store, clock } = setup();
    /** @type {string[]} */
    const sent = [];
    const failing = { post: async (/** @type {any} */ s) => (sent.push(s.id), { status: 500, body: INTERNAL_ERROR }) };
    const outbox = worker(store, failing, clock);
    const snapshots = [makeSnapshot(), makeSnapshot(), makeSnapshot()];
    for (const snapshot of snapshots) await outbox.enqueue(snapshot);

    const result = await outbox.flush();
    assert.deepEqual(sent, snapshots.map((s) => s.id));
    assert.equal(result.failed.length, 3);
    assert.equal(result.remaining, 3);
    assert.equal((await outbox.read()).attempt, 1, "one step of backoff per flush, not per snapshot");
  });

  it("is retried later each time, and sooner again once a delivery shows the companion works", async () => {
    const { companion, clock, store } = setup();
    const poison = makeSnapshot();
    const tuning = { baseDelayMs: 30 * SECOND, maxDelayMs: 4 * MINUTE };
    const outbox = worker(store, answeringFor(companion, [poison.id], { status: 500, body: INTERNAL_ERROR }), clock, tuning);
    await outbox.enqueue(poison);
    const waits = [];
    for (let i = 0; i < 4; i++) {
      clock.advance(10 * MINUTE);
      const result = await outbox.flush();
      waits.push(/** @type {number} */ (result.next_attempt_at) - clock.now());
    }
    assert.deepEqual(waits, [30, 60, 120, 240].map((s) => s * SECOND));

    const fresh = makeSnapshot();
    await outbox.enqueue(fresh);
    const result = await outbox.flush({ force: true });
    assert.deepEqual(result.delivered.map((d) => d.id), [fresh.id]);
    assert.equal(/** @type {number} */ (result.next_attempt_at) - clock.now(), 30 * SECOND);
    assert.equal((await outbox.read()).entries[0].attempts, 5);
  });

  const stops = /** @type {const} */ ([
    ["a 503 (busy: it would refuse the others too)", 503, companionError("an import holds the history", "busy")],
    ["a 502 that is not the companion's", 502, null],
  ]);
  for (const [what, status, body] of stops) {
    it(`stops the flush at ${what}`, async () => {
      const { companion, clock, store } = setup();
      const outbox = worker(store, { post: async () => ({ status, body }) }, clock);
      await outbox.enqueue(makeSnapshot());
      await outbox.enqueue(makeSnapshot());
      const result = await outbox.flush();
      assert.equal(result.stopped?.status, status);
      assert.deepEqual(result.failed, []);
      assert.deepEqual((await outbox.read()).entries.map((e) => e.attempts), [1, 0]);
      assert.equal(companion.posts.length, 0);
    });
  }
});

describe("outbox and a clock set back", () => {
  it("treats a retry further ahead than the longest backoff as due", async () => {
    const { outbox, companion, clock } = setup();
    companion.setUp(false);
    const snapshot = makeSnapshot();
    await outbox.enqueue(snapshot);
    await outbox.flush();
    companion.setUp(true);

    clock.advance(-2 * OUTBOX_DEFAULTS.maxDelayMs); // the user set the clock back two hours
    const result = await outbox.flush();
    assert.equal(result.skipped, false);
    assert.deepEqual(result.delivered.map((d) => d.id), [snapshot.id]);
  });
});

describe("outbox afterFlush", () => {
  it("is told what waits after every flush, a failed one too, before the next flush starts", async () => {
    const store = createFakeStore();
    const companion = createFakeCompanion();
    const clock = createClock();
    /** @type {string[]} */
    const log = [];
    let failWrites = false;
    const flaky = {
      get: store.get,
      set: async (/** @type {string} */ key, /** @type {unknown} */ value) => {
        if (failWrites) throw new Error("storage is full");
        await store.set(key, value);
      },
    };
    const outbox = createOutbox({
      store: flaky,
      now: clock.now,
      // Unreachable the first time only.
      send: (snapshot) => (log.push("send"), log.length === 1 ? Promise.reject(new TypeError("Failed to fetch")) : companion.post(snapshot)),
      afterFlush: async (waiting) => {
        await new Promise((resolve) => setImmediate(resolve));
        log.push(`after ${JSON.stringify(waiting)}`);
      },
    });
    await outbox.enqueue(makeSnapshot());
    await Promise.all([outbox.flush(), outbox.flush({ force: true })]);
    const retryAt = clock.now() + OUTBOX_DEFAULTS.baseDelayMs;
    assert.deepEqual(log, ["send", `after {"remaining":1,"next_attempt_at":${retryAt}}`, "send", 'after {"remaining":0,"next_attempt_at":null}']);

    log.length = 0;
    await outbox.enqueue(makeSnapshot());
    failWrites = true;
    await assert.rejects(outbox.flush(), /storage is full/);
    assert.deepEqual(log, ["send", 'after {"remaining":1,"next_attempt_at":null}'], "still told, from what is stored");
  });

  it("is told null when the outbox cannot be read, so its caller can keep a retry anyway", async () => {
    /** @type {any[]} */
    const told = [];
    const broken = { get: async () => Promise.reject(new Error("storage is gone")), set: async () => {} };
    const outbox = createOutbox({ store: broken, send: async () => ({ status: 500, body: null }), afterFlush: async (w) => void told.push(w) });
    await assert.rejects(outbox.flush(), /storage is gone/);
    assert.deepEqual(told, [null]);
  });
});

describe("outbox enqueue with recordFull: false", () => {
  it("reports a full outbox without recording a problem, for a caller that makes room and tries again", async () => {
    const { outbox } = setup({ limit: 1 });
    await outbox.enqueue(makeSnapshot());
    const extra = makeSnapshot();
    const first = await outbox.enqueue(extra, { recordFull: false });
    assert.equal(first.queued, false);
    assert.deepEqual((await outbox.read()).problems, []);
    await outbox.enqueue(extra);
    assert.deepEqual((await outbox.read()).problems.map((p) => [p.reason, p.id]), [["outbox_full", extra.id]]);
  });
});

// @ts-check
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { OUTBOX_DEFAULTS, backoffDelay, classifyStatus, createOutbox } from "../../extension/lib/outbox.js";
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

describe("classifyStatus", () => {
  const cases = /** @type {const} */ ([
    [200, "delivered"], [201, "delivered"],
    [400, "refused"], [409, "refused"], [413, "refused"], [415, "refused"], [422, "refused"],
    [401, "auth"], [403, "auth"],
    [404, "transient"], [429, "transient"], [500, "transient"], [502, "transient"], [503, "transient"],
  ]);
  for (const [status, outcome] of cases) {
    it(`treats ${status} as ${outcome}`, () => assert.equal(classifyStatus(status), outcome));
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

  for (const status of [500, 503, 429]) {
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
      const refusing = { post: (/** @type {any} */ s) => (s.id === bad.id ? Promise.resolve({ status, body }) : companion.post(s)) };
      const outbox = worker(store, refusing, createClock());
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


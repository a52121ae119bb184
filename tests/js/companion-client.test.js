// @ts-check
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  CompanionUnreachable,
  createCompanionClient,
  defaultExportName,
  filenameFromDisposition,
} from "../../extension/lib/companion-client.js";
import { makeSnapshot } from "./helpers/fake-companion.js";

/**
 * A fetch that records requests and answers with `reply`.
 * @param {(url: URL, init: any) => Response} reply
 */
function recordingFetch(reply) {
  /** @type {{ url: URL, init: any }[]} */
  const calls = [];
  const fetch = /** @type {typeof globalThis.fetch} */ (
    async (input, init) => {
      const url = new URL(String(input));
      calls.push({ url, init });
      return reply(url, init);
    }
  );
  return { fetch, calls };
}

const json = (/** @type {unknown} */ body, status = 200, headers = {}) =>
  new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json", ...headers } });

describe("companion client", () => {
  it("posts a snapshot as JSON with the token in the Authorization header only", async () => {
    const { fetch, calls } = recordingFetch(() => json({ created: true }, 201));
    const client = createCompanionClient({ fetch, baseUrl: "http://127.0.0.1:8723", token: "secret-token" });
    const snapshot = makeSnapshot();
    const response = await client.postSnapshot(snapshot, "de");

    assert.equal(response.status, 201);
    assert.deepEqual(response.body, { created: true });
    const [{ url, init }] = calls;
    assert.equal(url.origin + url.pathname, "http://127.0.0.1:8723/v1/snapshots");
    assert.equal(url.searchParams.get("lang"), "de");
    assert.doesNotMatch(url.href, /secret-token/);
    assert.equal(init.method, "POST");
    assert.equal(init.headers.Authorization, "Bearer secret-token");
    assert.equal(init.headers["Content-Type"], "application/json");
    assert.equal(init.credentials, "omit");
    assert.deepEqual(JSON.parse(init.body), snapshot);
  });

  it("sends no token to the public endpoints", async () => {
    const { fetch, calls } = recordingFetch(() => json({ token: "new" }));
    const client = createCompanionClient({ fetch, baseUrl: "http://127.0.0.1:9000", token: "old" });
    await client.health();
    await client.pair("ABC-123", "Chrome 131 · SSI Companion 0.1.0");
    assert.equal(calls[0].init.headers.Authorization, undefined);
    assert.equal(calls[1].init.headers.Authorization, undefined);
    assert.equal(calls[1].url.pathname, "/v1/pair");
    assert.deepEqual(JSON.parse(calls[1].init.body), { code: "ABC-123", client: "Chrome 131 · SSI Companion 0.1.0" });
  });

  it("puts history filters in the query and leaves out empty ones", async () => {
    const { fetch, calls } = recordingFetch(() => json({ snapshots: [] }));
    const client = createCompanionClient({ fetch, baseUrl: "http://127.0.0.1:8723", token: "t" });
    await client.snapshots({ profile: "me", since: "2026-01-01", until: undefined, limit: 10 });
    assert.equal(calls[0].url.search, "?profile=me&since=2026-01-01&limit=10");
  });

  it("reports an unreachable companion as CompanionUnreachable", async () => {
    const fetch = /** @type {typeof globalThis.fetch} */ (async () => {
      throw new TypeError("Failed to fetch");
    });
    const client = createCompanionClient({ fetch, baseUrl: "http://127.0.0.1:8723" });
    await assert.rejects(client.health(), CompanionUnreachable);
  });

  it("returns error bodies with their status instead of throwing", async () => {
    const error = { error: { code: "invalid", message: "overall out of range", path: "$.overall" } };
    const { fetch } = recordingFetch(() => json(error, 422));
    const client = createCompanionClient({ fetch, baseUrl: "http://127.0.0.1:8723", token: "t" });
    const response = await client.postSnapshot(makeSnapshot(), "en");
    assert.equal(response.status, 422);
    assert.equal(response.ok, false);
    assert.deepEqual(response.body, error);
  });

  it("downloads an export as text with the companion's file name", async () => {
    const csv = "id,captured_at\r\nabc,2026-11-21T09:15:02Z\r\n";
    const { fetch, calls } = recordingFetch(
      () =>
        new Response(csv, {
          headers: { "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": 'attachment; filename="ssi-history-2026-11-21.csv"' },
        }),
    );
    const client = createCompanionClient({ fetch, baseUrl: "http://127.0.0.1:8723", token: "t" });
    const response = await client.exportFile("csv");
    assert.equal(calls[0].url.pathname, "/v1/export");
    assert.equal(calls[0].url.searchParams.get("format"), "csv");
    assert.equal(calls[0].init.headers.Authorization, "Bearer t");
    assert.equal(response.body, csv);
    assert.equal(response.filename, "ssi-history-2026-11-21.csv");
    assert.equal(response.contentType, "text/csv; charset=utf-8");
  });

  it("keeps the byte-order mark of a CSV export, which spreadsheets need to read UTF-8", async () => {
    const csv = "\uFEFFid,industry_name\r\nabc,Tecnología\r\n";
    const { fetch } = recordingFetch(() => new Response(csv, { headers: { "Content-Type": "text/csv; charset=utf-8" } }));
    const client = createCompanionClient({ fetch, baseUrl: "http://127.0.0.1:8723", token: "t" });
    const response = await client.exportFile("csv");
    assert.equal(response.body, csv);
    assert.deepEqual([...new TextEncoder().encode(response.body).slice(0, 3)], [0xef, 0xbb, 0xbf]);
  });
});

describe("filenameFromDisposition", () => {
  it("reports an answer cut off mid-body as CompanionUnreachable, never as a shorter file", async () => {
    const cutOff = () =>
      new Response(
        new ReadableStream({
          start(controller) {
            controller.enqueue(new TextEncoder().encode("id,captured_at\n0b6f7c1e"));
            controller.error(new TypeError("network error"));
          },
        }),
        { status: 200, headers: { "Content-Type": "text/csv" } },
      );
    const { fetch } = recordingFetch(cutOff);
    const client = createCompanionClient({ fetch, baseUrl: "http://127.0.0.1:8723", token: "t" });
    await assert.rejects(client.exportFile("csv"), (error) => error instanceof CompanionUnreachable && /before the end/.test(error.message));
    await assert.rejects(client.summary("me"), CompanionUnreachable);
  });

  it("gives an export longer than a question to stream", async () => {
    /** @type {AbortSignal[]} */
    const signals = [];
    const { fetch } = recordingFetch((_, init) => {
      signals.push(init.signal);
      return new Response("id\n", { status: 200, headers: { "Content-Type": "text/csv" } });
    });
    const client = createCompanionClient({ fetch, baseUrl: "http://127.0.0.1:8723", token: "t", timeoutMs: 50 });
    await client.exportFile("csv");
    await client.summary("me");
    await new Promise((resolve) => setTimeout(resolve, 120));
    assert.deepEqual(signals.map((signal) => signal.aborted), [false, true]);
  });

  it("reads quoted, bare and RFC 5987 names", () => {
    assert.equal(filenameFromDisposition('attachment; filename="a b.csv"'), "a b.csv");
    assert.equal(filenameFromDisposition("attachment; filename=history.json"), "history.json");
    assert.equal(filenameFromDisposition("attachment; filename*=UTF-8''ssi%C3%BC.ndjson"), "ssiü.ndjson");
  });
  it("keeps only the base name, so a header cannot pick a directory", () => {
    assert.equal(filenameFromDisposition('attachment; filename="../../etc/passwd"'), "passwd");
    assert.equal(filenameFromDisposition('attachment; filename=".."'), null);
  });
  it("returns null without a name, and the client then uses a default", () => {
    assert.equal(filenameFromDisposition(null), null);
    assert.equal(filenameFromDisposition("attachment"), null);
    assert.equal(defaultExportName("json"), "ssi-history.json");
  });
});

// @ts-check
/**
 * HTTP client for the companion's /v1 API (see CONTRACT.md). Pure: `fetch` is injected, so
 * tests run it against a fake companion. Only the service worker uses it: content scripts may
 * not reach 127.0.0.1 (Local Network Access), and keeping one caller keeps one token holder.
 *
 * The token travels only in the Authorization header, never in a URL (URLs end up in logs).
 */

export class CompanionUnreachable extends Error {
  /** @param {string} message @param {unknown} [cause] */
  constructor(message, cause) {
    super(message, { cause });
    this.name = "CompanionUnreachable";
  }
}

/**
 * @typedef {{ status: number, ok: boolean, body: any, headers: Headers }} CompanionResponse
 * @typedef {{ since?: string, until?: string, profile?: string, limit?: number }} HistoryQuery
 */

/** An export streams the whole history: it gets longer than a question's `timeoutMs`. */
const EXPORT_TIMEOUT_MS = 120_000;

/**
 * @param {{
 *   fetch: typeof globalThis.fetch,
 *   baseUrl: string,
 *   token?: string | null,
 *   timeoutMs?: number,
 * }} options
 */
export function createCompanionClient({ fetch, baseUrl, token = null, timeoutMs = 10_000 }) {
  /**
   * @param {"GET" | "POST" | "PUT" | "DELETE"} method
   * @param {string} path
   * @param {{ query?: Record<string, string | number | undefined | null>, body?: unknown, auth?: boolean, raw?: boolean,
   *   timeoutMs?: number }} [options]  `timeoutMs` covers reading the answer's body too
   * @returns {Promise<CompanionResponse>}
   */
  async function request(method, path, { query = {}, body, auth = true, raw = false, timeoutMs: limit = timeoutMs } = {}) {
    const url = new URL(path, baseUrl);
    for (const [name, value] of Object.entries(query)) {
      if (value !== undefined && value !== null && value !== "") url.searchParams.set(name, String(value));
    }
    /** @type {Record<string, string>} */
    const headers = { Accept: raw ? "*/*" : "application/json" };
    if (auth && token) headers.Authorization = `Bearer ${token}`;
    if (body !== undefined) headers["Content-Type"] = "application/json";

    let response;
    try {
      response = await fetch(url.href, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        // Never send cookies; the companion authenticates by token alone.
        credentials: "omit",
        cache: "no-store",
        signal: AbortSignal.timeout(limit),
      });
    } catch (error) {
      throw new CompanionUnreachable(`cannot reach the companion at ${baseUrl}`, error);
    }
    let text;
    try {
      text = await bodyText(response, raw && response.ok);
    } catch (error) {
      // Cut off mid-answer (the companion stopped, or the time ran out): a part of a file or of
      // a summary is never passed on as the whole.
      throw new CompanionUnreachable(`the companion at ${baseUrl} stopped answering before the end`, error);
    }
    return { status: response.status, ok: response.ok, body: raw && response.ok ? text : parseJson(text), headers: response.headers };
  }

  return {
    baseUrl,
    request,
    health: () => request("GET", "/v1/health", { auth: false }),
    /** @param {string} code @param {string} client */
    pair: (code, client) => request("POST", "/v1/pair", { auth: false, body: { code, client } }),
    /** Revokes this extension's own token. */
    unpair: () => request("DELETE", "/v1/pair"),
    /** @param {unknown} snapshot @param {string} lang */
    postSnapshot: (snapshot, lang) => request("POST", "/v1/snapshots", { query: { lang }, body: snapshot }),
    /** @param {HistoryQuery} [query] */
    snapshots: (query = {}) => request("GET", "/v1/snapshots", { query }),
    /** One profile's history as columns (GET /v1/series). @param {string} profile */
    series: (profile) => request("GET", "/v1/series", { query: { profile } }),
    /** @param {string} profile */
    summary: (profile) => request("GET", "/v1/summary", { query: { profile } }),
    /** @param {string} profile @param {string} lang */
    advice: (profile, lang) => request("GET", "/v1/advice", { query: { profile, lang } }),
    goals: () => request("GET", "/v1/goals"),
    /**
     * @param {"csv" | "json" | "ndjson"} format
     * @param {HistoryQuery} [query]
     */
    async exportFile(format, query = {}) {
      const response = await request("GET", "/v1/export", {
        query: { format, ...query },
        raw: true,
        timeoutMs: EXPORT_TIMEOUT_MS,
      });
      if (!response.ok) return { ...response, filename: null, contentType: null };
      return {
        ...response,
        filename: filenameFromDisposition(response.headers.get("Content-Disposition")) ?? defaultExportName(format),
        contentType: response.headers.get("Content-Type") ?? "application/octet-stream",
      };
    },
  };
}

/**
 * The body as text. `Response.text()` drops a leading byte-order mark, but a file download must
 * keep every byte: the companion's CSV starts with one so that Excel reads it as UTF-8.
 * @param {Response} response
 * @param {boolean} exact
 */
async function bodyText(response, exact) {
  if (!exact) return response.text();
  return new TextDecoder("utf-8", { ignoreBOM: true }).decode(await response.arrayBuffer());
}

/** The code of the error body this client makes up for an answer that is not JSON. */
const NOT_JSON = "invalid_response";

/** @param {string} text */
function parseJson(text) {
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return { error: { code: NOT_JSON, message: text.slice(0, 200), path: null } };
  }
}

/**
 * Whether `body` is the companion's answer to GET /v1/health (`{"status": "ok", "version": ...}`):
 * any other program on the port may answer 200 too.
 * @param {any} body
 */
export function isCompanionHealth(body) {
  return body?.status === "ok" && typeof body.version === "string";
}

/**
 * What to say when another program answered in the companion's place.
 * @param {number} status
 */
export function notTheCompanion(status) {
  return `the answer (HTTP ${status}) did not come from the SSI companion: is the port in the settings right?`;
}

/**
 * Whether `body` is the companion's own error answer (CONTRACT.md:
 * `{"error": {"code", "message", "path"}}`), not another program's and not the one this client
 * makes up for a body that is not JSON. Only such an answer may stand for the companion's word.
 * @param {any} body
 */
export function isCompanionError(body) {
  const error = body?.error;
  return (
    typeof error?.code === "string" &&
    error.code !== NOT_JSON &&
    typeof error.message === "string" &&
    (error.path === null || typeof error.path === "string")
  );
}

/**
 * The filename from `Content-Disposition: attachment; filename="..."` (or RFC 5987 `filename*`),
 * reduced to a safe base name.
 * @param {string | null} header
 * @returns {string | null}
 */
export function filenameFromDisposition(header) {
  if (!header) return null;
  const extended = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(header);
  let name = null;
  if (extended) {
    try {
      name = decodeURIComponent(extended[1].trim());
    } catch {
      name = null;
    }
  }
  if (!name) {
    const plain = /filename\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;\s]+))/.exec(header);
    name = plain ? (plain[1]?.replace(/\\(.)/g, "$1") ?? plain[2]) : null;
  }
  if (!name) return null;
  const base = name.split(/[\\/]/).pop()?.replace(/[\x00-\x1f\x7f]/g, "").trim();
  return base && base !== "." && base !== ".." ? base : null;
}

/** @param {string} format */
export function defaultExportName(format) {
  return `ssi-history.${format}`;
}

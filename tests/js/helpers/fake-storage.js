// @ts-check
/**
 * An in-memory stand-in for storage.local with the outbox's `{get, set}` shape. Values are
 * copied on the way in and out, as the real storage serialises them, so a test cannot pass by
 * sharing object references between "worker restarts".
 */
export function createFakeStore() {
  /** @type {Map<string, string>} */
  const data = new Map();
  let writes = 0;
  return {
    /** @param {string} key */
    async get(key) {
      const json = data.get(key);
      return json === undefined ? undefined : JSON.parse(json);
    },
    /** @param {string} key @param {unknown} value */
    async set(key, value) {
      writes += 1;
      data.set(key, JSON.stringify(value));
    },
    get writes() {
      return writes;
    },
  };
}

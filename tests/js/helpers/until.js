// @ts-check
/**
 * Resolves with the first truthy value `condition()` returns (awaited if it is a promise),
 * polling every `intervalMs`; rejects after `timeoutMs`, naming `what`. For work the code under
 * test starts in the background (timers, unawaited reads), and for a browser's pages.
 * @template T
 * @param {() => T | Promise<T>} condition
 * @param {number} [timeoutMs]
 * @param {string} [what]
 * @param {number} [intervalMs]
 * @returns {Promise<NonNullable<T>>}
 */
export async function until(condition, timeoutMs = 3000, what = "the condition", intervalMs = 5) {
  const start = Date.now();
  for (;;) {
    const value = await condition();
    if (value) return /** @type {NonNullable<T>} */ (value);
    if (Date.now() - start > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

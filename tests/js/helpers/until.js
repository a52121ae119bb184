// @ts-check
/**
 * Resolves when `condition()` is true, polling; rejects after `timeoutMs`, naming `what`.
 * For work the code under test starts in the background (timers, unawaited reads).
 * @param {() => boolean} condition
 * @param {number} [timeoutMs]
 * @param {string} [what]
 */
export async function until(condition, timeoutMs = 3000, what = "the condition") {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

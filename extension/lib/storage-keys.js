// @ts-check
/**
 * Every key the extension keeps in `storage.local`, in one place. The content script is a
 * classic script and cannot import this, so it spells "settings" itself; a test keeps the two
 * in step.
 */
export const KEYS = Object.freeze({
  /** Settings from the options page (see settings.js). */
  settings: "settings",
  /** `{token, paired_at}` from pairing. The token never leaves storage.local or the worker. */
  auth: "auth",
  /** The outbox: snapshots not yet confirmed by the companion (see outbox.js). */
  outbox: "outbox",
  /** `{connection, checked_at, version, message}`: what the last talk with the companion said. */
  status: "status",
  /** `{at, overall, outcome}` of the last snapshot taken on the SSI page. */
  lastCapture: "last_capture",
  /** `{at, code}` of the last visit whose page could not be read. */
  lastReadError: "last_read_error",
  /** `{summary, advice, at}`: the companion's last answer, for the badge and offline popups. */
  lastKnown: "last_known",
  /** `{notified_at}`: when the no-capture reminder last fired, so it fires once per gap. */
  reminder: "reminder",
});

/** Keys in `storage.session`: copies that only save time, gone when the browser closes. */
export const SESSION_KEYS = Object.freeze({
  /** The popup chart's series as the worker last read it (see background/chart-cache.js). */
  chartSeries: "chart_series",
});

// A hostile extension for the browser tests (never shipped): its service worker and probe.html
// load this file. It holds the same host permission for 127.0.0.1 as SSI Companion, so its
// requests reach the companion without CORS in the way; the tests call these functions through
// Playwright and check that none of them reads or writes anything.

/** A request to the companion; returns what this extension could learn from the answer. */
self.probe = async (url, init = {}) => {
  try {
    const response = await fetch(url, { cache: "no-store", ...init });
    return { status: response.status, body: await response.text() };
  } catch (error) {
    return { status: null, body: String(error) };
  }
};

/** Asks SSI Companion's service worker directly, as its own pages do. */
self.askOtherExtension = async (extensionId, message) => {
  try {
    const reply = await chrome.runtime.sendMessage(extensionId, message);
    return { reply: reply ?? null, error: null };
  } catch (error) {
    return { reply: null, error: String(error) };
  }
};

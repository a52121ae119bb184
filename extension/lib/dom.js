// @ts-check
/** Small DOM helpers shared by the popup, dashboard and options pages. No innerHTML anywhere. */

/**
 * @param {string} tag
 * @param {Record<string, string | number | boolean | null | undefined>} [attributes]
 *   `text` sets textContent, `className` the class; other keys become attributes
 * @param {(Node | string)[]} [children]
 * @returns {HTMLElement}
 */
export function el(tag, attributes = {}, children = []) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) continue;
    if (name === "text") element.textContent = String(value);
    else if (name === "className") element.className = String(value);
    else element.setAttribute(name, value === true ? "" : String(value));
  }
  element.append(...children);
  return element;
}

/**
 * @param {string} testId
 * @param {ParentNode} [root]
 * @returns {HTMLElement}
 */
export function byTestId(testId, root = document) {
  const element = root.querySelector(`[data-testid="${testId}"]`);
  if (!element) throw new Error(`missing element [data-testid="${testId}"]`);
  return /** @type {HTMLElement} */ (element);
}

/** @param {HTMLElement} element @param {boolean} visible */
export function show(element, visible) {
  element.hidden = !visible;
}

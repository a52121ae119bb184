// @ts-check
/**
 * Saves text as a file from an extension page through a Blob URL and an `<a download>`: no
 * `downloads` permission needed, and it works the same in a popup and in a tab.
 */

/**
 * @param {string} body
 * @param {string} filename
 * @param {string} contentType
 */
export function saveTextFile(body, filename, contentType) {
  const blob = new Blob([body], { type: contentType });
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = filename;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // Revoking at once can cancel the download in some browsers; a minute is plenty.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

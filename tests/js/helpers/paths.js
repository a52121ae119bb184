// @ts-check
/** Paths into the repository and the extension, independent of the current directory. */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
export const EXTENSION = join(REPO, "extension");

/** @param {string} path */
export const repoPath = (path) => join(REPO, path);
/** @param {string} path */
export const extensionPath = (path) => join(EXTENSION, path);
/** @param {string} path */
export const readExtensionFile = (path) => readFileSync(extensionPath(path), "utf8");

/**
 * The extension's own files (not vendored libraries), relative to extension/.
 * @param {(path: string) => boolean} [keep]
 */
export function extensionFiles(keep = () => true) {
  /** @type {string[]} */
  const found = [];
  /** @param {string} dir */
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      const rel = relative(EXTENSION, full);
      if (entry.isDirectory()) {
        if (rel !== "vendor") walk(full);
      } else if (keep(rel)) {
        found.push(rel);
      }
    }
  };
  walk(EXTENSION);
  return found.sort();
}

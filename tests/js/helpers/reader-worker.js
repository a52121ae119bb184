// @ts-check
/**
 * A long-lived reader process for property tests driven from Python (tests/test_reader_fuzz.py):
 * reads one JSON request per line on stdin, `{"html": "...", "url": "..." | null}`, and writes
 * the reader's result as one JSON line on stdout. Same reader, same jsdom as the Node tests.
 */
import readline from "node:readline";
import { loadReader, parseHtml } from "./load-reader.js";

const reader = await loadReader();
const lines = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
for await (const line of lines) {
  if (!line.trim()) continue;
  const { html, url } = JSON.parse(line);
  let result;
  try {
    result = reader.readSsiPage(parseHtml(html, url ? { url } : {}), url ? { url } : undefined);
  } catch (error) {
    // The reader promises never to throw; report it so the property test fails loudly.
    result = { thrown: String(error) };
  }
  process.stdout.write(JSON.stringify(result) + "\n");
}

// @ts-check
/**
 * The page reader benchmark's JavaScript side.
 *
 *   node benchmarks/js/reader-pages.mjs build OUTDIR [BYTES]
 *     writes one realistic SSI page of about BYTES (default 2 MB) per layout (tests/js/helpers/ssi-page-builder.js,
 *     built from the values of the layout's fixture) and pages.json listing them with the
 *     reading each must give;
 *   node benchmarks/js/reader-pages.mjs jsdom OUTDIR RUNS CALLS
 *     reads each page under jsdom: per run a freshly parsed document, its first read, then
 *     the mean of CALLS more; prints JSON {layout: {first_ms: [...], mean_ms: [...]}}. Only the
 *     first run's first read of the first layout is the reader's first in the process:
 *     benchmarks/reader.py runs one process per run.
 */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { isDeepStrictEqual } from "node:util";
import { SSI_URL, fixtureCases, loadReader, parseHtml } from "../../tests/js/helpers/load-reader.js";
import { buildLargeSsiPage } from "../../tests/js/helpers/ssi-page-builder.js";

const LAYOUTS = /** @type {const} */ ([["A", "a-en.html"], ["A-legacy", "a-legacy-en.html"], ["B", "b-en.html"]]);

/** @param {string} outDir @param {number} bytes */
function build(outDir, bytes) {
  const pages = LAYOUTS.map(([layout, fixture]) => {
    const expected = /** @type {any} */ (fixtureCases().find((c) => c.fixture === fixture && c.url === SSI_URL)?.result);
    const file = `large-${layout.toLowerCase()}.html`;
    const html = buildLargeSsiPage(expected.reading, { layout }, bytes);
    writeFileSync(path.join(outDir, file), html);
    return { layout, file, bytes: Buffer.byteLength(html), expected };
  });
  writeFileSync(path.join(outDir, "pages.json"), JSON.stringify(pages));
}

/** @param {string} outDir @param {number} runs @param {number} calls */
async function jsdom(outDir, runs, calls) {
  const reader = await loadReader();
  const pages = JSON.parse(readFileSync(path.join(outDir, "pages.json"), "utf8"));
  /** @type {Record<string, { first_ms: number[], mean_ms: number[] }>} */
  const results = {};
  for (const page of pages) {
    const html = readFileSync(path.join(outDir, page.file), "utf8");
    results[page.layout] = { first_ms: [], mean_ms: [] };
    const times = results[page.layout];
    for (let run = 0; run < runs; run++) {
      const document = parseHtml(html);
      let started = performance.now();
      const result = reader.readSsiPage(document, { url: SSI_URL });
      times.first_ms.push(performance.now() - started);
      if (!isDeepStrictEqual(result, page.expected)) throw new Error(`layout ${page.layout}: unexpected ${JSON.stringify(result)}`);
      started = performance.now();
      for (let call = 0; call < calls; call++) reader.readSsiPage(document, { url: SSI_URL });
      times.mean_ms.push((performance.now() - started) / calls);
    }
  }
  process.stdout.write(JSON.stringify(results));
}

const [command, outDir, runs, calls] = process.argv.slice(2);
if (command === "build") build(outDir, Number(runs ?? 2 * 1024 * 1024));
else if (command === "jsdom") await jsdom(outDir, Number(runs), Number(calls));
else throw new Error("usage: reader-pages.mjs build OUTDIR | jsdom OUTDIR RUNS CALLS");

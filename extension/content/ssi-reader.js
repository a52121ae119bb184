// @ts-check
/*
 * SSI page reader: a pure function from a rendered LinkedIn Social Selling Index page (a DOM
 * Document) to the numbers the page displays, or a refusal that says why. No browser APIs, so
 * the same file runs as a classic content script, under `node --test` with jsdom, and in
 * scripts/parse-ssi-page. It defines one frozen global: SsiReader = { readSsiPage, LAYOUTS, REFUSALS }.
 *
 * Page versions (the `layout` of a reading; LinkedIn serves several at once):
 *   "A"        Ember build. Total in `.user-ssi-score__donut-chart-caption .ssi-score__value`;
 *              components from `<progress id="establish-brand__sub-score-bar" max="25">` (and
 *              find-people, engage-with-insights, build-relationships), cross-checked with the
 *              displayed `.ssi-score__value`/`strong` text next to each bar; peers in
 *              `.group-ssi-score__donut-chart`, which may come before the user's own donut;
 *              ranks in `.ssi-rank` rows (`dt` label, `dd` "Top <span>4</span>%").
 *   "A-legacy" Older Ember build: exactly seven `span.ssi-score__value`, in this order: total,
 *              the four components, industry average, network average (no progress bars).
 *   "B"        Hashed, meaningless class names. Each donut (user, industry, network; any order)
 *              has an "N out of 100" caption and a visually hidden table: four component rows
 *              in fixed order, then "Remaining points". A donut is a peer's when its section
 *              repeats its number in a sentence ("... have an average SSI of 31.") or names the
 *              industry/network; the user's donut is the only other one, and its table must add
 *              up to its caption. Ranks may be label-then-number or number-then-label.
 *   "text"     Fallback for unknown builds, used only when the URL is the SSI page: the visible
 *              text split into lines at block elements; one "N / 100" score plus four
 *              components ("x out of 25", or four single-number lines) that add up to it.
 *
 * Is this the SSI page? The URL (options.url, else document.URL) decides when it is an http(s)
 * URL: LinkedIn's /sales/ssi is the page; any other LinkedIn path or any other web host is not
 * (loopback hosts are ignored, so test servers can serve saved pages). Without a usable URL the
 * structure decides: layout A's ids/classes or layout B's breakdown tables with "/100" captions.
 * The text fallback runs only on the SSI URL and only when no known layout's structure is on the
 * page: loose text is too weak to claim a page, or to second-guess a known layout that failed.
 *
 * Never guess: ranks, averages and the industry name are null unless read with confidence; the
 * total and components are either read and consistent (integer total 0-100, components 0-25
 * adding up to the total within 1) or the page is refused: "not_ssi_page", "not_ready" (skeleton
 * loaders, busy regions, placeholder values such as "—", nothing rendered yet, or a loading
 * marker on the user's own score box even when its numbers can be read) or
 * "unrecognized_layout" (SSI page whose numbers cannot be mapped, or do not add up).
 * Numbers are read in any locale: "13,118", "4 %" with U+00A0/U+202F, "von/de/sur/из/na 100",
 * "/100", "Primeiros 83%". Label wording only confirms; it is never required for the total and
 * components. Script, style, template, noscript, code and [hidden] subtrees are never read.
 *
 * Cold code: the content script reads once the page settles, and most of a first read on a large
 * page is warming up, not walking the DOM: V8 compiling this file's functions and regular
 * expressions on first use (a complex pattern's first run costs up to ~0.5 ms in Chromium) and
 * Blink setting up the DOM types and selectors it first meets. So the path a real page takes
 * runs as few distinct patterns as it can: exact string and character checks come first and
 * decide most texts on their own, and a pattern runs only where they cannot. No compile hint is
 * used: it would only move the compiling from the first read to the script's load.
 */
(() => {
  "use strict";

  /** Names of the page versions this reader understands, in the order they are tried. */
  const LAYOUTS = Object.freeze(["A", "A-legacy", "B", "text"]);
  /** Codes of a refused reading. */
  const REFUSALS = Object.freeze(["not_ssi_page", "not_ready", "unrecognized_layout"]);

  const SUM_TOLERANCE = 1;
  const ELEMENT_NODE = 1;
  const TEXT_NODE = 3;

  /**
   * @typedef {{ overall: number, pillars: { professional_brand: number, find_right_people: number,
   *   engage_with_insights: number, build_relationships: number },
   *   industry: { name: string | null, rank_top_percent: number | null, average: number | null },
   *   network: { rank_top_percent: number | null, average: number | null },
   *   locale: string | null, layout: string }} PageReading
   * @typedef {{ ok: true, reading: PageReading }
   *   | { ok: false, error: { code: "not_ssi_page" | "not_ready" | "unrecognized_layout", message: string } }} ReadResult
   * @typedef {{ total: number, components: number[], industryName: string | null,
   *   industryRank: number | null, industryAverage: number | null,
   *   networkRank: number | null, networkAverage: number | null }} Scores
   * @typedef {{ kind: "absent" }
   *   | { kind: "missing" | "loading" | "inconsistent", message: string }
   *   | { kind: "read", layout: string, scores: Scores, userBox: Element | null }} Outcome
   * @typedef {{ text: string, el: Element, chrome: boolean }} Line
   * @typedef {"industry" | "network"} PeerKind
   */

  // ---------------------------------------------------------------- text and numbers

  const INVISIBLE = /[\u00ad\u200b-\u200f\u2060\u2066-\u2069\ufeff]/g;
  const EASTERN_DIGITS = /[\u0660-\u0669\u06f0-\u06f9]/g;
  // Any character the first four replacements of normaliseText act on. Most text has none, and
  // one test is cheaper than four replacements (the first read runs all of this as cold code).
  const NEEDS_MAPPING = new RegExp(`${INVISIBLE.source}|${EASTERN_DIGITS.source}|[\u066a\u066b]`);

  /** @param {string} digit */
  function toAsciiDigit(digit) {
    const code = digit.charCodeAt(0);
    return String(code >= 0x06f0 ? code - 0x06f0 : code - 0x0660);
  }

  /**
   * Whitespace collapsed (JS `\s` covers U+00A0 and U+202F), bidi marks dropped, digits made ASCII.
   * @param {string} raw
   */
  function normaliseText(raw) {
    const mapped = NEEDS_MAPPING.test(raw)
      ? raw.replace(INVISIBLE, "").replace(EASTERN_DIGITS, toAsciiDigit).replace(/\u066b/g, ",").replace(/\u066a/g, "%")
      : raw;
    return mapped.replace(/\s+/g, " ").trim();
  }

  const SCORE = /^(\d{1,3})(?:[.,](\d{1,6}))?$/;
  const NUMBER_TOKEN = /\d+(?:[.,]\d+)*/g;
  const PLACEHOLDER = /^(?:[-\u2010-\u2015\u2212\u2026·•?]+|\.{2,}|n\/a)?$/i;
  // A number next to one of these is an amount of money, never a score or a rank.
  const CURRENCY_SYMBOLS = ["$", "€", "£", "¥", "₹", "₽", "₩", "₺"];
  const CURRENCY_CODES = ["USD", "EUR", "GBP", "BRL", "CHF"];
  const CURRENCY = new RegExp(`[${CURRENCY_SYMBOLS.join("")}]|\\b(?:${CURRENCY_CODES.join("|")})\\b`);

  /**
   * A displayed score ("13.118", "13,118", "72"): values here never exceed 100, so a comma is decimal.
   * @param {string} text
   */
  function parseScore(text) {
    const match = SCORE.exec(text);
    if (!match) return null;
    return Number(match[2] ? `${match[1]}.${match[2]}` : match[1]);
  }

  /** @param {string} text */
  function numberTokens(text) {
    return text.match(NUMBER_TOKEN) ?? [];
  }

  /** @param {number} code a UTF-16 code unit, NaN past either end of a string */
  function isDigitCode(code) {
    return code >= 48 && code <= 57;
  }

  /** @param {string} text */
  function isPlaceholder(text) {
    // A displayed figure starts with a digit, and no placeholder does: the pattern is for the rest.
    return !isDigitCode(text.charCodeAt(0)) && PLACEHOLDER.test(text);
  }

  // SIGNED and CURRENCY can only match where one of these is: looking for them first spares
  // most pages compiling those patterns at all.
  const SIGN_CODES = new Set([0x2d, 0x2b, 0x2010, 0x2011, 0x2012, 0x2013, 0x2014, 0x2015, 0x2212]);
  const CURRENCY_MARKS = [...CURRENCY_SYMBOLS, ...CURRENCY_CODES];

  /** A price or amount of money in `text`. @param {string} text */
  function mentionsCurrency(text) {
    for (const mark of CURRENCY_MARKS) if (text.includes(mark)) return CURRENCY.test(text);
    return false;
  }

  /** @param {number | null} value @param {number} low @param {number} high */
  function within(value, low, high) {
    return value !== null && value >= low && value <= high ? value : null;
  }

  /** @param {number} value */
  function round3(value) {
    return Math.round(value * 1000) / 1000;
  }

  /** @param {number[]} values */
  function sum(values) {
    return round3(values.reduce((total, value) => total + value, 0));
  }

  /** @template T @param {Set<T>} set @returns {T | null} */
  function onlyMember(set) {
    return set.size === 1 ? [...set][0] : null;
  }

  // ---------------------------------------------------------------- "N out of 100" captions

  const NUM = String.raw`\d{1,3}(?:[.,]\d{1,6})?`;
  const DASHES = String.raw`[-\u2010-\u2015\u2212\u2026]+`;
  // The connector is translated ("out of", "von", "de", "sur", "из", "na") or a slash; it never
  // holds digits, percent signs or sentence punctuation, and is at most three words.
  const CONNECTOR = String.raw`[^\d%.!?:;]{1,24}?`;
  const CAPTION_FORWARD = new RegExp(String.raw`^(${NUM}|${DASHES})?(?:\s?\/\s?|\s?(${CONNECTOR})\s)(100|25)$`);
  const CAPTION_REVERSED = new RegExp(String.raw`^(100|25)\s(${CONNECTOR})\s(${NUM})$`);
  // Not after a digit or a sign: "-4/100" displays minus four, whose "4/100" is no score.
  const PAIR_IN_LINE = new RegExp(
    String.raw`(?<![\d.,+\-\u2010-\u2015\u2212])(${NUM})(?:\s?\/\s?|\s(${CONNECTOR})\s)(100|25)(?![\d%]|[.,]\d|\s%)`,
    "g",
  );

  /**
   * "100" not inside a longer number (what `/(?<!\d)100(?!\d)/` matches), without that pattern.
   * @param {string} text
   */
  function has100(text) {
    for (let at = text.indexOf("100"); at !== -1; at = text.indexOf("100", at + 1)) {
      if (!isDigitCode(text.charCodeAt(at - 1)) && !isDigitCode(text.charCodeAt(at + 3))) return true;
    }
    return false;
  }

  /**
   * Every "x out of 25" or "N / 100" needs a "/" or, around its connector, two non-digits in a
   * row: a line of bare numbers such as a chart axis ("0 25 50 75 100") has neither.
   * @param {string} text
   */
  function mayHoldPair(text) {
    if (text.includes("/")) return true;
    for (let i = 1; i < text.length; i++) {
      if (!isDigitCode(text.charCodeAt(i)) && !isDigitCode(text.charCodeAt(i - 1))) return true;
    }
    return false;
  }

  /**
   * @param {string | undefined} connector
   * @param {number} [maxWords]
   */
  function isShortConnector(connector, maxWords = 3) {
    return connector === undefined || connector.trim().split(" ").length <= maxWords;
  }

  /**
   * An element's whole text as a score caption: "72 out of 100", "72/100", "100 üzerinden 72".
   * `value` is null for a placeholder ("— out of 100", or " out of 100" with the number empty).
   * @param {string} text
   * @returns {{ value: number | null, denominator: number } | null}
   */
  function matchCaption(text) {
    const forward = CAPTION_FORWARD.exec(text);
    // Without a number ("out of 100" while loading) only a bare connector counts, not a heading.
    if (forward && isShortConnector(forward[2], forward[1] ? 3 : 2)) {
      return { value: forward[1] ? parseScore(forward[1]) : null, denominator: Number(forward[3]) };
    }
    const reversed = CAPTION_REVERSED.exec(text);
    if (reversed && isShortConnector(reversed[2])) {
      return { value: parseScore(reversed[3]), denominator: Number(reversed[1]) };
    }
    return null;
  }

  /**
   * Every "x out of 25" / "N out of 100" inside one line of text.
   * @param {string} text
   * @returns {{ value: number, denominator: number }[]}
   */
  function pairsInLine(text) {
    /** @type {{ value: number, denominator: number }[]} */
    const pairs = [];
    // Both patterns need a literal "25" or "100": most lines are done without running them.
    if ((!text.includes("25") && !text.includes("100")) || !mayHoldPair(text)) return pairs;
    for (const match of text.matchAll(PAIR_IN_LINE)) {
      const value = parseScore(match[1]);
      if (value !== null && isShortConnector(match[2])) pairs.push({ value, denominator: Number(match[3]) });
    }
    if (pairs.length === 0 && numberTokens(text).length === 2) {
      const whole = matchCaption(text);
      if (whole && whole.value !== null) pairs.push({ value: whole.value, denominator: whole.denominator });
    }
    return pairs;
  }

  // ---------------------------------------------------------------- reading text out of the DOM

  const SKIPPED_TAGS = new Set(["script", "style", "template", "noscript", "code", "textarea", "iframe", "object", "head"]);
  const SKIPPED_SELECTOR = "script, style, template, noscript, code, textarea, [hidden]";
  const BLOCK_TAGS = new Set([
    "address", "article", "aside", "blockquote", "body", "button", "caption", "dd", "details", "dialog",
    "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4",
    "h5", "h6", "header", "hr", "html", "li", "main", "nav", "ol", "option", "p", "pre", "section",
    "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
  ]);
  // Page chrome and controls: badges, menus, upsell buttons and links never hold SSI figures.
  const CHROME_TAGS = new Set(["nav", "footer", "aside", "a", "button", "select"]);
  // Boxes climbing from a figure stop below these: they hold the whole page.
  const PAGE_TAGS = new Set(["html", "body"]);
  const REGION_TAGS = new Set(["html", "body", "main"]);

  /** @param {Element} el */
  function isSkipped(el) {
    return SKIPPED_TAGS.has(el.localName) || el.hasAttribute("hidden");
  }

  /**
   * Text of an element as a person reads it. Text nodes are joined with a space because jsdom
   * has no innerText and "Top<span>4</span>%" must not glue onto neighbouring numbers.
   * @param {Element} el
   */
  function textOf(el) {
    /** @type {string[]} */
    const parts = [];
    gatherText(el, parts);
    return normaliseText(parts.join(" "));
  }

  /** @param {Node} node @param {string[]} parts */
  function gatherText(node, parts) {
    for (let child = node.firstChild; child; child = child.nextSibling) {
      if (child.nodeType === TEXT_NODE) parts.push(/** @type {Text} */ (child).data);
      else if (child.nodeType === ELEMENT_NODE && !isSkipped(/** @type {Element} */ (child))) gatherText(child, parts);
    }
  }

  /**
   * The visible text of a subtree as lines: a new line starts at every block element, the way
   * the page lays it out. One pass, no per-element textContent.
   * @param {Element} root
   * @param {Set<Element>} [skip] subtrees to leave out
   * @returns {Line[]}
   */
  function collectLines(root, skip) {
    /** @type {Line[]} */
    const lines = [];
    /** @type {{ parts: string[], el: Element, chrome: boolean }} */
    const pending = { parts: [], el: root, chrome: false };
    const flush = () => {
      if (pending.parts.length === 0) return;
      const text = normaliseText(pending.parts.join(" "));
      if (text) lines.push({ text, el: pending.el, chrome: pending.chrome });
      pending.parts = [];
    };
    /** @param {Node} node @param {Element} block @param {boolean} chrome */
    const visit = (node, block, chrome) => {
      for (let child = node.firstChild; child; child = child.nextSibling) {
        if (child.nodeType === TEXT_NODE) {
          const data = /** @type {Text} */ (child).data;
          if (pending.parts.length === 0) {
            if (data.trim() === "") continue; // trim() drops exactly what \s matches
            pending.el = block;
            pending.chrome = chrome;
          }
          pending.parts.push(data);
        } else if (child.nodeType === ELEMENT_NODE) {
          const el = /** @type {Element} */ (child);
          if (isSkipped(el) || skip?.has(el)) continue;
          const inChrome = chrome || CHROME_TAGS.has(el.localName);
          if (el.localName === "br") flush();
          else if (BLOCK_TAGS.has(el.localName)) {
            flush();
            visit(el, el, inChrome);
            flush();
          } else visit(el, block, inChrome);
        }
      }
    };
    visit(root, root, false);
    flush();
    return lines;
  }

  /**
   * The main content region: LinkedIn renders the dashboard inside <main>.
   * @param {Document} doc
   * @param {Element | null} anchor
   */
  function mainRegion(doc, anchor) {
    return anchor?.closest("main, [role=main]") ?? doc.querySelector("main, [role=main]") ?? doc.body;
  }

  /**
   * The largest ancestor of `el` (at most `levels` up) that holds no other match of `selector`:
   * the box that belongs to this donut or bar alone.
   * @param {Element} el @param {string} selector @param {number} levels
   */
  function ownBox(el, selector, levels) {
    let box = el;
    for (let level = 0; level < levels; level++) {
      const parent = box.parentElement;
      if (!parent || REGION_TAGS.has(parent.localName) || parent.querySelectorAll(selector).length > 1) break;
      box = parent;
    }
    return box;
  }

  // ---------------------------------------------------------------- loading markers

  const LOADING_SELECTOR =
    '[aria-busy="true"], [class*="skeleton"], [class*="ghost-"], [class*="loader"], [class*="shimmer"], progress:not([value])';

  /**
   * Loading markers in or around the user's own score box mean the figures may still change.
   * @param {Element} box
   */
  function isBusy(box) {
    return box.closest('[aria-busy="true"]') !== null || box.matches(LOADING_SELECTOR) || box.querySelector(LOADING_SELECTOR) !== null;
  }

  /**
   * After every layout failed: does the SSI page look unfinished? Loading markers in the main
   * region (not in nav/aside/footer), placeholder captions, or no figures rendered at all.
   * @param {Document} doc
   */
  function pageLooksLoading(doc) {
    const region = mainRegion(doc, null);
    if (!region) return true;
    for (const marker of region.querySelectorAll(LOADING_SELECTOR)) {
      if (!marker.closest("nav, aside, footer")) return true;
    }
    const lines = collectLines(region).filter((line) => !line.chrome);
    const placeholderCaption = lines.some((line) => matchCaption(line.text)?.value === null);
    return placeholderCaption || !lines.some((line) => /\d/.test(line.text));
  }

  // ---------------------------------------------------------------- industry or network?

  // Words that name the peer group in the languages LinkedIn ships; "*" marks a prefix. They only
  // confirm which peer a donut or rank belongs to: totals and components never depend on them.
  const INDUSTRY_WORDS = [
    "industr*", "indústr*", "branche*", "bransch*", "branż*", "sector*", "sektor*", "sektör*",
    "secteur*", "setor*", "settor*", "отрасл*", "галуз*",
  ];
  const NETWORK_WORDS = [
    "network*", "netzwerk*", "netwerk*", "nätverk*", "réseau*", "reseau*", "red", "redes", "rede",
    "rete", "reti", "sieć", "sieci", "сет*", "мереж*",
  ];
  const CJK_INDUSTRY = ["業界", "行业", "行業", "業種", "산업"];
  const CJK_NETWORK = ["ネットワーク", "人脉", "人脈", "网络", "인맥", "네트워크"];
  const INDUSTRY_SENTENCE = /Sales professionals in the (.+?) industry have an average SSI of (\d{1,3}(?:[.,]\d+)?)/i;
  const NETWORK_SENTENCE = /People in your network have an average SSI of (\d{1,3}(?:[.,]\d+)?)/i;

  const LETTER = /\p{L}/u;

  /**
   * Is the character (code point) at `index` a letter, as `\p{L}` says? ASCII is decided without
   * the pattern, whose first use costs V8 a large compile.
   * @param {string} text @param {number} index
   */
  function isLetterAt(text, index) {
    const code = text.codePointAt(index);
    if (code === undefined) return false;
    if (code < 128) return (code >= 97 && code <= 122) || (code >= 65 && code <= 90);
    return LETTER.test(String.fromCodePoint(code));
  }

  /**
   * Does a word of `lower` (a run of letters) start with the entry's stem ("industr*"), or equal
   * the entry (no "*")? Every stem is made of letters, so a stem not preceded by a letter starts a word.
   * @param {string} lower @param {string} entry
   */
  function hasWord(lower, entry) {
    const prefix = entry.endsWith("*");
    const stem = prefix ? entry.slice(0, -1) : entry;
    for (let at = lower.indexOf(stem); at !== -1; at = lower.indexOf(stem, at + 1)) {
      // The character before may be a surrogate pair (a letter outside the BMP): read it whole.
      const low = lower.charCodeAt(at - 1);
      const high = lower.charCodeAt(at - 2);
      const before = low >= 0xdc00 && low <= 0xdfff && high >= 0xd800 && high <= 0xdbff ? at - 2 : at - 1;
      if (!isLetterAt(lower, before) && (prefix || !isLetterAt(lower, at + stem.length))) return true;
    }
    return false;
  }

  /** @param {string} text @returns {PeerKind | null} */
  function keywordKind(text) {
    const lower = text.toLowerCase();
    const industry = INDUSTRY_WORDS.some((entry) => hasWord(lower, entry)) || CJK_INDUSTRY.some((k) => text.includes(k));
    const network = NETWORK_WORDS.some((entry) => hasWord(lower, entry)) || CJK_NETWORK.some((k) => text.includes(k));
    if (industry === network) return null;
    return industry ? "industry" : "network";
  }

  /**
   * The English sentences are unambiguous; otherwise the group's words decide, if they agree.
   * @param {Line[]} lines
   * @returns {PeerKind | null}
   */
  function peerKind(lines) {
    const fromSentences = new Set();
    for (const { text } of lines) {
      if (INDUSTRY_SENTENCE.test(text)) fromSentences.add("industry");
      if (NETWORK_SENTENCE.test(text)) fromSentences.add("network");
    }
    if (fromSentences.size === 1) return onlyMember(fromSentences);
    return keywordKind(lines.map((line) => line.text).join(" "));
  }

  /**
   * The industry name and both averages from the English sentences under the peer donuts: the
   * only place the industry name is printed. Each is null unless exactly one value is found.
   * @param {Line[]} lines
   */
  function readSentences(lines) {
    const names = new Set();
    const industryAverages = new Set();
    const networkAverages = new Set();
    for (const { text } of lines) {
      const industry = INDUSTRY_SENTENCE.exec(text);
      if (industry) {
        names.add(industry[1].trim());
        industryAverages.add(parseScore(industry[2]));
      }
      const network = NETWORK_SENTENCE.exec(text);
      if (network) networkAverages.add(parseScore(network[1]));
    }
    const name = onlyMember(names);
    return {
      industryName: name && name.length <= 200 ? name : null,
      industryAverage: within(onlyMember(industryAverages), 0, 100),
      networkAverage: within(onlyMember(networkAverages), 0, 100),
    };
  }

  /**
   * Gives each entry a peer group. Words decide first. When the two entries are known to be the
   * page's pair (`paired`), one known kind implies the other, and with `orderDecides` two
   * unlabelled ones follow the page's fixed order (industry first). Conflicts assign nothing.
   * @template T
   * @param {{ item: T, kind: PeerKind | null }[]} entries in document order
   * @param {{ paired: boolean, orderDecides: boolean }} rules
   * @returns {{ industry: T | null, network: T | null }}
   */
  function assignPeers(entries, { paired, orderDecides }) {
    const industries = entries.filter((entry) => entry.kind === "industry");
    const networks = entries.filter((entry) => entry.kind === "network");
    const unknown = entries.filter((entry) => entry.kind === null);
    let industry = industries.length === 1 ? industries[0] : null;
    let network = networks.length === 1 ? networks[0] : null;
    if (paired && entries.length === 2 && unknown.length === 1) {
      if (industry && !network) network = unknown[0];
      else if (network && !industry) industry = unknown[0];
    } else if (paired && orderDecides && entries.length === 2 && unknown.length === 2) {
      [industry, network] = entries;
    }
    return { industry: industry ? industry.item : null, network: network ? network.item : null };
  }

  /**
   * Average shown by a donut, unless the sentence under it says otherwise.
   * @param {number | null} donut
   * @param {number | null} sentence
   */
  function agreedAverage(donut, sentence) {
    if (donut === null) return sentence;
    if (sentence === null || sentence === donut) return donut;
    return null;
  }

  // ---------------------------------------------------------------- ranks ("Top 4%")

  const PERCENT = /(\d{1,3}(?:[.,]\d{1,2})?)\s?%|%\s?(\d{1,3}(?:[.,]\d{1,2})?)/;
  // A sign before the number ("Top -4%") is not a rank the page can mean: never drop it silently.
  const SIGNED = /[-+\u2010-\u2015\u2212]\s?\d/;

  /** @param {string} text */
  function hasSignedNumber(text) {
    for (let i = 0; i < text.length; i++) if (SIGN_CODES.has(text.charCodeAt(i))) return SIGNED.test(text);
    return false;
  }

  /**
   * A rank as displayed: one number with a percent sign in a short text ("Top 4 %", "%4").
   * @param {string} text
   */
  function rankValue(text) {
    // No percent sign, no rank: most lines stop here, before any pattern runs.
    if (!text.includes("%") || text.length > 48) return null;
    if (mentionsCurrency(text) || hasSignedNumber(text) || numberTokens(text).length !== 1) return null;
    const match = PERCENT.exec(text);
    if (!match) return null;
    const value = parseScore(match[1] ?? match[2]);
    return value !== null && value > 0 && value <= 100 ? value : null;
  }

  /**
   * Layout A's `.ssi-rank` rows: `dt` label, `dd` "Top <span>4</span>%".
   * @param {Element[]} rows
   */
  function readRankRows(rows) {
    const entries = rows.map((row) => {
      const label = row.querySelector("dt, .ssi-rank__category-name");
      const score = row.querySelector("dd, .ssi-rank__category-score");
      return { item: score ? rankValue(textOf(score)) : null, kind: label ? keywordKind(textOf(label)) : null };
    });
    return assignPeers(entries, { paired: true, orderDecides: true });
  }

  /**
   * Ranks without known class names: short "N%" lines, each labelled by the row around it (the
   * largest ancestor holding no other rank). Other percentages (an upsell's "Save 25%") can be
   * candidates too: one whose row is an offer is dropped, and two ranks count as the page's
   * pair only when they are rendered alike.
   * @param {Line[]} lines
   */
  function findRanks(lines) {
    /** @type {{ item: number, el: Element }[]} */
    const candidates = [];
    for (const line of lines) {
      const value = line.chrome ? null : rankValue(line.text);
      if (value !== null) candidates.push({ item: value, el: line.el });
    }
    /** @type {{ item: number, el: Element, kind: PeerKind | null }[]} */
    const entries = [];
    for (const candidate of candidates) {
      const kind = rankRowKind(candidate.el, candidates.filter((other) => other !== candidate));
      if (kind !== "offer") entries.push({ ...candidate, kind });
    }
    const paired = entries.length === 2 && shapeOf(entries[0].el) === shapeOf(entries[1].el);
    return assignPeers(entries, { paired, orderDecides: true });
  }

  /**
   * Tag and class of an element and its parent: the same component renders the same shape.
   * @param {Element} el
   */
  function shapeOf(el) {
    const parent = el.parentElement;
    return `${el.localName}.${el.getAttribute("class") ?? ""}<${parent?.localName}.${parent?.getAttribute("class") ?? ""}`;
  }

  /**
   * The peer group a rank's row names; "offer" when the row sells something (a price, a link or
   * a button next to the percentage): "Grow your network · Save 25%" is no network rank.
   * @param {Element} el @param {{ el: Element }[]} others
   * @returns {PeerKind | "offer" | null}
   */
  function rankRowKind(el, others) {
    const holdsOther = (/** @type {Element} */ box) => others.some((other) => box.contains(other.el) || other.el.contains(box));
    if (holdsOther(el)) return null;
    let row = el;
    for (let level = 0; level < 3 && row.parentElement && !holdsOther(row.parentElement); level++) row = row.parentElement;
    const lines = collectLines(row);
    if (lines.some((line) => line.chrome || mentionsCurrency(line.text))) return "offer";
    return lines.length <= 5 ? keywordKind(lines.map((line) => line.text).join(" ")) : null;
  }

  // ---------------------------------------------------------------- checks shared by layouts

  /**
   * Why a total and its components cannot be stored, or null when they are consistent.
   * @param {number} total
   * @param {number[]} components
   */
  function scoreProblem(total, components) {
    if (!Number.isInteger(total) || total < 0 || total > 100) {
      return `The total score ${total} is not a whole number between 0 and 100.`;
    }
    const outOfRange = components.find((value) => value < 0 || value > 25);
    if (outOfRange !== undefined) return `A component score (${outOfRange}) is outside the range 0 to 25.`;
    const componentSum = sum(components);
    if (Math.abs(componentSum - total) > SUM_TOLERANCE + 1e-9) {
      return `The four components add up to ${componentSum}, which does not match the total score of ${total}.`;
    }
    return null;
  }

  /** @type {Outcome} */
  const ABSENT = { kind: "absent" };

  /** @param {string} message @returns {Outcome} */
  const missing = (message) => ({ kind: "missing", message });
  /** @param {string} message @returns {Outcome} */
  const loading = (message) => ({ kind: "loading", message });
  /** @param {string} message @returns {Outcome} */
  const inconsistent = (message) => ({ kind: "inconsistent", message });

  // ---------------------------------------------------------------- layout A

  const A_BAR_IDS = [
    "establish-brand__sub-score-bar",
    "find-people__sub-score-bar",
    "engage-with-insights__sub-score-bar",
    "build-relationships__sub-score-bar",
  ];
  const A_TOTAL = ".user-ssi-score__donut-chart-caption .ssi-score__value";
  const A_DONUTS = ".group-ssi-score__donut-chart, .user-ssi-score__donut-chart-caption";

  /** @param {Document} doc @returns {Outcome} */
  function readLayoutA(doc) {
    const bars = A_BAR_IDS.map((id) => doc.getElementById(id));
    const totals = [...doc.querySelectorAll(A_TOTAL)].filter((el) => !el.closest(SKIPPED_SELECTOR));
    if (totals.length === 0 && bars.every((bar) => bar === null)) return ABSENT;
    if (totals.length === 0) return missing("The SSI page's own score donut (layout A) was not found.");

    const totalTexts = totals.map(textOf);
    if (totalTexts.some(isPlaceholder)) return loading("The SSI page is still loading: the total score is not displayed yet.");
    const totalValues = new Set(totalTexts.map(parseScore));
    if (totalValues.has(null)) return inconsistent(`The total score "${totalTexts.join(" / ")}" is not a number.`);
    const total = onlyMember(totalValues);
    if (total === null) return inconsistent(`The page shows more than one total score (${totalTexts.join(", ")}).`);

    /** @type {number[]} */
    const components = [];
    for (const bar of bars) {
      if (bar === null) return missing("One of the four component bars (layout A) was not found.");
      const read = readBarA(bar);
      if (typeof read !== "number") return read;
      components.push(read);
    }
    const problem = scoreProblem(total, components);
    if (problem) return inconsistent(problem);

    const userBox = totals[0].closest(".user-ssi-score") ?? ownBox(totals[0], A_DONUTS, 3);
    const peers = readPeersA(doc);
    const rankRows = [...doc.querySelectorAll(".ssi-rank")];
    const ranks = rankRows.length ? readRankRows(rankRows) : findRanks(collectLines(mainRegion(doc, totals[0])));
    return {
      kind: "read",
      layout: "A",
      userBox,
      scores: { total, components, ...peers, industryRank: ranks.industry, networkRank: ranks.network },
    };
  }

  /**
   * One component bar: the displayed value next to it, cross-checked with the bar's own value.
   * @param {Element} bar
   * @returns {number | Outcome}
   */
  function readBarA(bar) {
    const max = bar.getAttribute("max");
    if (max !== null && Number(max) !== 25) return inconsistent(`A component bar has a maximum of ${max} instead of 25.`);
    const rawValue = bar.getAttribute("value");
    const barValue = rawValue !== null && rawValue.trim() !== "" && Number.isFinite(Number(rawValue)) ? Number(rawValue) : null;

    const box = ownBox(bar, "progress", 3);
    const shownEl = box.querySelector(".ssi-score__value") ?? box.querySelector("strong");
    const shownText = shownEl ? textOf(shownEl) : "";
    const shown = parseScore(shownText) ?? (matchCaption(shownText)?.denominator === 25 ? matchCaption(shownText)?.value ?? null : null);

    if (shown === null) {
      if (shownEl && isPlaceholder(shownText)) return loading("The SSI page is still loading: a component score is not displayed yet.");
      if (barValue === null) return loading("The SSI page is still loading: a component bar has no value yet.");
      return round3(barValue);
    }
    const decimals = (shownText.split(/[.,]/)[1] ?? "").length;
    if (barValue !== null && Math.abs(barValue - shown) > 10 ** -decimals + 1e-9) {
      return inconsistent(`A component shows ${shownText} but its bar holds ${rawValue}.`);
    }
    return shown;
  }

  /**
   * Layout A's peer donuts; they can come in any order, so only their words decide.
   * @param {Document} doc
   */
  function readPeersA(doc) {
    /** @type {Line[]} */
    const allLines = [];
    const entries = [...doc.querySelectorAll(".group-ssi-score__donut-chart")].map((donut) => {
      const valueEl = donut.querySelector(".ssi-score__value");
      const text = valueEl ? textOf(valueEl) : "";
      const value = within(parseScore(text) ?? matchCaption(text)?.value ?? null, 0, 100);
      const lines = collectLines(ownBox(donut, A_DONUTS, 4));
      allLines.push(...lines);
      return { item: value, kind: peerKind(lines) };
    });
    const peers = assignPeers(entries, { paired: entries.length === 2, orderDecides: false });
    const sentences = readSentences(allLines);
    return {
      industryName: sentences.industryName,
      industryAverage: agreedAverage(peers.industry, sentences.industryAverage),
      networkAverage: agreedAverage(peers.network, sentences.networkAverage),
    };
  }

  // ---------------------------------------------------------------- layout A-legacy

  /** @param {Document} doc @returns {Outcome} */
  function readLayoutALegacy(doc) {
    // A build with progress bars is layout A; its seven values need not be in legacy order.
    if (A_BAR_IDS.some((id) => doc.getElementById(id))) return ABSENT;
    const spans = [...doc.querySelectorAll("span.ssi-score__value")].filter((el) => !el.closest(SKIPPED_SELECTOR));
    if (spans.length === 0) return ABSENT;
    if (spans.length !== 7) return missing(`The page has ${spans.length} score values instead of the seven of the older layout.`);

    const texts = spans.map(textOf);
    if (texts.some(isPlaceholder)) return loading("The SSI page is still loading: some scores are not displayed yet.");
    const values = texts.map(parseScore);
    if (values.includes(null)) return inconsistent(`Some score values are not numbers: ${texts.join(", ")}.`);
    const [total, ...rest] = /** @type {number[]} */ (values);
    const components = rest.slice(0, 4);
    const problem = scoreProblem(total, components);
    if (problem) return inconsistent(problem);

    const region = mainRegion(doc, spans[0]);
    const lines = collectLines(region);
    const sentences = readSentences(lines);
    const rankRows = [...doc.querySelectorAll(".ssi-rank")];
    const ranks = rankRows.length ? readRankRows(rankRows) : findRanks(lines);
    return {
      kind: "read",
      layout: "A-legacy",
      userBox: spans[0].parentElement,
      scores: {
        total,
        components,
        industryName: sentences.industryName,
        industryAverage: agreedAverage(within(rest[4], 0, 100), sentences.industryAverage),
        networkAverage: agreedAverage(within(rest[5], 0, 100), sentences.networkAverage),
        industryRank: ranks.industry,
        networkRank: ranks.network,
      },
    };
  }

  // ---------------------------------------------------------------- layout B

  /**
   * @typedef {{ table: Element, components: number[], box: Element, captionEls: Element[],
   *   caption: number | null, placeholderCaption: boolean }} DonutGroup
   */

  /**
   * A donut's hidden breakdown table: exactly four component rows (0-25) and the "remaining
   * points" row (100 - sum). Requiring all five rows, each with its value cell, means a
   * damaged table can never shift a row into the wrong component.
   * @param {Element} table
   * @returns {number[] | "loading" | null}
   */
  function readBreakdownTable(table) {
    const rows = [...table.querySelectorAll("tr")].filter((row) => !row.closest("thead") && !isHeaderRow(row));
    if (rows.length !== 5) return null;
    const texts = rows.map((row) => {
      const cells = row.querySelectorAll("td, th");
      return cells.length >= 2 ? textOf(cells[cells.length - 1]) : "";
    });
    if (texts.slice(0, 4).some(isPlaceholder)) return "loading";
    const values = texts.map(parseScore);
    const components = values.slice(0, 4);
    if (components.some((value) => within(value, 0, 25) === null)) return null;
    const parts = /** @type {number[]} */ (components);
    const remaining = values[4];
    if (remaining === null || Math.abs(100 - sum(parts) - remaining) > SUM_TOLERANCE) return null;
    return parts;
  }

  /**
   * A column-heading row ("Component | Points"): only <th> cells, two or more, and no digits.
   * A damaged row (a label without its value) is not a header: it still counts, and fails.
   * @param {Element} row
   */
  function isHeaderRow(row) {
    const cells = row.querySelectorAll("td, th");
    return cells.length >= 2 && row.querySelector("td") === null && !/\d/.test(row.textContent ?? "");
  }

  /**
   * Caption elements ("N out of 100") inside `root`, outside `skip`. Starts from the text nodes
   * holding "100" and climbs at most three levels, so long texts are never matched.
   * @param {Element} root @param {Element} skip
   * @returns {{ el: Element, value: number | null }[]}
   */
  function findCaptions(root, skip) {
    /** @type {Map<Element, number | null>} */
    const found = new Map();
    /** @param {Node} node */
    const visit = (node) => {
      for (let child = node.firstChild; child; child = child.nextSibling) {
        if (child.nodeType === TEXT_NODE) {
          const data = /** @type {Text} */ (child).data;
          // "١٠٠" is a hundred too: such text is made ASCII first (the test is cheap, the mapping is not).
          if ((has100(data) || (NEEDS_MAPPING.test(data) && has100(normaliseText(data)))) && child.parentElement) {
            const caption = captionAround(child.parentElement, root);
            if (caption && !found.has(caption.el)) found.set(caption.el, caption.value);
          }
        } else if (child.nodeType === ELEMENT_NODE && child !== skip && !isSkipped(/** @type {Element} */ (child))) {
          visit(child);
        }
      }
    };
    visit(root);
    return [...found].map(([el, value]) => ({ el, value }));
  }

  /**
   * The caption element around a text node's parent. "/100" alone is a placeholder unless its
   * parent turns out to be "72 /100", so climbing goes on past a placeholder.
   * @param {Element} start @param {Element} root
   * @returns {{ el: Element, value: number | null } | null}
   */
  function captionAround(start, root) {
    /** @type {{ el: Element, value: number | null } | null} */
    let placeholder = null;
    let el = /** @type {Element | null} */ (start);
    for (let level = 0; el && level < 3; level++) {
      const text = textOf(el);
      if (text.length > 60) break;
      const caption = matchCaption(text);
      if (caption && caption.denominator === 100) {
        if (caption.value !== null) return { el, value: caption.value };
        placeholder ??= { el, value: null };
      }
      if (el === root) break;
      el = el.parentElement;
    }
    return placeholder;
  }

  /**
   * The donut a breakdown table belongs to: the nearest ancestor that also holds a caption.
   * @param {Element} table @param {number[]} components
   * @returns {DonutGroup}
   */
  function locateDonut(table, components) {
    let box = table;
    for (let level = 0; level < 6; level++) {
      const parent = box.parentElement;
      // A box holding another table may hold that table's caption instead.
      if (!parent || PAGE_TAGS.has(parent.localName) || parent.getElementsByTagName("table").length > 1) break;
      box = parent;
      const captions = findCaptions(box, table);
      if (captions.length === 0) continue;
      const numbers = new Set(captions.map((caption) => caption.value).filter((value) => value !== null));
      const matching = [...numbers].filter((value) => Math.abs(sum(components) - /** @type {number} */ (value)) <= SUM_TOLERANCE);
      const caption = numbers.size === 1 ? onlyMember(numbers) : matching.length === 1 ? matching[0] : null;
      return {
        table,
        components,
        box,
        captionEls: captions.map((found) => found.el),
        caption,
        placeholderCaption: numbers.size === 0,
      };
    }
    return { table, components, box: table, captionEls: [], caption: null, placeholderCaption: false };
  }

  /**
   * Each group's box grows up to the largest ancestor that holds no other donut table.
   * @param {DonutGroup[]} groups
   */
  function widenGroups(groups) {
    for (const group of groups) {
      const others = groups.filter((other) => other !== group).map((other) => other.table);
      for (let level = 0; level < 4; level++) {
        const parent = group.box.parentElement;
        if (!parent || REGION_TAGS.has(parent.localName) || others.some((table) => parent.contains(table))) break;
        group.box = parent;
      }
    }
  }

  /**
   * Text around a donut that is neither its caption, its table, a rank nor a component legend:
   * headings and sentences.
   * @param {DonutGroup} group
   */
  function contextLines(group) {
    const skip = new Set([group.table, ...group.captionEls]);
    return collectLines(group.box, skip).filter(
      (line) => !line.chrome && !line.text.includes("%") && pairsInLine(line.text).length === 0,
    );
  }

  /**
   * A sentence that repeats a donut's number ("... have an average SSI of 31."): words around
   * the number (counted in letters, since CJK has no spaces), no percent, no "x out of y".
   * Cheapest checks first: most lines do not hold the number, and a first `\p{L}` match costs
   * V8 a large compile.
   * @param {Line} line @param {number | null} value
   */
  function repeatsInSentence(line, value) {
    return (
      !line.text.includes("%") &&
      numberTokens(line.text).some((token) => parseScore(token) === value) &&
      pairsInLine(line.text).length === 0 &&
      (line.text.match(/\p{L}/gu)?.length ?? 0) >= 6
    );
  }

  /**
   * A donut with the text around it and the peer group that text names, if any. A peer donut
   * repeats its number in a sentence or names its peer group; the user's does neither.
   * @param {DonutGroup} group
   */
  function describeDonut(group) {
    const lines = contextLines(group);
    const kind = peerKind(lines);
    const peer = kind !== null || lines.some((line) => repeatsInSentence(line, group.caption));
    return { group, lines, kind, peer };
  }

  /** @param {Document} doc @returns {Outcome} */
  function readLayoutB(doc) {
    /** @type {DonutGroup[]} */
    const groups = [];
    let loadingTables = 0;
    // querySelectorAll("table") walks the whole document on every call (on a 2 MB page about
    // 0.4 ms in Chromium, 60 ms in jsdom); this collection is kept until the page changes.
    for (const table of [...doc.getElementsByTagName("table")]) {
      const components = table.closest(SKIPPED_SELECTOR) ? null : readBreakdownTable(table);
      if (components === null) continue;
      // Only a table next to an "N out of 100" caption is a donut's breakdown.
      const group = locateDonut(table, components === "loading" ? [] : components);
      if (group.captionEls.length === 0) continue;
      if (components === "loading") loadingTables++;
      else groups.push(group);
    }
    const stillLoading = loadingTables > 0 || groups.some((group) => group.placeholderCaption);
    if (groups.length === 0) {
      return loadingTables ? loading("The SSI page is still loading: the score breakdowns are empty.") : ABSENT;
    }
    widenGroups(groups);

    const described = groups.map(describeDonut);
    const users = described.filter(({ group, peer }) => group.caption !== null && !peer);
    if (users.length !== 1) {
      if (stillLoading) return loading("The SSI page is still loading: a score donut is not displayed yet.");
      return missing(
        users.length === 0
          ? "None of the score donuts on the page could be identified as your own."
          : "More than one score donut on the page could be your own, so none is read.",
      );
    }
    const user = users[0].group;
    const total = /** @type {number} */ (user.caption);
    const problem = scoreProblem(total, user.components);
    if (problem) return inconsistent(problem);

    const peers = readPeersB(described.filter((entry) => entry.group !== user));
    const region = mainRegion(doc, user.box);
    const ranks = findRanks(collectLines(region, new Set(groups.map((group) => group.table))));
    return {
      kind: "read",
      layout: "B",
      userBox: user.box,
      scores: { total, components: user.components, ...peers, industryRank: ranks.industry, networkRank: ranks.network },
    };
  }

  /**
   * Layout B's peer donuts: their order on the page is not fixed, so only their words decide.
   * A peer whose table does not add up to its caption is not trusted.
   * @param {ReturnType<typeof describeDonut>[]} described
   */
  function readPeersB(described) {
    const entries = described
      .filter(({ group }) => group.caption !== null)
      .map(({ group, kind }) => ({
        item: Math.abs(sum(group.components) - /** @type {number} */ (group.caption)) <= SUM_TOLERANCE ? group.caption : null,
        kind,
      }));
    // Donut groups are the page's peers by structure (a captioned breakdown table each).
    const peers = assignPeers(entries, { paired: true, orderDecides: false });
    const sentences = readSentences(described.flatMap(({ lines }) => lines));
    return {
      industryName: sentences.industryName,
      industryAverage: agreedAverage(within(peers.industry, 0, 100), sentences.industryAverage),
      networkAverage: agreedAverage(within(peers.network, 0, 100), sentences.networkAverage),
    };
  }

  // ---------------------------------------------------------------- text fallback

  /**
   * Four components as "x out of 25" pairs (possibly repeated, e.g. a legend and a tooltip).
   * @param {{ value: number, index: number }[]} per25
   * @returns {number[][]}
   */
  function componentsFromPairs(per25) {
    if (per25.length < 4 || per25.length % 4 !== 0) return [];
    const first = per25.slice(0, 4).map((pair) => pair.value);
    for (let start = 4; start < per25.length; start += 4) {
      if (per25.slice(start, start + 4).some((pair, i) => pair.value !== first[i])) return [];
    }
    return [first];
  }

  /**
   * Four components as single-number lines, each at most one label line apart; a fifth number
   * is allowed when it is the remaining points (100 - sum).
   * @param {Line[]} lines
   * @returns {number[][]}
   */
  function componentsFromValueLines(lines) {
    /** @type {number[][]} */
    const runs = [];
    /** @type {number[]} */
    let run = [];
    let gap = 0;
    const close = () => {
      const parts = run.slice(0, 4);
      const fits = parts.length === 4 && parts.every((value) => value <= 25);
      if (fits && (run.length === 4 || (run.length === 5 && Math.abs(100 - sum(parts) - run[4]) <= SUM_TOLERANCE))) runs.push(parts);
      run = [];
    };
    for (const { text } of lines) {
      const tokens = numberTokens(text);
      if (tokens.length === 0) {
        if (++gap > 1) close();
        continue;
      }
      // A sign before the number ("-12,6") displays another value than the digits: never read it.
      const alone = tokens.length === 1 && !text.includes("%") && !mentionsCurrency(text) && !hasSignedNumber(text);
      const value = alone && (text.startsWith(tokens[0]) || text.endsWith(tokens[0])) ? parseScore(tokens[0]) : null;
      if (value === null) close();
      else run.push(value);
      gap = 0;
    }
    close();
    return runs;
  }

  /**
   * @typedef {{ value: number, index: number, sentence: Line | null, peerKind: PeerKind | null }} TextCaption
   */

  /** @param {Document} doc @returns {Outcome} */
  function readTextLayout(doc) {
    if (!doc.body) return ABSENT;
    const lines = collectLines(doc.body).filter((line) => !line.chrome);
    /** @type {{ value: number, index: number }[]} */
    const found = [];
    /** @type {{ value: number, index: number }[]} */
    const per25 = [];
    lines.forEach((line, index) => {
      for (const pair of pairsInLine(line.text)) (pair.denominator === 100 ? found : per25).push({ value: pair.value, index });
    });
    if (found.length === 0) return ABSENT;
    const captions = found.map((caption) => describeTextCaption(lines, caption));
    const candidates = uniqueSets([...componentsFromPairs(per25), ...componentsFromValueLines(lines)]);
    if (candidates.length === 0) return missing("The page shows a score out of 100 but not its four components.");

    // A caption that a sentence repeats, or that sits under a peer heading, is a peer average.
    const ownCaptions = captions.filter((caption) => caption.sentence === null && caption.peerKind === null);
    const fits = (/** @type {number[]} */ parts) => ownCaptions.some((caption) => Math.abs(sum(parts) - caption.value) <= SUM_TOLERANCE);
    const fitting = candidates.filter(fits);
    if (fitting.length === 0 && candidates.length === 1 && ownCaptions.length > 0) {
      const shown = [...new Set(ownCaptions.map((caption) => caption.value))].join(", ");
      return inconsistent(`The four components add up to ${sum(candidates[0])}, which matches no total score on the page (${shown}).`);
    }
    if (fitting.length !== 1) return missing("The page's scores out of 100 and out of 25 cannot be matched unambiguously.");
    const components = fitting[0];
    const total = pickTotal(ownCaptions, sum(components));
    if (!total) return inconsistent("More than one score out of 100 could be the total, so none is read.");
    const problem = scoreProblem(total.value, components);
    if (problem) return inconsistent(problem);

    const peers = readPeersText(lines, captions.filter((caption) => caption.value !== total.value));
    const ranks = findRanks(lines);
    return {
      kind: "read",
      layout: "text",
      userBox: null,
      scores: { total: total.value, components, ...peers, industryRank: ranks.industry, networkRank: ranks.network },
    };
  }

  /**
   * A caption's neighbourhood: the sentence within three lines that repeats its number, and
   * the peer group named by that sentence or by the heading just above.
   * @param {Line[]} lines @param {{ value: number, index: number }} caption
   * @returns {TextCaption}
   */
  function describeTextCaption(lines, caption) {
    const from = Math.max(0, caption.index - 3);
    const sentence =
      lines.slice(from, caption.index + 4).find((line, offset) => from + offset !== caption.index && repeatsInSentence(line, caption.value)) ??
      null;
    const heading = lines[caption.index - 1];
    const kind = sentence ? peerKind([sentence]) : heading && !/\d/.test(heading.text) ? keywordKind(heading.text) : null;
    return { ...caption, sentence, peerKind: kind };
  }

  /** @param {number[][]} sets */
  function uniqueSets(sets) {
    const seen = new Set();
    return sets.filter((set) => !seen.has(set.join("|")) && seen.add(set.join("|")));
  }

  /**
   * The caption the components add up to; when two different captions are within 1, only one
   * within rounding (0.5) may win.
   * @param {TextCaption[]} captions @param {number} componentSum
   */
  function pickTotal(captions, componentSum) {
    for (const tolerance of [SUM_TOLERANCE, 0.5]) {
      const values = new Set(captions.filter((c) => Math.abs(componentSum - c.value) <= tolerance + 1e-9).map((c) => c.value));
      if (values.size === 1) return captions.find((caption) => values.has(caption.value)) ?? null;
    }
    return null;
  }

  /**
   * Peer averages in plain text: the other captions, named by their sentence or heading.
   * @param {Line[]} lines
   * @param {TextCaption[]} peerCaptions
   */
  function readPeersText(lines, peerCaptions) {
    const entries = peerCaptions.map((caption) => ({ item: within(caption.value, 0, 100), kind: caption.peerKind }));
    // Loose text gives no proof that two captions are the peer pair: only words assign them.
    const peers = assignPeers(entries, { paired: false, orderDecides: false });
    const sentences = readSentences(lines);
    return {
      industryName: sentences.industryName,
      industryAverage: agreedAverage(peers.industry, sentences.industryAverage),
      networkAverage: agreedAverage(peers.network, sentences.networkAverage),
    };
  }

  // ---------------------------------------------------------------- where is this page?

  const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

  /**
   * @param {Document} doc @param {{ url?: string }} options
   * @returns {{ kind: "ssi" | "unknown" } | { kind: "elsewhere", message: string }}
   */
  function judgeUrl(doc, options) {
    const raw = typeof options.url === "string" && options.url ? options.url : doc.URL || doc.location?.href || "";
    /** @type {URL} */
    let url;
    try {
      url = new URL(raw);
    } catch {
      return { kind: "unknown" };
    }
    if (url.protocol !== "https:" && url.protocol !== "http:") return { kind: "unknown" };
    const host = url.hostname.toLowerCase();
    if (host === "linkedin.com" || host.endsWith(".linkedin.com")) {
      let path = url.pathname.toLowerCase();
      while (path.endsWith("/")) path = path.slice(0, -1);
      if (path === "/sales/ssi" || path.startsWith("/sales/ssi/")) return { kind: "ssi" };
      return {
        kind: "elsewhere",
        message: `This LinkedIn page (${url.pathname}) is not the Social Selling Index dashboard at /sales/ssi.`,
      };
    }
    if (LOOPBACK_HOSTS.has(host)) return { kind: "unknown" };
    return { kind: "elsewhere", message: `This page is on ${host}, not on LinkedIn, so it is not the Social Selling Index dashboard.` };
  }

  const LOCALE = /^[A-Za-z]{2,3}([_-][A-Za-z0-9]{1,8})*$/;

  /** @param {Document} doc */
  function pageLocale(doc) {
    const lang = doc.documentElement?.getAttribute("lang")?.trim() ?? "";
    return lang.length <= 35 && LOCALE.test(lang) ? lang : null;
  }

  // ---------------------------------------------------------------- the public function

  /**
   * @param {"not_ssi_page" | "not_ready" | "unrecognized_layout"} code @param {string} message
   * @returns {ReadResult}
   */
  function refuse(code, message) {
    return { ok: false, error: { code, message } };
  }

  /** @param {Document} doc @param {string} layout @param {Scores} scores @returns {ReadResult} */
  function accept(doc, layout, scores) {
    const [professional_brand, find_right_people, engage_with_insights, build_relationships] = scores.components;
    return {
      ok: true,
      reading: {
        overall: scores.total,
        pillars: { professional_brand, find_right_people, engage_with_insights, build_relationships },
        industry: {
          name: scores.industryName,
          rank_top_percent: scores.industryRank,
          average: within(scores.industryAverage, 0, 100),
        },
        network: { rank_top_percent: scores.networkRank, average: within(scores.networkAverage, 0, 100) },
        locale: pageLocale(doc),
        layout,
      },
    };
  }

  /**
   * Reads the SSI figures a rendered page displays.
   * @param {Document} doc the rendered page
   * @param {{ url?: string }} [options] the page's address when `doc.URL` is not it (saved pages)
   * @returns {ReadResult}
   */
  function readSsiPage(doc, options = {}) {
    try {
      return decide(doc, options);
    } catch (error) {
      return refuse("unrecognized_layout", `The page could not be read (${error instanceof Error ? error.message : String(error)}).`);
    }
  }

  /** @param {Document} doc @param {{ url?: string }} options @returns {ReadResult} */
  function decide(doc, options) {
    const place = judgeUrl(doc, options);
    if (place.kind === "elsewhere") return refuse("not_ssi_page", place.message);
    if (!doc.body) {
      return place.kind === "ssi"
        ? refuse("not_ready", "The SSI page has not rendered anything yet.")
        : refuse("not_ssi_page", "This document has no content, so it is not the Social Selling Index dashboard.");
    }
    /** @type {string | null} */
    let firstMissing = null;
    for (const reader of [readLayoutA, readLayoutALegacy, readLayoutB, readTextLayout]) {
      // The loose text fallback is only for unknown builds of a page the URL vouches for: where a
      // known layout's structure is present but unreadable, it would only find a worse answer.
      if (reader === readTextLayout && (place.kind !== "ssi" || firstMissing !== null)) break;
      const outcome = reader(doc);
      if (outcome.kind === "read") {
        if (outcome.userBox && isBusy(outcome.userBox)) return refuse("not_ready", "The SSI page is still updating your score.");
        return accept(doc, outcome.layout, outcome.scores);
      }
      if (outcome.kind === "loading") return refuse("not_ready", outcome.message);
      if (outcome.kind === "inconsistent") return refuse("unrecognized_layout", outcome.message);
      if (outcome.kind === "missing") firstMissing ??= outcome.message;
    }
    if (place.kind !== "ssi" && firstMissing === null) {
      return refuse("not_ssi_page", "This page does not show a Social Selling Index: none of the SSI dashboard's structure was found.");
    }
    if (pageLooksLoading(doc)) return refuse("not_ready", "The SSI page is still loading: its scores are not displayed yet.");
    return refuse("unrecognized_layout", firstMissing ?? "This SSI page's layout is not one the reader knows, so its scores were not read.");
  }

  /** @type {any} */ (globalThis).SsiReader = Object.freeze({ readSsiPage, LAYOUTS, REFUSALS });
})();

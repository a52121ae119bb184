// @ts-check
/**
 * Builds LinkedIn-like SSI pages from a reading's values: the fixtures in tests/fixtures/pages
 * were produced with it (then edited by hand where a case needed it), and `buildLargeSsiPage`
 * pads a page to about 2 MB for the reader benchmark.
 *
 *   import { buildSsiPage, buildLargeSsiPage } from "./helpers/ssi-page-builder.js";
 *   const html = buildLargeSsiPage(expected.reading, { layout: "A", lang: "en" });
 */

/**
 * @typedef {{ overall: number,
 *   pillars: { professional_brand: number, find_right_people: number, engage_with_insights: number, build_relationships: number },
 *   industry: { name: string | null, rank_top_percent: number | null, average: number | null },
 *   network: { rank_top_percent: number | null, average: number | null } }} PageValues
 * @typedef {"user" | "industry" | "network"} Group
 * @typedef {{ layout?: "A" | "A-legacy" | "B", lang?: keyof typeof WORDING, htmlLang?: string,
 *   groupOrder?: Group[], rankStyle?: "label-first" | "number-first",
 *   upsellInMain?: boolean, url?: string | null }} PageOptions
 */

const NBSP = "\u00a0";
const NNBSP = "\u202f";

/** Page wording per language; `{n}` and `{name}` are filled in. */
export const WORDING = {
  en: {
    decimal: ".", percent: "{n}%", top: "Top", outOf: "out of", title: "Social Selling Index | LinkedIn Sales Solutions",
    heading: "Your Social Selling Index", current: "Current Social Selling Index", components: "Four components of your score",
    labels: ["Establish your professional brand", "Find the right people", "Engage with insights", "Build relationships"],
    industryRank: "Industry SSI rank", networkRank: "Network SSI rank",
    industryHeading: "People in your industry", networkHeading: "People in your network",
    industrySentence: "Sales professionals in the {name} industry have an average SSI of {n}.",
    networkSentence: "People in your network have an average SSI of {n}.",
    remaining: "Remaining points", noChange: "No change since last week", breakdown: "Score breakdown",
  },
  de: {
    decimal: ",", percent: `{n}${NBSP}%`, top: "Top", outOf: "von", title: "Social Selling Index | LinkedIn Sales Solutions",
    heading: "Ihr Social Selling Index", current: "Aktueller Social Selling Index", components: "Die vier Komponenten Ihres Scores",
    labels: ["Professionelle Marke aufbauen", "Die richtigen Personen finden", "Durch Insights überzeugen", "Beziehungen aufbauen"],
    industryRank: "SSI-Rang in der Branche", networkRank: "SSI-Rang im Netzwerk",
    industryHeading: "Personen in Ihrer Branche", networkHeading: "Personen in Ihrem Netzwerk",
    industrySentence: "Vertriebsprofis in der Branche {name} haben einen durchschnittlichen SSI von {n}.",
    networkSentence: "Personen in Ihrem Netzwerk haben einen durchschnittlichen SSI von {n}.",
    remaining: "Verbleibende Punkte", noChange: "Keine Veränderung seit letzter Woche", breakdown: "Aufschlüsselung",
  },
  es: {
    decimal: ",", percent: `{n}${NNBSP}%`, top: "Top", outOf: "de", title: "Social Selling Index | LinkedIn Sales Solutions",
    heading: "Tu Social Selling Index", current: "Social Selling Index actual", components: "Los cuatro componentes de tu puntuación",
    labels: ["Establecer tu marca profesional", "Encontrar a las personas adecuadas", "Interactuar ofreciendo información", "Establecer relaciones"],
    industryRank: "Clasificación del SSI en el sector", networkRank: "Clasificación del SSI en tu red",
    industryHeading: "Personas de tu sector", networkHeading: "Personas de tu red",
    industrySentence: "Los profesionales de ventas del sector {name} tienen un SSI medio de {n}.",
    networkSentence: "Las personas de tu red tienen un SSI medio de {n}.",
    remaining: "Puntos restantes", noChange: "Sin cambios desde la semana pasada", breakdown: "Desglose de la puntuación",
  },
  pt: {
    decimal: ",", percent: "{n}%", top: "Primeiros", outOf: "de", title: "Social Selling Index | LinkedIn Sales Solutions",
    heading: "Seu Social Selling Index", current: "Social Selling Index atual", components: "Os quatro componentes da sua pontuação",
    labels: ["Estabelecer sua marca profissional", "Localizar as pessoas certas", "Interagir oferecendo insights", "Criar relacionamentos"],
    industryRank: "Classificação do SSI no setor", networkRank: "Classificação do SSI na sua rede",
    industryHeading: "Pessoas do seu setor", networkHeading: "Pessoas na sua rede",
    industrySentence: "Profissionais de vendas do setor de {name} têm um SSI médio de {n}.",
    networkSentence: "As pessoas na sua rede têm um SSI médio de {n}.",
    remaining: "Pontos restantes", noChange: "Nenhuma alteração desde a semana passada", breakdown: "Detalhamento da pontuação",
  },
  ru: {
    decimal: ",", percent: `{n}${NBSP}%`, top: "Топ", outOf: "из", title: "Social Selling Index | LinkedIn Sales Solutions",
    heading: "Ваш индекс SSI", current: "Текущий индекс SSI", components: "Четыре составляющие вашей оценки",
    labels: ["Создание профессионального бренда", "Поиск нужных людей", "Взаимодействие на основе аналитики", "Построение отношений"],
    industryRank: "Рейтинг SSI в отрасли", networkRank: "Рейтинг SSI в вашей сети",
    industryHeading: "Люди в вашей отрасли", networkHeading: "Люди в вашей сети",
    industrySentence: "Средний SSI специалистов по продажам в отрасли «{name}» составляет {n}.",
    networkSentence: "Средний SSI людей в вашей сети составляет {n}.",
    remaining: "Оставшиеся баллы", noChange: "Без изменений с прошлой недели", breakdown: "Структура оценки",
  },
  fr: {
    decimal: ",", percent: `{n}${NNBSP}%`, top: "Top", outOf: "sur", title: "Social Selling Index | LinkedIn Sales Solutions",
    heading: "Votre Social Selling Index", current: "Social Selling Index actuel", components: "Les quatre composantes de votre score",
    labels: ["Établir votre marque professionnelle", "Trouver les bonnes personnes", "Échanger des informations", "Développer des relations"],
    industryRank: "Classement SSI dans votre secteur", networkRank: "Classement SSI dans votre réseau",
    industryHeading: "Personnes de votre secteur", networkHeading: "Personnes de votre réseau",
    industrySentence: "Les professionnels de la vente du secteur {name} ont un SSI moyen de {n}.",
    networkSentence: "Les personnes de votre réseau ont un SSI moyen de {n}.",
    remaining: "Points restants", noChange: "Aucun changement depuis la semaine dernière", breakdown: "Détail du score",
  },
  ja: {
    decimal: ".", percent: "{n}%", top: "上位", outOf: "/", title: "Social Selling Index | LinkedIn Sales Solutions",
    heading: "あなたのソーシャルセリングインデックス", current: "現在のSSI", components: "スコアの4つの要素",
    labels: ["プロとしてのブランドを確立", "適切な人を見つける", "インサイトで関係を築く", "関係を構築する"],
    industryRank: "業界のSSIランク", networkRank: "ネットワークのSSIランク",
    industryHeading: "あなたの業界の人", networkHeading: "あなたのネットワークの人",
    industrySentence: "{name}業界の営業担当者の平均SSIは{n}です。",
    networkSentence: "あなたのネットワークの人の平均SSIは{n}です。",
    remaining: "残りのポイント", noChange: "先週から変化なし", breakdown: "スコアの内訳",
  },
};

const PILLAR_IDS = ["establish-brand", "find-people", "engage-with-insights", "build-relationships"];
const PILLAR_KEYS = /** @type {const} */ (["professional_brand", "find_right_people", "engage_with_insights", "build_relationships"]);

/** @param {number} value @param {{ decimal: string }} words */
function formatNumber(value, words) {
  return String(value).replace(".", words.decimal);
}

/** @param {string} template @param {Record<string, string>} fill */
function fillIn(template, fill) {
  return template.replace(/\{(\w+)\}/g, (_, key) => fill[key] ?? "");
}

/** @param {string} text */
function escapeHtml(text) {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** A short hex class name, like the hashed names of layout B. */
/** @param {string} seed */
function hashClass(seed) {
  let hash = 2166136261;
  for (const char of seed) hash = Math.imul(hash ^ char.charCodeAt(0), 16777619) >>> 0;
  return `_${hash.toString(16).padStart(8, "0")}`;
}

/** Splits a peer average into four plausible component averages that add up to it. */
/** @param {number} average */
export function peerComponents(average) {
  const shares = [0.27, 0.22, 0.21];
  const parts = shares.map((share) => Math.round(average * share * 100) / 100);
  parts.push(Math.round((average - parts.reduce((a, b) => a + b, 0)) * 100) / 100);
  return parts;
}

/** @param {number[]} parts */
function remainingPoints(parts) {
  return Math.round((100 - parts.reduce((a, b) => a + b, 0)) * 1000) / 1000;
}

// ------------------------------------------------------------------ page chrome

/** @param {{ title: string }} words @param {string} htmlLang @param {string | null} url @param {string} extraHead */
function pageHead(words, htmlLang, url, extraHead) {
  const canonical = url ? `\n  <link rel="canonical" href="${url}">\n  <meta property="og:url" content="${url}">` : "";
  return `<!DOCTYPE html>
<html lang="${htmlLang}" class="theme theme--mercado artdeco">
<head>
  <meta charset="utf-8">
  <title>${escapeHtml(words.title)}</title>${canonical}
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <link rel="stylesheet" href="https://static.licdn.com/aero-v1/sc/h/ssi-dashboard.css">
  <style>.visually-hidden,${"._5c1e0f3a"}{position:absolute!important;clip:rect(1px,1px,1px,1px);width:1px;height:1px;overflow:hidden}
    .ssi-score__value{font-weight:600}.premium-upsell{background:#f8c77e}</style>
  <script>window.__lix = {"ssi.dashboard.v2": 100, "ssi.dashboard.sample": 25, "feed.pageSize": 50};</script>${extraHead}
</head>`;
}

/** The global navigation with notification badge counts (numbers a naive reader grabs). */
export function globalNav() {
  return `
<header id="global-nav" class="global-nav" role="banner">
  <div class="global-nav__content">
    <a class="global-nav__logo" href="https://www.linkedin.com/feed/"><span class="visually-hidden">LinkedIn</span></a>
    <input class="search-global-typeahead__input" placeholder="Search" aria-label="Search">
    <nav class="global-nav__nav" aria-label="Primary Navigation">
      <ul class="global-nav__primary-items">
        <li><a href="https://www.linkedin.com/feed/">Home <span class="notification-badge__count">7</span></a></li>
        <li><a href="https://www.linkedin.com/mynetwork/">My Network <span class="notification-badge__count">25</span></a></li>
        <li><a href="https://www.linkedin.com/jobs/">Jobs</a></li>
        <li><a href="https://www.linkedin.com/messaging/">Messaging <span class="notification-badge__count">3</span></a></li>
        <li><a href="https://www.linkedin.com/notifications/">Notifications <span class="notification-badge__count">99+</span></a></li>
        <li><button class="global-nav__me" type="button">Me</button></li>
        <li><a href="https://www.linkedin.com/premium/products/">Try Premium for €0</a></li>
      </ul>
    </nav>
  </div>
</header>`;
}

/** A Premium upsell with prices and a discount percentage. */
/** @param {string} className */
export function upsellBanner(className) {
  return `
<div class="${className}" data-test-upsell="sales-navigator">
  <h2>Unlock your full selling potential</h2>
  <p>Sales Navigator Core: €79.99/month, or €959.88/year billed annually.</p>
  <p>Save 25% with annual billing</p>
  <p>Join 100 000+ sellers. 1 month free, cancel anytime.</p>
  <a class="premium-upsell__cta" href="https://www.linkedin.com/premium/products/">Start my free trial – 30 days</a>
</div>`;
}

/** Hidden tracking JSON, as LinkedIn inlines it in <code> elements. */
/** @param {number} index */
export function trackingCode(index) {
  const blob = {
    data: { $type: "com.linkedin.sales.ssi.SsiScore", score: 99, subScores: [25, 25, 24.5, 24.5], rank: 1, memberId: 1000 + index },
    included: [{ entityUrn: `urn:li:fs_miniProfile:ACoAA${index}`, followers: 12345, connections: 500 }],
    meta: { version: "2.0.100", pageInstance: `urn:li:page:d_sales2_ssi;${index}` },
  };
  return `<code style="display: none" id="bpr-guid-${1000 + index}">${escapeHtml(JSON.stringify(blob))}</code>`;
}

function pageFooter() {
  return `
<footer class="global-footer" role="contentinfo">
  <ul><li><a href="https://about.linkedin.com/">About</a></li><li><a href="https://www.linkedin.com/legal/user-agreement">User Agreement</a></li>
  <li><a href="https://www.linkedin.com/help/">Help Center</a></li></ul>
  <p>LinkedIn Corporation © 2026</p>
</footer>`;
}

// ------------------------------------------------------------------ layout A

/**
 * @param {PageValues} values @param {typeof WORDING.en} words @param {"A" | "A-legacy"} layout
 * @param {Group[]} groupOrder @param {string} upsell
 */
function layoutA(values, words, layout, groupOrder, upsell) {
  const fmt = (/** @type {number} */ n) => formatNumber(n, words);
  const rank = (/** @type {string} */ label, /** @type {number | null} */ n) =>
    n === null
      ? ""
      : `
      <div class="ssi-rank">
        <dl><dt class="ssi-rank__category-name t-14">${label}</dt>
        <dd class="ssi-rank__category-score">${words.top} <span class="t-40">${fmt(n)}</span>${fillIn(words.percent, { n: "" })}</dd></dl>
      </div>`;
  const ranks = `
  <section class="ssi-header artdeco-card">
    <h1 class="ssi-header__title t-24">${words.heading}</h1>
    <div class="ssi-ranks">${rank(words.industryRank, values.industry.rank_top_percent)}${rank(words.networkRank, values.network.rank_top_percent)}
    </div>
  </section>`;
  const legacy = layout === "A-legacy";
  const donut = (/** @type {string} */ cls, /** @type {number} */ n) => `
    <div class="${cls}__donut-chart">
      <svg class="donut-chart" viewBox="0 0 42 42" aria-hidden="true"><circle cx="21" cy="21" r="15.9" stroke-width="5"></circle></svg>
      <div class="${cls}__donut-chart-caption"><span class="ssi-score__value">${fmt(n)}</span><span class="ssi-score__out-of"> ${words.outOf} 100</span></div>
    </div>`;
  const components = PILLAR_KEYS.map((key, i) => {
    const n = values.pillars[key];
    const bar = legacy ? "" : `\n        <progress id="${PILLAR_IDS[i]}__sub-score-bar" class="user-ssi-score__sub-score-bar" value="${(n + 0.000002).toFixed(6)}" max="25"></progress>`;
    return `
      <li class="user-ssi-score__sub-score">
        <div class="user-ssi-score__sub-score-label">
          <span class="user-ssi-score__sub-score-label-text">${words.labels[i]}</span>
          <strong><span class="ssi-score__value">${fmt(n)}</span></strong><span class="t-12"> ${words.outOf} 25</span>
        </div>${bar}
      </li>`;
  }).join("");
  const user = `
  <section class="user-ssi-score artdeco-card">
    <h2 class="t-20">${words.current}</h2>${donut(legacy ? "ssi-overview" : "user-ssi-score", values.overall)}
    <p class="user-ssi-score__change t-12">${words.noChange}</p>
    <h3 class="t-16">${words.components}</h3>
    <ul class="user-ssi-score__sub-scores">${components}
    </ul>
  </section>`;
  const peer = (/** @type {"industry" | "network"} */ kind) => {
    const average = values[kind].average;
    if (average === null) return "";
    const sentence = kind === "industry"
      ? fillIn(words.industrySentence, { name: values.industry.name ?? "Computer Software", n: fmt(average) })
      : fillIn(words.networkSentence, { n: fmt(average) });
    return `
  <section class="group-ssi-score group-ssi-score--${kind} artdeco-card">
    <h2 class="t-20">${kind === "industry" ? words.industryHeading : words.networkHeading}</h2>${donut(legacy ? "ssi-peer" : "group-ssi-score", average)}
    <p class="group-ssi-score__description t-14">${escapeHtml(sentence)}</p>
    <p class="t-12">${words.noChange}</p>
  </section>`;
  };
  const sections = { user, industry: peer("industry"), network: peer("network") };
  return `
<main id="main" class="ssi-dashboard scaffold-layout__main" role="main">${upsell}${ranks}${groupOrder.map((g) => sections[g]).join("")}
</main>`;
}

// ------------------------------------------------------------------ layout B

/**
 * @param {PageValues} values @param {typeof WORDING.en} words @param {Group[]} groupOrder
 * @param {"label-first" | "number-first"} rankStyle @param {string} upsell
 */
function layoutB(values, words, groupOrder, rankStyle, upsell) {
  const fmt = (/** @type {number} */ n) => formatNumber(n, words);
  const h = hashClass;
  const rank = (/** @type {string} */ label, /** @type {number | null} */ n) => {
    if (n === null) return "";
    const number = `<span class="${h("top")}">${words.top}</span> <span class="${h("pct")}">${fillIn(words.percent, { n: fmt(n) })}</span>`;
    const caption = `<p class="${h("rank-label")}">${label}</p>`;
    return rankStyle === "number-first"
      ? `\n      <div class="${h("rank")}">${number}${caption}</div>`
      : `\n      <div class="${h("rank")}">${caption}<div class="${h("rank-value")}">${number}</div></div>`;
  };
  const ranks = values.industry.rank_top_percent === null && values.network.rank_top_percent === null
    ? ""
    : `
    <div class="${h("ranks")}">${rank(words.industryRank, values.industry.rank_top_percent)}${rank(words.networkRank, values.network.rank_top_percent)}
    </div>`;
  const table = (/** @type {number[]} */ parts) => `
        <table class="_5c1e0f3a"><caption>${words.breakdown}</caption><tbody>${parts
    .map((n, i) => `\n          <tr><th scope="row">${words.labels[i]}</th><td>${fmt(n)}</td></tr>`)
    .join("")}
          <tr><th scope="row">${words.remaining}</th><td>${fmt(remainingPoints(parts))}</td></tr>
        </tbody></table>`;
  const donut = (/** @type {number} */ n, /** @type {number[]} */ parts) => `
      <div class="${h("donut")}">
        <svg class="${h("svg")}" viewBox="0 0 120 120" role="presentation" aria-hidden="true">${parts
    .map((_, i) => `<circle class="${h(`seg${i}`)}" cx="60" cy="60" r="54" stroke-dasharray="${(parts[i] * 3.39).toFixed(2)} 339.29"></circle>`)
    .join("")}</svg>
        <p class="${h("caption")}"><span class="${h("caption-n")}">${fmt(n)}</span> ${words.outOf === "/" ? "/" : words.outOf} 100</p>${table(parts)}
      </div>`;
  const pillars = PILLAR_KEYS.map((key) => values.pillars[key]);
  const legend = pillars
    .map((n, i) => `\n        <li class="${h("legend-item")}"><span class="${h("legend-label")}">${words.labels[i]}</span><span class="${h("legend-n")}">${fmt(n)}</span></li>`)
    .join("");
  const user = `
    <section class="${h("group")}">
      <h2 class="${h("group-title")}">${words.current}</h2>${donut(values.overall, pillars)}
      <p class="${h("components-title")}">${words.components}</p>
      <ul class="${h("legend")}">${legend}
      </ul>
      <div class="${h("axis")}" aria-hidden="true"><span>0</span><span>25</span><span>50</span><span>75</span><span>100</span></div>
      <p class="${h("change")}">${words.noChange}</p>
    </section>`;
  const peer = (/** @type {"industry" | "network"} */ kind) => {
    const average = values[kind].average;
    if (average === null) return "";
    const sentence = kind === "industry"
      ? fillIn(words.industrySentence, { name: values.industry.name ?? "Computer Software", n: fmt(average) })
      : fillIn(words.networkSentence, { n: fmt(average) });
    return `
    <section class="${h("group")}">
      <h2 class="${h("group-title")}">${kind === "industry" ? words.industryHeading : words.networkHeading}</h2>${donut(average, peerComponents(average))}
      <p class="${h("sentence")}">${escapeHtml(sentence)}</p>
    </section>`;
  };
  const sections = { user, industry: peer("industry"), network: peer("network") };
  return `
<main id="main" class="${h("main")}">${upsell}
  <div class="${h("header")}">
    <h1 class="${h("title")}">${words.heading}</h1>${ranks}
  </div>
  <div class="${h("groups")}">${groupOrder.map((g) => sections[g]).join("")}
  </div>
</main>`;
}

// ------------------------------------------------------------------ public builders

/**
 * A complete SSI page (layout A, A-legacy or B) showing `values`.
 * @param {PageValues} values @param {PageOptions} [options]
 * @param {{ extraHead?: string, beforeMain?: string, afterMain?: string }} [padding]
 */
export function buildSsiPage(values, options = {}, padding = {}) {
  const lang = options.lang ?? "en";
  const words = WORDING[lang];
  const layout = options.layout ?? "A";
  const groupOrder = options.groupOrder ?? ["user", "industry", "network"];
  const url = options.url === undefined ? "https://www.linkedin.com/sales/ssi" : options.url;
  const upsellInMain = options.upsellInMain ? upsellBanner(layout === "B" ? hashClass("upsell") : "premium-upsell artdeco-card") : "";
  const main = layout === "B"
    ? layoutB(values, words, groupOrder, options.rankStyle ?? "label-first", upsellInMain)
    : layoutA(values, words, layout, groupOrder, upsellInMain);
  const aside = options.upsellInMain ? "" : `\n<aside class="scaffold-layout__aside">${upsellBanner("premium-upsell artdeco-card")}\n</aside>`;
  return `${pageHead(words, options.htmlLang ?? lang, url, padding.extraHead ?? "")}
<body class="render-mode-BIGPIPE nav-v2 ember-application">${globalNav()}
${trackingCode(1)}
<div class="application-outlet">${padding.beforeMain ?? ""}${main}${aside}${padding.afterMain ?? ""}
</div>${pageFooter()}
${trackingCode(2)}
<script src="https://static.licdn.com/aero-v1/sc/h/ssi.js" defer></script>
</body>
</html>
`;
}

/** @param {number} index */
function feedPost(index) {
  const reactions = 17 + ((index * 37) % 900);
  return `
    <article class="feed-shared-update-v2" data-urn="urn:li:activity:${7200000000000000000n + BigInt(index)}">
      <div class="update-components-actor"><a href="https://www.linkedin.com/in/member-${index}/"><span class="update-components-actor__name">Member ${index}</span></a>
        <span class="update-components-actor__description">Account Executive · ${1 + (index % 3)}nd</span>
        <span class="update-components-actor__sub-description">${1 + (index % 23)}h · Edited</span></div>
      <div class="update-components-text"><span dir="ltr">Q${1 + (index % 4)} pipeline review: ${index % 100} meetings booked, ${(index * 7) % 100}% of quota, 25 out of 100 accounts touched. #sales #prospecting</span></div>
      <ul class="social-details-social-counts"><li><span class="social-details-social-counts__reactions-count">${reactions}</span></li>
        <li><button type="button">${index % 40} comments</button></li><li><button type="button">${index % 12} reposts</button></li></ul>
      <div class="feed-shared-social-action-bar"><button>Like</button><button>Comment</button><button>Repost</button><button>Send</button></div>
    </article>`;
}

/**
 * The same page padded to about `bytes` (2 MB by default) the way real LinkedIn pages are big:
 * inlined tracking JSON in hidden <code> elements, scripts, and feed-like markup in the rail
 * next to the dashboard.
 * @param {PageValues} values @param {PageOptions} [options] @param {number} [bytes]
 */
export function buildLargeSsiPage(values, options = {}, bytes = 2 * 1024 * 1024) {
  const base = buildSsiPage(values, options);
  const codeBlobs = [];
  const posts = [];
  let size = base.length;
  for (let index = 0; size < bytes; index++) {
    const code = trackingCode(100 + index);
    const post = feedPost(index);
    codeBlobs.push(code);
    posts.push(post);
    size += code.length + post.length;
  }
  const half = Math.ceil(posts.length / 2);
  return buildSsiPage(values, options, {
    extraHead: `\n  <script>window.__preload = ${JSON.stringify({ ids: Array.from({ length: 200 }, (_, i) => i * 25) })};</script>`,
    beforeMain: `\n<div class="feed-rail" aria-label="Recent activity">${codeBlobs.slice(0, half).join("\n")}${posts.slice(0, half).join("")}\n</div>`,
    afterMain: `\n<div class="feed-rail" aria-label="More from your network">${codeBlobs.slice(half).join("\n")}${posts.slice(half).join("")}\n</div>`,
  });
}

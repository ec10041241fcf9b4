// innograph explorer: a single page over the innograph API, with hash routes
//   #/                      search                     #/entity/scheme:gsps     one entity, its sources and graph
//   #/graph/scheme:gsps     the neighbourhood graph    #/path?from=…&to=…       paths between two entities
//   #/funding/scheme:gsps   funding facts and chart    #/browse/schemes         lists
//   #/question/ITIB001      one reply (?hl= highlights a quote)
//   #/passages?q=科技券       full-text search over the passages of replies and documents

import { ApiError, api } from './lib/api.js';
import { fundingChart, direction } from './lib/chart.js';
import { createGraph } from './lib/graph.js';
import { passageSearch, passagesHref, searchModes } from './lib/passages.js';
import { searchBox } from './lib/picker.js';
import {
  AMOUNT_TYPES, BOUNDS, DIRECTIONS, LABELS, LISTS, REL_TYPES, amountBadge, amountCell, useModel, append, bilingual, encodeId, entityHref,
  entityLink, errorBox, fmtInt, fmtZh, fundingHref, graphHref, h, labelBadge, labelInfo, loading, mainLabel, pathHref, questionHref,
  relBadge, tableCell, toast, truncate, yearHeading, yearKey, yearOf,
} from './lib/ui.js';

const view = document.getElementById('view');
const state = { token: 0, cleanups: [] };
// For tests and the curious: the current route and the graphs on screen.
const explorer = (window.__explorer = { ready: false, route: null, graphs: {}, api });

// --- routing ----------------------------------------------------------------------------------------------------------

function parseHash() {
  const raw = location.hash.replace(/^#\/?/, '');
  const [pathPart, queryPart = ''] = raw.split('?');
  const parts = pathPart.split('/').filter(Boolean).map((p) => { try { return decodeURIComponent(p); } catch { return p; } });
  return { name: parts[0] || 'home', args: parts.slice(1), params: new URLSearchParams(queryPart) };
}

// An address that names no page, or lacks what its page needs: shown to the reader like an API error, and not
// logged as a bug (route() sends every other exception to the console, so that real bugs stay visible).
class AddressError extends Error {
  constructor(message) {
    super(message);
    this.name = 'AddressError';
  }
}

const ROUTES = {
  home: (r) => pageHome(r.params),
  search: (r) => pageHome(r.params),
  entity: (r) => pageEntity(r.args.join('/')),
  graph: (r) => pageGraph(r.args.join('/'), r.params),
  path: (r) => pagePath(r.params),
  paths: (r) => pagePath(r.params),
  funding: (r) => pageFunding(r.args.join('/') || null, r.params),
  browse: (r) => pageBrowse(r.args[0] || 'schemes'),
  question: (r) => pageQuestion(r.args[0], r.params),
  passages: (r) => pagePassages(r.params),
};

async function route() {
  const r = parseHash();
  state.token += 1;
  for (const fn of state.cleanups.splice(0)) { try { fn(); } catch { /* already gone */ } }
  explorer.graphs = {};
  explorer.route = r.name;
  explorer.ready = false;
  document.querySelectorAll('[data-nav]').forEach((a) => {
    const nav = a.dataset.nav;
    a.classList.toggle('active', nav === r.name || (nav === 'home' && (r.name === 'search' || r.name === 'passages')) || (nav === 'path' && r.name === 'paths'));
  });
  view.replaceChildren(loading());
  window.scrollTo(0, 0);
  const page = ROUTES[r.name];
  try {
    if (!page) throw new AddressError(`There is no page “${r.name}”. Try the search.`);
    await page(r);
  } catch (error) {
    // a bug, not an answer from the API or a mistyped address
    if (!(error instanceof ApiError || error instanceof AddressError)) console.error(error);
    if (!current(state.token)) return;
    view.replaceChildren(h('h1', {}, 'Not available · 無法顯示'), errorBox(error, 'show this page'),
      h('p', {}, h('a', { href: '#/' }, '← Back to search · 返回搜尋')));
  } finally {
    explorer.ready = true;
  }
}

const current = (token) => token === state.token;
function setPage(title, ...children) {
  document.title = title ? `${title} · innograph` : 'innograph explorer';
  view.replaceChildren(...children.flat().filter(Boolean));
}
const onCleanup = (fn) => state.cleanups.push(fn);

// Fills in a document's title when it arrives; shows the id meanwhile (and if the look-up fails).
function docRef(id) {
  if (!id) return null;
  const el = h('a', { class: 'doc', href: entityHref(id), title: id }, id);
  api.document(id).then((d) => {
    el.textContent = truncate(d.name || id, 48);
    el.title = [d.name, d.name_en, d.properties && d.properties.published].filter(Boolean).join('\n');
  }).catch(() => {});
  return el;
}

function replyLink(replyNo, quote) {
  if (!replyNo) return null;
  return h('a', { class: 'reply', href: questionHref(replyNo, quote), title: 'open the reply · 查看答覆' }, replyNo);
}

function quoteBlock(quote, { replyNo, sourceId, sourceIds = [], method, charStart, charEnd } = {}) {
  const others = sourceIds.filter((d) => d && d !== sourceId);
  return h('div', { class: 'quote' },
    h('blockquote', { lang: 'zh-Hant' }, quote || '—'),
    h('div', { class: 'quote-meta' },
      replyNo ? h('span', {}, 'reply 答覆 ', replyLink(replyNo, quote)) : null,
      sourceId ? h('span', {}, 'in 出自 ', docRef(sourceId)) : null,
      others.length ? h('span', {}, `+ ${others.length} more document${others.length > 1 ? 's' : ''} `, others.map(docRef)) : null,
      charStart !== undefined && charStart !== null ? h('span', { class: 'muted' }, `chars ${charStart}–${charEnd}`) : null,
      method ? h('code', { class: 'method', title: 'how the fact was extracted' }, method) : null));
}

// --- home: search -------------------------------------------------------------------------------------------------

async function pageHome(params) {
  const token = state.token;
  const box = searchBox({
    inline: true, autofocus: true, id: 'main-search', initial: params.get('q') || '',
    placeholder: 'Search entities and legislators · 搜尋機構、計劃、公司、議員… (e.g. 港投, TechConnect, 創新科技署)',
    onPick: (hit) => { location.hash = entityHref(hit.id); },
    onQuery: (q) => history.replaceState(null, '', q ? `#/search?q=${encodeURIComponent(q)}` : '#/'),
  });
  const stats = h('div', { class: 'stats' }, loading('Counting'));
  const examples = h('div', { class: 'examples' },
    h('h2', {}, 'Try · 試試'),
    h('ul', {},
      h('li', {}, h('a', { href: entityHref('company:hkic') }, '香港投資管理有限公司'), ' — an entity and the sentences behind its facts'),
      h('li', {}, h('a', { href: graphHref('scheme:techconnect') }, '科技統籌(整體撥款) TechConnect'), ' — its neighbourhood graph'),
      h('li', {}, h('a', { href: pathHref('legislator:陳振英', 'inst:ugc') }, '陳振英 → 大學教育資助委員會'), ' — how a legislator connects to the UGC'),
      h('li', {}, h('a', { href: fundingHref('scheme:techconnect') }, 'TechConnect funding'), ' — who pays whom, by fiscal year and type'),
      h('li', {}, h('a', { href: entityHref('inst:astri') }, '香港應用科技研究院 ASTRI'), ' — the figures about one body: spending and income by year'),
      h('li', {}, h('a', { href: passagesHref('科技券') }, '科技券'), ' — every reply and press paragraph that says it'),
      h('li', {}, h('a', { href: '#/browse/schemes' }, 'All schemes · 所有計劃'), ', ',
        h('a', { href: '#/browse/legislators' }, 'legislators · 議員'))));
  setPage('Search',
    h('section', { class: 'hero' },
      h('h1', {}, 'Who funds, runs and questions innovation policy in Hong Kong'),
      h('p', { class: 'lead', lang: 'zh-Hant' }, '誰資助、推行和質詢香港的創新科技政策 — 每項事實都附有出處。'),
      searchModes('entities', () => box.input.value), box.el),
    h('div', { class: 'home-grid' }, stats, examples));
  try {
    const st = await api.stats();
    if (!current(token)) return;
    stats.replaceChildren(h('h2', {}, 'The graph · 圖譜'), h('ul', { class: 'stat-list' },
      Object.entries(st.nodes).sort((a, b) => b[1] - a[1]).map(([label, n]) =>
        h('li', {}, labelBadge(label), h('span', { class: 'num' }, fmtInt(n))))),
    h('p', { class: 'muted' }, `${fmtInt(st.total_nodes)} nodes · ${fmtInt(st.total_relationships)} relationships`));
  } catch (error) {
    if (current(token)) stats.replaceChildren(errorBox(error, 'count the graph'));
  }
}

// --- passages: full-text search (lib/passages.js) ------------------------------------------------------------------

function pagePassages(params) {
  const search = passageSearch({
    initial: params.get('q') || '', part: params.get('part') || '',
    onQuery: (q, part) => history.replaceState(null, '', passagesHref(q, part)),
  });
  setPage('Passages',
    h('section', { class: 'hero' },
      h('h1', {}, 'Find what the replies and the press say'),
      h('p', { class: 'lead', lang: 'zh-Hant' }, '搜尋答覆及新聞稿的原文段落 — 按相關程度排列，標示相符字詞。'),
      searchModes('passages', () => search.input.value), search.el));
}

// --- one entity ------------------------------------------------------------------------------------------------------

const HIDDEN_PROPS = new Set(['id', 'name', 'name_en', 'aliases', 'question_text', 'answer_text', 'text']);

function propValue(key, value) {
  if (key === 'source_ids' && Array.isArray(value)) return h('span', { class: 'list' }, value.map(docRef));
  if (key === 'source_id') return docRef(value);
  if (key === 'administered_by' || key === 'legislator_id') return h('a', { href: entityHref(value) }, value);
  if (Array.isArray(value)) return h('span', { class: 'list' }, value.map((v) => h('span', { class: 'chip' }, String(v))));
  if (value && typeof value === 'object') return h('code', {}, JSON.stringify(value));
  if (typeof value === 'number') return fmtInt(value);
  return String(value);
}

function propertiesTable(props) {
  const rows = Object.entries(props).filter(([k, v]) => !HIDDEN_PROPS.has(k) && v !== null && v !== '' &&
    !(Array.isArray(v) && !v.length));
  if (!rows.length) return h('p', { class: 'muted' }, 'No other properties.');
  return h('table', { class: 'props' }, h('tbody', {}, rows.map(([k, v]) => h('tr', {}, h('th', {}, k), h('td', {}, propValue(k, v))))));
}

function countsList(counts, id) {
  const entries = Object.entries(counts || {}).sort((a, b) => b[1] - a[1]);
  if (!entries.length) return h('p', { class: 'muted' }, 'No relationships.');
  return h('ul', { class: 'counts' }, entries.map(([key, n]) => {
    const [type, dir] = key.split(':');
    return h('li', {}, h('a', { href: `${graphHref(id)}?type=${type}`, title: `show only ${type} in the graph` }, relBadge(type)),
      h('span', { class: 'muted' }, dir === 'in' ? ' ← in' : ' → out'), h('span', { class: 'num' }, fmtInt(n)));
  }));
}

function sourcesSection(sources) {
  const section = h('section', { class: 'card sources', id: 'sources' });
  const types = [...new Set(sources.map((s) => s.type))];
  let filter = null;
  let shown = 40;
  const list = h('ol', { class: 'source-list' });
  const more = h('button', { type: 'button', class: 'more' });
  const chips = h('div', { class: 'filter-chips' });
  function draw() {
    const visible = sources.filter((s) => !filter || s.type === filter);
    list.replaceChildren(...visible.slice(0, shown).map((src) => h('li', { class: 'source' },
      h('div', { class: 'source-head' }, relBadge(src.type),
        src.other_id ? h('span', {}, ' with ', h('a', { href: entityHref(src.other_id) }, src.other_name || src.other_id)) : null),
      quoteBlock(src.quote, { replyNo: src.reply_no, sourceId: src.source_id, sourceIds: src.source_ids,
                              method: src.method, charStart: src.char_start, charEnd: src.char_end }))));
    more.hidden = visible.length <= shown;
    more.textContent = `Show all ${visible.length} · 顯示全部`;
    [...chips.children].forEach((c) => c.classList.toggle('active', (c.dataset.type || null) === filter));
  }
  more.addEventListener('click', () => { shown = Infinity; draw(); });
  chips.append(h('button', { type: 'button', class: 'chip', onclick: () => { filter = null; draw(); } }, `all ${sources.length}`),
    ...types.map((t) => h('button', { type: 'button', class: 'chip', dataset: { type: t }, onclick: () => { filter = t; draw(); } },
      `${t} ${sources.filter((s) => s.type === t).length}`)));
  section.append(h('h2', {}, `Sources · 出處 `, h('span', { class: 'muted' }, `(${sources.length})`)),
    h('p', { class: 'muted' }, 'The sentences its mentions, funding and administration facts come from.'));
  if (!sources.length) {
    section.append(h('p', { class: 'muted empty-sources' }, 'No quoted facts on this entity. Its relationships are in the graph.'));
    return section;
  }
  section.append(types.length > 1 ? chips : null, list, more);
  draw();
  return section;
}

// A compact or full graph with its toolbar; returns {el, graph, load}.
function graphPanel(rootId, { full = false, params = new URLSearchParams() } = {}) {
  const canvas = h('div', { class: `graph-canvas${full ? ' full' : ''}`, id: full ? 'graph' : 'entity-graph' });
  const counter = h('span', { class: 'graph-count', 'aria-live': 'polite' }, '');
  const legend = h('div', { class: 'legend' });
  const side = h('aside', { class: 'graph-side' }, h('p', { class: 'muted' },
    'Click a node to expand its neighbours; double-click to open its page. Click an edge for its source.',
    h('br'), '單擊節點展開鄰居，雙擊開啟頁面；點擊連線查看出處。'));
  const typeSelect = h('select', { title: 'relationship type · 關係類別', 'aria-label': 'relationship type' },
    h('option', { value: '' }, 'all types · 全部'),
    Object.entries(REL_TYPES).map(([t, zh]) => h('option', { value: t, selected: params.get('type') === t }, `${t} ${zh}`)));
  const depthSelect = h('select', { title: 'depth', 'aria-label': 'depth' },
    h('option', { value: '1' }, '1 step · 一層'),
    h('option', { value: '2', selected: params.get('depth') === '2' }, '2 steps · 兩層'));
  const captionSelect = h('select', { title: 'captions', 'aria-label': 'captions' },
    h('option', { value: 'both' }, '中 + EN'), h('option', { value: 'zh' }, '中文'), h('option', { value: 'en' }, 'English'));
  const limit = Number(params.get('limit')) || (full ? 80 : 40);

  const graph = createGraph(canvas, {
    onOpen: (id) => { location.hash = entityHref(id); },
    onChange: ({ nodes, edges }) => {
      counter.textContent = `${nodes} nodes · ${edges} relationships`;
      counter.dataset.nodes = nodes;
      legend.replaceChildren(...graph.labels().map((l) => h('span', { class: 'legend-item' },
        h('span', { class: 'dot', style: `background:${labelInfo(l).color}` }), l, h('span', { class: 'zh' }, ` ${labelInfo(l).zh}`))));
    },
    onSelect: (sel) => showSelection(side, sel, graph),
    onError: (error, id) => toast(`Could not expand ${id}: ${error.message}`),
    expandParams: () => ({ type: typeSelect.value || undefined, limit: full ? 50 : 30 }),
  });
  onCleanup(() => graph.destroy());

  async function load() {
    graph.clear();
    side.querySelector('.error')?.remove();
    try {
      const data = await api.neighbours(rootId, { depth: Number(depthSelect.value), type: typeSelect.value || undefined, limit });
      graph.addSubgraph(data);
      graph.cy.getElementById(rootId).addClass('root expanded');
      graph.layout({ randomize: true });
      if (data.nodes.length <= 1) side.prepend(h('p', { class: 'muted' }, 'No neighbours with these filters · 沒有相連的節點'));
    } catch (error) {
      side.prepend(errorBox(error, 'load the graph'));
      counter.textContent = 'graph unavailable';
    }
  }
  for (const sel of [typeSelect, depthSelect]) sel.addEventListener('change', load);
  captionSelect.addEventListener('change', () => graph.setCaptions(captionSelect.value));

  const toolbar = h('div', { class: 'graph-toolbar' }, typeSelect, depthSelect, captionSelect,
    h('button', { type: 'button', onclick: () => graph.fit(), title: 'fit to screen' }, 'Fit · 置中'),
    h('button', { type: 'button', onclick: () => graph.layout({ randomize: false }), title: 're-run the layout' }, 'Layout · 重排'),
    h('button', { type: 'button', onclick: load, title: 'back to the first neighbourhood' }, 'Reset · 重設'),
    counter);
  const el = h('div', { class: `graph-panel${full ? ' full' : ''}` }, toolbar, h('div', { class: 'graph-body' }, canvas, side), legend);
  return { el, graph, load };
}

// replaceChildren() would print a skipped (null) child as the text "null": append() leaves it out.
function refill(el, ...children) {
  el.replaceChildren();
  append(el, children);
}

function showSelection(side, sel, graph) {
  if (!sel.kind) return;
  const d = sel.data;
  if (sel.kind === 'node' && d.label === 'Figure') {
    const about = graph.cy.getElementById(d.id).outgoers('edge').filter((e) => e.data('type') === 'ABOUT').targets()
      .map((n) => ({ id: n.id(), name: n.data('name') }));
    const card = figureCard(d.props || {}, d.id, about, { loading: true });
    refill(side, card,
      h('div', { class: 'side-actions' },
        h('a', { class: 'button', href: entityHref(d.id) }, 'Open page · 開啟'),
        h('button', { type: 'button', onclick: () => graph.expand(d.id) }, 'Expand · 展開')));
    // the quote is not in the neighbourhood: the figure's own properties have it
    whenLoaded(card, api.node(d.id), (full) => card.replaceWith(figureCard(full.properties || {}, d.id, about)),
      'load the figure');
    return;
  }
  if (sel.kind === 'node') {
    const p = d.props || {};
    refill(side,
      labelBadge(d.label),
      h('h3', {}, bilingual(d.name, d.name_en)),
      h('code', { class: 'node-id' }, d.id),
      p.kind ? h('p', {}, h('span', { class: 'muted' }, 'kind '), p.kind) : null,
      p.aliases && p.aliases.length ? h('p', { class: 'aliases' }, p.aliases.map((a) => h('span', { class: 'chip' }, a))) : null,
      d.label === 'Question' ? questionExcerpt(d.id) : null,
      h('div', { class: 'side-actions' },
        h('a', { class: 'button', href: entityHref(d.id) }, 'Open page · 開啟'),
        h('button', { type: 'button', onclick: () => graph.expand(d.id) }, 'Expand · 展開'),
        h('a', { class: 'button', href: graphHref(d.id) }, 'Centre here · 以此為中心'),
        h('a', { class: 'button', href: fundingHref(d.id) }, 'Funding · 資助'),
        h('a', { class: 'button', href: pathHref(d.id) }, 'Paths from · 路徑')));
    return;
  }
  const src = graph.cy.getElementById(d.source).data();
  const tgt = graph.cy.getElementById(d.target).data();
  const provenance = loadingNote('the source · 出處');
  refill(side,
    relBadge(d.type),
    h('p', { class: 'edge-ends' }, h('a', { href: entityHref(d.source) }, src ? src.name : d.source), ' → ',
      h('a', { href: entityHref(d.target) }, tgt ? tgt.name : d.target)),
    edgeFacts(d.props || {}),
    provenance);
  // neighbourhoods leave out the quotes, replies and sources: fetched for the one relationship selected
  whenLoaded(provenance, api.relationship(d.id), (data) => {
    const rel = data.relationships[0];
    provenance.replaceWith(...edgeProvenance(rel ? rel.properties : {}));
  }, 'load the source');
}

// The quote (and other quotes and replies) behind a relationship.
function edgeProvenance(p) {
  const quotes = (p.quotes && p.quotes.length ? p.quotes : [p.quote]).filter(Boolean);
  const main = p.quote || quotes[0];
  const extra = quotes.filter((q) => q !== main);
  return [
    main ? quoteBlock(main, { replyNo: p.reply_no, sourceId: p.source_id, sourceIds: p.source_ids, method: p.method,
                              charStart: p.char_start, charEnd: p.char_end }) : h('p', { class: 'muted' }, 'No quote on this relationship.'),
    extra.length ? h('details', {}, h('summary', {}, `${extra.length} more quote${extra.length > 1 ? 's' : ''} · 更多引文`),
      extra.map((q) => h('blockquote', { lang: 'zh-Hant' }, q))) : null,
    p.reply_nos && p.reply_nos.length > 1 ? h('p', { class: 'replies' }, 'replies 答覆: ', p.reply_nos.map((r) => [replyLink(r), ' '])) : null,
  ].filter(Boolean);
}

// A question's first lines, fetched when it is selected (neighbourhoods leave the texts out).
function questionExcerpt(id) {
  const el = h('p', { class: 'excerpt', lang: 'zh-Hant' }, '…');
  whenLoaded(el, api.node(id), (full) => {
    const text = (full.properties || {}).question_text;
    if (text) el.textContent = truncate(text, 160); else el.remove();
  }, 'load the question');
  return el;
}

function loadingNote(what) {
  return h('p', { class: 'muted loading' }, `Loading ${what}…`);
}

// Fill in `el` when `promise` resolves, if `el` is still on the page (another selection may have replaced it).
function whenLoaded(el, promise, fill, what) {
  promise.then((data) => { if (el.isConnected) fill(data); })
    .catch((error) => { if (el.isConnected) el.replaceWith(errorBox(error, what)); });
}

// A money value's facts, as a flow (FUNDS) or a figure (Figure) states them: never anything added up.
function moneyRows(p) {
  if (!p.amount_type) return [];
  const rows = [['amount 金額', h('div', { class: 'amount' }, amountCell(p))], ['type 類別', amountBadge(p.amount_type)],
    ['fiscal year 年度', yearOf(p)]];
  const cell = tableCell(p);
  if (cell) rows.push(['table cell 表格', cell]);
  return rows;
}

function edgeFacts(p) {
  const rows = moneyRows(p);
  if (p.count) rows.push(['mentions 次數', p.count]);
  if (p.question_count) rows.push(['questions 問題', p.question_count]);
  if (p.part) rows.push(['part', p.part]);
  if (!rows.length) return null;
  return h('table', { class: 'props compact' }, h('tbody', {}, rows.map(([k, v]) => h('tr', {}, h('th', {}, k), h('td', {}, v)))));
}

// One figure about one thing: its value, kind and year, what it is about, and the sentence or table cell behind it.
function figureCard(p, id, about = [], { loading = false } = {}) {
  const quotes = (p.quotes && p.quotes.length ? p.quotes : [p.quote]).filter(Boolean);
  const extra = quotes.filter((q) => q !== p.quote);
  const noQuote = loading ? loadingNote('the quote · 引文') : h('p', { class: 'muted' }, 'No quote on this figure.');
  return h('div', { class: 'figure-card', dataset: { id } },
    labelBadge('Figure'),
    h('h3', { lang: 'zh-Hant' }, p.amount_text || p.name || id),
    about.length ? h('p', { class: 'about' }, 'about 關於 ', about.map((n) => h('a', { href: entityHref(n.id) }, n.name || n.id))) : null,
    h('table', { class: 'props compact' }, h('tbody', {}, moneyRows(p).map(([k, v]) => h('tr', {}, h('th', {}, k), h('td', {}, v))))),
    p.quote ? quoteBlock(p.quote, { replyNo: p.reply_no, sourceId: p.source_id, sourceIds: p.source_ids, method: p.method,
                                    charStart: p.char_start, charEnd: p.char_end }) : noQuote,
    extra.length ? h('details', {}, h('summary', {}, `${extra.length} more quote${extra.length > 1 ? 's' : ''} · 更多引文`),
      extra.map((q) => h('blockquote', { lang: 'zh-Hant' }, q))) : null,
    p.reply_nos && p.reply_nos.length > 1 ? h('p', { class: 'replies' }, 'replies 答覆: ', p.reply_nos.map((r) => [replyLink(r), ' '])) : null);
}

// The figures about an entity (Figure nodes ABOUT it), by fiscal year (newest first, undated last) and type, each with
// the quote behind it. Never summed: a budget, a cap and an average are different things, and so are two years.
function figuresSection(data) {
  const section = h('section', { class: 'card figures', id: 'figures' });
  const types = [...new Set(data.figures.map((f) => f.amount_type))];
  let filter = null;
  const body = h('div', { class: 'figure-years' });
  const chips = h('div', { class: 'filter-chips' });
  function draw() {
    const visible = data.figures.filter((f) => !filter || f.amount_type === filter);
    const years = new Map();
    for (const f of visible) {
      const key = yearKey(f);
      if (!years.has(key)) years.set(key, []);
      years.get(key).push(f);
    }
    body.replaceChildren(...[...years].map(([year, figures]) => figureYear(year, figures)));
    [...chips.children].forEach((c) => c.classList.toggle('active', (c.dataset.type || null) === filter));
  }
  chips.append(h('button', { type: 'button', class: 'chip', onclick: () => { filter = null; draw(); } }, `all ${data.figures.length}`),
    ...types.map((t) => h('button', { type: 'button', class: 'chip', dataset: { type: t }, onclick: () => { filter = t; draw(); } },
      `${t} ${AMOUNT_TYPES[t] || ''} ${data.figures.filter((f) => f.amount_type === t).length}`)));
  append(section, [
    h('h2', {}, 'Figures · 數額 ', h('span', { class: 'muted' }, `(${data.total})`)),
    h('p', { class: 'muted' }, 'Money figures about it alone, as the documents state them — a budget, spending or income by year, a change, ',
      'a cap, threshold or average per recipient, a salary, a cost — by fiscal year and type, never added up. ',
      'Payments between bodies are its funding flows. 只關乎此項的數額，按年度及類別列出，從不相加；機構之間的撥款見「資助」。'),
    data.total > data.figures.length ? h('p', { class: 'notice' }, `The first ${data.figures.length} of ${data.total}.`) : null,
    types.length > 1 ? chips : null, body]);
  draw();
  return section;
}

// One fiscal year's figures ('' for those that state no year): a table of type, amount, table cell and source.
function figureYear(year, figures) {
  return h('div', { class: 'figure-year', dataset: { year } },
    h('h3', {}, year ? yearHeading(year) : 'Year not stated · 未註明年度', h('span', { class: 'muted' }, ` (${figures.length})`)),
    h('div', { class: 'table-wrap' }, h('table', { class: 'data figure-table' },
      h('thead', {}, h('tr', {}, h('th', {}, 'type 類別'), h('th', { class: 'num' }, 'amount 金額'), h('th', {}, 'table cell 表格'),
        h('th', {}, 'source 出處'))),
      h('tbody', {}, figures.map((f) => figureRow(f, year))))));
}

function figureRow(f, year) {
  const others = (f.quotes || []).filter((q) => q !== f.quote);
  return h('tr', { class: 'figure', dataset: { id: f.id, type: f.amount_type, year } },
    h('td', {}, amountBadge(f.amount_type), year ? null : h('div', { class: 'muted small' }, `stated in ${f.document_year || '?'}`)),
    h('td', { class: 'num amount' }, amountCell(f)),
    h('td', {}, tableCell(f) || h('span', { class: 'muted' }, '—')),
    h('td', { class: 'fact-source' },
      quoteBlock(f.quote, { replyNo: f.reply_no, sourceId: f.source_id, sourceIds: f.source_ids, method: f.method }),
      others.length ? h('details', {}, h('summary', {}, `${others.length} more · 更多`), others.map((q) => h('blockquote', {}, q))) : null,
      h('a', { class: 'small', href: entityHref(f.id), title: f.id }, 'figure node · 節點')));
}

async function figuresOf(id, into, token) {
  into.replaceChildren(loading('Loading the figures'));
  try {
    const data = await api.figures(id);
    if (current(token)) into.replaceChildren(figuresSection(data));
  } catch (error) {
    if (current(token)) into.replaceChildren(errorBox(error, 'load the figures'));
  }
}

// A figure's page: its own properties (with the quote) come with the page; what it is about, from its neighbourhood.
async function figurePage(figure, into, token) {
  const id = figure.id;
  try {
    const around = await api.neighbours(id, { type: 'ABOUT', limit: 10 });
    if (!current(token)) return;
    const about = around.nodes.filter((n) => n.id !== id).map((n) => ({ id: n.id, name: (n.properties || {}).name }));
    into.replaceChildren(h('section', { class: 'card' }, figureCard(figure.properties || {}, id, about)));
  } catch (error) {
    if (current(token)) into.replaceChildren(errorBox(error, 'show the figure'));
  }
}

async function pageEntity(id) {
  const token = state.token;
  if (!id) throw new AddressError('No entity id in the address (#/entity/scheme:gsps).');
  const e = await api.entity(id);
  if (!current(token)) return;
  const label = mainLabel(e.labels);
  const counts = e.relationship_counts || {};
  const money = e.money || { flows_in: 0, flows_out: 0, figures: 0 };
  const flows = money.flows_in + money.flows_out;
  const panel = graphPanel(e.id);
  explorer.graphs.entity = panel.graph;
  const extras = h('div', { class: 'extras' });
  const figures = h('div', { class: 'figures-slot' });
  setPage(e.name || e.id,
    h('header', { class: 'entity-head card' },
      h('div', { class: 'entity-title' }, labelBadge(label), e.properties.kind ? h('span', { class: 'chip kind' }, e.properties.kind) : null,
        h('h1', { lang: 'zh-Hant' }, e.name || e.id),
        e.name_en ? h('p', { class: 'name-en', lang: 'en' }, e.name_en) : null,
        h('code', { class: 'node-id' }, e.id)),
      e.aliases && e.aliases.length ? h('p', { class: 'aliases' }, h('span', { class: 'muted' }, 'also 別稱 '),
        e.aliases.map((a) => h('span', { class: 'chip alias' }, a))) : null,
      h('div', { class: 'actions' },
        h('a', { class: 'button', href: graphHref(e.id) }, 'Graph · 圖譜'),
        flows ? h('a', { class: 'button', href: fundingHref(e.id), title: 'payments to and from it (FUNDS)' },
          `Funding flows · 資助 (${flows})`) : null,
        money.figures ? h('button', { type: 'button', title: 'figures about it alone (Figure)',
                                      onclick: () => document.getElementById('figures')?.scrollIntoView({ block: 'start' }) },
          `Figures · 數額 (${money.figures})`) : null,
        h('a', { class: 'button', href: pathHref(e.id) }, 'Find paths · 尋找路徑'),
        label === 'Question' ? h('a', { class: 'button', href: questionHref(e.properties.reply_no) }, 'Reply · 答覆全文') : null)),
    h('div', { class: 'entity-grid' },
      h('section', { class: 'card' }, h('h2', {}, 'Properties · 屬性'), propertiesTable(e.properties),
        h('h2', {}, 'Relationships · 關係'), countsList(counts, e.id)),
      h('section', { class: 'card graph-card' },
        h('h2', {}, 'Neighbourhood · 鄰近節點 ', h('a', { class: 'small', href: graphHref(e.id) }, 'full screen ↗')), panel.el)),
    extras,
    figures,
    label === 'Figure' ? null : sourcesSection(e.sources || []));  // a figure's quote is on the figure itself
  panel.load();
  if (label === 'Question') extras.append(questionTexts(e.properties));
  if (label === 'Legislator') legislatorQuestions(e.id, extras, token);
  if (label === 'Figure') figurePage(e, extras, token);
  if (money.figures) figuresOf(e.id, figures, token);
}

function questionTexts(q, hl) {
  const block = (title, text) => {
    const body = h('div', { class: 'reply-text', lang: 'zh-Hant' });
    const at = hl ? findQuote(text || '', hl) : -1;
    if (at >= 0) {
      body.append(text.slice(0, at), h('mark', { id: 'hl' }, text.slice(at, at + hl.length)), text.slice(at + hl.length));
    } else body.append(text || '—');
    return h('section', { class: 'card' }, h('h2', {}, title), body);
  };
  return h('div', { class: 'qa' }, block('Question · 問題', q.question_text), block('Reply · 答覆', q.answer_text));
}

function findQuote(text, quote) {
  const at = text.indexOf(quote);
  return at;
}

async function legislatorQuestions(id, into, token) {
  into.append(loading('Loading questions'));
  try {
    const leg = await api.legislator(id);
    if (!current(token)) return;
    into.replaceChildren(h('section', { class: 'card' },
      h('h2', {}, `Questions asked · 提問 `, h('span', { class: 'muted' }, `(${leg.question_count})`)),
      h('table', { class: 'data' }, h('thead', {}, h('tr', {}, h('th', {}, 'reply 答覆'), h('th', {}, 'head 總目'),
        h('th', {}, 'programme 綱領'), h('th', {}, 'question 問題'))),
      h('tbody', {}, leg.questions.map((q) => h('tr', {},
        h('td', {}, replyLink(q.reply_no)), h('td', {}, q.head_no), h('td', {}, (q.programmes || []).join(', ')),
        h('td', { lang: 'zh-Hant' }, q.excerpt)))))));
  } catch (error) {
    if (current(token)) into.replaceChildren(errorBox(error, 'load the questions'));
  }
}

// --- the full graph ------------------------------------------------------------------------------------------------

async function pageGraph(id, params) {
  const token = state.token;
  if (!id) throw new AddressError('No entity id in the address (#/graph/scheme:gsps).');
  const panel = graphPanel(id, { full: true, params });
  const title = h('h1', { class: 'graph-title' }, h('a', { href: entityHref(id) }, id));
  setPage(`Graph ${id}`, h('div', { class: 'graph-head' }, title,
    h('p', { class: 'muted' }, 'Neighbourhood graph · 鄰近關係圖')), panel.el);
  explorer.graphs.main = panel.graph;
  await panel.load();
  try {
    const e = await api.entity(id);
    if (current(token)) title.replaceChildren(labelBadge(mainLabel(e.labels)), ' ', h('a', { href: entityHref(id) }, bilingual(e.name, e.name_en)));
  } catch { /* the panel has shown the error already */ }
}

// --- paths ---------------------------------------------------------------------------------------------------------

async function pagePath(params) {
  const token = state.token;
  const from = params.get('from');
  const to = params.get('to');
  const hops = params.get('hops') || '4';
  const go = () => {
    if (fromBox.value && toBox.value) location.hash = pathHref(fromBox.value.id, toBox.value.id, hopsSelect.value);
  };
  const fromBox = searchBox({ picker: true, id: 'path-from', placeholder: 'From 起點 — search…', onPick: go });
  const toBox = searchBox({ picker: true, id: 'path-to', placeholder: 'To 終點 — search…', onPick: go });
  const hopsSelect = h('select', { id: 'path-hops', 'aria-label': 'most hops', onchange: go },
    [1, 2, 3, 4, 5, 6].map((n) => h('option', { value: n, selected: String(n) === hops }, `≤ ${n} hops · 步`)));
  const results = h('div', { class: 'path-results' });
  // The labels name their input (for=): a label without one acts on its first control, which in a picker that holds
  // a choice is the "×", so a click on the caption would clear the choice.
  setPage('Paths',
    h('h1', {}, 'Paths between two entities · 兩個節點之間的路徑'),
    h('div', { class: 'card path-form' },
      h('label', { for: 'path-from' }, h('span', {}, 'From · 起點'), fromBox.el),
      h('button', { type: 'button', class: 'swap', title: 'swap · 對調', onclick: () => {
        if (fromBox.value && toBox.value) location.hash = pathHref(toBox.value.id, fromBox.value.id, hopsSelect.value);
      } }, '⇄'),
      h('label', { for: 'path-to' }, h('span', {}, 'To · 終點'), toBox.el),
      h('label', {}, h('span', {}, 'Hops · 步數'), hopsSelect)),
    results);
  if (!from && !to) {
    results.append(h('p', { class: 'muted' }, 'Pick two entities: the shortest paths between them are drawn, with the sentence behind each step.'));
    return;
  }
  const pickFor = async (boxx, id) => {
    if (!id) return;
    try {
      const e = await api.entity(id);
      if (current(token)) boxx.setValue({ id: e.id, label: mainLabel(e.labels), name: e.name, name_en: e.name_en });
    } catch (error) {
      if (current(token)) results.append(errorBox(error, `find ${id}`));
      throw error;
    }
  };
  try {
    await Promise.all([pickFor(fromBox, from), pickFor(toBox, to)]);
  } catch { return; }
  if (!from || !to || !current(token)) return;
  results.replaceChildren(loading('Finding paths'));
  let data;
  try {
    data = await api.paths(from, to, Number(hops));
  } catch (error) {
    if (current(token)) results.replaceChildren(errorBox(error, 'find paths'));
    return;
  }
  if (!current(token)) return;
  if (!data.paths.length) {
    results.replaceChildren(h('div', { class: 'notice empty-paths' },
      `No path of at most ${hops} hops between them · ${hops} 步之內沒有路徑. `,
      Number(hops) < 6 ? h('a', { href: pathHref(from, to, Math.min(6, Number(hops) + 2)) }, 'Try more hops · 增加步數') : null));
    return;
  }
  const canvas = h('div', { class: 'graph-canvas path-canvas', id: 'path-graph' });
  const side = h('aside', { class: 'graph-side' }, h('p', { class: 'muted' }, 'Click an edge for its source; double-click a node to open it.'));
  const graph = createGraph(canvas, { onOpen: (id) => { location.hash = entityHref(id); }, expandOnTap: false,
                                      onSelect: (sel) => showSelection(side, sel, graph) });
  onCleanup(() => graph.destroy());
  explorer.graphs.path = graph;
  // Lay the paths out left to right: a node's column is its earliest position on any path.
  const column = new Map();
  for (const path of data.paths) path.nodes.forEach((n, i) => column.set(n.id, Math.min(column.get(n.id) ?? i, i)));
  for (const path of data.paths) graph.addSubgraph(path);
  const rows = new Map();
  graph.cy.nodes().forEach((n) => {
    const c = column.get(n.id()) ?? 0;
    const r = rows.get(c) || 0;
    rows.set(c, r + 1);
    n.position({ x: c * 220, y: r * 90 });
  });
  graph.cy.nodes().forEach((n) => { // centre each column vertically
    const c = column.get(n.id()) ?? 0;
    n.position('y', n.position('y') - ((rows.get(c) - 1) * 90) / 2);
  });
  graph.cy.getElementById(from).addClass('root');
  graph.cy.getElementById(to).addClass('root');
  graph.cy.edges().addClass('path-edge');
  results.replaceChildren(
    h('h2', {}, `${data.paths.length} shortest path${data.paths.length > 1 ? 's' : ''} · 條最短路徑`),
    h('div', { class: 'graph-panel' }, h('div', { class: 'graph-body' }, canvas, side)),
    h('ol', { class: 'path-list' }, data.paths.map(pathItem)));
  graph.cy.resize();
  graph.cy.fit(undefined, 40);
}

function pathItem(path, index) {
  const steps = [];
  path.nodes.forEach((node, i) => {
    const p = node.properties || {};
    steps.push(h('li', { class: 'step-node' }, labelBadge(mainLabel(node.labels)), ' ', entityLink(node.id, p.name || node.id, p.name_en)));
    const rel = path.relationships[i];
    if (!rel) return;
    const forward = rel.start === node.id;
    const rp = rel.properties || {};
    steps.push(h('li', { class: 'step-edge' },
      h('span', { class: 'arrow' }, forward ? '↓' : '↑'), relBadge(rel.type),
      h('span', { class: 'muted' }, forward ? ' (points onward)' : ' (points back)'),
      edgeFacts(rp),
      rp.quote ? quoteBlock(rp.quote, { replyNo: rp.reply_no, sourceId: rp.source_id, sourceIds: rp.source_ids, method: rp.method,
                                        charStart: rp.char_start, charEnd: rp.char_end })
        : rp.reply_nos ? h('p', { class: 'replies' }, 'in replies 答覆: ', rp.reply_nos.map((r) => [replyLink(r), ' '])) : null));
  });
  return h('li', { class: 'card path' }, h('h3', {}, `Path ${index + 1} · ${path.relationships.length} hop${path.relationships.length > 1 ? 's' : ''}`),
    h('ol', { class: 'steps' }, steps));
}

// --- funding ---------------------------------------------------------------------------------------------------------

async function pageFunding(entity, params) {
  const token = state.token;
  const year = params.get('year') || '';
  const type = params.get('type') || '';
  const nav = (changes) => {
    const p = new URLSearchParams();
    const y = changes.year ?? year; const t = changes.type ?? type;
    if (y) p.set('year', y);
    if (t) p.set('type', t);
    const ent = changes.entity !== undefined ? changes.entity : entity;
    location.hash = `${fundingHref(ent)}${p.toString() ? `?${p}` : ''}`;
  };
  const picker = searchBox({ picker: true, id: 'funding-entity', placeholder: 'Funder or recipient · 資助者或受助者 — search…',
                             onPick: (hit) => nav({ entity: hit ? hit.id : null }) });
  const yearSelect = h('select', { id: 'funding-year', 'aria-label': 'fiscal year', onchange: () => nav({ year: yearSelect.value }) },
    h('option', { value: '' }, 'every year · 所有年度'));
  const typeSelect = h('select', { id: 'funding-type', 'aria-label': 'amount type', onchange: () => nav({ type: typeSelect.value }) },
    h('option', { value: '' }, 'every type · 所有類別'),
    Object.entries(AMOUNT_TYPES).map(([t, zh]) => h('option', { value: t, selected: t === type }, `${t} ${zh}`)));
  const title = h('h1', {}, 'Funding flows · 資助');
  const body = h('div', { class: 'funding-body' }, loading('Loading funding facts'));
  // for= on the picker's label: see pagePath.
  setPage('Funding', title,
    h('div', { class: 'card funding-form' }, h('label', { for: 'funding-entity' }, h('span', {}, 'Entity · 對象'), picker.el),
      h('label', {}, h('span', {}, 'Fiscal year · 財政年度'), yearSelect), h('label', {}, h('span', {}, 'Amount type · 金額類別'), typeSelect)),
    body);
  const [entityInfo, data, everyYear] = await Promise.all([
    entity ? api.entity(entity) : null,
    api.funding({ entity, fiscalYear: year || undefined, amountType: type || undefined }),
    year || type ? api.funding({ entity }) : null,
  ]).catch((error) => { if (current(token)) body.replaceChildren(errorBox(error, 'load the funding facts')); return []; });
  if (!data || !current(token)) return;
  if (entityInfo) {
    picker.setValue({ id: entityInfo.id, label: mainLabel(entityInfo.labels), name: entityInfo.name, name_en: entityInfo.name_en });
    title.replaceChildren('Funding flows · 資助 — ', h('a', { href: entityHref(entity) }, bilingual(entityInfo.name, entityInfo.name_en)));
    document.title = `Funding ${entityInfo.name} · innograph`;
  }
  const years = [...new Set((everyYear || data).facts.map((f) => f.fiscal_year).filter(Boolean))].sort().reverse();
  yearSelect.append(...years.map((y) => h('option', { value: y, selected: y === year }, y)));
  if (year && !years.includes(year)) yearSelect.append(h('option', { value: year, selected: true }, year));

  if (!data.facts.length) {
    body.replaceChildren(h('div', { class: 'notice empty-funding' }, entity
      ? 'No funding facts for this entity with these filters · 沒有資助記錄.'
      : 'No funding facts with these filters · 沒有資助記錄.'));
    return;
  }
  const figureCount = entityInfo && entityInfo.money ? entityInfo.money.figures : 0;
  body.replaceChildren(
    h('p', { class: 'muted flows-note' }, 'Payments from a payer to a payee (FUNDS) — who pays whom. ',
      figureCount ? h('a', { href: entityHref(entity) }, `${figureCount} figure${figureCount === 1 ? '' : 's'} about it alone`) : 'Figures about one entity alone',
      ' (a budget, a cap or an average per recipient) are on its page. 機構之間的撥款；只關乎一項的數額見其頁面。'),
    h('section', { class: 'card' }, h('h2', {}, 'By fiscal year and amount type · 按年度及類別'), fundingChart(data.facts, entity)),
    h('section', { class: 'card' }, h('h2', {}, 'Totals · 總計 ', h('span', { class: 'muted small' }, 'per amount type, currency, unit and bound, as the API computes them; flows without an amount are not counted')),
      totalsTable(data.totals)),
    h('section', { class: 'card' }, h('h2', {}, `Facts · 資助記錄 `, h('span', { class: 'muted' }, `(${data.facts.length}${data.total_facts > data.facts.length ? ` of ${data.total_facts}` : ''})`)),
      factsTable(data.facts, entity)));
}

// One row per amount type, currency, unit (per) and bound, as the API sums them: a total of lower bounds is "over" it.
function totalsTable(totals) {
  const kind = (t) => [t.per ? `per ${t.per}` : null, t.bound ? `${BOUNDS[t.bound].join(' · ')} (bounds)` : null].filter(Boolean).join(', ');
  return h('table', { class: 'data totals' },
    h('thead', {}, h('tr', {}, h('th', {}, 'amount type 類別'), h('th', {}, 'currency 貨幣'), h('th', {}, 'unit, bound 單位'),
      h('th', {}, 'direction 方向'), h('th', { class: 'num' }, 'facts 記錄'), h('th', { class: 'num' }, 'total 總額'))),
    h('tbody', {}, totals.map((t) => h('tr', { dataset: { type: t.amount_type, ...(t.bound ? { bound: t.bound } : {}) } },
      h('td', {}, amountBadge(t.amount_type)), h('td', {}, t.currency), h('td', {}, kind(t) || h('span', { class: 'muted' }, '—')),
      h('td', {}, DIRECTIONS[t.direction] || t.direction), h('td', { class: 'num' }, t.facts),
      h('td', { class: 'num' }, t.bound ? `${BOUNDS[t.bound][0]} ` : '', fmtInt(t.total),
        t.total_max && t.total_max !== t.total ? ` – ${fmtInt(t.total_max)}` : '',
        h('span', { class: 'muted zh-amount' }, ` ${fmtZh(t.total)}`))))));
}

function factsTable(facts, entity) {
  let sortKey = null;
  let asc = false;
  const tbody = h('tbody');
  const columns = [
    ['funder 資助者', null], ['recipient 受助者', null], ['amount 金額', (f) => f.amount ?? -1], ['type 類別', (f) => f.amount_type],
    ['fiscal year 年度', (f) => f.fiscal_year || ''], ['source 出處', (f) => f.reply_no || ''],
  ];
  const head = h('tr', {}, columns.map(([name, key], i) => h('th', {
    class: key ? 'sortable' : '', title: key ? 'sort' : null,
    onclick: key ? () => { asc = sortKey === i ? !asc : false; sortKey = i; draw(); } : null,
  }, name)));
  function draw() {
    const rows = [...facts];
    if (sortKey !== null) {
      const key = columns[sortKey][1];
      rows.sort((a, b) => { const x = key(a); const y = key(b); return (x < y ? -1 : x > y ? 1 : 0) * (asc ? 1 : -1); });
    }
    [...head.children].forEach((th, i) => th.dataset.sorted = sortKey === i ? (asc ? 'asc' : 'desc') : '');
    tbody.replaceChildren(...rows.map((f) => h('tr', { class: `fact dir-${direction(f, entity)}`, dataset: { id: f.id } },
      h('td', {}, f.funder_id === entity ? h('strong', {}, f.funder) : h('a', { href: entityHref(f.funder_id) }, f.funder || f.funder_id)),
      h('td', {}, f.recipient_id === entity ? h('strong', {}, f.recipient) : h('a', { href: entityHref(f.recipient_id) }, f.recipient || f.recipient_id)),
      h('td', { class: 'num amount' }, amountCell(f)),
      h('td', {}, amountBadge(f.amount_type)),
      h('td', {}, f.fiscal_year || h('span', { class: 'muted' }, '—')),
      h('td', { class: 'fact-source' },
        quoteBlock(f.quote, { replyNo: f.reply_no, sourceId: f.source_id, sourceIds: f.source_ids, method: f.method }),
        f.quotes && f.quotes.length > 1 ? h('details', {}, h('summary', {}, `${f.quotes.length - 1} more · 更多`),
          f.quotes.filter((q) => q !== f.quote).map((q) => h('blockquote', {}, q))) : null))));
  }
  draw();
  return h('div', { class: 'table-wrap' }, h('table', { class: 'data facts' }, h('thead', {}, head), tbody));
}

// --- lists -------------------------------------------------------------------------------------------------------------


async function pageBrowse(kind) {
  const token = state.token;
  if (!LISTS[kind]) throw new AddressError(`No list “${kind}”: one of ${Object.keys(LISTS).join(', ')}.`);
  const tabs = h('nav', { class: 'tabs' }, Object.entries(LISTS).map(([k, [en, zh]]) =>
    h('a', { href: `#/browse/${k}`, class: k === kind ? 'active' : '' }, en, h('span', { class: 'zh' }, ` ${zh}`))));
  const filter = h('input', { type: 'search', class: 'filter', placeholder: 'Filter this list · 篩選', 'aria-label': 'filter' });
  const body = h('div', {}, loading());
  setPage(LISTS[kind][0], h('h1', {}, `${LISTS[kind][0]} · ${LISTS[kind][1]}`), tabs, filter, body);
  const data = await api.list(kind);
  if (!current(token)) return;
  const isLeg = kind === 'legislators';
  const headers = isLeg ? ['name 名稱', 'questions 問題']
    : ['name 名稱', 'kind 類型', 'mentions 提及', 'legislators 議員', 'funding in 收', 'funding out 撥', 'figures 數額'];
  const tbody = h('tbody');
  const rows = data.items.map((it) => ({
    text: [it.name, it.name_en, ...(it.aliases || []), it.id].filter(Boolean).join(' ').toLowerCase(),
    tr: h('tr', {}, h('td', {}, entityLink(it.id, it.name, it.name_en)),
      isLeg ? h('td', { class: 'num' }, it.question_count) : [h('td', {}, it.kind || ''), h('td', { class: 'num' }, it.mentions),
        h('td', { class: 'num' }, it.legislators),
        h('td', { class: 'num' }, it.funding_in ? h('a', { href: fundingHref(it.id) }, it.funding_in) : 0),
        h('td', { class: 'num' }, it.funding_out ? h('a', { href: fundingHref(it.id) }, it.funding_out) : 0),
        h('td', { class: 'num' }, it.figures ? h('a', { href: entityHref(it.id) }, it.figures) : 0)]),
  }));
  const draw = () => {
    const q = filter.value.trim().toLowerCase();
    tbody.replaceChildren(...rows.filter((r) => !q || r.text.includes(q)).map((r) => r.tr));
  };
  filter.addEventListener('input', draw);
  draw();
  body.replaceChildren(h('p', { class: 'muted' }, `${data.total} in all, most mentioned first`),
    h('table', { class: 'data' }, h('thead', {}, h('tr', {}, headers.map((x, i) => h('th', { class: i > 1 || (isLeg && i) ? 'num' : '' }, x)))), tbody));
}

// --- one reply -------------------------------------------------------------------------------------------------------

async function pageQuestion(replyNo, params) {
  if (!replyNo) throw new AddressError('No reply number in the address (#/question/ITIB001).');
  const q = await api.question(replyNo);
  const hl = params.get('hl');
  setPage(q.reply_no,
    h('header', { class: 'entity-head card' },
      h('div', { class: 'entity-title' }, labelBadge('Question'), h('h1', {}, `${q.reply_no}`),
        h('p', { class: 'name-en' }, `question ${q.question_no} · ${q.fiscal_year} · head 總目 ${q.head_no} ${q.head_name}`),
        h('code', { class: 'node-id' }, q.id)),
      h('table', { class: 'props' }, h('tbody', {},
        h('tr', {}, h('th', {}, 'asked by 提問'), h('td', {}, q.legislator_id ? h('a', { href: entityHref(q.legislator_id) }, q.asker) : q.asker)),
        q.addressed_to ? h('tr', {}, h('th', {}, 'answered by 答覆'), h('td', {}, entityLink(q.addressed_to.id, q.addressed_to.name, q.addressed_to.name_en))) : null,
        h('tr', {}, h('th', {}, 'programmes 綱領'), h('td', {}, (q.programmes || []).map((p) => h('a', { class: 'chip', href: entityHref(p.id) }, p.label)))),
        q.controlling_officer ? h('tr', {}, h('th', {}, 'controlling officer'), h('td', {}, q.controlling_officer)) : null,
        q.source ? h('tr', {}, h('th', {}, 'source 出處'), h('td', {}, docRef(q.source.id), h('span', { class: 'muted' }, ` chars ${q.char_start}–${q.char_end}`))) : null)),
      h('div', { class: 'actions' }, h('a', { class: 'button', href: entityHref(q.id) }, 'Entity page · 節點'),
        h('a', { class: 'button', href: graphHref(q.id) }, 'Graph · 圖譜'))),
    hl && findQuote(`${q.question_text}\n${q.answer_text}`, hl) < 0
      ? h('div', { class: 'notice' }, 'The quoted sentence: ', h('q', {}, hl)) : null,
    questionTexts(q, hl));
  const mark = document.getElementById('hl');
  if (mark) mark.scrollIntoView({ block: 'center' });
}

// --- start -------------------------------------------------------------------------------------------------------------

async function start() {
  // The vocabulary (labels' names and colours, relationship types) comes from the model before anything is drawn.
  try {
    useModel(await api.model());
  } catch (e) {
    toast(`Could not read the graph's model: ${e.message}`);
  }
  const top = searchBox({ id: 'top-search-input', placeholder: 'Search · 搜尋', onPick: (hit) => { location.hash = entityHref(hit.id); } });
  document.getElementById('top-search').append(top.el);
  window.addEventListener('hashchange', route);
  window.addEventListener('unhandledrejection', (e) => toast(`Unexpected error: ${e.reason && e.reason.message ? e.reason.message : e.reason}`));
  window.__explorerStarted = true;
  route();
}

start();

export { encodeId, LABELS };

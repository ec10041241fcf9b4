// Small DOM helpers, the vocabulary of the graph (labels, relationship and amount types, bilingual) and formats.

export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') el.className = value;
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
    else if (key === 'html') el.innerHTML = value; // only ever given constant markup
    else el.setAttribute(key, value === true ? '' : value);
  }
  append(el, children);
  return el;
}

export function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

export const svgNS = 'http://www.w3.org/2000/svg';
export function s(tag, attrs = {}, ...children) {
  const el = document.createElementNS(svgNS, tag);
  for (const [key, value] of Object.entries(attrs)) if (value !== undefined && value !== null) el.setAttribute(key, value);
  append(el, children);
  return el;
}

// --- the graph's vocabulary ---------------------------------------------------------------------------------------

// Filled from GET /model (data/model.yaml) when the explorer starts: names and colours are declared once, there.
export const LABELS = {};
// The browse tabs: one per entity label that has a list in the API (its plural), then the legislators.
export const LISTS = {};
export function useModel(model) {
  for (const label of model.labels) LABELS[label.name] = { zh: label.zh, color: label.colour };
  for (const label of model.labels.filter((l) => l.entity && l.plural)) {
    LISTS[label.plural] = [label.plural[0].toUpperCase() + label.plural.slice(1), label.zh];
  }
  const legislator = model.labels.find((l) => l.name === 'Legislator');
  LISTS.legislators = ['Legislators', legislator ? legislator.zh : '議員'];
  for (const rel of model.relationships) REL_TYPES[rel.name] = rel.zh;
  // Every kind of figure the model has is offered, named in Chinese where the table above knows it.
  const kinds = (model.properties.find((p) => p.name === 'amount_type') || { values: [] }).values;
  for (const kind of kinds) if (!(kind in AMOUNT_TYPES)) AMOUNT_TYPES[kind] = '';
}
const FALLBACK_LABEL = { zh: '', color: '#94a3b8' };
export const labelInfo = (label) => LABELS[label] || FALLBACK_LABEL;
export const mainLabel = (labels) => (labels || []).find((l) => LABELS[l]) || (labels || [])[0] || 'Node';

export const REL_TYPES = {}; // type -> its Chinese name, from GET /model (useModel)

export const AMOUNT_TYPES = {
  allocation: '撥款', estimate: '預算', revised_estimate: '修訂預算', actual: '實際開支', approved: '已批核',
  committed: '已承擔', invested: '已投資', cap: '上限', total: '總額', average: '平均',
  change: '變動', threshold: '門檻', salary: '薪酬', income: '收入', cost: '成本',
};
export const AMOUNT_COLORS = {
  allocation: '#2563eb', estimate: '#d97706', revised_estimate: '#f59e0b', actual: '#059669', approved: '#7c3aed',
  committed: '#db2777', invested: '#0891b2', cap: '#64748b', total: '#b91c1c', average: '#0d9488',
  change: '#9333ea', threshold: '#475569', salary: '#0e7490', income: '#16a34a', cost: '#c2410c',
};
// A figure that is a bound, not a value (data/model.yaml, `bound`): how it reads, in English and as the replies write it.
export const BOUNDS = { lower: ['over', '超過'], upper: ['up to', '最高'] };
// What a rate is per, in Chinese, for the units that have a short word; other units read "per unit" (每單位).
const PER_ZH = { year: '每年', month: '每月' };
export const DIRECTIONS = { out: 'given · 撥出', in: 'received · 收到', all: 'all · 全部' };

export function labelBadge(label) {
  const info = labelInfo(label);
  return h('span', { class: 'badge', style: `--badge:${info.color}`, title: label },
    label, info.zh ? h('span', { class: 'zh' }, ` ${info.zh}`) : null);
}

export function relBadge(type) {
  return h('span', { class: 'rel', title: type }, type, REL_TYPES[type] ? h('span', { class: 'zh' }, ` ${REL_TYPES[type]}`) : null);
}

export function amountBadge(type) {
  return h('span', { class: 'badge', style: `--badge:${AMOUNT_COLORS[type] || '#94a3b8'}` },
    type, AMOUNT_TYPES[type] ? h('span', { class: 'zh' }, ` ${AMOUNT_TYPES[type]}`) : null);
}

// A name in both languages: the zh-Hant name, and the English one beneath it when there is one.
export function bilingual(name, nameEn, { tag = 'span', cls = '' } = {}) {
  return h(tag, { class: `bi ${cls}`.trim() },
    h('span', { class: 'bi-zh', lang: 'zh-Hant' }, name || '—'),
    nameEn && nameEn !== name ? h('span', { class: 'bi-en', lang: 'en' }, nameEn) : null);
}

// --- routes: #/entity/scheme:gsps -----------------------------------------------------------------------------------

// Keep ids readable in the address bar (colons and CJK as they are), escape only what would break the hash.
export const encodeId = (id) => encodeURIComponent(id).replace(/%3A/gi, ':');
export const entityHref = (id) => `#/entity/${encodeId(id)}`;
export const graphHref = (id) => `#/graph/${encodeId(id)}`;
export const fundingHref = (id) => (id ? `#/funding/${encodeId(id)}` : '#/funding');
export const questionHref = (replyNo, quote) =>
  `#/question/${encodeURIComponent(replyNo)}${quote ? `?hl=${encodeURIComponent(quote.slice(0, 120))}` : ''}`;
export function pathHref(from, to, hops) {
  const p = new URLSearchParams();
  if (from) p.set('from', from);
  if (to) p.set('to', to);
  if (hops) p.set('hops', hops);
  const q = p.toString();
  return `#/path${q ? `?${q}` : ''}`;
}

export function entityLink(id, name, nameEn) {
  return h('a', { href: entityHref(id), class: 'entity-link', title: id }, bilingual(name || id, nameEn));
}

// --- numbers --------------------------------------------------------------------------------------------------------

export const fmtInt = (n) => (n === null || n === undefined ? '—' : Number(n).toLocaleString('en-US'));

// 2,000,000,000 -> "20億", 94,140,000 -> "9,414萬": how the sources write amounts.
export function fmtZh(n) {
  if (n === null || n === undefined) return '';
  const abs = Math.abs(n);
  if (abs >= 1e8) return `${trim(n / 1e8)}億`;
  if (abs >= 1e4) return `${trim(n / 1e4, 0)}萬`;
  return fmtInt(n);
}
function trim(x, digits = 2) {
  return Number(x.toFixed(digits)).toLocaleString('en-US', { maximumFractionDigits: digits });
}

// Short axis ticks: 1.2B, 340M, 50K.
export function fmtShort(n) {
  const abs = Math.abs(n);
  if (abs >= 1e9) return `${trim(n / 1e9, 1)}B`;
  if (abs >= 1e6) return `${trim(n / 1e6, 1)}M`;
  if (abs >= 1e3) return `${trim(n / 1e3, 1)}K`;
  return trim(n, 1);
}

// --- money ----------------------------------------------------------------------------------------------------------

const currencyPrefix = (currency) => (currency === 'HKD' ? 'HK$' : currency ? `${currency} ` : '');

// An amount as the document states it: its text ("≈ 3至5億元"), its figure in full with a range's upper end, a bound
// ("over · 超過": not a value), what a rate is per; a recipient named without an amount says so. Never converted.
export function amountCell(v) {
  if (v.amount === null || v.amount === undefined) {
    return h('div', { class: 'amount-none muted', title: 'the document names it without an amount' }, 'not stated · 未列明');
  }
  const bound = BOUNDS[v.bound];
  return [
    h('div', { class: 'amount-text', lang: 'zh-Hant' }, v.approx ? '≈ ' : '', v.amount_text || fmtInt(v.amount)),
    h('div', { class: 'amount-num' }, bound ? `${bound[0]} ` : '', currencyPrefix(v.currency), fmtInt(v.amount),
      v.amount_max ? ` – ${fmtInt(v.amount_max)}` : ''),
    bound ? h('div', { class: 'bound', dataset: { bound: v.bound } }, `${bound[0]} · ${bound[1]} — a bound, not a value`) : null,
    v.per ? h('div', { class: 'per' }, `per ${v.per} · ${PER_ZH[v.per] || '每單位'}`) : null,
  ];
}

// How the years of money facts are grouped: the fiscal year, a year "and after" ("2028-29+"), or '' for none stated.
export const yearKey = (v) => v.fiscal_year || (v.fiscal_year_onward ? `${v.fiscal_year_onward}+` : '');
export const yearHeading = (key) => (key.endsWith('+') ? `${key.slice(0, -1)} and after · 及以後` : key);

// A fiscal year ("2028-29 and after" for a cash-flow row 「2028-29及以後」), or for an undated figure the year of the
// document that states it.
export function yearOf(v) {
  if (v.fiscal_year || v.fiscal_year_onward) return yearHeading(yearKey(v));
  return h('span', { class: 'muted' }, 'not stated · 未註明', v.document_year ? ` (in a ${v.document_year} document)` : '');
}

// A table cell's headers as printed: "研發開支(百萬元) · 2023-24".
export function tableCell(v) {
  if (!v.table_row && !v.table_column) return null;
  return h('span', { class: 'table-cell', lang: 'zh-Hant', title: 'the table cell: row · column' },
    [v.table_row, v.table_column].filter(Boolean).join(' · '));
}

// --- feedback -------------------------------------------------------------------------------------------------------

export function errorBox(error, what) {
  const message = error && error.message ? error.message : String(error);
  return h('div', { class: 'error', role: 'alert' },
    h('strong', {}, what ? `Could not ${what}. ` : 'Something went wrong. '),
    h('span', { class: 'error-detail' }, message));
}

export function toast(message, kind = 'error') {
  const box = document.getElementById('toasts');
  const el = h('div', { class: `toast toast-${kind}`, role: kind === 'error' ? 'alert' : 'status' }, message,
    h('button', { class: 'toast-close', 'aria-label': 'dismiss', onclick: () => el.remove() }, '×'));
  box.append(el);
  setTimeout(() => el.remove(), kind === 'error' ? 10000 : 4000);
}

export const loading = (what = 'Loading') => h('p', { class: 'loading' }, `${what}…`);

export function debounce(fn, ms) {
  let timer;
  return (...args) => { clearTimeout(timer); timer = setTimeout(() => fn(...args), ms); };
}

export function truncate(text, n) {
  if (!text) return '';
  return text.length > n ? `${text.slice(0, n - 1)}…` : text;
}

// The "Passages" mode of the search: GET /passages as you type — the lines of replies and press documents that say a
// phrase, best first, the matched words marked. Each hit opens its reply (the passage highlighted) or its document,
// and lists the entities it names, each opening the entity's page.
//   #/passages?q=科技券&part=answer

import { getJSON } from './api.js';
import { debounce, entityHref, errorBox, fmtInt, h, labelBadge, questionHref } from './ui.js';

const PAGE = 20;
// Where to look: GET /passages?part=… (the model's parts: data/model.yaml, `part`).
const PARTS = { '': 'everywhere · 全部', question: 'questions · 問題', answer: 'answers · 答覆', document: 'press & documents · 新聞及文件' };
const PART_NAMES = { question: 'question 問題', answer: 'answer 答覆', document: 'document 文件' };

export const passagesHref = (q, part) => {
  const p = new URLSearchParams();
  if (q) p.set('q', q);
  if (part) p.set('part', part);
  const query = p.toString();
  return `#/passages${query ? `?${query}` : ''}`;
};

// The two modes of the search box, as tabs: names (entities and legislators) or passages (full text). The query typed
// in one goes along to the other.
export function searchModes(active, currentQuery) {
  const tab = (mode, label, href) => h('a', {
    class: mode === active ? 'active' : null, dataset: { mode }, href: href(''),
    onclick: (e) => { e.currentTarget.href = href(currentQuery().trim()); },
  }, label);
  return h('nav', { class: 'tabs search-modes', 'aria-label': 'search mode' },
    tab('entities', 'Names · 名稱', (q) => (q ? `#/search?q=${encodeURIComponent(q)}` : '#/')),
    tab('passages', 'Passages · 段落', (q) => passagesHref(q)));
}

// The snippet as text nodes and <mark>s: the API's pieces are never read as HTML.
function snippet(pieces) {
  return h('blockquote', { class: 'passage-snippet' },
    pieces.map((p) => (p.hit ? h('mark', {}, p.text) : p.text)));
}

function where(hit) {
  if (hit.reply_no) {
    return h('a', { class: 'passage-open reply', href: questionHref(hit.reply_no, hit.text), title: 'open the reply · 查看答覆' },
      hit.reply_no);
  }
  return h('a', { class: 'passage-open doc', href: entityHref(hit.node_id), title: hit.node_id }, hit.document_title || hit.node_id);
}

function hitItem(hit) {
  return h('li', { class: 'passage-hit', dataset: { id: hit.id } },
    h('div', { class: 'passage-head' }, labelBadge(hit.label), ' ', where(hit),
      h('span', { class: 'chip' }, PART_NAMES[hit.part] || hit.part),
      h('span', { class: 'muted' }, `¶ ${hit.paragraph}`, hit.language ? ` · ${hit.language}` : ''),
      h('span', { class: 'muted passage-score', title: 'BM25 relevance' }, hit.score.toFixed(2))),
    snippet(hit.snippet),
    hit.entities.length ? h('div', { class: 'passage-entities' }, 'names 提及 ',
      hit.entities.map((e) => h('a', { class: 'entity-link', href: entityHref(e.id), title: e.name_en || e.id, dataset: { id: e.id } },
        labelBadge(e.label), ' ', e.name || e.id))) : null);
}

// The search box and its hits; `onQuery(q, part)` hears every search (to keep the address up to date).
export function passageSearch({ initial = '', part = '', onQuery, delay = 300 } = {}) {
  const input = h('input', {
    type: 'search', class: 'search-input', id: 'passage-search', autocomplete: 'off', spellcheck: 'false',
    placeholder: 'A word or phrase from a reply or the press · 答覆或新聞中的字詞 (e.g. 科技券, 生成式人工智能, AI)',
  });
  input.value = initial;
  const partSelect = h('select', { id: 'passage-part', 'aria-label': 'where to look' },
    Object.entries(PARTS).map(([value, label]) => h('option', { value, selected: value === part }, label)));
  const status = h('div', { class: 'search-status', 'aria-live': 'polite' });
  const list = h('ol', { class: 'passage-hits' });
  const more = h('button', { type: 'button', class: 'more', hidden: true }, 'More · 更多');
  let controller = null;
  let shown = 0;
  let last = null;

  async function load(offset) {
    const q = input.value.trim();
    if (controller) controller.abort();
    if (!q) {
      list.replaceChildren();
      status.replaceChildren();
      more.hidden = true;
      return;
    }
    controller = new AbortController();
    status.textContent = 'Searching…';
    try {
      const page = await getJSON('passages', { q, part: partSelect.value, limit: PAGE, offset }, { signal: controller.signal });
      if (offset === 0) list.replaceChildren();
      list.append(...page.hits.map(hitItem));
      shown = offset + page.hits.length;
      status.textContent = page.total
        ? `${fmtInt(page.total)} passage${page.total === 1 ? '' : 's'} · ${fmtInt(page.total)} 段, best first`
        : `No passage says “${q}” · 找不到「${q}」`;
      more.hidden = shown >= page.total;
    } catch (error) {
      if (error.name === 'AbortError') return;
      list.replaceChildren();
      more.hidden = true;
      status.replaceChildren(errorBox(error, 'search the passages'));
    }
  }

  function run() {
    const key = `${input.value.trim()}\u0000${partSelect.value}`;
    if (key === last) return;
    last = key;
    if (onQuery) onQuery(input.value.trim(), partSelect.value);
    load(0);
  }
  input.addEventListener('input', debounce(run, delay));
  input.addEventListener('keydown', (e) => { if (e.key === 'Enter') { e.preventDefault(); run(); } });
  partSelect.addEventListener('change', run);
  more.addEventListener('click', () => load(shown));
  if (initial) setTimeout(run, 0);
  setTimeout(() => input.focus(), 0);

  const el = h('div', { class: 'passage-search' },
    h('div', { class: 'passage-bar' }, input, partSelect), status, list, more);
  return { el, input };
}

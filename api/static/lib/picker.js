// The search box: debounced /search as you type, results with label badges, the zh name and the English name.
// Used three ways: the page's big search (results listed inline), the top bar (a dropdown that opens the entity),
// and as a picker (path finder, funding view) that holds one chosen entity.

import { api } from './api.js';
import { bilingual, debounce, errorBox, h, labelBadge } from './ui.js';

let counter = 0;

export function searchBox({ placeholder = 'Search 搜尋 — 名稱 / name / alias', onPick, onQuery, inline = false,
                            picker = false, initial = '', autofocus = false, id, delay = 250 } = {}) {
  const listId = `search-results-${++counter}`;
  const input = h('input', {
    type: 'search', class: 'search-input', placeholder, autocomplete: 'off', spellcheck: 'false', id,
    role: 'combobox', 'aria-expanded': 'false', 'aria-controls': listId, 'aria-autocomplete': 'list',
  });
  const status = h('div', { class: 'search-status', 'aria-live': 'polite' });
  const list = h('ul', { class: `search-results ${inline ? 'inline' : 'dropdown'}`, id: listId, role: 'listbox', hidden: true });
  const chosen = h('div', { class: 'picked', hidden: true });
  const root = h('div', { class: `search-box${picker ? ' picker' : ''}` }, chosen, input, status, list);

  let hits = [];
  let active = -1;
  let controller = null;
  let lastQuery = null;
  let value = null;

  function close() {
    if (inline) return;
    list.hidden = true;
    input.setAttribute('aria-expanded', 'false');
  }

  function highlight(i) {
    active = i;
    [...list.children].forEach((li, j) => li.classList.toggle('active', j === i));
    if (list.children[i]) list.children[i].scrollIntoView({ block: 'nearest' });
  }

  function pick(hit) {
    if (picker) setValue(hit);
    if (!inline) close();
    if (onPick) onPick(hit);
  }

  function render(query) {
    list.replaceChildren();
    if (!hits.length) {
      list.append(h('li', { class: 'search-empty' }, `No entity matches “${query}” · 找不到「${query}」`));
    }
    hits.forEach((hit, i) => {
      const matchedAlias = hit.matched && hit.matched !== hit.name && hit.matched !== hit.name_en;
      list.append(h('li', {
        role: 'option', class: 'search-hit', dataset: { id: hit.id },
        onmousedown: (e) => e.preventDefault(), // keep focus: the click below still fires
        // The click is spent on the pick. Cancelling it stops a <label> around the box from passing it on to its
        // first control, which after the pick is the "×" that clears the choice again.
        onclick: (e) => { e.preventDefault(); pick(hit); },
        onmouseenter: () => highlight(i),
      },
      labelBadge(hit.label),
      h('span', { class: 'hit-names' }, bilingual(hit.name, hit.name_en)),
      h('span', { class: 'hit-meta' },
        matchedAlias ? h('span', { class: 'hit-alias' }, `≈ ${hit.matched}`) : null,
        h('code', { class: 'hit-id' }, hit.id))));
    });
    list.hidden = false;
    input.setAttribute('aria-expanded', 'true');
    active = -1;
  }

  async function run() {
    const query = input.value.trim();
    if (query === lastQuery) { if (!inline && hits.length) list.hidden = false; return; }
    lastQuery = query;
    if (onQuery) onQuery(query);
    if (controller) controller.abort();
    if (!query) {
      hits = [];
      list.replaceChildren();
      list.hidden = true;
      status.replaceChildren();
      return;
    }
    controller = new AbortController();
    root.classList.add('busy');
    status.textContent = 'Searching…';
    try {
      const result = await api.search(query, { signal: controller.signal });
      hits = result.hits;
      status.textContent = `${hits.length} result${hits.length === 1 ? '' : 's'} · ${hits.length} 個結果`;
      render(query);
    } catch (error) {
      if (error.name === 'AbortError') return;
      lastQuery = null; // let the user retry the same text
      hits = [];
      status.replaceChildren(errorBox(error, 'search'));
      list.hidden = true;
    } finally {
      root.classList.remove('busy');
    }
  }
  const runSoon = debounce(run, delay);

  input.addEventListener('input', runSoon);
  input.addEventListener('focus', () => { if (!inline && hits.length && input.value.trim()) list.hidden = false; });
  input.addEventListener('blur', () => setTimeout(close, 150));
  input.addEventListener('keydown', (e) => {
    if (e.key === 'ArrowDown') { e.preventDefault(); if (list.hidden) run(); highlight(Math.min(active + 1, hits.length - 1)); }
    else if (e.key === 'ArrowUp') { e.preventDefault(); highlight(Math.max(active - 1, 0)); }
    else if (e.key === 'Enter') {
      e.preventDefault();
      if (active >= 0 && hits[active]) pick(hits[active]);
      else if (hits.length && lastQuery === input.value.trim()) pick(hits[0]);
      else run();
    } else if (e.key === 'Escape') { close(); }
  });

  function setValue(hit) {
    value = hit;
    chosen.replaceChildren();
    if (!hit) {
      chosen.hidden = true;
      input.hidden = false;
      return;
    }
    chosen.append(labelBadge(hit.label), bilingual(hit.name, hit.name_en), h('code', {}, hit.id),
      h('button', { type: 'button', class: 'clear', title: 'choose another · 重選', 'aria-label': 'clear',
                    onclick: () => { setValue(null); input.value = ''; lastQuery = null; input.focus(); if (onPick) onPick(null); } }, '×'));
    chosen.hidden = false;
    input.hidden = true;
    list.hidden = true;
  }

  if (initial) { input.value = initial; setTimeout(run, 0); }
  if (autofocus) setTimeout(() => input.focus(), 0);

  return { el: root, input, setValue, get value() { return value; } };
}

// The funding chart, plain SVG: one panel per amount_type × currency × direction, bars per fiscal year.
// Amounts of different types (an estimate, a cap, money invested) are never added together, nor currencies, nor
// money given with money received: each panel has its own scale. Within a panel, a bar is the sum of that year's facts.
// Per-unit amounts ("per company", "per person/year") are rates, not sums: they are listed, not charted. So are ranges
// ("3至5億元": no one bar height is right) and flows whose amount the document does not state.
// Amounts per year are sums of money, so they are charted, but in panels of their own: an annual amount added to a
// one-off amount, or to several years' worth, would be neither. Bounds ("超過1.3億元") have panels of their own too:
// a sum of lower bounds is a lower bound, not a total.

import { AMOUNT_COLORS, AMOUNT_TYPES, BOUNDS, DIRECTIONS, amountBadge, fmtInt, fmtShort, fmtZh, h, s, yearKey } from './ui.js';

export const NO_YEAR = 'year not stated';

// Why a fact is listed but not charted, or null when it is charted. `per` is "year" for an annual amount; any other
// `per` is a unit (company, project, person/year...).
function notCharted(fact) {
  if (fact.amount === null || fact.amount === undefined) return 'unstated';
  if (fact.per && fact.per !== 'year') return 'rate';
  if (fact.amount_max) return 'range';
  return null;
}
const LEFT_OUT = { // one, many
  unstated: ['flow named without its amount', 'flows named without their amounts'],
  rate: ['per-unit amount', 'per-unit amounts'],
  range: ['range', 'ranges'],
};

export function direction(fact, entity) {
  if (!entity) return 'all';
  return fact.funder_id === entity ? 'out' : 'in';
}

export function panelsOf(facts, entity) {
  const panels = new Map();
  const leftOut = { unstated: 0, rate: 0, range: 0 };
  for (const fact of facts) {
    const why = notCharted(fact);
    if (why) { leftOut[why] += 1; continue; }
    const dir = direction(fact, entity);
    const per = fact.per || '';
    const bound = fact.bound || '';
    const key = `${fact.amount_type}|${fact.currency}|${dir}|${per}|${bound}`;
    if (!panels.has(key)) panels.set(key, { type: fact.amount_type, currency: fact.currency, direction: dir, per, bound, years: new Map() });
    const year = yearKey(fact) || NO_YEAR;
    const bar = panels.get(key).years.get(year) || { total: 0, facts: 0 };
    bar.total += Number(fact.amount) || 0;
    bar.facts += 1;
    panels.get(key).years.set(year, bar);
  }
  const order = Object.keys(AMOUNT_TYPES);
  const sorted = [...panels.values()].sort((a, b) =>
    (order.indexOf(a.type) - order.indexOf(b.type)) || a.currency.localeCompare(b.currency) || a.direction.localeCompare(b.direction) ||
    a.per.localeCompare(b.per) || a.bound.localeCompare(b.bound));
  return { panels: sorted, leftOut };
}

function niceMax(x) {
  if (x <= 0) return 1;
  const exp = 10 ** Math.floor(Math.log10(x));
  for (const m of [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10]) if (m * exp >= x) return m * exp;
  return 10 * exp;
}

function panelSvg(panel) {
  const years = [...panel.years.keys()].sort((a, b) => (a === NO_YEAR) - (b === NO_YEAR) || a.localeCompare(b));
  const bars = years.map((y) => ({ year: y, ...panel.years.get(y) }));
  const max = niceMax(Math.max(...bars.map((b) => b.total)));
  const left = 46; const top = 18; const plotH = 150; const barW = 26; const gap = 14;
  const width = Math.max(200, left + 10 + bars.length * (barW + gap));
  const height = top + plotH + 46;
  const color = AMOUNT_COLORS[panel.type] || '#64748b';
  const svg = s('svg', { width, height, viewBox: `0 0 ${width} ${height}`, role: 'img', class: 'chart-svg',
                         'aria-label': `${panel.type} ${panel.currency}${panel.per ? ` per ${panel.per}` : ''} by fiscal year` });
  for (let i = 0; i <= 4; i += 1) {
    const v = (max * i) / 4;
    const y = top + plotH - (plotH * i) / 4;
    svg.append(s('line', { x1: left, x2: width - 4, y1: y, y2: y, class: i ? 'grid' : 'axis' }));
    svg.append(s('text', { x: left - 6, y: y + 3, 'text-anchor': 'end', class: 'tick' }, fmtShort(v)));
  }
  bars.forEach((bar, i) => {
    const x = left + 8 + i * (barW + gap);
    const bh = Math.max(bar.total > 0 ? 1 : 0, (plotH * bar.total) / max);
    const y = top + plotH - bh;
    const tip = `${bar.year} · ${panel.type} (${AMOUNT_TYPES[panel.type] || ''}) · ` +
      `${panel.bound ? `${BOUNDS[panel.bound][0]} ` : ''}${panel.currency} ${fmtInt(bar.total)}` +
      (panel.per ? ` per ${panel.per}` : '') +
      ` = ${fmtZh(bar.total)} · ${bar.facts} fact${bar.facts === 1 ? '' : 's'}`;
    const g = s('g', { class: 'bar', 'data-year': bar.year, 'data-total': bar.total });
    g.append(s('rect', { x, y, width: barW, height: bh, fill: color, rx: 2 }, s('title', {}, tip)));
    g.append(s('text', { x: x + barW / 2, y: y - 4, 'text-anchor': 'middle', class: 'bar-value' }, fmtZh(bar.total)));
    const label = bar.year === NO_YEAR ? '未註明' : bar.year;
    g.append(s('text', { x: x + barW / 2, y: top + plotH + 12, 'text-anchor': 'end', class: 'tick year',
                         transform: `rotate(-40 ${x + barW / 2} ${top + plotH + 12})` }, label));
    svg.append(g);
  });
  return svg;
}

export function fundingChart(facts, entity) {
  const { panels, leftOut } = panelsOf(facts, entity);
  const wrap = h('div', { class: 'chart' });
  if (!panels.length) {
    wrap.append(h('p', { class: 'muted' }, 'No amounts to chart · 沒有可繪製的金額'));
  }
  for (const panel of panels) {
    const count = [...panel.years.values()].reduce((n, b) => n + b.facts, 0);
    wrap.append(h('figure', { class: 'chart-panel', dataset: { type: panel.type, direction: panel.direction,
                                                               ...(panel.per ? { per: panel.per } : {}), ...(panel.bound ? { bound: panel.bound } : {}) } },
      h('figcaption', {},
        amountBadge(panel.type), ' ', h('span', { class: 'muted' }, panel.currency),
        panel.per ? h('span', { class: 'per' }, ` per ${panel.per}${panel.per === 'year' ? ' · 每年' : ''}`) : null,
        panel.bound ? h('span', { class: 'bound' }, ` ${BOUNDS[panel.bound].join(' · ')} (bounds)`) : null,
        entity ? h('span', { class: 'dir' }, ` · ${DIRECTIONS[panel.direction]}`) : null,
        h('span', { class: 'muted' }, ` · ${count} fact${count === 1 ? '' : 's'}`)),
      panelSvg(panel)));
  }
  const listed = Object.entries(leftOut).filter(([, n]) => n)
    .map(([why, n]) => `${n} ${LEFT_OUT[why][n === 1 ? 0 : 1]}`);
  const note = h('p', { class: 'chart-note' },
    'Each panel has its own scale: amounts of different types, currencies or directions are never added together, ',
    'nor amounts per year with one-off amounts, nor bounds with exact amounts. ',
    '不同類別、貨幣或方向的金額從不相加，每年金額亦不與一次性金額相加。',
    listed.length ? ` Listed below, not charted: ${listed.join(', ')}.` : '');
  wrap.append(note);
  return wrap;
}

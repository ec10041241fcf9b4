// The interactive graph: cytoscape.js (vendored, MIT) over the API's graph shape
// {nodes:[{id,labels,properties}], relationships:[{id,type,start,end,properties}]}.
// One tap on a node expands its neighbours; a double tap opens its page.

import cytoscape from '../vendor/cytoscape.esm.min.js';
import { api } from './api.js';
import { labelInfo, mainLabel, truncate } from './ui.js';

const FONT = '"Noto Sans CJK TC", "Noto Sans TC", "PingFang TC", "Microsoft JhengHei", "Source Han Sans TC", system-ui, sans-serif';
const REL_COLORS = {
  FUNDS: '#d97706', ADMINISTERS: '#059669', MENTIONS: '#94a3b8', ASKED: '#db2777', ASKED_ABOUT: '#f472b6',
  ADDRESSED_TO: '#b91c1c', UNDER_PROGRAMME: '#ca8a04', HAS_PROGRAMME: '#ca8a04', PART_OF: '#ea580c',
  FROM_DOCUMENT: '#0f766e',
};

export function caption(name, nameEn, mode) {
  const zh = truncate(name || '', 18);
  const en = nameEn && nameEn !== name ? truncate(nameEn, 30) : '';
  if (mode === 'en') return en || zh;
  if (mode === 'zh' || !en) return zh;
  return `${zh}\n${en}`;
}

const STYLE = [
  {
    selector: 'node',
    style: {
      'background-color': 'data(color)', label: 'data(caption)', 'font-family': FONT, 'font-size': 12,
      color: '#1e293b', 'text-valign': 'bottom', 'text-halign': 'center', 'text-margin-y': 4, 'text-wrap': 'wrap',
      'text-max-width': 150, 'text-outline-color': '#fff', 'text-outline-width': 2, width: 24, height: 24,
      'border-width': 1.5, 'border-color': '#fff', 'overlay-padding': 4, 'min-zoomed-font-size': 6,
    },
  },
  { selector: 'node.root', style: { width: 40, height: 40, 'font-size': 13, 'font-weight': 'bold', 'border-width': 3, 'border-color': '#0f172a' } },
  { selector: 'node.expanded', style: { 'border-width': 3, 'border-color': '#334155', 'border-style': 'double' } },
  { selector: 'node.loading', style: { 'border-color': '#f59e0b', 'border-width': 4, 'border-style': 'dashed' } },
  { selector: 'node:selected', style: { 'border-color': '#0ea5e9', 'border-width': 4, 'underlay-color': '#38bdf8', 'underlay-opacity': 0.25, 'underlay-padding': 6 } },
  { selector: 'node.faded, edge.faded', style: { opacity: 0.15 } },
  {
    selector: 'edge',
    style: {
      width: 1.4, 'line-color': 'data(color)', 'target-arrow-color': 'data(color)', 'target-arrow-shape': 'triangle',
      'arrow-scale': 0.8, 'curve-style': 'bezier', opacity: 0.85, 'font-family': FONT, 'font-size': 9,
      color: '#475569', 'text-rotation': 'autorotate', 'text-background-color': '#fff', 'text-background-opacity': 0.85,
      'text-background-padding': 1,
    },
  },
  { selector: 'edge[type = "FUNDS"]', style: { width: 2.4 } },
  { selector: 'edge.labelled, edge:selected', style: { label: 'data(type)' } },
  { selector: 'edge:selected', style: { width: 3.5, 'line-color': '#0ea5e9', 'target-arrow-color': '#0ea5e9', opacity: 1 } },
  { selector: 'edge.path-edge', style: { width: 3, label: 'data(type)' } },
];

/**
 * A graph in `container`. Options: onOpen(id) on double tap, onSelect({kind:'node'|'edge'|null, data}),
 * onChange(counts), onError(error), expandParams() -> {type, limit} used when a node is expanded,
 * layout: 'cose' (default) or 'preset'.
 */
export function createGraph(container, opts = {}) {
  let captionMode = opts.captions || 'both';
  const cy = cytoscape({
    container,
    layout: { name: 'preset' }, // the container may not be in the page yet: real layouts run later, see layout()
    style: STYLE,
    minZoom: 0.15,
    maxZoom: 3,
    boxSelectionEnabled: false,
  });
  const notify = () => opts.onChange && opts.onChange({ nodes: cy.nodes().length, edges: cy.edges().length });

  function addSubgraph(data, { near } = {}) {
    const added = { nodes: 0, edges: 0 };
    const origin = near ? cy.getElementById(near) : null;
    const base = origin && origin.nonempty() ? origin.position() : null;
    cy.batch(() => {
      for (const node of data.nodes || []) {
        if (cy.getElementById(node.id).nonempty()) continue;
        const label = mainLabel(node.labels);
        const p = node.properties || {};
        const name = p.name || p.title || node.id;
        const el = {
          group: 'nodes',
          data: { id: node.id, label, name, name_en: p.name_en || p.title_en || null, color: labelInfo(label).color,
                  caption: caption(name, p.name_en, captionMode), props: p },
        };
        if (base) el.position = { x: base.x + (Math.random() - 0.5) * 80, y: base.y + (Math.random() - 0.5) * 80 };
        cy.add(el);
        added.nodes += 1;
      }
      (data.relationships || []).forEach((rel, i) => {
        const id = rel.id || `${rel.type}:${rel.start}->${rel.end}:${i}`;
        if (cy.getElementById(id).nonempty()) return;
        if (cy.getElementById(rel.start).empty() || cy.getElementById(rel.end).empty()) return;
        cy.add({ group: 'edges', data: { id, source: rel.start, target: rel.end, type: rel.type,
                                          color: REL_COLORS[rel.type] || '#94a3b8', props: rel.properties || {} } });
        added.edges += 1;
      });
      cy.edges().toggleClass('labelled', cy.edges().length <= 30);
    });
    notify();
    return added;
  }

  let layoutRun = null;
  function layout({ fit = true, randomize = false } = {}) {
    if (layoutRun) layoutRun.stop();
    cy.resize(); // the container may have been attached or resized since the graph was made
    const n = cy.nodes().length;
    const options = n <= 1 ? { name: 'grid' } : {
      name: 'cose', animate: n < 150 ? 'end' : false, animationDuration: 400, randomize, fit, padding: 30,
      nodeRepulsion: () => 7000, idealEdgeLength: () => 70, edgeElasticity: () => 80, gravity: 0.6,
      numIter: 1200, nodeDimensionsIncludeLabels: true,
    };
    const run = cy.layout(options);
    layoutRun = run;
    run.one('layoutstop', () => { if (layoutRun === run) layoutRun = null; });
    run.run();
  }

  const expanding = new Set();
  async function expand(id) {
    const node = cy.getElementById(id);
    if (node.empty() || expanding.has(id)) return null;
    expanding.add(id);
    node.addClass('loading');
    try {
      const params = opts.expandParams ? opts.expandParams() : {};
      const data = await api.neighbours(id, { depth: 1, ...params });
      const added = addSubgraph(data, { near: id });
      node.addClass('expanded');
      if (added.nodes || added.edges) layout({ fit: false });
      return added;
    } catch (error) {
      if (opts.onError) opts.onError(error, id);
      return null;
    } finally {
      node.removeClass('loading');
      expanding.delete(id);
    }
  }

  function setCaptions(mode) {
    captionMode = mode;
    cy.batch(() => cy.nodes().forEach((n) => n.data('caption', caption(n.data('name'), n.data('name_en'), mode))));
  }

  // Neighbourhood highlight on hover, selection reported to the page.
  cy.on('mouseover', 'node', (e) => {
    const hood = e.target.closedNeighborhood();
    cy.elements().not(hood).addClass('faded');
    container.style.cursor = 'pointer';
  });
  cy.on('mouseout', 'node', () => { cy.elements().removeClass('faded'); container.style.cursor = ''; });
  cy.on('onetap', 'node', (e) => { if (opts.expandOnTap !== false) expand(e.target.id()); });
  cy.on('dbltap', 'node', (e) => opts.onOpen && opts.onOpen(e.target.id()));
  cy.on('select', 'node', (e) => opts.onSelect && opts.onSelect({ kind: 'node', data: e.target.data(), el: e.target }));
  cy.on('select', 'edge', (e) => opts.onSelect && opts.onSelect({ kind: 'edge', data: e.target.data(), el: e.target }));
  cy.on('unselect', () => setTimeout(() => {
    if (cy.$(':selected').empty() && opts.onSelect) opts.onSelect({ kind: null });
  }, 0));

  return {
    cy,
    addSubgraph,
    layout,
    expand,
    setCaptions,
    fit: () => cy.animate({ fit: { eles: cy.elements(), padding: 30 }, duration: 300 }),
    clear: () => { cy.elements().remove(); notify(); },
    busy: () => layoutRun !== null || expanding.size > 0, // tests wait for this before clicking a node
    counts: () => ({ nodes: cy.nodes().length, edges: cy.edges().length }),
    labels: () => [...new Set(cy.nodes().map((n) => n.data('label')))],
    destroy: () => { if (layoutRun) layoutRun.stop(); cy.destroy(); },
  };
}

// The API client: every call the explorer makes, with errors turned into readable messages.
// URLs are relative to the page, so the explorer also works when the API is mounted under a prefix.
// A server with an API key answers 401 until the key is sent: then the reader is asked for it (lib/apikey.js).

import { askForKey, currentKey } from './apikey.js';

export class ApiError extends Error {
  constructor(message, { status = 0, url = '' } = {}) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.url = url;
  }
}

const cache = new Map(); // url -> Promise of JSON, for the few immutable look-ups (document titles)

function url(path, params = {}) {
  const u = new URL(path, document.baseURI);
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === '') continue;
    for (const v of Array.isArray(value) ? value : [value]) u.searchParams.append(key, v);
  }
  return u.toString();
}

function detailOf(body) {
  if (!body || body.detail === undefined) return '';
  if (typeof body.detail === 'string') return body.detail;
  if (Array.isArray(body.detail)) {   // FastAPI validation errors
    return body.detail.map((d) => `${(d.loc || []).slice(1).join('.') || 'request'}: ${d.msg}`).join('; ');
  }
  return JSON.stringify(body.detail);
}

// The response to a GET with the key, if there is one; on 401 the reader is asked for a (new) key and the call is
// made again with it, until the server takes it or the reader cancels (then the 401 is the answer).
async function fetchWithKey(target, signal) {
  for (;;) {
    const key = currentKey();
    const headers = { Accept: 'application/json' };
    if (key) headers['X-API-Key'] = key;
    const response = await fetch(target, { headers, signal });
    if (response.status !== 401) return response;
    if ((await askForKey(key)) === null) return response;
  }
}

export async function getJSON(path, params = {}, { signal } = {}) {
  const target = url(path, params);
  let response;
  try {
    response = await fetchWithKey(target, signal);
  } catch (error) {
    if (error.name === 'AbortError') throw error;
    throw new ApiError(`The API did not answer (${error.message}). Is \`innograph serve\` running?`, { url: target });
  }
  let body = null;
  const text = await response.text();
  try { body = text ? JSON.parse(text) : null; } catch { body = null; }
  if (!response.ok) {
    const detail = detailOf(body) || text.slice(0, 200) || response.statusText;
    const hint = response.status === 503 ? ' — the graph store is not reachable' :
      response.status === 401 ? ' — this server needs an API key' : '';
    throw new ApiError(`${response.status} ${detail}${hint}`, { status: response.status, url: target });
  }
  if (body === null) throw new ApiError(`The API sent something that is not JSON (${target})`, { url: target });
  return body;
}

const seg = (id) => encodeURIComponent(id);

export const api = {
  search: (q, opts) => getJSON('search', { q, limit: 20 }, opts),
  entity: (id) => getJSON(`entities/${seg(id)}`, { sources: 500 }),
  neighbours: (id, { depth = 1, type, limit = 60 } = {}) =>
    getJSON(`entities/${seg(id)}/neighbours`, { depth, type, limit }),
  paths: (from, to, maxHops = 4) => getJSON('paths', { from, to, max_hops: maxHops, limit: 10 }),
  funding: ({ entity, fiscalYear, amountType } = {}) =>
    getJSON('funding', { entity, fiscal_year: fiscalYear, amount_type: amountType, limit: 1000 }),
  figures: (id, { fiscalYear, amountType } = {}) =>
    getJSON(`entities/${seg(id)}/figures`, { fiscal_year: fiscalYear, amount_type: amountType, limit: 1000 }),
  list: (what, limit = 500) => getJSON(what, { limit }),
  legislator: (id) => getJSON(`legislators/${seg(id)}`),
  question: (replyNo) => getJSON(`questions/${seg(replyNo)}`),
  stats: () => getJSON('stats'),
  model: () => getJSON('model'),
  // One node with every property (neighbourhoods leave out long texts and quotes): a document's title, a
  // question's text, a figure's quote. They never change while the page is open: ask once.
  node(id) {
    if (!cache.has(id)) {
      const p = getJSON(`entities/${seg(id)}`, { sources: 0 }).catch((e) => { cache.delete(id); throw e; });
      cache.set(id, p);
    }
    return cache.get(id);
  },
  document: (id) => api.node(id),
  // One relationship with its provenance (quote, quotes, replies), fetched when it is selected.
  relationship: (id) => getJSON(`relationships/${seg(id)}`),
};

// The API key, for a server started with INNOGRAPH_API_KEY: asked for in a small form when an API call answers
// 401, kept in sessionStorage (for this tab, until it is closed) and sent as X-API-Key on every call.
// Calls that get 401 while the form is open all wait for the same answer: the reader is asked once.

import { h } from './ui.js';

const STORAGE_KEY = 'innograph.apiKey';
let pending = null; // the open form's answer: a Promise of the key, or of null when the reader cancels
let memory = ''; // the key, where sessionStorage is disabled: then it lasts as long as the page

export function currentKey() {
  try { return sessionStorage.getItem(STORAGE_KEY) || memory; } catch { return memory; }
}

function keep(key) {
  memory = key;
  try { sessionStorage.setItem(STORAGE_KEY, key); } catch { /* storage disabled: `memory` has it */ }
}

// A new key to try after `refused` (the key a request was sent with, '' for none) got 401; null if the reader
// cancelled. If another call's form has already been answered with a different key, that key is tried at once.
export function askForKey(refused) {
  const known = currentKey();
  if (known && known !== refused) return Promise.resolve(known);
  if (!pending) pending = showForm(refused).finally(() => { pending = null; });
  return pending;
}

function showForm(refused) {
  return new Promise((resolve) => {
    const input = h('input', { type: 'password', name: 'api-key', autocomplete: 'off', required: true,
      'aria-label': 'API key', placeholder: 'API key' });
    const cancel = h('button', { type: 'button', class: 'secondary' }, 'Cancel · 取消');
    const form = h('form', { method: 'dialog', id: 'api-key-form' },
      h('h2', {}, 'API key · 存取密鑰'),
      h('p', { class: refused ? 'api-key-refused' : 'muted' }, refused
        ? 'The server refused that key. Try again.'
        : 'This server needs an API key (the value of INNOGRAPH_API_KEY where it runs).'),
      input,
      h('div', { class: 'api-key-buttons' }, cancel, h('button', { type: 'submit' }, 'Use key · 使用')));
    const dialog = h('dialog', { class: 'api-key-dialog' }, form);
    const before = document.activeElement; // the search box, often: typing must reach it again afterwards
    const close = (key) => {
      dialog.close();
      dialog.remove();
      // Chromium puts the focus back on `before` but keystrokes no longer reach it until it is focused anew
      if (before instanceof HTMLElement && before.isConnected) { before.blur(); before.focus(); }
      resolve(key);
    };
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const key = input.value.trim();
      if (!key) return;
      keep(key);
      close(key);
    });
    cancel.addEventListener('click', () => close(null));
    dialog.addEventListener('cancel', (event) => { event.preventDefault(); close(null); }); // Escape
    document.body.append(dialog);
    dialog.showModal();
    input.focus();
  });
}

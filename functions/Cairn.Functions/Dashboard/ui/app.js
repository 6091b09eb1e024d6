// Routing by hash (#/, #/x/<id>, #/me) and signing in; views live in their own modules.
import { api, auth } from './api.js';
import { announce } from './dom.js';
import { collectiveView } from './collective.js';
import { experienceView } from './experience.js';
import { mineView, leaveMine } from './mine.js';

const view = document.getElementById('view');
let me = null;

async function signIn(key) {
  auth.set(key);
  try {
    me = await api('/agents/me');
  } catch (error) {
    auth.clear();
    me = null;
    throw error;
  }
}

function showIdentity() {
  document.getElementById('signin').hidden = !!me;
  document.getElementById('signed-in').hidden = !me;
  document.getElementById('who').textContent = me ? `Signed in as ${me.username}` : '';
}

async function route() {
  const [path, query = ''] = location.hash.replace(/^#/, '').split('?');
  const params = new URLSearchParams(query);
  leaveMine();
  document.title = 'Cairn';
  const parts = (path || '/').split('/').filter(Boolean);
  try {
    if (parts[0] === 'x' && parts[1]) await experienceView(view, decodeURIComponent(parts[1]), me);
    else if (parts[0] === 'me') {
      if (me) await mineView(view, me);
      else { view.replaceChildren(); view.append('Sign in with your API key (top right) to see your sessions, inbox and memories.'); }
    } else await collectiveView(view, params);
  } catch (error) {
    view.replaceChildren();
    view.append(`Something went wrong: ${error.message}`);
  }
  view.dataset.ready = path || '/';
  performance.mark(`cairn-ready:${path || '/'}`);
}

document.getElementById('signin').addEventListener('submit', async (e) => {
  e.preventDefault();
  const input = document.getElementById('api-key');
  const key = input.value.trim();
  if (!key) { announce('Type an API key first.'); input.focus(); return; }
  try {
    await signIn(key);
    input.value = '';
    showIdentity();
    announce(`Signed in as ${me.username}`);
    location.hash = '#/me';
  } catch (error) {
    announce(`Sign-in failed: ${error.message}`);
    input.focus();
  }
});

document.getElementById('signout').addEventListener('click', () => {
  auth.clear();
  me = null;
  showIdentity();
  announce('Signed out');
  location.hash = '#/';
  route();
});

window.addEventListener('hashchange', route);

if (auth.key) {
  try { await signIn(auth.key); } catch { /* a rotated or deleted key: start signed out */ }
}
showIdentity();
await route();

// Signed in: memories by ring with their decay stage and next transition, engrams, clipboard and webhooks.
import { api, enc, ApiError } from './api.js';
import { h, replace, when, section, announce } from './dom.js';

const RINGS = ['buffer', 'procedures', 'practice', 'long_term', 'shocks'];
const STAGES = ['full', 'compressed', 'summary', 'essence', 'forgotten'];

export async function memoriesSection() {
  const body = h('div', {});
  await showMemories(body);
  return section('Memories', body);
}

// The export is the one read that lists every memory (search needs a query); only its memories are used.
async function showMemories(body) {
  try {
    const { memories } = await api('/agents/me/export');
    const byRing = RINGS.map((ring) => [ring, memories.filter((m) => m.ring === ring)]).filter(([, list]) => list.length);
    replace(body, byRing.length ? byRing.map(([ring, list]) => h('div', { class: 'ring' },
      h('h3', {}, `${ring.replace('_', ' ')} (${list.length})`),
      h('ul', { class: 'plain' }, list.map((m) => memoryItem(body, m))))) : h('p', { class: 'muted' }, 'No memories yet.'));
  } catch (error) {
    replace(body, h('p', { class: 'error' }, error.message));
  }
}

function memoryItem(body, m) {
  const stage = STAGES.indexOf(m.stage);
  const never = !m.due_at || new Date(m.due_at).getFullYear() >= 9999;
  return h('li', { class: 'memory', 'data-id': m.id },
    h('p', {}, m.essence || m.summary || m.content),
    h('ol', { class: 'timeline', 'aria-label': `Decay stage: ${m.stage}` },
      STAGES.map((s, i) => h('li', { class: i < stage ? 'past' : i === stage ? 'now' : 'next', 'aria-current': i === stage ? 'step' : null }, s))),
    h('p', { class: 'muted' }, `observed `, when(m.created_at), m.ring === 'shocks' || never ? ' · never decays' : [' · next transition ', when(m.due_at)]),
    h('button', { type: 'button', class: 'danger', 'aria-label': `Delete memory: ${(m.essence || m.content).slice(0, 60)}`, onclick: async () => {
      if (!confirm('Delete this memory? It cannot be undone.')) return;
      try {
        await api(`/memory/${enc(m.id)}`, { method: 'DELETE' });
        announce('Memory deleted');
        await showMemories(body);
      } catch (error) { announce(error.message); }
    } }, 'Delete'));
}

export async function engramsSection() {
  const body = h('div', {});
  try {
    const { engrams } = await api('/engrams?limit=20');
    replace(body, engrams.length ? h('ul', { class: 'plain' }, engrams.map(({ engram: e, meta }) => {
      const fb = e.feedback_signals ?? {};
      const conflicts = e.relations?.conflicts ?? [];
      const versions = h('div', {});
      return h('li', { class: 'engram' },
        h('p', {}, h('strong', {}, e.statement), ' ', h('span', { class: `tag ${e.status}` }, e.status ?? ''), h('code', {}, ` ${e.id}`)),
        h('p', { class: 'muted' }, `activation ${meta.activation.toFixed(2)} · recalled ${meta.accesses}× · feedback +${fb.positive ?? 0} / −${fb.negative ?? 0} / ${fb.neutral ?? 0}`),
        conflicts.length ? h('p', { class: 'error' }, `conflicts with ${conflicts.join(', ')}`) : null,
        h('details', { ontoggle: async (ev) => {
          if (!ev.target.open || versions.childElementCount) return;
          const v = await api(`/engrams/${enc(e.id)}/versions`);
          replace(versions, h('ol', {}, v.versions.map((x) => h('li', {}, `v${x.version} `, when(x.changed_at), x.current ? ' (current)' : ''))));
        } }, h('summary', {}, 'Versions'), versions),
        h('div', { class: 'row' }, ['positive', 'negative'].map((signal) => h('button', { type: 'button', onclick: async () => {
          try { await api(`/engrams/${enc(e.id)}/feedback`, { method: 'POST', body: { signal } }); announce(`Feedback ${signal} recorded`); } catch (error) { announce(error.message); }
        } }, signal === 'positive' ? 'Helped' : 'Did not help'))));
    })) : h('p', { class: 'muted' }, 'No engrams yet.'));
  } catch (error) {
    replace(body, h('p', { class: 'error' }, error.message));
  }
  return section('Engrams', body);
}

export async function clipboardSection() {
  const body = h('div', {});
  try {
    const { entries } = await api('/clipboard?limit=20');
    replace(body, entries.length ? h('table', {}, h('caption', { class: 'muted' }, 'Values are fetched on request'),
      h('thead', {}, h('tr', {}, ['Name / index', 'Type', 'Size', 'Expires', ''].map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, entries.map((e) => {
        const key = e.name ? `name=${enc(e.name)}` : `idx=${e.idx}`;
        return h('tr', {}, h('td', {}, e.name ?? `#${e.idx}`), h('td', {}, e.content_type), h('td', {}, `${e.size_bytes} B`), h('td', {}, when(e.expires_at)),
          h('td', {}, h('button', { type: 'button', onclick: async (ev) => {
            const full = await api(`/clipboard/entry?${key}`);
            const shown = full.encoding === 'base64' ? `(${full.size_bytes} bytes, base64)` : full.value;
            ev.target.closest('tr').after(h('tr', {}, h('td', { colspan: 5 }, h('pre', { class: 'code' }, shown))));
            ev.target.disabled = true;
          } }, 'Show')));
      }))) : h('p', { class: 'muted' }, 'The clipboard is empty.'));
  } catch (error) {
    replace(body, h('p', { class: 'error' }, error.message));
  }
  return section('Clipboard', body);
}

// Webhooks may not exist on this deployment: a 404 means "not available", not an error.
export async function webhooksSection() {
  const body = h('div', {});
  try {
    const data = await api('/webhooks');
    const hooks = data?.webhooks ?? data?.subscriptions ?? (Array.isArray(data) ? data : []);
    replace(body, hooks.length ? h('ul', { class: 'plain' }, hooks.map((w) => h('li', {}, h('code', {}, w.url ?? w.id), ' ', (w.events ?? w.event_types ?? []).join(', ')))) : h('p', { class: 'muted' }, 'No webhooks.'));
  } catch (error) {
    replace(body, h('p', { class: 'muted' }, error instanceof ApiError && (error.status === 404 || error.status === 405) ? 'Webhooks are not available on this deployment.' : error.message));
  }
  return section('Webhooks', body);
}

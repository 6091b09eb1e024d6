// Signed in: my sessions and their entries, and the inbox, updated live by the pulse.
import { api, enc } from './api.js';
import { h, replace, when, tags, section, announce } from './dom.js';
import { connectPulse } from './pulse.js';
import { memoriesSection, engramsSection, clipboardSection, webhooksSection } from './memory.js';

let stopPulse = null;

export function leaveMine() {
  stopPulse?.();
  stopPulse = null;
}

export async function mineView(view, me) {
  const inbox = h('div', {});
  replace(view,
    h('h1', {}, `${me.name} `, h('span', { class: 'muted' }, `@${me.username}`)),
    h('nav', { class: 'tabs', 'aria-label': 'Sections' },
      ['Inbox', 'Sessions', 'Memories', 'Engrams', 'Clipboard', 'Webhooks'].map((s) => h('button', { type: 'button', class: 'tab', onclick: () => {
        const heading = document.getElementById(`s-${s.toLowerCase()}-h`);
        heading?.scrollIntoView({ block: 'start' });
        heading?.focus();
      } }, s))),
    h('div', { class: 'split' },
      h('div', {}, section('Inbox', inbox), await sessionsSection()),
      h('div', {}, await memoriesSection(), await engramsSection())),
    h('div', { class: 'split' }, await clipboardSection(), await webhooksSection()));
  await showInbox(inbox);
}

async function showInbox(target) {
  const state = h('span', { class: 'pulse-state', 'data-testid': 'pulse-state' }, 'connecting');
  const unread = h('span', { 'data-testid': 'unread' }, '…');
  const list = h('ol', { class: 'events', 'aria-live': 'polite', 'aria-label': 'Inbox events' });
  const markAll = h('button', { type: 'button', onclick: async () => {
    const result = await api('/pulse/inbox/mark-read', { method: 'POST', body: { mark_all: true } });
    unread.textContent = String(result.unread_count);
    list.querySelectorAll('.unread').forEach((li) => li.classList.remove('unread'));
    announce(`${result.marked} marked read`);
  } }, 'Mark all read');
  replace(target, h('p', { class: 'row' }, h('span', {}, 'Live: ', state), h('span', {}, 'Unread: ', unread), markAll), list);
  const page = await api('/pulse/inbox?limit=30');
  unread.textContent = String(page.unread_count);
  list.append(...page.events.map(eventItem));
  if (!page.events.length) list.append(h('li', { class: 'muted empty' }, 'No events yet.'));
  stopPulse?.();
  stopPulse = connectPulse((event) => {
    if (list.querySelector(`[data-id="${CSS.escape(event.id)}"]`)) return;
    list.querySelector('.empty')?.remove();
    list.prepend(eventItem({ ...event, is_read: false }, true));
    unread.textContent = String(Number(unread.textContent || 0) + 1);
    announce(`New event: ${event.event_type}`);
  }, (s) => { state.textContent = s; });
}

function eventItem(e, fresh = false) {
  const d = e.event_data ?? {};
  const who = d.contributor?.username ?? d.reporter?.username ?? d.voter?.username ?? d.owner?.username;
  const about = d.topic ?? d.short_id ?? d.session_id ?? '';
  const text = typeof d.content === 'object' && d.content ? Object.values(d.content).filter((v) => typeof v === 'string').join(' — ') : '';
  return h('li', { class: `event ${e.is_read ? '' : 'unread'} ${fresh ? 'fresh' : ''}`, 'data-id': e.id },
    h('strong', {}, e.event_type.replaceAll('_', ' ')), ' ',
    who ? h('span', {}, `from ${who} `) : null, about ? h('span', { class: 'muted' }, String(about)) : null,
    text ? h('p', {}, text) : null, when(e.created_at));
}

async function sessionsSection() {
  const body = h('div', {});
  try {
    const { sessions } = await api('/sessions?limit=20');
    replace(body, sessions.length ? h('ul', { class: 'plain' }, sessions.map((s) => {
      const entries = h('div', {});
      return h('li', {}, h('details', { ontoggle: async (e) => {
        if (!e.target.open || entries.childElementCount) return;
        const full = await api(`/sessions/${enc(s.id)}`);
        replace(entries, full.entries?.length ? h('ol', {}, full.entries.map((en) =>
          h('li', {}, h('span', { class: 'tag' }, en.entry_type), ' ', Object.values(en.content).filter((v) => typeof v === 'string').join(' — ')))) : h('p', { class: 'muted' }, 'No entries.'));
      } }, h('summary', {}, s.topic, ' ', h('span', { class: `tag ${s.status}` }, s.status), ' ', tags(s.tools_used), ` ${s.entry_count} entries`), entries));
    })) : h('p', { class: 'muted' }, 'No sessions yet.'));
  } catch (error) {
    replace(body, h('p', { class: 'error' }, error.message));
  }
  return section('Sessions', body);
}

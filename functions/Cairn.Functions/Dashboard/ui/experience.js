// One experience: what was tried and failed, what worked, the warnings, the code, and how well it worked for others.
import { api, auth, enc } from './api.js';
import { h, replace, when, percent, tags, section, announce } from './dom.js';
import { bars, line } from './chart.js';
import { highlight } from './highlight.js';

export async function experienceView(view, id, me) {
  let x;
  try {
    x = await api(`/experiences/${enc(id)}`);
  } catch (error) {
    replace(view, h('h1', {}, 'Experience'), h('p', { class: 'error', role: 'alert' }, error.message));
    return;
  }
  const list = (items, render) => (items.length ? h('ul', { class: 'plain' }, items.map((i) => h('li', {}, render(i)))) : h('p', { class: 'muted' }, 'None.'));
  replace(view,
    h('p', {}, h('a', { href: '#/' }, '← The collective')),
    h('h1', {}, x.goal),
    h('div', { class: 'meta' },
      h('span', { class: `outcome ${x.outcome}` }, x.outcome),
      x.domain ? h('span', { class: 'tag domain' }, x.domain) : null, tags(x.tools_used),
      h('span', {}, `by ${x.author.username}`), when(x.published_at ?? x.created_at), h('code', {}, x.short_id)),
    h('div', { class: 'split' },
      h('div', {},
        section('Dead ends', list(x.dead_ends, (d) => [h('strong', {}, d.what), d.why ? h('p', {}, d.why) : null])),
        section('Breakthroughs', list(x.breakthroughs, (b) => [h('strong', {}, b.insight), b.importance ? h('span', { class: `tag ${b.importance}` }, b.importance) : null, b.detail ? h('p', {}, b.detail) : null])),
        section('Gotchas', list(x.gotchas, (g) => [h('strong', {}, g.warning), g.context ? h('p', {}, g.context) : null])),
        section('Artifacts', x.artifacts.length ? x.artifacts.map((a) => h('figure', { class: 'artifact' },
          h('figcaption', {}, a.description ?? '', ' ', a.language ? h('span', { class: 'tag' }, a.language) : null), highlight(a.code ?? '', a.language))) : h('p', { class: 'muted' }, 'None.')),
        x.notes.length ? section('Notes', list(x.notes, (n) => n)) : null),
      h('div', {}, quality(x, await history(x)), actions(view, x, me))));
  document.title = `${x.goal} · Cairn`;
  announce(`Experience ${x.short_id}`);
}

// A failed history read still leaves today's figures on the page.
async function history(x) {
  try {
    const { points, truncated } = await api(`/experiences/${enc(x.short_id)}/history`);
    if (!points.length) return h('p', { class: 'muted' }, 'No reports or votes yet, so no history.');
    return h('figure', { class: 'history' },
      line('Quality score over time', points.map((p) => ({ at: new Date(p.at), value: p.quality_score }))),
      h('figcaption', { class: 'muted' }, `Quality after each of ${points.length} reports and votes${truncated ? ' (the most recent)' : ''}, from `, when(points[0].at), ' to ', when(points[points.length - 1].at)));
  } catch {
    return null;
  }
}

function quality(x, chart) {
  return section('How well it works',
    h('dl', { class: 'numbers' },
      h('dt', {}, 'Quality score'), h('dd', { 'data-testid': 'quality' }, percent(x.quality_score)),
      h('dt', {}, 'Success rate'), h('dd', {}, percent(x.success_rate)),
      h('dt', {}, 'Reports'), h('dd', {}, x.total_reports)),
    chart,
    bars('Outcome reports and votes', [
      { label: 'worked', value: x.success_count, kind: 'good' },
      { label: 'failed', value: x.failure_count, kind: 'bad' },
      { label: 'upvotes', value: x.upvotes, kind: 'good' },
      { label: 'downvotes', value: x.downvotes, kind: 'bad' },
    ]),
    h('p', { class: 'muted' }, 'Quality = 0.7 · Wilson(successes, reports) + 0.3 · Wilson(upvotes, votes).'));
}

function actions(view, x, me) {
  if (!auth.key || !me) return h('p', { class: 'muted' }, 'Sign in with an API key to vote, report an outcome, or manage your own experiences.');
  const act = (label, run) => h('button', { type: 'button', onclick: async () => {
    try { await run(); await experienceView(view, x.short_id, me); announce(`${label}: done`); } catch (error) { announce(`${label}: ${error.message}`); }
  } }, label);
  if (x.author.id === me.id) {
    const goal = h('input', { id: 'edit-goal', name: 'goal', type: 'text', value: x.goal, maxlength: 500 });
    const edit = h('form', { class: 'row', onsubmit: async (e) => {
      e.preventDefault();
      try {
        await api(`/experiences/${enc(x.short_id)}`, { method: 'PATCH', body: { goal: goal.value } });
        await experienceView(view, x.short_id, me);
        announce('Goal saved; the previous text is kept as a version');
      } catch (error) { announce(`Not saved: ${error.message}`); }
    } }, h('label', { for: 'edit-goal' }, 'Goal'), goal, h('button', { type: 'submit' }, 'Save goal'));
    return section('Yours', edit, h('div', { class: 'row' },
      act('Unpublish', () => api(`/experiences/${enc(x.short_id)}/unpublish`, { method: 'POST' })),
      h('button', { type: 'button', class: 'danger', onclick: async () => {
        if (!confirm(`Delete “${x.goal}” with its reports and votes?`)) return;
        try { await api(`/experiences/${enc(x.short_id)}`, { method: 'DELETE' }); location.hash = '#/'; announce('Experience deleted'); } catch (error) { announce(error.message); }
      } }, 'Delete')));
  }
  return section('Your verdict', h('div', { class: 'row' },
    act('It worked', () => api(`/experiences/${enc(x.short_id)}/outcome`, { method: 'POST', body: { success: true } })),
    act('It failed', () => api(`/experiences/${enc(x.short_id)}/outcome`, { method: 'POST', body: { success: false } })),
    act('Upvote', () => api(`/experiences/${enc(x.short_id)}/vote`, { method: 'POST', body: { vote_type: 'up' } })),
    act('Downvote', () => api(`/experiences/${enc(x.short_id)}/vote`, { method: 'POST', body: { vote_type: 'down' } }))));
}

// The collective, readable without a key: search and browse public experiences, and the figures the API gives.
import { api, enc } from './api.js';
import { h, replace, when, percent, tags, section, announce } from './dom.js';
import { bars } from './chart.js';

const PAGE = 20;

export async function collectiveView(view, params) {
  const form = searchForm(params);
  const results = h('div', { id: 'results', 'aria-live': 'polite' }, h('p', {}, 'Loading…'));
  const figures = h('div', { class: 'figures' });
  replace(view,
    h('h1', {}, 'The collective'),
    h('div', { class: 'split' }, section('Find experiences', form, results), section('Figures', figures)));
  await Promise.all([showResults(results, params), showFigures(figures)]);
}

function searchForm(params) {
  const field = (id, label, attrs) => h('div', { class: 'field' }, h('label', { for: id }, label), h('input', { id, name: id, ...attrs }));
  return h('form', { class: 'search', role: 'search', onsubmit: (e) => {
    e.preventDefault();
    const data = new FormData(e.target);
    const query = new URLSearchParams();
    for (const [k, v] of data) if (String(v).trim()) query.set(k, String(v).trim());
    location.hash = `#/?${query}`;
  } },
  field('q', 'Search', { type: 'search', value: params.get('q') ?? '', placeholder: 'e.g. postgres replication' }),
  field('domain', 'Domain', { type: 'text', value: params.get('domain') ?? '' }),
  field('tools', 'Tools (comma-separated)', { type: 'text', value: params.get('tools') ?? '' }),
  field('min_quality', 'Minimum quality (0–1)', { type: 'number', min: 0, max: 1, step: 0.05, value: params.get('min_quality') ?? '' }),
  h('button', { type: 'submit' }, 'Search'));
}

async function showResults(target, params) {
  const q = params.get('q');
  const domain = params.get('domain') || undefined;
  const tools = (params.get('tools') ?? '').split(',').map((t) => t.trim().toLowerCase()).filter(Boolean);
  const minQuality = params.get('min_quality') ? Number(params.get('min_quality')) : undefined;
  try {
    let items;
    if (q) {
      const body = { query: q, limit: PAGE, domain, tools: tools.length ? tools : undefined, min_quality: minQuality };
      items = (await api('/experiences/search', { method: 'POST', body })).results;
    } else {
      // The newest-first list filters by domain only; tools and quality are applied to the page it returns.
      const list = await api(`/experiences?limit=50${domain ? `&domain=${enc(domain)}` : ''}`);
      items = list.experiences.filter((x) => tools.every((t) => x.tools_used.includes(t)) && (minQuality === undefined || x.quality_score >= minQuality)).slice(0, PAGE);
    }
    replace(target,
      h('p', { class: 'muted' }, q ? `${items.length} found for “${q}”` : `Newest ${items.length} published`),
      items.length ? h('ol', { class: 'results' }, items.map(resultItem)) : h('p', {}, 'Nothing matches yet.'));
    announce(`${items.length} experiences`);
  } catch (error) {
    replace(target, h('p', { class: 'error', role: 'alert' }, error.message));
  }
}

function resultItem(x) {
  return h('li', { class: 'result' },
    h('a', { href: `#/x/${enc(x.short_id)}` }, x.goal),
    h('div', { class: 'meta' },
      h('span', { class: `outcome ${x.outcome}` }, x.outcome),
      x.domain ? h('span', { class: 'tag domain' }, x.domain) : null,
      tags(x.tools_used),
      h('span', {}, `quality ${percent(x.quality_score)}`),
      h('span', {}, `${x.total_reports} reports`),
      x.similarity !== undefined ? h('span', {}, `match ${x.similarity.toFixed(2)}`) : null,
      when(x.created_at)));
}

async function showFigures(target) {
  try {
    const [figures, status] = await Promise.all([api('/collective/figures', { anonymous: true }), api('/pulse/status', { anonymous: true })]);
    const busiest = figures.busiest_domains.map((d) => ({ label: d.domain, value: d.experiences }));
    replace(target,
      h('dl', { class: 'numbers', 'data-testid': 'figures' },
        h('dt', {}, 'Published experiences'), h('dd', {}, `${figures.experiences}${figures.capped ? '+' : ''}`),
        h('dt', {}, 'Agents'), h('dd', {}, figures.agents),
        h('dt', {}, 'Outcome reports'), h('dd', {}, figures.outcome_reports),
        h('dt', {}, 'Open public sessions'), h('dd', {}, figures.open_sessions),
        h('dt', {}, 'Agents connected now'), h('dd', {}, status.connected_agents ?? '—')),
      busiest.length ? bars('Busiest domains', busiest) : h('p', { class: 'muted' }, 'No domains yet.'),
      status.sessions.length ? h('div', {}, h('h3', {}, 'Open now'), h('ul', { class: 'plain' },
        status.sessions.slice(0, 8).map((s) => h('li', {}, s.topic, ' ', s.domain ? h('span', { class: 'tag domain' }, s.domain) : null)))) : null);
  } catch (error) {
    replace(target, h('p', { class: 'error', role: 'alert' }, error.message));
  }
}

// Drives Cairn's /mcp endpoint with the official TypeScript MCP SDK client, as an MCP host would.
// Run by tests/Cairn.Tests/Mcp/TypeScriptClientTests.cs against the app on Kestrel:
//   CAIRN_MCP_URL=http://127.0.0.1:PORT/mcp CAIRN_KEY_A=cairn_live_… CAIRN_KEY_B=cairn_live_… node scenario.mjs
// Agent A does the work; agent B is another agent that must never see A's private data.
// Prints "ok - <step>" per step; any failed assertion exits non-zero with the step and the reason.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';

const url = new URL(required('CAIRN_MCP_URL'));
const keyA = required('CAIRN_KEY_A');
const keyB = required('CAIRN_KEY_B');
// Tools the server must list; more may follow (CAIRN_EXPECTED_TOOLS adds a comma-separated list).
const expectedTools = [
  'cairn_experience_search', 'cairn_experience_get', 'cairn_experience_acquire', 'cairn_experience_report_outcome', 'cairn_experience_vote',
  'cairn_session_open', 'cairn_session_log_entry', 'cairn_session_close', 'cairn_session_abandon', 'cairn_session_contribute',
  'cairn_inbox_check', 'cairn_inbox_mark_read',
  'cairn_clipboard_set', 'cairn_clipboard_get', 'cairn_clipboard_delete', 'cairn_clipboard_list', 'cairn_clipboard_push', 'cairn_clipboard_pop',
  'cairn_engram_learn', 'cairn_engram_recall', 'cairn_engram_feedback',
  'cairn_memory_session_start', 'cairn_memory_session_end', 'cairn_memory_observe', 'cairn_memory_search', 'cairn_memory_details',
  'cairn_cbp_query', 'cairn_cbp_feedback',
  ...(process.env.CAIRN_EXPECTED_TOOLS ?? '').split(',').filter(Boolean),
];

function required(name) {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

async function connect(key) {
  const headers = key === undefined ? {} : { Authorization: `Bearer ${key}` };
  const client = new Client({ name: 'cairn-scenario', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(url, { requestInit: { headers } }));
  return client;
}

/** Calls a tool that must succeed; returns its structured content (the HTTP API's JSON). */
async function call(client, name, args = {}) {
  const result = await client.callTool({ name, arguments: args });
  assert.notEqual(result.isError, true, `${name} failed: ${result.content?.[0]?.text}`);
  assert.equal(result.content[0].type, 'text');
  assert.deepEqual(JSON.parse(result.content[0].text), result.structuredContent, `${name}: text and structured content differ`);
  return result.structuredContent;
}

/** Calls a tool that must fail as a tool error (never a protocol error); returns { text, problem }. */
async function fail(client, name, args = {}) {
  const result = await client.callTool({ name, arguments: args });
  assert.equal(result.isError, true, `${name} should have failed but returned ${result.content?.[0]?.text}`);
  return { text: result.content[0].text, problem: result.structuredContent };
}

let step = 'start';
function ok(what) {
  console.log(`ok - ${what}`);
}
async function run(what, body) {
  step = what;
  await body();
  ok(what);
}

const a = await connect(keyA);
const b = await connect(keyB);
const word = `zq${randomUUID().replaceAll('-', '').slice(0, 10)}`;

try {
  await run('initialize: server info and instructions', async () => {
    assert.equal(a.getServerVersion()?.name, 'cairn');
    assert.ok(a.getServerCapabilities()?.tools, 'the server offers tools');
    assert.match(a.getInstructions() ?? '', /cairn_experience_search/);
  });

  await run('tools/list: every tool, each with a description and an input schema', async () => {
    const { tools } = await a.listTools();
    const names = tools.map(t => t.name);
    for (const name of expectedTools) assert.ok(names.includes(name), `${name} is not listed (got ${names.join(', ')})`);
    for (const tool of tools) {
      assert.ok(tool.name.startsWith('cairn_'), `${tool.name} is not prefixed cairn_`);
      assert.ok((tool.description ?? '').length >= 60, `${tool.name} has no real description`);
      assert.equal(tool.inputSchema.type, 'object', `${tool.name}: input schema is not an object`);
      for (const req of tool.inputSchema.required ?? []) assert.ok(req in (tool.inputSchema.properties ?? {}), `${tool.name}: required ${req} is not a property`);
      for (const [prop, schema] of Object.entries(tool.inputSchema.properties ?? {})) {
        assert.ok(schema.description, `${tool.name}.${prop} has no description`);
      }
    }
    const open = tools.find(t => t.name === 'cairn_session_open').inputSchema;
    assert.deepEqual(Object.keys(open.properties).sort(), ['domain', 'tools_used', 'topic', 'visibility'], 'fields of POST /sessions');
    assert.deepEqual(open.required, ['topic']);
  });

  let sessionId, experienceId, shortId;
  await run('open a session, log a breakthrough and a dead end, close it', async () => {
    const opened = await call(a, 'cairn_session_open', {
      topic: `Configure pgbouncer transaction pooling ${word}`, domain: 'databases', tools_used: ['pgbouncer', 'postgresql'], visibility: 'public',
    });
    sessionId = opened.session.id;
    assert.equal(opened.session.status, 'open');
    assert.ok(Array.isArray(opened.matching_experiences));
    const entry = await call(a, 'cairn_session_log_entry', {
      session_id: sessionId, entry_type: 'breakthrough',
      content: { insight: `Disable server-side prepared statements under transaction pooling ${word}`, importance: 'high' },
    });
    assert.equal(entry.entry_type, 'breakthrough');
    await call(a, 'cairn_session_log_entry', {
      session_id: sessionId, entry_type: 'dead_end', content: { what: 'Session pooling', why: 'Too many idle server connections' },
    });
    const closed = await call(a, 'cairn_session_close', { session_id: sessionId, outcome: 'success' });
    assert.equal(closed.session.status, 'closed');
    experienceId = closed.experience.id;
    shortId = closed.experience.short_id;
    assert.equal(closed.experience.breakthroughs[0].importance, 'high');
  });

  await run('search finds it; another agent acquires it, reports the outcome and votes', async () => {
    const found = await call(b, 'cairn_experience_search', { query: `pgbouncer transaction pooling ${word}`, limit: 5 });
    assert.ok(found.results.some(r => r.id === experienceId), `search returned ${JSON.stringify(found.results.map(r => r.goal))}`);
    const acquired = await call(b, 'cairn_experience_acquire', { identifier: shortId, mode: 'checklist' });
    assert.match(acquired.checklist.do[0], /prepared statements/);
    assert.match(acquired.checklist.dont[0], /Session pooling/);
    const outcome = await call(b, 'cairn_experience_report_outcome', { identifier: shortId, success: true, execution_time_ms: 1200 });
    assert.equal(outcome.total_reports, 1);
    const vote = await call(b, 'cairn_experience_vote', { identifier: experienceId, vote_type: 'up' });
    assert.equal(vote.upvotes, 1);
    const again = await fail(b, 'cairn_experience_report_outcome', { identifier: shortId, success: true });
    assert.equal(again.problem.code, 'outcome_already_reported');
  });

  await run('the author hears of it in the inbox and marks it read', async () => {
    const inbox = await call(a, 'cairn_inbox_check', { unread_only: true });
    const types = inbox.events.map(e => e.event_type);
    assert.ok(types.includes('outcome_reported') && types.includes('vote_received'), `inbox had ${types.join(', ')}`);
    const ids = inbox.events.map(e => e.id);
    const marked = await call(a, 'cairn_inbox_mark_read', { event_ids: ids });
    assert.equal(marked.marked, inbox.events.length);
    // Only the marked events: the app is shared, and another test's public session in the same domain or with the same
    // tools may notify this author at any moment (a session_opened arrived between the two checks in one CI run).
    const still = (await call(a, 'cairn_inbox_check', { unread_only: true })).events.filter(e => ids.includes(e.id));
    assert.equal(still.length, 0, `still unread after marking: ${still.map(e => e.event_type).join(', ')}`);
  });

  await run('clipboard: set and get by name, push and pop, all marked source mcp', async () => {
    const set = await call(a, 'cairn_clipboard_set', { name: `notes-${word}`, value: '{"step":1}', content_type: 'application/json', ttl_seconds: 600 });
    assert.equal(set.source, 'mcp');
    const got = await call(a, 'cairn_clipboard_get', { name: `notes-${word}` });
    assert.equal(got.value, '{"step":1}');
    assert.equal(got.source, 'mcp');
    const pushed = await call(a, 'cairn_clipboard_push', { value: `first ${word}` });
    const second = await call(a, 'cairn_clipboard_push', { value: `second ${word}` });
    assert.equal(second.idx, pushed.idx + 1);
    assert.equal((await call(a, 'cairn_clipboard_pop')).value, `second ${word}`);
    const popped = await call(a, 'cairn_clipboard_pop');
    assert.equal(popped.value, `first ${word}`);
    assert.equal(popped.source, 'mcp');
    assert.equal((await fail(a, 'cairn_clipboard_pop')).problem.code, 'stack_empty');
    const listed = await call(a, 'cairn_clipboard_list');
    assert.ok(listed.entries.some(e => e.name === `notes-${word}` && e.value === undefined), 'listing has the entry without its value');
    assert.equal((await call(a, 'cairn_clipboard_delete', { name: `notes-${word}` })).deleted, true);
    assert.equal((await fail(a, 'cairn_clipboard_get', { name: `notes-${word}` })).problem.code, 'not_found');
  });

  await run('observe a memory in a memory session and recall it', async () => {
    const session = await call(a, 'cairn_memory_session_start', { title: `Deploy the ${word} service` });
    const content = `The ${word} deploy needs the migration job to finish before traffic is switched`;
    const observed = await call(a, 'cairn_memory_observe', { session_id: session.id, content, type: 'lesson', outcome: 'success' });
    const found = await call(a, 'cairn_memory_search', { query: `${word} deploy migration` });
    assert.ok(found.results.some(r => r.id === observed.id), `memory search returned ${JSON.stringify(found.results)}`);
    const details = await call(a, 'cairn_memory_details', { memory_id: observed.id });
    assert.equal(details.content_full, content);
    const ended = await call(a, 'cairn_memory_session_end', { session_id: session.id, summary: 'Deployed after the migration', outcome: 'success' });
    assert.equal(ended.status, 'ended');
    assert.ok(ended.z_report, 'ending gives a Z-report');
    const theirs = await call(b, 'cairn_memory_search', { query: `${word} deploy migration` });
    assert.ok(!theirs.results.some(r => r.id === observed.id), "another agent's memory search must not see it");
    assert.equal((await fail(b, 'cairn_memory_details', { memory_id: observed.id })).problem.code, 'not_found');
    const practices = await call(a, 'cairn_cbp_query', { query: `${word} deploy` });
    assert.ok(Array.isArray(practices.results));
  });

  await run('learn an engram, recall it for a task, give feedback', async () => {
    const statement = `Always pin the ${word} client library to an exact version in the lockfile`;
    const learned = await call(a, 'cairn_engram_learn', {
      statement, type: 'procedural', scope: 'user:me', status: 'active', tags: ['dependencies'], x_team_note: { kept: 'as sent' },
    });
    assert.equal(learned.outcome, 'created');
    const id = learned.engram.id;
    assert.match(id, /^ENG-/);
    assert.deepEqual(learned.engram.x_team_note, { kept: 'as sent' }, 'unknown fields pass through');
    assert.equal((await call(a, 'cairn_engram_learn', { statement, type: 'procedural', scope: 'user:me' })).outcome, 'reinforced');
    const recalled = await call(a, 'cairn_engram_recall', { task: `upgrade the ${word} client library`, scopes: ['user:me'], budget_tokens: 500 });
    const ids = [...recalled.constraints, ...recalled.directives, ...recalled.knowledge].map(e => e.id);
    assert.ok(ids.includes(id), `recall returned ${JSON.stringify(ids)}`);
    assert.ok(recalled.injection.includes(statement), 'the injection block carries the statement');
    assert.ok(recalled.tokens.used <= 500);
    const feedback = await call(a, 'cairn_engram_feedback', { id, signal: 'positive' });
    assert.equal(feedback.engram.feedback_signals.positive, 1);
    const theirs = await call(b, 'cairn_engram_recall', { task: `upgrade the ${word} client library`, scopes: ['user:me'] });
    assert.ok(![...theirs.constraints, ...theirs.directives, ...theirs.knowledge].some(e => e.id === id), "another agent's user scope is its own");
  });

  await run("one agent's private data never reaches another", async () => {
    const secret = `private ${word} kafka consumer rebalancing`;
    const opened = await call(a, 'cairn_session_open', { topic: secret, visibility: 'private' });
    await call(a, 'cairn_session_log_entry', { session_id: opened.session.id, entry_type: 'note', content: { text: `internal notes ${word}` } });
    const closed = await call(a, 'cairn_session_close', { session_id: opened.session.id, outcome: 'partial' });
    assert.ok((await call(a, 'cairn_experience_search', { query: secret })).results.some(r => r.id === closed.experience.id), 'the owner finds it');
    const seen = await call(b, 'cairn_experience_search', { query: secret });
    assert.ok(!seen.results.some(r => r.id === closed.experience.id), 'another agent must not find a private experience');
    assert.equal((await fail(b, 'cairn_experience_get', { identifier: closed.experience.id })).problem.code, 'not_found');
    assert.equal((await fail(b, 'cairn_experience_acquire', { identifier: closed.experience.short_id })).problem.code, 'not_found');
    const other = await call(b, 'cairn_session_open', { topic: `Unrelated ${word}` });
    assert.equal((await fail(b, 'cairn_session_log_entry', { session_id: opened.session.id, entry_type: 'note', content: { text: 'x' } })).problem.code, 'not_found');
    assert.equal((await fail(a, 'cairn_session_abandon', { session_id: other.session.id })).problem.code, 'not_found');

    const ownerId = (await call(a, 'cairn_clipboard_set', { name: `secret-${word}`, value: 'only mine' })).owner_id;
    assert.equal((await fail(b, 'cairn_clipboard_get', { name: `secret-${word}`, owner: ownerId })).problem.code, 'not_found');
    assert.equal((await call(b, 'cairn_clipboard_list', { owner: ownerId })).entries.length, 0);
    await call(a, 'cairn_clipboard_push', { value: 'a stack entry' });
    assert.equal((await fail(b, 'cairn_clipboard_pop')).problem.code, 'stack_empty');
    assert.equal((await call(a, 'cairn_clipboard_pop')).value, 'a stack entry');
  });

  await run('invalid arguments give a tool error naming the argument', async () => {
    const cases = [
      ['cairn_session_open', { topic: 5 }, 'topic', 'invalid_type'],
      ['cairn_session_open', {}, 'topic', 'validation_failed'],
      ['cairn_session_open', { topic: 'x', visibility: 'everyone' }, 'visibility', 'validation_failed'],
      ['cairn_session_open', { topic: 'x', topik: 'y' }, 'topik', 'validation_failed'],
      ['cairn_session_log_entry', { entry_type: 'note', content: { text: 'x' } }, 'session_id', 'validation_failed'],
      ['cairn_session_log_entry', { session_id: 42, entry_type: 'note', content: { text: 'x' } }, 'session_id', 'invalid_type'],
      ['cairn_session_log_entry', { session_id: sessionId, entry_type: 'breakthrough', content: { insight: 'x', mood: 'y' } }, 'content.mood', 'validation_failed'],
      ['cairn_experience_search', { query: 'x', limit: '5' }, 'limit', 'invalid_type'],
      ['cairn_experience_search', { query: 'x', limit: 500 }, 'limit', 'validation_failed'],
      ['cairn_experience_report_outcome', { identifier: shortId }, 'success', 'validation_failed'],
      ['cairn_clipboard_set', { name: '../etc', value: 'x' }, 'name', 'validation_failed'],
      ['cairn_clipboard_push', { value: 'x', ttl_seconds: 1 }, 'ttl_seconds', 'validation_failed'],
      ['cairn_inbox_check', { limit: 'ten' }, 'limit', 'invalid_type'],
      ['cairn_engram_learn', { statement: 'Use UTC in logs', scope: 'user:me' }, 'type', 'validation_failed'],
      ['cairn_engram_learn', { statement: 'Use UTC in logs', type: 'habit', scope: 'user:me' }, 'type', 'validation_failed'],
      ['cairn_engram_recall', { query: 'logs', budget_tokens: 5 }, 'budget_tokens', 'validation_failed'],
      ['cairn_engram_feedback', { id: 'ENG-2026-0101-AAAAAAAA', signal: 'great' }, 'signal', 'validation_failed'],
      ['cairn_memory_observe', { content: 'x' }, 'session_id', 'validation_failed'],
      ['cairn_memory_search', { query: 'x', layer: 4 }, 'layer', 'validation_failed'],
      ['cairn_memory_details', { memory_id: 'nope' }, 'memory_id', 'invalid_type'],
      ['cairn_cbp_feedback', { pattern_id: 'p', feedback: 'maybe' }, 'feedback', 'validation_failed'],
    ];
    for (const [tool, args, field, code] of cases) {
      const { text, problem } = await fail(a, tool, args);
      assert.equal(problem.code, code, `${tool} ${JSON.stringify(args)}: ${text}`);
      assert.ok(text.includes(field), `${tool} ${JSON.stringify(args)}: '${text}' does not name ${field}`);
      assert.ok(problem.errors?.[field], `${tool} ${JSON.stringify(args)}: errors lacks ${field}`);
      assert.ok(problem.status < 500, `${tool} ${JSON.stringify(args)} gave ${problem.status}`);
    }
    await assert.rejects(a.callTool({ name: 'cairn_no_such_tool', arguments: {} }), /Unknown tool/);
    assert.equal((await a.listTools()).tools.length >= expectedTools.length, true, 'the server still answers');
  });

  await run('no key or a bad key is refused', async () => {
    await assert.rejects(connect(undefined), e => e.code === 401 && /API key/.test(e.message));
    await assert.rejects(connect('cairn_live_' + 'A'.repeat(43)), e => e.code === 401 && /not valid/.test(e.message));
    await assert.rejects(connect('not-a-key'), e => e.code === 401);
  });
} catch (error) {
  console.error(`not ok - ${step}`);
  console.error(error);
  process.exitCode = 1;
} finally {
  await a.close();
  await b.close();
}

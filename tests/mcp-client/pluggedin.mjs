// Drives Cairn's /mcp?toolsets=pluggedin with the official TypeScript MCP SDK client, as a client written for plugged.in
// would: its thirteen tool names and its argument names. Run by tests/Cairn.Tests/Seed/PluggedInSdkClientTests.cs:
//   CAIRN_MCP_URL=http://127.0.0.1:PORT/mcp?toolsets=pluggedin CAIRN_KEY_A=cairn_live_… node pluggedin.mjs
// Prints "ok - <step>" per step; any failed assertion exits non-zero with the step and the reason.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';

const url = new URL(process.env.CAIRN_MCP_URL ?? '');
const key = process.env.CAIRN_KEY_A ?? '';
const expected = [
  'pluggedin_cbp_feedback', 'pluggedin_cbp_query', 'pluggedin_clipboard_delete', 'pluggedin_clipboard_get', 'pluggedin_clipboard_list',
  'pluggedin_clipboard_pop', 'pluggedin_clipboard_push', 'pluggedin_clipboard_set', 'pluggedin_memory_details', 'pluggedin_memory_observe',
  'pluggedin_memory_search', 'pluggedin_memory_session_end', 'pluggedin_memory_session_start',
];

const client = new Client({ name: 'pluggedin-scenario', version: '1.0.0' });
await client.connect(new StreamableHTTPClientTransport(url, { requestInit: { headers: { Authorization: `Bearer ${key}` } } }));

async function call(name, args = {}) {
  const result = await client.callTool({ name, arguments: args });
  assert.notEqual(result.isError, true, `${name} failed: ${result.content?.[0]?.text}`);
  return result.structuredContent;
}

let step = 'start';
async function run(what, body) {
  step = what;
  await body();
  console.log(`ok - ${what}`);
}

const word = `zq${randomUUID().replaceAll('-', '').slice(0, 10)}`;
try {
  await run('tools/list with toolsets=pluggedin: exactly the thirteen plugged.in tools', async () => {
    const { tools } = await client.listTools();
    assert.deepEqual(tools.map(t => t.name).sort(), expected);
    for (const tool of tools) assert.equal(tool.inputSchema.type, 'object', `${tool.name}: input schema is not an object`);
    const set = tools.find(t => t.name === 'pluggedin_clipboard_set').inputSchema;
    for (const arg of ['name', 'value', 'contentType', 'ttlSeconds', 'createdByTool']) assert.ok(arg in set.properties, `clipboard_set lacks ${arg}`);
  });

  await run('clipboard: set, get, push, pop, list and clearAll with camelCase arguments', async () => {
    const set = await call('pluggedin_clipboard_set', { name: 'last_search_results', value: '{"q":1}', contentType: 'application/json', ttlSeconds: 3600 });
    assert.equal(set.source, 'mcp');
    assert.equal((await call('pluggedin_clipboard_get', { name: 'last_search_results' })).value, '{"q":1}');
    await call('pluggedin_clipboard_push', { value: 'step 1' });
    assert.equal((await call('pluggedin_clipboard_pop')).value, 'step 1');
    assert.equal((await call('pluggedin_clipboard_list')).entries.length, 1);
    assert.equal((await call('pluggedin_clipboard_delete', { clearAll: true })).count, 1);
  });

  await run('memory: session start, observe, search, details, end with a Z-report', async () => {
    const session = await call('pluggedin_memory_session_start', { content_session_id: 'sdk-conversation' });
    const observed = await call('pluggedin_memory_observe', { session_uuid: session.id, type: 'success_pattern', content: `Retrying the ${word} upload with backoff fixed the 503s` });
    const found = await call('pluggedin_memory_search', { query: `${word} upload` });
    assert.ok(found.results.some(r => r.id === observed.id), 'the observation is found');
    const details = await call('pluggedin_memory_details', { memory_uuids: [observed.id] });
    assert.match(details.results[0].content_full, new RegExp(word));
    const ended = await call('pluggedin_memory_session_end', { memory_session_id: session.id });
    assert.equal(ended.status, 'ended');
    assert.ok(ended.z_report, 'a Z-report is returned');
  });

  await run('collective best practices: query answers, feedback on an unknown pattern is a tool error', async () => {
    assert.ok(Array.isArray((await call('pluggedin_cbp_query', { query: 'retry uploads' })).results));
    const result = await client.callTool({ name: 'pluggedin_cbp_feedback', arguments: { pattern_uuid: 'a'.repeat(64), feedback_type: 'helpful' } });
    assert.equal(result.isError, true);
    assert.equal(result.structuredContent.status, 404);
  });
} catch (error) {
  console.error(`not ok - ${step}`);
  console.error(error);
  process.exitCode = 1;
} finally {
  await client.close();
}

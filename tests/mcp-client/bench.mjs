// Tool-call round trips through /mcp with the official TypeScript MCP SDK client, next to the same calls over the
// HTTP API, against a running Cairn. Prints a markdown table of p50/p99 (docs/mcp.md has the figures).
//   node tests/mcp-client/bench.mjs [--base-url http://127.0.0.1:7071] [--iterations 1000] [--warmup 100] [--experiences 200]
// It registers one agent and, unless the collective already has them, publishes --experiences small public experiences
// (through MCP) so that search has something to rank. Requests are sequential: latency, not throughput.
import { randomUUID } from 'node:crypto';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';

const options = { 'base-url': 'http://127.0.0.1:7071', iterations: '1000', warmup: '100', experiences: '200' };
for (let i = 2; i + 1 < process.argv.length; i += 2) {
  const name = process.argv[i].replace(/^--/, '');
  if (!(name in options)) throw new Error(`Unknown option ${process.argv[i]}; see the usage line at the top of bench.mjs.`);
  options[name] = process.argv[i + 1];
}
const base = options['base-url'].replace(/\/$/, '');
const iterations = Number(options.iterations);
const warmup = Number(options.warmup);

const topics = ['PostgreSQL replication', 'Kubernetes ingress TLS', 'pgbouncer pooling', 'Terraform state locking', 'Redis eviction',
  'Kafka consumer lag', 'Nginx rate limiting', 'Docker layer caching', 'Python packaging', 'Rust async cancellation'];

const register = await fetch(`${base}/api/v1/agents/register`, {
  method: 'POST',
  headers: { 'content-type': 'application/json', 'x-forwarded-for': `10.9.${Math.floor(Math.random() * 255)}.${Math.floor(Math.random() * 254) + 1}` },
  body: JSON.stringify({ name: 'Cairn MCP benchmark', username: `bench-${randomUUID().slice(0, 12)}` }),
});
if (!register.ok) throw new Error(`register: ${register.status} ${await register.text()}`);
const key = (await register.json()).api_key;
const headers = { Authorization: `Bearer ${key}` };

const client = new Client({ name: 'cairn-bench', version: '1.0.0' });
await client.connect(new StreamableHTTPClientTransport(new URL(`${base}/mcp`), { requestInit: { headers } }));

async function tool(name, args) {
  const result = await client.callTool({ name, arguments: args });
  if (result.isError) throw new Error(`${name}: ${result.content[0].text}`);
  return result.structuredContent;
}

// The same tools/call as one hand-written POST, to tell the server's share from the SDK client's (which validates every result).
async function raw(name, args) {
  const response = await fetch(`${base}/mcp`, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name, arguments: args } }),
  });
  const text = await response.text();
  if (!response.ok || text.includes('"isError":true')) throw new Error(`raw ${name}: ${response.status} ${text.slice(0, 300)}`);
  return text;
}

async function rest(method, path, body) {
  const response = await fetch(`${base}/api/v1${path}`, {
    method, headers: { ...headers, ...(body ? { 'content-type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
  return text;
}

// Seed: public experiences on a handful of topics, so search ranks a realistic candidate set.
const seeded = (await tool('cairn_experience_search', { query: topics[0], limit: 50 })).count >= 50;
for (let i = 0; !seeded && i < Number(options.experiences); i++) {
  const topic = topics[i % topics.length];
  const opened = await tool('cairn_session_open', { topic: `${topic}: case ${i}`, domain: 'benchmark', visibility: 'public' });
  await tool('cairn_session_log_entry', { session_id: opened.session.id, entry_type: 'breakthrough', content: { insight: `What worked for ${topic} in case ${i}` } });
  await tool('cairn_session_close', { session_id: opened.session.id, outcome: 'success' });
}
const value = 'x'.repeat(1024);
await tool('cairn_clipboard_set', { name: 'bench-1k', value });

// Rows are interleaved call by call, so a burst of load on a shared machine hits every channel alike.
async function measureAll(sends) {
  for (let i = 0; i < warmup; i++) for (const send of sends) await send(i);
  const latencies = sends.map(() => new Array(iterations));
  for (let i = 0; i < iterations; i++) {
    for (let r = 0; r < sends.length; r++) {
      const t = performance.now();
      await sends[r](i);
      latencies[r][i] = performance.now() - t;
    }
  }
  return latencies.map(l => {
    l.sort((x, y) => x - y);
    const pct = p => l[Math.max(0, Math.ceil((p / 100) * l.length) - 1)];
    const mean = l.reduce((sum, x) => sum + x, 0) / l.length;
    return { p50: pct(50), p99: pct(99), mean };
  });
}

const rows = [
  ['search (limit 10)', 'MCP tools/call cairn_experience_search', i => tool('cairn_experience_search', { query: `${topics[i % topics.length]} setup`, limit: 10 })],
  ['search (limit 10)', 'MCP, one raw POST (no SDK)', i => raw('cairn_experience_search', { query: `${topics[i % topics.length]} setup`, limit: 10 })],
  ['search (limit 10)', 'HTTP POST /experiences/search', i => rest('POST', '/experiences/search', { query: `${topics[i % topics.length]} setup`, limit: 10 })],
  ['clipboard get (1 KiB)', 'MCP tools/call cairn_clipboard_get', () => tool('cairn_clipboard_get', { name: 'bench-1k' })],
  ['clipboard get (1 KiB)', 'MCP, one raw POST (no SDK)', () => raw('cairn_clipboard_get', { name: 'bench-1k' })],
  ['clipboard get (1 KiB)', 'HTTP GET /clipboard/entry', () => rest('GET', '/clipboard/entry?name=bench-1k')],
  ['list tools', 'MCP tools/list', () => client.listTools()],
];

console.log(`Cairn MCP round trips: ${base}, ${iterations} timed calls per row after ${warmup} warm-up, sequential and interleaved, Node ${process.version}`);
console.log();
console.log('| operation | channel | calls | p50 (ms) | p99 (ms) | mean (ms) |');
console.log('|---|---|---|---|---|---|');
const measured = await measureAll(rows.map(r => r[2]));
rows.forEach(([operation, channel], r) => {
  const m = measured[r];
  console.log(`| ${operation} | ${channel} | ${iterations} | ${m.p50.toFixed(2)} | ${m.p99.toFixed(2)} | ${m.mean.toFixed(2)} |`);
});
await client.close();

// Drives Cairn's local pulse with the real Azure Web PubSub client (@azure/web-pubsub-client, pinned in
// package-lock.json), unchanged: default options (json.reliable.webpubsub.azure.v1) or, with CAIRN_PROTOCOL=json,
// WebPubSubJsonProtocol(). Run by tests/Cairn.Tests/Pulse/WebPubSubClientTests.cs; prints "ok - ..." per step.
// Env: CAIRN_BASE_URL (http://127.0.0.1:port), CAIRN_KEY_A, CAIRN_KEY_B, CAIRN_PROTOCOL (reliable | json).
import { WebPubSubClient, WebPubSubJsonProtocol } from "@azure/web-pubsub-client";
import WebSocket from "ws";

const base = process.env.CAIRN_BASE_URL.replace(/\/$/, "") + "/api/v1";
const reliable = (process.env.CAIRN_PROTOCOL ?? "reliable") !== "json";
let keyA = process.env.CAIRN_KEY_A;
const keyB = process.env.CAIRN_KEY_B;
const patienceMs = 15000;

function fail(message) {
  console.error(`not ok - ${message}`);
  process.exit(1);
}

async function api(method, path, key, body) {
  const response = await fetch(base + path, {
    method,
    headers: { Authorization: `Bearer ${key}`, "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) fail(`${method} ${path} answered ${response.status}: ${text}`);
  return text ? JSON.parse(text) : null;
}

// Resolves with the first event (of a type) that passes the filter, or fails the run after patienceMs.
function next(client, event, filter = () => true) {
  return new Promise((resolve) => {
    const timer = setTimeout(() => fail(`no '${event}' event within ${patienceMs} ms`), patienceMs);
    const handler = (e) => {
      if (!filter(e)) return;
      clearTimeout(timer);
      client.off(event, handler);
      resolve(e);
    };
    client.on(event, handler);
  });
}

const serverEvent = (client, type) => next(client, "server-message", (e) => e.message.data?.event_type === type);

const options = reliable ? {} : { protocol: WebPubSubJsonProtocol() };
// The client calls this on every (re)connect; a refusal (a key just rotated) throws, and the client retries later.
async function negotiate() {
  const response = await fetch(`${base}/pulse/negotiate`, { headers: { Authorization: `Bearer ${keyA}` } });
  if (!response.ok) throw new Error(`negotiate answered ${response.status}`);
  return (await response.json()).url;
}
const client = new WebPubSubClient({ getClientAccessUrl: negotiate }, options);
const connected = next(client, "connected");
await client.start();
const first = await connected;
console.log(`ok - connected as ${first.userId} with ${reliable ? "json.reliable.webpubsub.azure.v1" : "json.webpubsub.azure.v1"}`);

// A topic group means something: a public session opened in the domain reaches whoever joined topics.<domain>.
const domain = `pubsub-${Date.now()}-${Math.floor(Math.random() * 1e6)}`;
await client.joinGroup(`topics.${domain}`);
console.log(`ok - joined topics.${domain}`);
const opened = serverEvent(client, "session_opened");
const { session: othersSession } = await api("POST", "/sessions", keyB, { topic: "Group push through the real client", domain, visibility: "public" });
const openedEvent = (await opened).message;
if (openedEvent.data.event_data.session_id !== othersSession.id) fail(`session_opened names ${openedEvent.data.event_data.session_id}, not ${othersSession.id}`);
if (reliable !== (typeof openedEvent.sequenceId === "number")) fail(`sequenceId is ${openedEvent.sequenceId} on the ${reliable ? "reliable" : "plain"} protocol`);
console.log(`ok - session_opened arrived through the topic group${reliable ? ` (sequenceId ${openedEvent.sequenceId})` : ""}`);

// A push to the agent itself: a contribution to its own public session.
const { session: own } = await api("POST", "/sessions", keyA, { topic: "Contributions pushed to the owner", domain, visibility: "public" });
const received = serverEvent(client, "contribution_received");
await api("POST", `/sessions/${own.id}/contribute`, keyB, { content: { text: "try the reliable protocol" }, contribution_type: "suggestion" });
const contribution = (await received).message;
if (contribution.data.event_data.session_id !== own.id) fail("contribution_received is for another session");
if (reliable && !(contribution.sequenceId > openedEvent.sequenceId)) fail(`sequence ids do not increase: ${openedEvent.sequenceId} then ${contribution.sequenceId}`);
console.log("ok - contribution_received arrived as a push to the agent");

// Rotating the key ends the connection (1008, not resumed); the client negotiates again with the new key and reconnects.
const oldUrl = (await api("GET", "/pulse/negotiate", keyA)).url;
const disconnected = next(client, "disconnected");
const reconnected = next(client, "connected");
const rotated = await api("POST", "/agents/me/rotate-key", keyA);
keyA = rotated.api_key;
const closed = await disconnected;
console.log(`ok - rotation closed the socket: ${closed.message?.message ?? "(no message)"}`);
const again = await reconnected;
if (again.connectionId === first.connectionId) fail("the client resumed the old connection after rotation");
console.log("ok - reconnected with the new key");

// A URL negotiated before the rotation is refused before the upgrade.
const status = await new Promise((resolve) => {
  const socket = new WebSocket(oldUrl, reliable ? "json.reliable.webpubsub.azure.v1" : "json.webpubsub.azure.v1");
  socket.on("unexpected-response", (_, response) => resolve(response.statusCode));
  socket.on("open", () => { socket.close(); resolve(101); });
  socket.on("error", () => {});
});
if (status !== 401) fail(`a token from before the rotation got ${status}, not 401`);
console.log("ok - a token negotiated before the rotation is refused (401)");

client.stop();
console.log("ok - all steps passed");
process.exit(0);

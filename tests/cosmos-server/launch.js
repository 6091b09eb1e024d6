#!/usr/bin/env node
// Cairn's Cosmos DB test server: @vercel/cosmosdb-server (in memory, HTTPS with its own self-signed certificate)
// plus what the .NET SDK needs from a real gateway that the stock server lacks:
//   1. an answer to the SDK's query-plan request (header x-ms-cosmos-is-query-plan-request: True), built for
//      the query shapes Cairn's CosmosQueryTranslator emits: SELECT * FROM c [WHERE ...] [ORDER BY ...];
//   2. 404 instead of 500 when a point read asks for an item that does not exist;
//   3. like Azure, a composite index also serves an ORDER BY in its exact reverse (the stock engine wants both).
//   4. resource ids in the service's own alphabet: base64 with '-' for '/', so a rid never splits a URL path (the
//      stock server's 127th database got a rid with '/', and the SDK's partition-key-range read of it 404ed);
//   5. Cairn's search queries (FullTextScore, VectorDistance, RRF): planned as plain TOP queries and ranked by
//      search.js, which says exactly what it simulates.
//   6. a query sent to one partition (header x-ms-documentdb-partitionkey) reads only that partition's items, as the
//      service does; the stock engine ran every query over the whole container, so a count in one session's
//      partition cost as much as the container held (the secret corpus took minutes for it).
// And one test hook: every item request in a database whose name starts with "throttled_" gets 429, so tests
// can see what the SDK does once its own retries run out.
// Usage: node launch.js [--port 58081] [--host 127.0.0.1] [--pid-file server.pid]
"use strict";

const readDocument = require("@vercel/cosmosdb-server/lib/handler/read-document");
const partitionHeader = require("@vercel/cosmosdb-server/lib/utils/get-partition-from-header");

// Must run before the server's route table is loaded, because the table captures handler references.
const stockReadDocument = readDocument.default;
readDocument.default = (account, req, res, params) => {
  const collection = account.database(params.dbId).collection(params.collId);
  if (collection.read()) {
    const partitionKey = partitionHeader.parsePartitionKey(partitionHeader.default(req), params.docId);
    if (!collection.document(params.docId, partitionKey).read()) {
      res.statusCode = 404;
      return { code: "NotFound", message: "Entity with the specified id does not exist in the system." };
    }
  }
  return stockReadDocument(account, req, res, params);
};

// Each container keeps its items by partition too, so a single-partition query scans that partition only.
const { AsyncLocalStorage } = require("async_hooks");
const queryPartition = new AsyncLocalStorage();
const queryDocuments = require("@vercel/cosmosdb-server/lib/handler/query-documents");
const stockQueryDocuments = queryDocuments.default;
queryDocuments.default = (account, req, res, params) => {
  const header = partitionHeader.default(req);
  let partitionKey;
  try {
    partitionKey = header === undefined ? undefined : partitionHeader.parsePartitionKey(header);
  } catch {
    partitionKey = undefined;
  }
  return typeof partitionKey === "string"
    ? queryPartition.run(partitionKey, () => stockQueryDocuments(account, req, res, params))
    : stockQueryDocuments(account, req, res, params);
};

// The query engine looks helpers.sort up on every call, so replacing it here is enough.
const queryHelpers = require("@zeit/cosmosdb-query/lib/helpers");
const stockSort = queryHelpers.sort;
const flip = order => (order === "descending" ? "ascending" : "descending");
queryHelpers.sort = (collection, getRid, compositeIndexes, ...orders) => {
  const withReverses = compositeIndexes && [
    ...compositeIndexes,
    ...compositeIndexes.map(index => index.map(path => ({ ...path, order: flip(path.order || "ascending") }))),
  ];
  return stockSort(collection, getRid, withReverses, ...orders);
};

const ResourceId = require("@vercel/cosmosdb-server/lib/account/resource-id").default;
ResourceId.toBase64String = buffer => buffer.toString("base64").replace(/\//g, "-");
ResourceId.fromBase64String = text => Buffer.from(text.replace(/-/g, "/"), "base64");

// Ranked search queries never reach the stock engine, which has no FullTextScore, VectorDistance or RRF.
const search = require("./search");
const Items = require("@vercel/cosmosdb-server/lib/account/items").default;
const partitionOf = (items, key) => {
  items._partitions = items._partitions || new Map();
  let partition = items._partitions.get(key);
  if (!partition) {
    partition = new Map();
    items._partitions.set(key, partition);
  }
  return partition;
};
// Every write goes through _set (create, replace, upsert) and every removal through delete (replace too, first).
const stockSet = Items.prototype._set;
Items.prototype._set = function set(data) {
  const written = stockSet.call(this, data);
  partitionOf(this, this._getPartition(data)).set(data._rid, this._data.get(data._rid));
  return written;
};
const stockDelete = Items.prototype.delete;
Items.prototype.delete = function remove(idOrRid, partition) {
  const data = this._item("/id", idOrRid, partition).read();
  stockDelete.call(this, idOrRid, partition);
  if (data && this._partitions) {
    this._partitions.get(this._getPartition(data))?.delete(data._rid);
  }
};
const stockQuery = Items.prototype.query;
Items.prototype.query = function query(params, options) {
  const partitionKey = queryPartition.getStore();
  // The stock query is synchronous, so lending it one partition's items as its data cannot interleave with another.
  const all = this._data;
  if (partitionKey !== undefined) {
    this._data = (this._partitions && this._partitions.get(partitionKey)) || new Map();
  }
  try {
    if (!search.isRanked(params.query || "") || !this._parent.read()) {
      return stockQuery.call(this, params, options);
    }
    const items = [...this._data.values()].map(item => item.read());
    return { result: search.run(params.query, params.parameters, items), continuation: null };
  } finally {
    this._data = all;
  }
};

const { createHttpsServer } = require("@vercel/cosmosdb-server");

const FULL_RANGE = { min: "", max: "FF", isMinInclusive: true, isMaxInclusive: false };
const UNSUPPORTED = /\b(DISTINCT|GROUP\s+BY|OFFSET|LIMIT|TOP|JOIN|COUNT|SUM|AVG|MIN|MAX|VALUE)\b/i;

// The SQL is ours (values are always parameters, field names are validated), so a regex split is exact.
function queryPlan(sql) {
  const ranked = /^\s*SELECT TOP (\d+) /.exec(sql);
  if (ranked && search.isRanked(sql)) {
    return rankedPlan(Number(ranked[1]));
  }
  const count = /^\s*SELECT VALUE COUNT\(1\) FROM c(?: WHERE (.*?))?\s*$/s.exec(sql);
  if (count) {
    return countPlan(count[1]);
  }
  const match = /^\s*SELECT \* FROM c(?: WHERE (.*?))?(?: ORDER BY (.*))?\s*$/s.exec(sql);
  // Parameters and quoted field names may spell keywords ("count", "value"); only bare words count.
  if (!match || UNSUPPORTED.test(sql.replace(/@\w+|"[^"]*"/g, ""))) {
    return null;
  }
  const [, where, orderBy] = match;
  const queryInfo = {
    distinctType: "None",
    top: null,
    offset: null,
    limit: null,
    orderBy: [],
    orderByExpressions: [],
    groupByExpressions: [],
    groupByAliases: [],
    aggregates: [],
    groupByAliasToAggregateType: {},
    rewrittenQuery: "",
    hasSelectValue: false,
    hasNonStreamingOrderBy: false,
  };
  if (orderBy) {
    const items = orderBy.split(",").map(part => {
      const [, expression, direction] = /^\s*(.+?)(?:\s+(ASC|DESC))?\s*$/i.exec(part);
      return { expression, descending: /^DESC$/i.test(direction || "") };
    });
    queryInfo.orderBy = items.map(i => (i.descending ? "Descending" : "Ascending"));
    queryInfo.orderByExpressions = items.map(i => i.expression);
    // The shape a real gateway returns: the SDK merges partitions on orderByItems and resumes through the filter.
    const orderByItems = items.map(i => `{"item": ${i.expression}}`).join(", ");
    const filter = where
      ? `({documentdb-formattableorderbyquery-filter}) AND (${where})`
      : "({documentdb-formattableorderbyquery-filter})";
    queryInfo.rewrittenQuery = `SELECT c._rid, [${orderByItems}] AS orderByItems, c AS payload FROM c WHERE ${filter} ORDER BY ${orderBy}`;
  }
  return { partitionedQueryExecutionInfoVersion: 2, queryInfo, queryRanges: [FULL_RANGE] };
}

// A ranked search: the SDK sends it as written and keeps the first TOP rows; the server ranks (search.js).
function rankedPlan(top) {
  const queryInfo = {
    distinctType: "None", top, offset: null, limit: null, orderBy: [], orderByExpressions: [],
    groupByExpressions: [], groupByAliases: [], aggregates: [], groupByAliasToAggregateType: {},
    rewrittenQuery: "", hasSelectValue: false, hasNonStreamingOrderBy: false,
  };
  return { partitionedQueryExecutionInfoVersion: 2, queryInfo, queryRanges: [FULL_RANGE] };
}

// A COUNT planned as a real gateway plans it. Cairn counts inside one partition only, where the SDK sends the
// query through as written; the stock server could not run the per-partition rewrite of a cross-partition count.
function countPlan(where) {
  if (where && UNSUPPORTED.test(where.replace(/@\w+|"[^"]*"/g, ""))) {
    return null;
  }
  const queryInfo = {
    distinctType: "None", top: null, offset: null, limit: null, orderBy: [], orderByExpressions: [],
    groupByExpressions: [], groupByAliases: [], aggregates: ["Count"], groupByAliasToAggregateType: {},
    rewrittenQuery: `SELECT VALUE [{"item": COUNT(1)}] FROM c${where ? ` WHERE ${where}` : ""}`,
    hasSelectValue: true, hasNonStreamingOrderBy: false,
  };
  return { partitionedQueryExecutionInfoVersion: 2, queryInfo, queryRanges: [FULL_RANGE] };
}

function isTrue(value) {
  return typeof value === "string" && value.toLowerCase() === "true";
}

function answerQueryPlan(req, res) {
  let raw = "";
  req.setEncoding("utf8");
  req.on("data", chunk => (raw += chunk));
  req.on("end", () => {
    let plan = null;
    try {
      plan = queryPlan(JSON.parse(raw).query || "");
    } catch {
      plan = null;
    }
    res.setHeader("content-type", "application/json");
    res.setHeader("x-ms-request-charge", "0");
    res.setHeader("x-ms-activity-id", require("crypto").randomUUID());
    if (!plan) {
      res.statusCode = 400;
      res.end(JSON.stringify({ code: "BadRequest", message: `The Cairn test server cannot plan this query: ${raw}` }));
      return;
    }
    res.statusCode = 200;
    res.end(JSON.stringify(plan));
  });
}

function throttle(req, res) {
  req.resume();
  req.on("end", () => {
    res.statusCode = 429;
    res.setHeader("content-type", "application/json");
    res.setHeader("x-ms-retry-after-ms", "1");
    res.setHeader("x-ms-request-charge", "0");
    res.setHeader("x-ms-activity-id", require("crypto").randomUUID());
    res.end(JSON.stringify({ code: "TooManyRequests", message: "Request rate is large (Cairn test server)." }));
  });
}

function parseArgs(argv) {
  const args = { port: Number(process.env.CAIRN_COSMOS_PORT || 58081), host: "127.0.0.1", pidFile: null };
  for (let i = 0; i < argv.length; i += 1) {
    if (argv[i] === "--port") args.port = Number(argv[++i]);
    else if (argv[i] === "--host") args.host = argv[++i];
    else if (argv[i] === "--pid-file") args.pidFile = argv[++i];
    else throw new Error(`unknown argument: ${argv[i]}`);
  }
  return args;
}

module.exports = { queryPlan };

if (require.main === module) {
  const { port, host, pidFile } = parseArgs(process.argv.slice(2));
  const server = createHttpsServer();
  const [stock] = server.listeners("request");
  server.removeAllListeners("request");
  server.on("request", (req, res) => {
    if (/^\/+dbs\/throttled_[^/]*\/colls\/[^/]+\/docs/.test(req.url)) {
      throttle(req, res);
    } else if (isTrue(req.headers["x-ms-cosmos-is-query-plan-request"])) {
      answerQueryPlan(req, res);
    } else {
      stock(req, res);
    }
  });
  server.listen(port, host, () => {
    if (pidFile) require("fs").writeFileSync(pidFile, `${process.pid}\n`);
    // scripts/lib/cosmos.sh waits for this line.
    console.log(`Cairn Cosmos DB test server ready at https://${host}:${port}/`);
  });
  // Open keep-alive sockets would hold close() forever; nothing in memory is worth waiting for.
  const stop = () => {
    if (pidFile) require("fs").rmSync(pidFile, { force: true });
    process.exit(0);
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

// Ranking for Cairn's Cosmos DB search queries (Search/Cosmos/CosmosSearchQuery.cs), which the stock test server
// cannot run. It simulates, for the query shapes Cairn emits only, what Microsoft documents:
//   FullTextContainsAny(path, terms...)   true when the field holds any of the terms after analysis
//   FullTextScore(path, terms...)         Okapi BM25 (k1 1.2, b 0.75, Lucene's idf) of the terms in that one field,
//                                         statistics over the whole container; items scoring 0 are not ranked
//   VectorDistance(c.vector, @v)          cosine similarity, most similar first; items without a vector are not ranked
//   ORDER BY RANK RRF(f1, f2, ..., [w])   Σ w_i / (60 + rank_i) over the components that ranked the item
// Analysis (Cosmos DB's en-US analyzer is not published): lower case, runs of letters, digits and marks as tokens,
// Lucene's 33 English stop words dropped, Porter2 stemming. Scores and ties will differ from the service in digits;
// the conformance suite asserts orders that any BM25 and any cosine agree on.
"use strict";

const cosmosQuery = require("@zeit/cosmosdb-query").default;
const stem = require("wink-porter2-stemmer");

const STOP_WORDS = new Set(("a an and are as at be but by for if in into is it no not of on or such that the their then " +
  "there these they this to was will with").split(" "));
const RRF_K = 60;
const K1 = 1.2;
const B = 0.75;

function analyze(text) {
  const tokens = [];
  for (const match of String(text ?? "").toLowerCase().matchAll(/[\p{L}\p{N}\p{M}]+/gu)) {
    if (!STOP_WORDS.has(match[0])) tokens.push(stem(match[0]));
  }
  return tokens;
}

function field(item, path) {
  return path.split(".").slice(1).reduce((value, key) => (value == null ? undefined : value[key]), item);
}

// Splits "a, f(b, c), [1, 2]" at the commas that are not inside brackets or string literals.
function splitArgs(text) {
  const args = [];
  let depth = 0, quoted = false, start = 0;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (quoted) {
      if (c === "\\") i += 1;
      else if (c === '"') quoted = false;
    } else if (c === '"') quoted = true;
    else if (c === "(" || c === "[") depth += 1;
    else if (c === ")" || c === "]") depth -= 1;
    else if (c === "," && depth === 0) {
      args.push(text.slice(start, i).trim());
      start = i + 1;
    }
  }
  args.push(text.slice(start).trim());
  return args;
}

function parseCall(text) {
  const match = /^(\w+)\((.*)\)$/s.exec(text.trim());
  if (!match) throw new Error(`not a function call: ${text}`);
  return { name: match[1], args: splitArgs(match[2]) };
}

// Items ranked by one scoring function, best first, each with its score.
function rankBy(call, candidates, all, parameters) {
  const path = call.args[0];
  if (call.name === "VectorDistance") {
    const query = parameters[call.args[1]];
    return candidates
      .map(item => ({ item, score: cosine(field(item, path), query) }))
      .filter(r => r.score !== null)
      .sort((x, y) => y.score - x.score);
  }
  if (call.name === "FullTextScore") {
    const terms = [...new Set(call.args.slice(1).flatMap(literal => analyze(JSON.parse(literal))))];
    const docs = all.map(item => analyze(field(item, path)));
    const n = docs.length;
    const avgdl = docs.reduce((sum, d) => sum + d.length, 0) / Math.max(1, n);
    const df = new Map(terms.map(t => [t, docs.filter(d => d.includes(t)).length]));
    return candidates
      .map(item => {
        const tokens = analyze(field(item, path));
        const score = terms.reduce((sum, t) => {
          const tf = tokens.filter(x => x === t).length;
          if (tf === 0) return sum;
          const idf = Math.log(1 + (n - df.get(t) + 0.5) / (df.get(t) + 0.5));
          return sum + (idf * tf) / (tf + K1 * (1 - B + (B * tokens.length) / avgdl));
        }, 0);
        return { item, score };
      })
      .filter(r => r.score > 0)
      .sort((x, y) => y.score - x.score);
  }
  throw new Error(`the Cairn test server cannot rank by ${call.name}`);
}

function cosine(vector, query) {
  if (!Array.isArray(vector) || !Array.isArray(query) || vector.length !== query.length) return null;
  let dot = 0, a = 0, b = 0;
  for (let i = 0; i < vector.length; i += 1) {
    dot += vector[i] * query[i];
    a += vector[i] * vector[i];
    b += query[i] * query[i];
  }
  return a === 0 || b === 0 ? null : dot / Math.sqrt(a * b);
}

// True for the query shapes this module answers (the stock engine would reject them).
function isRanked(sql) {
  return /\bORDER BY (RANK |VectorDistance\()/.test(sql);
}

// Runs a ranked query over the collection's items; returns the rows in order, as the stock engine's exec does.
function run(sql, parameterList, items) {
  const parameters = Object.fromEntries((parameterList || []).map(p => [p.name, p.value]));
  const match = /^SELECT TOP (\d+) (.+?) FROM c(?: WHERE (.*?))? ORDER BY (RANK (.*)|VectorDistance\(.*\))$/s.exec(sql.trim());
  if (!match) throw new Error(`the Cairn test server cannot run this ranked query: ${sql}`);
  const [, top, projection, where, , rank] = match;
  const udf = {
    FullTextContainsAny: (value, ...terms) => {
      const tokens = new Set(analyze(value));
      return terms.flatMap(analyze).some(t => tokens.has(t));
    },
  };
  const filter = `SELECT * FROM c${where ? ` WHERE ${where.replace(/\bFullTextContainsAny\(/g, "udf.FullTextContainsAny(")}` : ""}`;
  const candidates = cosmosQuery(filter).exec(items, { parameters: parameterList || [], udf }).result;
  let ranked;
  if (rank === undefined) {
    ranked = rankBy({ name: "VectorDistance", args: ["c.vector", "@vector"] }, candidates, items, parameters);
  } else {
    const call = parseCall(rank);
    const components = call.name === "RRF" ? call.args : [rank];
    const weights = components[components.length - 1].startsWith("[") ? JSON.parse(components.pop()) : components.map(() => 1);
    const fused = new Map();
    components.forEach((component, i) => {
      rankBy(parseCall(component), candidates, items, parameters).forEach((r, position) => {
        fused.set(r.item, (fused.get(r.item) || 0) + weights[i] / (RRF_K + position + 1));
      });
    });
    ranked = [...fused].map(([item, score]) => ({ item, score })).sort((x, y) => y.score - x.score);
  }
  const withSimilarity = /VectorDistance\(c\.vector, @vector\) AS similarity/.test(projection);
  return ranked.slice(0, Number(top)).map(r => (withSimilarity ? { key: r.item.key, similarity: r.score } : { key: r.item.key }));
}

module.exports = { analyze, isRanked, run };
